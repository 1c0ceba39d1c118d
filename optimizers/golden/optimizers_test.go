package golden

import (
	"fmt"
	"math"
	"sort"
	"testing"

	"github.com/descentlab/descent/optimizers"
)

// stepper is what the replay needs from a schedule: torch's scheduler.step().
type stepper interface{ Step() }

// newSchedule builds a schedule attached to o; schedulers_test.go links the schedule
// package in. While it is nil, every case with a schedule fails (it is never skipped).
var newSchedule func(name string, o optimizers.Optimizer, args map[string]any) (stepper, error)

// TestOptimizerTrajectories replays every optimizer case of the golden file by the
// README's loop (gradient, joint clipping, per-group update, schedule step) and compares
// params, losses, the lr in force and the final state with torch's.
func TestOptimizerTrajectories(t *testing.T) {
	f := load(t)
	if len(f.Optimizers) == 0 {
		t.Fatal("golden file has no optimizer cases")
	}
	for _, c := range f.Optimizers {
		c := c
		t.Run(c.ID, func(t *testing.T) {
			if legacy(c.ID) {
				t.Skip("torch 1.13 NAdam bug, fixed upstream; the library implements the fix")
			}
			if err := replay(t, f, c); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// groupLayout places the problem's tensors into parameter groups: order lists the flat
// indices group by group (so each group is contiguous in the permuted vector), and
// where[name] tells which group holds a tensor and at which offset inside that group.
type groupLayout struct {
	order []int
	lens  []int // tensor lengths in group order, for torch's norm-of-norms clipping
	sizes []int
	where map[string][2]int
}

func layout(p *Problem, groups []map[string]any) (*groupLayout, error) {
	l := &groupLayout{where: map[string][2]int{}}
	if groups == nil {
		for _, tn := range p.Tensors {
			l.where[tn.Name] = [2]int{0, len(l.order)}
			l.lens = append(l.lens, tn.Len)
			for i := 0; i < tn.Len; i++ {
				l.order = append(l.order, tn.Off+i)
			}
		}
		l.sizes = []int{len(l.order)}
		return l, nil
	}
	for gi, g := range groups {
		names, ok := g["tensors"].([]any)
		if !ok || len(names) == 0 {
			return nil, fmt.Errorf("group %d: \"tensors\" is %T %v, want a list of tensor names", gi, g["tensors"], g["tensors"])
		}
		size := 0
		for _, n := range names {
			name, _ := n.(string)
			tn, err := p.Tensor(name)
			if err != nil {
				return nil, fmt.Errorf("group %d: %v", gi, err)
			}
			if _, dup := l.where[name]; dup {
				return nil, fmt.Errorf("group %d: tensor %q is in two groups", gi, name)
			}
			l.where[name] = [2]int{gi, size}
			l.lens = append(l.lens, tn.Len)
			for i := 0; i < tn.Len; i++ {
				l.order = append(l.order, tn.Off+i)
			}
			size += tn.Len
		}
		l.sizes = append(l.sizes, size)
	}
	if len(l.order) != p.Size() {
		return nil, fmt.Errorf("groups cover %d of %d parameters", len(l.order), p.Size())
	}
	return l, nil
}

// build makes the optimizer of a case: one optimizer, or one per group with the group's
// overrides on top of the case's hyper-parameters. It returns the optimizer the schedule
// attaches to and the per-group optimizers.
func build(c OptCase, l *groupLayout) (optimizers.Optimizer, []optimizers.Optimizer, error) {
	if c.Groups == nil {
		o, err := optimizers.New(c.Optimizer, c.Hyper)
		return o, []optimizers.Optimizer{o}, err
	}
	var gs []optimizers.Group
	var opts []optimizers.Optimizer
	for gi, g := range c.Groups {
		h := map[string]any{}
		for k, v := range c.Hyper {
			h[k] = v
		}
		for k, v := range g {
			if k != "tensors" {
				h[k] = v
			}
		}
		o, err := optimizers.New(c.Optimizer, h)
		if err != nil {
			return nil, nil, fmt.Errorf("group %d: %v", gi, err)
		}
		gs = append(gs, optimizers.Group{Size: l.sizes[gi], Opt: o})
		opts = append(opts, o)
	}
	o, err := optimizers.NewGroups(gs)
	return o, opts, err
}

// clipTransform turns the case's "clip" into the library's transform.
func clipTransform(clip map[string]any) (optimizers.Transform, error) {
	switch clip["type"] {
	case "norm":
		maxNorm, ok := clip["max_norm"].(float64)
		if !ok {
			return nil, fmt.Errorf("clip: max_norm is %T %v", clip["max_norm"], clip["max_norm"])
		}
		var p float64
		switch nt := clip["norm_type"].(type) {
		case float64:
			p = nt
		case string:
			if nt != "inf" {
				return nil, fmt.Errorf("clip: norm_type %q", nt)
			}
			p = math.Inf(1)
		case nil:
			p = 2
		default:
			return nil, fmt.Errorf("clip: norm_type is %T %v", nt, nt)
		}
		return optimizers.ClipGradNorm(maxNorm, p), nil
	case "value":
		v, ok := clip["clip_value"].(float64)
		if !ok {
			return nil, fmt.Errorf("clip: clip_value is %T %v", clip["clip_value"], clip["clip_value"])
		}
		return optimizers.ClipGradValue(v), nil
	}
	return nil, fmt.Errorf("clip: unknown type %v (want norm or value)", clip["type"])
}

func replay(t *testing.T, f *File, c OptCase) error {
	p := problem(t, c.Problem)
	n := p.Size()
	if len(c.Params) != c.Steps+1 || len(c.Losses) != c.Steps+1 {
		return fmt.Errorf("case has %d params and %d losses for %d steps", len(c.Params), len(c.Losses), c.Steps)
	}
	l, err := layout(p, c.Groups)
	if err != nil {
		return err
	}
	inner, groupOpts, err := build(c, l)
	if err != nil {
		return err
	}
	opt := inner
	if c.Clip != nil {
		tr, err := clipTransform(c.Clip)
		if err != nil {
			return err
		}
		if nc, ok := tr.(*optimizers.NormClipper); ok {
			nc.Tensors = l.lens
		}
		opt = optimizers.Transformed(inner, tr)
	}
	var sched stepper
	if c.Schedule != nil {
		if newSchedule == nil {
			return fmt.Errorf("schedule %v: no schedule constructor linked into the test", c.Schedule["type"])
		}
		name, _ := c.Schedule["type"].(string)
		args, _ := c.Schedule["args"].(map[string]any)
		if sched, err = newSchedule(name, inner, args); err != nil {
			return fmt.Errorf("schedule %s: %v", name, err)
		}
	}

	x := append([]float64(nil), c.Params[0]...)
	if len(x) != n {
		return fmt.Errorf("params[0] has %d values, problem %s has %d", len(x), p.Name, n)
	}
	g := make([]float64, n)
	xp, gp := make([]float64, n), make([]float64, n) // group order
	worst := 0.0                                     // largest |Δ|/max(|want|,1), logged with -v
	for k := 1; k <= c.Steps; k++ {
		if len(c.LRUsed) >= k {
			lr := optimizers.HypersOf(inner)[0].Float("lr")
			if !closeRate(lr, c.LRUsed[k-1]) {
				return fmt.Errorf("step %d: lr in force %v, torch %v", k, lr, c.LRUsed[k-1])
			}
		}
		p.Grad(g, x)
		for i, j := range l.order {
			xp[i], gp[i] = x[j], g[j]
		}
		if err := opt.Step(xp, gp); err != nil {
			return fmt.Errorf("step %d: %v", k, err)
		}
		for i, j := range l.order {
			x[j] = xp[i]
		}
		if sched != nil {
			sched.Step()
		}
		if len(c.Params[k]) != n {
			return fmt.Errorf("params[%d] has %d values, want %d", k, len(c.Params[k]), n)
		}
		for i := range x {
			worst = math.Max(worst, math.Abs(x[i]-c.Params[k][i])/math.Max(math.Abs(c.Params[k][i]), 1))
			if !closeParam(x[i], c.Params[k][i]) {
				return fmt.Errorf("step %d: param[%d] = %.17g, torch %.17g (diff %.3g)", k, i, x[i], c.Params[k][i], x[i]-c.Params[k][i])
			}
		}
		if loss := p.Loss(x); !closeParam(loss, c.Losses[k]) {
			return fmt.Errorf("step %d: loss %.17g, torch %.17g", k, loss, c.Losses[k])
		}
	}
	t.Logf("worst param deviation %.2g of tolerance 1e-12", worst)
	if len(c.LRUsed) != c.Steps {
		return fmt.Errorf("case has %d lr_used values for %d steps", len(c.LRUsed), c.Steps)
	}
	return checkFinalState(p, l, groupOpts, c.FinalState)
}

// checkFinalState compares torch's state after the last step with each group's State:
// "step" and "mu_product" hold one number per tensor, the rest are flat buffers in
// tensor order.
func checkFinalState(p *Problem, l *groupLayout, opts []optimizers.Optimizer, want map[string][]float64) error {
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		w := want[key]
		switch key {
		case "step", "mu_product":
			if len(w) != len(p.Tensors) {
				return fmt.Errorf("final_state %q has %d values for %d tensors", key, len(w), len(p.Tensors))
			}
			for i, tn := range p.Tensors {
				st := opts[l.where[tn.Name][0]].State()
				got := float64(st.Steps)
				if key == "mu_product" {
					v, ok := st.Scalars["mu_product"]
					if !ok {
						return fmt.Errorf("final_state: no scalar mu_product")
					}
					got = v
				}
				if math.Abs(got-w[i]) > 1e-12*math.Abs(w[i]) {
					return fmt.Errorf("final_state %q of tensor %s = %.17g, torch %.17g", key, tn.Name, got, w[i])
				}
			}
		default:
			if len(w) != p.Size() {
				return fmt.Errorf("final_state %q has %d values, want %d", key, len(w), p.Size())
			}
			for _, tn := range p.Tensors {
				at := l.where[tn.Name]
				buf, ok := opts[at[0]].State().Buffers[key]
				if !ok {
					return fmt.Errorf("final_state: group %d has no buffer %q (has %v)", at[0], key, opts[at[0]].State().Names())
				}
				for i := 0; i < tn.Len; i++ {
					got, wi := buf[at[1]+i], w[tn.Off+i]
					if !closeParam(got, wi) {
						return fmt.Errorf("final_state %q[%d] = %.17g, torch %.17g", key, tn.Off+i, got, wi)
					}
				}
			}
		}
	}
	return nil
}

// The development file has no case with groups, clipping or a schedule, but other golden
// files do. TestReplayPlumbing exercises those paths of the replay on torch's own
// trajectories by adding options that, by torch's definitions, leave the trajectory
// unchanged: groups that repeat the case's hyper-parameters (in either tensor order), a
// clip threshold no gradient reaches (coef clamps to exactly 1), and a StepLR whose first
// decay lies past the last step.
func TestReplayPlumbing(t *testing.T) {
	f := load(t)
	variants := []struct {
		name string
		edit func(c *OptCase)
	}{
		{"groups w,b", func(c *OptCase) {
			c.Groups = []map[string]any{{"tensors": []any{"w"}}, {"tensors": []any{"b"}, "lr": c.Hyper["lr"]}}
		}},
		{"groups b,w", func(c *OptCase) {
			c.Groups = []map[string]any{{"tensors": []any{"b"}}, {"tensors": []any{"w"}}}
		}},
		{"clip norm 2", func(c *OptCase) {
			c.Clip = map[string]any{"type": "norm", "max_norm": 1e300, "norm_type": 2.0}
		}},
		{"clip norm inf", func(c *OptCase) {
			c.Clip = map[string]any{"type": "norm", "max_norm": 1e300, "norm_type": "inf"}
		}},
		{"clip value", func(c *OptCase) {
			c.Clip = map[string]any{"type": "value", "clip_value": 1e300}
		}},
		{"StepLR past the end", func(c *OptCase) {
			c.Schedule = map[string]any{"type": "StepLR", "args": map[string]any{"step_size": 1000.0, "gamma": 0.5}}
		}},
		{"all at once", func(c *OptCase) {
			c.Groups = []map[string]any{{"tensors": []any{"b"}}, {"tensors": []any{"w"}}}
			c.Clip = map[string]any{"type": "norm", "max_norm": 1e300, "norm_type": 2.0}
			c.Schedule = map[string]any{"type": "StepLR", "args": map[string]any{"step_size": 1000.0}}
		}},
	}
	n := 0
	for _, base := range f.Optimizers {
		if base.Problem != "linreg" || legacy(base.ID) || base.Groups != nil || base.Clip != nil || base.Schedule != nil {
			continue
		}
		n++
		for _, v := range variants {
			c := base
			v.edit(&c)
			t.Run(base.ID+"/"+v.name, func(t *testing.T) {
				if err := replay(t, f, c); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
	if n == 0 {
		t.Fatal("no plain linreg case to build on")
	}
}
