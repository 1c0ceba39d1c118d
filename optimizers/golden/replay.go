package golden

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/schedule"
)

// Result is what a replay measured: the largest deviation |got-want|/max(|want|,1) of
// the trajectories (params, losses, eval_params, eval_losses, z) and of the state
// (final_state, final_group, trace), and the tolerances they were held to.
type Result struct {
	Worst, WorstState         float64
	Tolerance, StateTolerance float64
	// Unchecked lists the trace entries the optimizer keeps no state for (diagnostics of
	// the reference, such as Adafactor's per-tensor lr).
	Unchecked []string
}

// ReplayCase replays one optimizer case of f by the golden README's loop: the problem's
// gradient, joint clipping, the update of the optimizer built by name through the
// registry (optimizers.New, so a plugin registered under the case's optimizer name is
// what runs), the schedule step; after every step it compares params, losses and, for
// Schedule-Free, eval_params, eval_losses and z, and at the end the final state. The
// tensors' shapes are given to the optimizer with optimizers.SetShapes.
//
// Every difference beyond the case's tolerance is an error naming the step, the
// quantity and both values. Legacy cases (see Legacy) are not special here; callers skip
// them.
func ReplayCase(f *File, c OptCase) (Result, error) {
	res := Result{Tolerance: 1e-12, StateTolerance: 1e-12}
	if f.Ext() {
		res.StateTolerance = 1e-10
		if f.Meta.DefaultTolerance > 0 {
			res.Tolerance = f.Meta.DefaultTolerance
		}
		if f.Meta.DefaultStateTolerance > 0 {
			res.StateTolerance = f.Meta.DefaultStateTolerance
		}
	}
	if c.Tolerance > 0 {
		res.Tolerance = c.Tolerance
	}
	if c.StateTolerance > 0 {
		res.StateTolerance = c.StateTolerance
	}
	r, err := newReplay(c, &res)
	if err != nil {
		return res, err
	}
	return res, r.run()
}

type replay struct {
	c       OptCase
	res     *Result
	p       *Problem
	l       *groupLayout
	inner   optimizers.Optimizer   // the optimizer schedules attach to
	groups  []optimizers.Optimizer // per-group optimizers (one without groups)
	opt     optimizers.Optimizer   // inner, possibly behind a clipping transform
	sched   schedule.Scheduler
	grouped bool // c.Groups are torch parameter groups, one optimizer each
}

func newReplay(c OptCase, res *Result) (*replay, error) {
	p, err := ProblemByName(c.Problem)
	if err != nil {
		return nil, err
	}
	if len(c.Params) != c.Steps+1 || len(c.Losses) != c.Steps+1 {
		return nil, fmt.Errorf("case has %d params and %d losses for %d steps", len(c.Params), len(c.Losses), c.Steps)
	}
	r := &replay{c: c, res: res, p: p}
	groups := c.Groups
	hyper, err := caseHyper(c, p)
	if err != nil {
		return nil, err
	}
	if muonGroups(groups) {
		groups = nil // one optimizer with two groups of its own, chosen by shape
	}
	r.grouped = groups != nil
	if r.l, err = layout(p, groups); err != nil {
		return nil, err
	}
	if r.inner, r.groups, err = build(c.Optimizer, hyper, groups, r.l); err != nil {
		return nil, err
	}
	if err := optimizers.SetShapes(r.inner, r.l.shapes(p)); err != nil {
		return nil, err
	}
	r.opt = r.inner
	if c.Clip != nil {
		tr, err := clipTransform(c.Clip)
		if err != nil {
			return nil, err
		}
		if nc, ok := tr.(*optimizers.NormClipper); ok {
			nc.Tensors = r.l.lens
		}
		r.opt = optimizers.Transformed(r.inner, tr)
	}
	if c.Schedule != nil {
		name, _ := c.Schedule["type"].(string)
		args, _ := c.Schedule["args"].(map[string]any)
		if r.sched, err = schedule.New(name, r.inner, args); err != nil {
			return nil, fmt.Errorf("schedule %s: %v", name, err)
		}
	}
	return r, nil
}

