package schedule

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/internal/view"

	"github.com/descentlab/descent/optimizers/host"
)

// about is how a built-in schedule explains itself: the torch constructor call that String
// shows and, for the rich display, how to build a fresh copy on a stand-in optimizer to
// preview its first steps without touching the real one.
type about struct {
	call    string
	horizon int // steps the preview shows
	hs      []*optimizers.Hyper
	remake  func(o optimizers.Optimizer) (Scheduler, error)
}

// remaker is a schedule that can build a fresh copy of itself on another optimizer, as
// every built-in can; composite schedules preview only when all their parts can.
type remaker interface {
	remakeOn(o optimizers.Optimizer) (Scheduler, error)
}

func (a *about) info() *about { return a }

func (a *about) remakeOn(o optimizers.Optimizer) (Scheduler, error) {
	if a.remake == nil {
		return nil, fmt.Errorf("schedule %s cannot be rebuilt", a.call)
	}
	return a.remake(o)
}

// describe records what String and MIMEBundle show: name(args...) in torch's spelling,
// the preview length (clamped to 10..2000 steps), the groups driven and the rebuild.
func (a *about) describe(name string, args []kv, horizon int, hs []*optimizers.Hyper, remake func(o optimizers.Optimizer) (Scheduler, error)) {
	parts := make([]string, len(args))
	for i, p := range args {
		parts[i] = p.k + "=" + py(p.v)
	}
	a.call = name + "(" + strings.Join(parts, ", ") + ")"
	a.horizon = min(max(horizon, 10), 2000)
	a.hs, a.remake = hs, remake
}

// kv is one keyword argument of a constructor call.
type kv struct {
	k string
	v any
}

// String shows the schedule as torch's constructor call, such as
// "StepLR(step_size=30, gamma=0.1)".
func (a *about) String() string {
	if a == nil || a.call == "" {
		return "<schedule built without its New function>"
	}
	return a.call
}

// MIMEBundle shows the schedule in a notebook: its constructor call and a small plot of
// the learning rate over its first steps, computed on a copy so the schedule itself does
// not move.
func (a *about) MIMEBundle() map[string]any {
	text := a.String()
	body := ""
	lrs, err := a.preview()
	switch {
	case err != nil:
		body = `<div style="color:#666">` + view.Esc(err.Error()) + `</div>`
	default:
		c := view.Chart{XLabel: "step", LogY: false}
		for g, ys := range lrs {
			name := ""
			if len(lrs) > 1 {
				name = fmt.Sprintf("group %d", g)
			}
			c.Series = append(c.Series, view.Series{Name: name, Y: ys})
		}
		body = view.Esc(fmt.Sprintf("lr over the first %d steps, from %s", a.horizon, view.Num(lrs[0][0]))) + c.HTML()
	}
	return map[string]any{"text/html": view.Box(text, body), "text/plain": text}
}

// previewOpt stands in for the optimizer in a preview: it has the real groups'
// hyper-parameters and never steps.
type previewOpt struct{ *optimizers.Base }

func (previewOpt) Step(p, g []float64) error { return nil }

// preview returns the lr of every group over the first horizon steps of a fresh copy
// built on stand-ins with the real groups' hyper-parameters and initial lrs.
func (a *about) preview() (lrs [][]float64, err error) {
	if a == nil || a.remake == nil {
		return nil, fmt.Errorf("no preview: the schedule is driven by a measured metric or has parts that cannot be rebuilt")
	}
	defer func() {
		if r := recover(); r != nil {
			lrs, err = nil, fmt.Errorf("no preview: %v", host.Recovered(r))
		}
	}()
	init := initialLRs(a.hs)
	groups := make([]optimizers.Group, len(a.hs))
	for i, h := range a.hs {
		m := h.Map()
		m["lr"] = init[i]
		groups[i] = optimizers.Group{Size: 1, Opt: previewOpt{optimizers.NewBase(h.Owner(), m)}}
	}
	var o optimizers.Optimizer = groups[0].Opt
	if len(groups) > 1 {
		if o, err = optimizers.NewGroups(groups); err != nil {
			return nil, err
		}
	}
	s, err := a.remake(o)
	if err != nil {
		return nil, fmt.Errorf("no preview: %w", err)
	}
	lrs = make([][]float64, len(a.hs))
	for k := 0; k < a.horizon; k++ {
		for g, v := range s.LR() {
			lrs[g] = append(lrs[g], v)
		}
		s.Step()
	}
	return lrs, nil
}

// raw is an argument shown as it is, such as "<function>".
type raw string

// py spells a value as Python would in a constructor call.
func py(v any) string {
	switch x := v.(type) {
	case raw:
		return string(x)
	case bool:
		if x {
			return "True"
		}
		return "False"
	case int:
		return strconv.Itoa(x)
	case float64:
		switch {
		case math.IsNaN(x):
			return "nan"
		case math.IsInf(x, 0):
			return strings.Replace(strconv.FormatFloat(x, 'g', -1, 64), "+Inf", "inf", 1)
		case x == math.Trunc(x) && math.Abs(x) < 1e16:
			return strconv.FormatFloat(x, 'f', -1, 64)
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case string:
		return "'" + x + "'"
	case []int:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = strconv.Itoa(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case []float64:
		if len(x) == 1 {
			return py(x[0])
		}
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = py(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case []string:
		return "[" + strings.Join(x, ", ") + "]"
	}
	return fmt.Sprint(v)
}

// callOf returns the String of a sub-schedule for a composite's call.
func callOf(s Scheduler) string {
	if st, ok := s.(fmt.Stringer); ok {
		return st.String()
	}
	return "<plugin schedule>"
}
