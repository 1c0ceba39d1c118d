package plugin

import (
	"fmt"
	"math"
	"slices"

	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/gradcheck"
	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/schedule"
)

// Before a registration enters a registry it is tried out on a tiny problem, so that a
// plugin that cannot work is refused at load time with its position, rather than found
// out halfway through a training run. A factory that returns an error with no arguments
// is registered untried (it may need arguments, as torch's StepLR needs step_size): only
// a panic, a nil result or a wrong result refuses it.

// trySteps is how many steps an optimizer takes, and a schedule's rates are checked for.
const trySteps = 5

// unchecked is a trial that could not run because the factory wants arguments.
type unchecked struct{ err error }

func (u unchecked) Error() string {
	return "registered untried: with no arguments the factory fails: " + u.err.Error()
}

// try tries out a registration's factory; a panic is returned as an error.
func try(kind Kind, factory any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panicked: %v", r)
		}
	}()
	switch kind {
	case Optimizer:
		return tryOptimizer(factory.(optimizers.Factory))
	case Schedule:
		return trySchedule(factory.(schedule.Factory))
	case Loss:
		return tryLoss(factory.(loss.Factory))
	}
	return fmt.Errorf("unknown kind %q", kind)
}

// quadratic is f(x) = Σ a_i x_i²/2 from x0, whose gradient is a_i x_i.
var (
	quadA  = []float64{1, 2, 4, 0.5}
	quadX0 = []float64{1, -2, 0.5, 3}
)

// tryOptimizer builds the optimizer with its defaults and takes trySteps steps on the
// quadratic, which must move the parameters and keep them finite.
func tryOptimizer(f optimizers.Factory) error {
	o, err := f(map[string]any{})
	if err != nil {
		return unchecked{err}
	}
	if o == nil {
		return fmt.Errorf("the factory returned no optimizer and no error")
	}
	if o.Name() == "" {
		return fmt.Errorf("Name() is empty; give the optimizer a name (optimizers.NewBase(\"Name\", defaults))")
	}
	if o.Hyper() == nil || o.State() == nil {
		return fmt.Errorf("Hyper() or State() is nil: embed *optimizers.Base made by optimizers.NewBase")
	}
	x := slices.Clone(quadX0)
	g := make([]float64, len(x))
	for step := 1; step <= trySteps; step++ {
		for i := range x {
			g[i] = quadA[i] * x[i]
		}
		if err := o.Step(x, g); err != nil {
			return fmt.Errorf("step %d on a quadratic: Step returned an error: %v", step, err)
		}
		for i, v := range x {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("step %d on a quadratic made parameter %d %v", step, i, v)
			}
		}
	}
	if slices.Equal(x, quadX0) {
		return fmt.Errorf("%d steps on a quadratic left the parameters where they were (is the update computed, and lr non-zero?)", trySteps)
	}
	return nil
}

// trySchedule builds the schedule with no arguments on an SGD optimizer with lr 0.1 and
// checks its rates for the first trySteps steps.
func trySchedule(f schedule.Factory) error {
	o := optimizers.NewSGD(0.1)
	s, err := f(o, map[string]any{})
	if err != nil {
		return unchecked{err}
	}
	if s == nil {
		return fmt.Errorf("the factory returned no schedule and no error")
	}
	for step := 0; step < trySteps; step++ {
		lrs := s.LR()
		if len(lrs) != 1 {
			return fmt.Errorf("step %d: LR() gave %d rates for an optimizer with one parameter group", step, len(lrs))
		}
		if lr := lrs[0]; !(lr > 0) || math.IsInf(lr, 0) {
			return fmt.Errorf("step %d: LR() gave %v from a base lr of 0.1; rates must be finite and positive", step, lr)
		}
		s.Step()
	}
	return nil
}

// Probes of a loss: one prediction per row with 0/1 targets, away from every kink a
// common loss has; and, for losses that want class labels, two rows of two logits.
var lossProbes = []struct {
	pred, target []float64
	n            int
}{
	{[]float64{0.3, 0.8, 0.6, 0.15}, []float64{1, 0, 1, 0}, 4},
	{[]float64{0.3, -0.4, 1.1, 0.2}, []float64{1, 0}, 2},
}

// tryLoss builds the loss with no arguments and checks its gradient against finite
// differences on the first probe it evaluates.
func tryLoss(f loss.Factory) error {
	l, err := f(map[string]any{})
	if err != nil {
		return unchecked{err}
	}
	if l == nil {
		return fmt.Errorf("the factory returned no loss and no error")
	}
	if l.Name() == "" {
		return fmt.Errorf("Name() is empty")
	}
	var first error
	for _, p := range lossProbes {
		grad := make([]float64, len(p.pred))
		v, err := l.Eval(slices.Clone(p.pred), p.target, grad, p.n)
		if err != nil {
			if first == nil {
				first = fmt.Errorf("Eval(pred=%v, target=%v, n=%d): %v", p.pred, p.target, p.n, err)
			}
			continue
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("Eval(pred=%v, target=%v, n=%d) = %v", p.pred, p.target, p.n, v)
		}
		r, err := gradcheck.Loss(l, p.pred, p.target, p.n, gradcheck.Options{})
		if err != nil {
			return fmt.Errorf("gradient check: %v", err)
		}
		if !r.OK {
			return fmt.Errorf("gradient is wrong at pred=%v, target=%v: d/dpred[%d] is %.6g, finite differences give %.6g", p.pred, p.target, r.Index, r.Analytic, r.Numeric)
		}
		return nil
	}
	return unchecked{first}
}