// caseHyper returns the hyper-parameters to build c's optimizer with: the case's, plus
// for Lookahead the inner optimizer's name and hyper-parameters, and for Muon's two
// parameter groups (use_muon true and false) the Muon group's settings under their own
// names and the Adam group's under adam_*.
func caseHyper(c OptCase, p *Problem) (map[string]any, error) {
	h := map[string]any{}
	for k, v := range c.Hyper {
		h[k] = v
	}
	if c.Inner != nil {
		name, _ := c.Inner["optimizer"].(string)
		ih, _ := c.Inner["hyper"].(map[string]any)
		if name == "" {
			return nil, fmt.Errorf("inner optimizer %v has no name", c.Inner)
		}
		h["optimizer"], h["inner"] = name, ih
	}
	if !muonGroups(c.Groups) {
		return h, nil
	}
	for gi, g := range c.Groups {
		use, _ := g["use_muon"].(bool)
		names, _ := g["tensors"].([]any)
		for _, n := range names {
			name, _ := n.(string)
			t, err := p.Tensor(name)
			if err != nil {
				return nil, fmt.Errorf("group %d: %v", gi, err)
			}
			if (len(t.Shape) >= 2) != use {
				return nil, fmt.Errorf("group %d: tensor %s of shape %v has use_muon=%v, but Muon picks its matrices by shape", gi, name, t.Shape, use)
			}
		}
		for k, v := range g {
			switch {
			case k == "tensors" || k == "use_muon":
			case use:
				h[k] = v
			default:
				h["adam_"+k] = v
			}
		}
	}
	return h, nil
}

