package explore

import (
	"fmt"
	"strings"

	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/internal/view"
	"github.com/descentlab/descent/optimizers/plots"
	"github.com/descentlab/descent/optimizers/schedule"
)

// ScheduleSpec names one schedule to plot: a name schedule.New knows with its arguments.
type ScheduleSpec struct {
	// Label names the curve; empty means the schedule's torch call.
	Label string
	Name  string
	Args  map[string]any
}

// Sched returns the ScheduleSpec of the schedule called name with args.
func Sched(name string, args map[string]any) ScheduleSpec {
	return ScheduleSpec{Name: name, Args: args}
}

// Curve is one schedule's learning rate per step.
type Curve struct {
	Label string
	LR    []float64
}

// Schedules is several schedules' learning rates over the same steps from the same base
// rate. It shows itself as one plot.
type Schedules struct {
	BaseLR float64
	Steps  int
	Curves []Curve
}

// CompareSchedules steps every schedule steps times on its own SGD optimizer with
// learning rate lr (and momentum 0.9, for schedules that cycle momentum) and records the
// rate before each step.
func CompareSchedules(lr float64, steps int, specs []ScheduleSpec) (*Schedules, error) {
	if !(lr > 0) || steps <= 0 {
		return nil, fmt.Errorf("explore: CompareSchedules needs a positive lr and step count, got lr %v, %d steps", lr, steps)
	}
	if len(specs) == 0 {
		return nil, fmt.Errorf("explore: no schedules to compare")
	}
	out := &Schedules{BaseLR: lr, Steps: steps}
	for i, sp := range specs {
		o, err := optimizers.New("sgd", map[string]any{"lr": lr, "momentum": 0.9})
		if err != nil {
			return nil, err
		}
		s, err := schedule.New(sp.Name, o, sp.Args)
		if err != nil {
			return nil, fmt.Errorf("explore: schedule %d: %w", i, err)
		}
		label := sp.Label
		if label == "" {
			label = fmt.Sprint(s)
		}
		lrs := make([]float64, steps)
		for k := range lrs {
			lrs[k] = s.LR()[0]
			s.Step()
		}
		out.Curves = append(out.Curves, Curve{Label: label, LR: lrs})
	}
	return out, nil
}

// Plot draws every curve against the step.
func (s *Schedules) Plot() *plots.Figure {
	f := plots.New(fmt.Sprintf("Learning rate per step (base lr %s)", view.Num(s.BaseLR)), "step", "lr")
	for _, c := range s.Curves {
		f.Line(c.Label, nil, c.LR)
	}
	return f
}

// String lists each schedule's rate at the start, the middle and the end.
func (s *Schedules) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d schedules over %d steps from lr %s", len(s.Curves), s.Steps, view.Num(s.BaseLR))
	for _, c := range s.Curves {
		n := len(c.LR)
		fmt.Fprintf(&b, "\n  %s: %s → %s → %s", c.Label, view.Num(c.LR[0]), view.Num(c.LR[n/2]), view.Num(c.LR[n-1]))
	}
	return b.String()
}

// MIMEBundle shows the plot.
func (s *Schedules) MIMEBundle() map[string]any {
	return map[string]any{"text/html": s.Plot().HTML(), "text/plain": s.String()}
}
