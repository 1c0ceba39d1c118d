package plugin

import (
	"fmt"

	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/schedule"
)

// A hard interrupt stops the interpreter by changing its run id; every function frame
// made before keeps the old id, and a method of an object made inside one (a plugin
// instance its factory made) then returns zero values without running: Step returns nil
// having done nothing. The guards below stand between compiled code and what a cell's
// factory made: made before the session's latest hard interrupt, they refuse to run, with
// a message that says to make the object again. Plugin files run in interpreters of
// their own, which no cell's interrupt stops, so their objects need no guard.

// guard is what every guarded object knows.
type guard struct {
	s      Session
	made   uint64 // the session's interrupt count when the object was made
	kind   Kind
	name   string // the registered name
	origin string
}

// stale returns the refusal of an object made before the latest hard interrupt.
func (g *guard) stale() error {
	if g.s.Interrupts() == g.made {
		return nil
	}
	ctor := map[Kind]string{Optimizer: "opt.New", Schedule: "schedule.New", Loss: "loss.New"}[g.kind]
	return fmt.Errorf("%s %q (registered by %s) was made before an interrupt stopped the interpreter, "+
		"which cannot run what was made then: it would return zeros. Make it again with %s(%q, ...)",
		g.kind, g.name, g.origin, ctor, g.name)
}

// deadFactory reports a factory that returned nothing after a hard interrupt: it was made
// inside a function that the interrupt stopped.
func (g *guard) deadFactory() error {
	return fmt.Errorf("%s %q: its factory returned nothing after an interrupt stopped the interpreter; run the cell that registers it (%s) again",
		g.kind, g.name, g.origin)
}

// origin returns where name of kind was registered, for guards.
func originOf(k Kind, name string) string {
	state.Lock()
	defer state.Unlock()
	if p, ok := state.origins[key(k, name)]; ok {
		return p.Origin
	}
	return "a cell"
}

// guardOptimizers wraps an optimizer factory of a cell.
func guardOptimizers(s Session, name string, f optimizers.Factory) optimizers.Factory {
	registered := s.Interrupts()
	return func(hyper map[string]any) (optimizers.Optimizer, error) {
		g := &guard{s: s, made: s.Interrupts(), kind: Optimizer, name: name, origin: originOf(Optimizer, name)}
		o, err := f(hyper)
		if err != nil {
			return nil, err
		}
		if o == nil {
			if g.made != registered {
				return nil, g.deadFactory()
			}
			return nil, nil
		}
		return guardOptimizer(g, o), nil
	}
}

// guardOptimizer returns o behind g, keeping the optional interfaces compiled code looks
// for (ClosureStepper, Grouped); Unwrap returns o.
func guardOptimizer(g *guard, o optimizers.Optimizer) optimizers.Optimizer {
	base := &guardedOptimizer{guard: g, inner: o, name: o.Name(), hyper: o.Hyper(), state: o.State()}
	switch x := o.(type) {
	case optimizers.ClosureStepper:
		return &guardedClosure{base, x}
	case optimizers.Grouped:
		return &guardedGroups{base, x}
	}
	return base
}

// guardedOptimizer is an optimizer a cell's factory made. Name, Hyper and State are
// those it had when made (they are its Base's, which do not change), so that a schedule
// or a display keeps working; Step refuses when stale.
type guardedOptimizer struct {
	*guard
	inner optimizers.Optimizer
	name  string
	hyper *optimizers.Hyper
	state *optimizers.State
}

func (o *guardedOptimizer) Name() string                 { return o.name }
func (o *guardedOptimizer) Hyper() *optimizers.Hyper     { return o.hyper }
func (o *guardedOptimizer) State() *optimizers.State     { return o.state }
func (o *guardedOptimizer) Unwrap() optimizers.Optimizer { return o.inner }

func (o *guardedOptimizer) Step(params, grads []float64) error {
	if err := o.stale(); err != nil {
		return err
	}
	return o.inner.Step(params, grads)
}

// String is the optimizer's own String when it has one, else optimizers.Describe.
func (o *guardedOptimizer) String() string {
	if s, ok := o.inner.(fmt.Stringer); ok && o.stale() == nil {
		return s.String()
	}
	return optimizers.Describe(o)
}