// muonGroups reports whether groups are Muon's use_muon groups.
func muonGroups(groups []map[string]any) bool {
	for _, g := range groups {
		if _, ok := g["use_muon"]; ok {
			return true
		}
	}
	return false
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

// shapes returns the problem's tensors at their offsets in the permuted vector.
func (l *groupLayout) shapes(p *Problem) []optimizers.Tensor {
	starts := make([]int, len(l.sizes))
	for i := 1; i < len(starts); i++ {
		starts[i] = starts[i-1] + l.sizes[i-1]
	}
	ts := p.Shapes()
	for i := range ts {
		at := l.where[ts[i].Name]
		ts[i].Offset = starts[at[0]] + at[1]
	}
	return ts
}

// build makes the optimizer of a case: one optimizer, or one per group with the group's
// overrides on top of the case's hyper-parameters. It returns the optimizer the schedule
// attaches to and the per-group optimizers.
func build(name string, hyper map[string]any, groups []map[string]any, l *groupLayout) (optimizers.Optimizer, []optimizers.Optimizer, error) {
	if groups == nil {
		o, err := optimizers.New(name, hyper)
		return o, []optimizers.Optimizer{o}, err
	}
	var gs []optimizers.Group
	var opts []optimizers.Optimizer
	for gi, g := range groups {
		h := map[string]any{}
		for k, v := range hyper {
			h[k] = v
		}
		for k, v := range g {
			if k != "tensors" {
				h[k] = v
			}
		}
		o, err := optimizers.New(name, h)
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

// dev is |got-want|/max(|want|,1), the README's relative deviation.
func dev(got, want float64) float64 {
	d := math.Abs(got-want) / math.Max(math.Abs(want), 1)
	if math.IsNaN(d) {
		return math.Inf(1)
	}
	return d
}

// near records the deviation of got from want in worst and reports whether it is
// within tol.
func near(worst *float64, got, want, tol float64) bool {
	d := dev(got, want)
	*worst = math.Max(*worst, d)
	return d <= tol
}

// closeRate reports whether got matches want within the README's tolerance for learning
// rates and momenta.
func closeRate(got, want float64) bool {
	return math.Abs(got-want) <= 1e-12*math.Abs(want)+1e-15
}

func (r *replay) run() error {
	c, p, n := r.c, r.p, r.p.Size()
	x := append([]float64(nil), c.Params[0]...)
	if len(x) != n {
		return fmt.Errorf("params[0] has %d values, problem %s has %d", len(x), p.Name, n)
	}
	g := make([]float64, n)
	xp, gp := make([]float64, n), make([]float64, n) // group order
	ep, ex := make([]float64, n), make([]float64, n)
	tol := r.res.Tolerance
	for k := 1; k <= c.Steps; k++ {
		if len(c.LRUsed) >= k {
			lr := optimizers.HypersOf(r.inner)[0].Float("lr")
			if !closeRate(lr, c.LRUsed[k-1]) {
				return fmt.Errorf("step %d: lr in force %v, reference %v", k, lr, c.LRUsed[k-1])
			}
		}
		p.Grad(g, x)
		for i, j := range r.l.order {
			xp[i], gp[i] = x[j], g[j]
		}
		if err := r.opt.Step(xp, gp); err != nil {
			return fmt.Errorf("step %d: %v", k, err)
		}
		for i, j := range r.l.order {
			x[j] = xp[i]
		}
		if r.sched != nil {
			r.sched.Step()
		}
		if err := r.compare(k, "param", x, c.Params[k], tol, &r.res.Worst); err != nil {
			return err
		}
		if !near(&r.res.Worst, p.Loss(x), c.Losses[k], tol) {
			return fmt.Errorf("step %d: loss %.17g, reference %.17g", k, p.Loss(x), c.Losses[k])
		}
		if c.EvalParams != nil {
			if err := optimizers.EvalParams(r.opt, ep, xp); err != nil {
				return fmt.Errorf("step %d: %v", k, err)
			}
			for i, j := range r.l.order {
				ex[j] = ep[i]
			}
			if err := r.compare(k, "eval_param", ex, c.EvalParams[k], tol, &r.res.Worst); err != nil {
				return err
			}
			if k < len(c.EvalLosses) && !near(&r.res.Worst, p.Loss(ex), c.EvalLosses[k], tol) {
				return fmt.Errorf("step %d: eval loss %.17g, reference %.17g", k, p.Loss(ex), c.EvalLosses[k])
			}
		}
		if c.Z != nil {
			z, err := r.stateValues("z", len(c.Z[k]))
			if err != nil {
				return fmt.Errorf("step %d: %v", k, err)
			}
			if err := r.compare(k, "z", z, c.Z[k], tol, &r.res.Worst); err != nil {
				return err
			}
		}
		if err := r.checkTrace(k); err != nil {
			return err
		}
	}
	if len(c.LRUsed) != 0 && len(c.LRUsed) != c.Steps {
		return fmt.Errorf("case has %d lr_used values for %d steps", len(c.LRUsed), c.Steps)
	}
	if r.grouped {
		return r.checkGroupedState()
	}
	return r.checkState()
}

func (r *replay) compare(k int, what string, got, want []float64, tol float64, worst *float64) error {
	if len(want) != len(got) {
		return fmt.Errorf("step %d: %s has %d values in the file, %d here", k, what, len(want), len(got))
	}
	for i := range got {
		if !near(worst, got[i], want[i], tol) {
			return fmt.Errorf("step %d: %s[%d] = %.17g, reference %.17g (diff %.3g, tolerance %g)", k, what, i, got[i], want[i], got[i]-want[i], tol)
		}
	}
	return nil
}

// states returns every State of the optimizer tree: the optimizer's, its groups' and
// the optimizer it wraps, each once, in that order.
func (r *replay) states() []*optimizers.State {
	var out []*optimizers.State
	seen := map[*optimizers.State]bool{}
	var walk func(o optimizers.Optimizer)
	walk = func(o optimizers.Optimizer) {
		if o == nil || o.State() == nil || seen[o.State()] {
			return
		}
		seen[o.State()] = true
		out = append(out, o.State())
		if g, ok := o.(optimizers.Grouped); ok {
			for _, sub := range g.Groups() {
				walk(sub)
			}
		}
		if w, ok := o.(interface{ Unwrap() optimizers.Optimizer }); ok {
			walk(w.Unwrap())
		}
	}
	walk(r.inner)
	return out
}

// stateValues returns the state entry key as n values: a buffer of n values, or a
// scalar repeated n times (one per tensor, as torch keeps a step or a weight per
// tensor).
func (r *replay) stateValues(key string, n int) ([]float64, error) {
	sts := r.states()
	for _, st := range sts {
		if b, ok := st.Buffers[key]; ok {
			if len(b) != n {
				return nil, fmt.Errorf("state %q holds %d values, the reference %d", key, len(b), n)
			}
			return b, nil
		}
	}
	for _, st := range sts {
		if v, ok := st.Scalars[key]; ok {
			out := make([]float64, n)
			for i := range out {
				out[i] = v
			}
			return out, nil
		}
	}
	var have []string
	for _, st := range sts {
		have = append(have, st.Names()...)
		for k := range st.Scalars {
			have = append(have, k)
		}
	}
	sort.Strings(have)
	return nil, fmt.Errorf("no state %q (have %s)", key, strings.Join(have, ", "))
}

// checkTrace compares the reference's per-step diagnostics after step k with the state
// of the same name; entries without one are listed in Result.Unchecked.
func (r *replay) checkTrace(k int) error {
	keys := make([]string, 0, len(r.c.Trace))
	for key := range r.c.Trace {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	for _, key := range keys {
		want := r.c.Trace[key][k-1]
		got, err := r.stateValues(key, len(want))
		if err != nil {
			if k == 1 {
				r.res.Unchecked = append(r.res.Unchecked, "trace "+key)
			}
			continue
		}
		if err := r.compare(k, "trace "+key, got, want, r.res.StateTolerance, &r.res.WorstState); err != nil {
			return err
		}
	}
	return nil
}

// checkState compares the reference's state after the last step: "step" with the step
// count of every state that holds buffers, the other keys with the buffer or scalar of
// the same name, and final_group with scalars.
func (r *replay) checkState() error {
	keys := make([]string, 0, len(r.c.FinalState))
	for k := range r.c.FinalState {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	tol := r.res.StateTolerance
	for _, key := range keys {
		want := r.c.FinalState[key]
		if key == "step" {
			for _, st := range r.states() {
				if len(st.Buffers) == 0 {
					continue
				}
				for _, w := range want {
					if !near(&r.res.WorstState, float64(st.Steps), w, tol) {
						return fmt.Errorf("final_state step = %d, reference %v", st.Steps, w)
					}
				}
			}
			continue
		}
		got, err := r.stateValues(key, len(want))
		if err != nil {
			return fmt.Errorf("final_state: %v", err)
		}
		if err := r.compare(r.c.Steps, "final_state "+key, got, want, tol, &r.res.WorstState); err != nil {
			return err
		}
	}
	for key, w := range r.c.FinalGroup {
		got, err := r.stateValues(key, 1)
		if err != nil {
			return fmt.Errorf("final_group: %v", err)
		}
		if !near(&r.res.WorstState, got[0], w, tol) {
			return fmt.Errorf("final_group %s = %.17g, reference %.17g", key, got[0], w)
		}
	}
	return nil
}

// checkGroupedState compares the state of a case with torch parameter groups, where
// each group's optimizer holds its tensors' part of every buffer: "step" and
// "mu_product" hold one number per tensor, the rest are flat buffers in tensor order.
func (r *replay) checkGroupedState() error {
	p, l, want := r.p, r.l, r.c.FinalState
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	tol := r.res.StateTolerance
	for _, key := range keys {
		w := want[key]
		switch key {
		case "step", "mu_product":
			if len(w) != len(p.Tensors) {
				return fmt.Errorf("final_state %q has %d values for %d tensors", key, len(w), len(p.Tensors))
			}
			for i, tn := range p.Tensors {
				st := r.groups[l.where[tn.Name][0]].State()
				got := float64(st.Steps)
				if key == "mu_product" {
					v, ok := st.Scalars["mu_product"]
					if !ok {
						return fmt.Errorf("final_state: no scalar mu_product")
					}
					got = v
				}
				if !near(&r.res.WorstState, got, w[i], tol) {
					return fmt.Errorf("final_state %q of tensor %s = %.17g, reference %.17g", key, tn.Name, got, w[i])
				}
			}
		default:
			if len(w) != p.Size() {
				return fmt.Errorf("final_state %q has %d values, want %d", key, len(w), p.Size())
			}
			for _, tn := range p.Tensors {
				at := l.where[tn.Name]
				buf, ok := r.groups[at[0]].State().Buffers[key]
				if !ok {
					return fmt.Errorf("final_state: group %d has no buffer %q (has %v)", at[0], key, r.groups[at[0]].State().Names())
				}
				for i := 0; i < tn.Len; i++ {
					got, wi := buf[at[1]+i], w[tn.Off+i]
					if !near(&r.res.WorstState, got, wi, tol) {
						return fmt.Errorf("final_state %q[%d] = %.17g, reference %.17g", key, tn.Off+i, got, wi)
					}
				}
			}
		}
	}
	return nil
}
