package optimizers

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/descentlab/descent/optimizers/host"
)

// Minimize runs o on p from x0 until a stopping rule of s holds, and returns the result
// with its trajectory. x0 is not modified. An optimizer that implements ClosureStepper,
// such as LBFGS, is driven through StepClosure, one outer step per iteration; every other
// optimizer takes one Step per iteration with the gradient at the current point.
//
// A NaN or Inf objective or gradient stops with Status Failure and an error naming the
// iteration; the result so far is returned with every error.
func Minimize(p Problem, x0 []float64, o Optimizer, s Settings) (*Result, error) {
	return MinimizeContext(context.Background(), p, x0, o, s)
}

// MinimizeContext is Minimize that checks ctx before every iteration and, once it is
// cancelled, returns the partial result with Status Cancelled and an error wrapping
// ctx.Err(). A long objective evaluation is not interrupted; the check comes after it.
//
// Both also stop when the program running them cancels its host context (see package
// host): in a notebook, interrupting the cell stops Minimize whatever ctx it was given.
func MinimizeContext(ctx context.Context, p Problem, x0 []float64, o Optimizer, s Settings) (res *Result, err error) {
	if err := checkMinimize(p, x0, o == nil); err != nil {
		return nil, err
	}
	ctx, release := host.Bind(ctx)
	defer release()
	n := len(x0)
	ev := newEvaluator(p, n)
	res = &Result{Problem: p.Name, Method: o.Name(), X: append([]float64(nil), x0...), Grad: make([]float64, n)}
	x, g := res.X, res.Grad
	start := time.Now()
	iter := 0
	finish := func(st Status, e error) (*Result, error) {
		res.Status, res.Iterations, res.FuncEvals, res.GradEvals = st, iter, ev.funcEvals, ev.gradEvals
		res.GradNorm = lbMaxAbs(g)
		res.Runtime = time.Since(start)
		return res, e
	}
	defer func() {
		// A panic in user code (an index error in Func, say) becomes an error that names
		// the iteration, and the trajectory so far survives.
		if r := recover(); r != nil {
			res, err = finish(Failure, fmt.Errorf("minimize: panic at iteration %d: %v", iter, r))
		}
	}()

	res.F = ev.eval(x, g)
	res.record(x, res.F, lbMaxAbs(g), s)
	if err := finiteCheck(0, res.F, g); err != nil {
		return finish(Failure, err)
	}
	if s.Callback != nil && s.Callback(0, x, res.F) {
		return finish(Stopped, nil)
	}
	if tol := s.gradTol(); tol > 0 && lbMaxAbs(g) <= tol {
		return finish(GradConverged, nil)
	}

	cs, closureDriven := o.(ClosureStepper)
	stepGrad := make([]float64, n) // optimizers and transforms may scale the gradient in place
	xPrev := make([]float64, n)
	for {
		if iter >= s.maxIter() {
			return finish(IterationLimit, nil)
		}
		if s.MaxEvals > 0 && ev.funcEvals >= s.MaxEvals {
			return finish(EvaluationLimit, nil)
		}
		if e := ctx.Err(); e != nil {
			return finish(Cancelled, fmt.Errorf("minimize: cancelled after %d iterations: %w", iter, e))
		}
		copy(xPrev, x)
		fPrev := res.F
		if closureDriven {
			_, err = cs.StepClosure(x, ev.closure)
		} else {
			copy(stepGrad, g)
			err = o.Step(x, stepGrad)
		}
		if err != nil {
			return finish(Failure, fmt.Errorf("minimize: %s step %d: %w", o.Name(), iter+1, err))
		}
		iter++
		res.F = ev.eval(x, g)
		gnorm := lbMaxAbs(g)
		res.record(x, res.F, gnorm, s)
		if err := finiteCheck(iter, res.F, g); err != nil {
			return finish(Failure, err)
		}
		if s.Callback != nil && s.Callback(iter, x, res.F) {
			return finish(Stopped, nil)
		}
		switch {
		case s.gradTol() > 0 && gnorm <= s.gradTol():
			return finish(GradConverged, nil)
		case s.FuncTol > 0 && math.Abs(res.F-fPrev) <= s.FuncTol*math.Max(1, math.Abs(res.F)):
			return finish(FuncConverged, nil)
		case s.StepTol > 0 && maxAbsDiff(x, xPrev) <= s.StepTol:
			return finish(StepConverged, nil)
		case closureDriven && maxAbsDiff(x, xPrev) == 0:
			// The method's own tests (tolerance_grad, tolerance_change) stopped it before
			// it moved; calling it again would not either.
			return finish(MethodConverged, nil)
		}
	}
}

func checkMinimize(p Problem, x0 []float64, nilOpt bool) error {
	switch {
	case nilOpt:
		return errors.New("minimize: nil optimizer")
	case p.Func == nil && p.FuncGrad == nil:
		return fmt.Errorf("minimize: problem %q has no Func", p.Name)
	case p.Grad == nil && p.FuncGrad == nil:
		return fmt.Errorf("minimize: problem %q has no Grad (or FuncGrad); gradient-free problems need a gonum method such as NelderMead (MinimizeGonum)", p.Name)
	}
	return checkStart(p, x0)
}

// checkStart refuses a starting point whose length is not the problem's, which would
// otherwise surface as an index panic inside Func.
func checkStart(p Problem, x0 []float64) error {
	switch {
	case len(x0) == 0:
		return fmt.Errorf("minimize: problem %q: empty starting point", p.Name)
	case len(p.Start) > 0 && len(x0) != len(p.Start):
		return fmt.Errorf("minimize: starting point has %d values, problem %q has dimension %d (len(Start))", len(x0), p.Name, len(p.Start))
	}
	return nil
}

// evaluator counts evaluations and remembers the last point, because LBFGS re-evaluates
// the point Minimize has just evaluated at the start of every step.
type evaluator struct {
	p                    Problem
	lastX, lastG         []float64
	lastF                float64
	valid                bool
	funcEvals, gradEvals int
}

func newEvaluator(p Problem, n int) *evaluator {
	return &evaluator{p: p, lastX: make([]float64, n), lastG: make([]float64, n)}
}

func (e *evaluator) eval(x, g []float64) float64 {
	if e.valid && len(x) == len(e.lastX) && maxAbsDiff(x, e.lastX) == 0 {
		copy(g, e.lastG)
		return e.lastF
	}
	var f float64
	if e.p.FuncGrad != nil {
		f = e.p.FuncGrad(g, x)
	} else {
		f = e.p.Func(x)
		e.p.Grad(g, x)
	}
	e.funcEvals++
	e.gradEvals++
	copy(e.lastX, x)
	copy(e.lastG, g)
	e.lastF, e.valid = f, true
	return f
}

// closure adapts eval to the Closure signature of ClosureStepper.
func (e *evaluator) closure(params, grads []float64) float64 { return e.eval(params, grads) }

func maxAbsDiff(a, b []float64) float64 {
	m := 0.0
	for i := range a {
		if d := math.Abs(a[i] - b[i]); d > m || d != d {
			m = d
		}
	}
	return m
}