// MIMEBundle is the optimizer's own rich display when it has one (an embedded Base).
func (o *guardedOptimizer) MIMEBundle() map[string]any {
	if b, ok := o.inner.(interface{ MIMEBundle() map[string]any }); ok && o.stale() == nil {
		return b.MIMEBundle()
	}
	return map[string]any{"text/plain": o.String()}
}

// Rule is the optimizer's update rule, for displays.
func (o *guardedOptimizer) Rule() (optimizers.Rule, bool) {
	if r, ok := o.inner.(interface {
		Rule() (optimizers.Rule, bool)
	}); ok && o.stale() == nil {
		return r.Rule()
	}
	return optimizers.RuleOf(o.name)
}

type guardedClosure struct {
	*guardedOptimizer
	c optimizers.ClosureStepper
}

func (o *guardedClosure) StepClosure(params []float64, closure optimizers.Closure) (float64, error) {
	if err := o.stale(); err != nil {
		return 0, err
	}
	return o.c.StepClosure(params, closure)
}

type guardedGroups struct {
	*guardedOptimizer
	g optimizers.Grouped
}

func (o *guardedGroups) Groups() []optimizers.Optimizer { return o.g.Groups() }

// guardSchedules wraps a schedule factory of a cell.
func guardSchedules(s Session, name string, f schedule.Factory) schedule.Factory {
	registered := s.Interrupts()
	return func(o optimizers.Optimizer, args map[string]any) (schedule.Scheduler, error) {
		g := &guard{s: s, made: s.Interrupts(), kind: Schedule, name: name, origin: originOf(Schedule, name)}
		sc, err := f(o, args)
		if err != nil {
			return nil, err
		}
		if sc == nil {
			if g.made != registered {
				return nil, g.deadFactory()
			}
			return nil, nil
		}
		base := &guardedSchedule{guard: g, inner: sc}
		if m, ok := sc.(schedule.MetricScheduler); ok {
			return &guardedMetric{base, m}, nil
		}
		return base, nil
	}
}

// guardedSchedule is a schedule a cell's factory made. Step and LR cannot return an
// error: a stale one panics with the refusal, which the cell reports.
type guardedSchedule struct {
	*guard
	inner schedule.Scheduler
}

func (s *guardedSchedule) check() {
	if err := s.stale(); err != nil {
		panic(err)
	}
}

func (s *guardedSchedule) Step()                      { s.check(); s.inner.Step() }
func (s *guardedSchedule) LR() []float64              { s.check(); return s.inner.LR() }
func (s *guardedSchedule) Unwrap() schedule.Scheduler { return s.inner }

// String is the schedule's own String when it has one, else its registered name.
func (s *guardedSchedule) String() string {
	if st, ok := s.inner.(fmt.Stringer); ok && s.stale() == nil {
		return st.String()
	}
	return s.name
}

type guardedMetric struct {
	*guardedSchedule
	m schedule.MetricScheduler
}

func (s *guardedMetric) StepMetric(metric float64) { s.check(); s.m.StepMetric(metric) }

// guardLosses wraps a loss factory of a cell.
func guardLosses(s Session, name string, f loss.Factory) loss.Factory {
	registered := s.Interrupts()
	return func(args map[string]any) (loss.Loss, error) {
		g := &guard{s: s, made: s.Interrupts(), kind: Loss, name: name, origin: originOf(Loss, name)}
		l, err := f(args)
		if err != nil {
			return nil, err
		}
		if l == nil {
			if g.made != registered {
				return nil, g.deadFactory()
			}
			return nil, nil
		}
		return &guardedLoss{guard: g, inner: l, lname: l.Name()}, nil
	}
}

// guardedLoss is a loss a cell's factory made.
type guardedLoss struct {
	*guard
	inner loss.Loss
	lname string
}

func (l *guardedLoss) Name() string { return l.lname }

func (l *guardedLoss) Eval(pred, target, grad []float64, n int) (float64, error) {
	if err := l.stale(); err != nil {
		return 0, err
	}
	return l.inner.Eval(pred, target, grad, n)
}

func (l *guardedLoss) Unwrap() loss.Loss { return l.inner }
