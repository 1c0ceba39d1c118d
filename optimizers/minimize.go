package optimizers

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/descentlab/descent/optimizers/host"
	"github.com/descentlab/descent/optimizers/internal/progress"
	"github.com/descentlab/descent/optimizers/internal/view"
)

// Minimize runs o on p from x0 until a stopping rule of s holds, and returns the result
// with its trajectory. x0 is not modified. An optimizer that implements ClosureStepper,
// such as LBFGS, is driven through StepClosure, one outer step per iteration; every other
// optimizer takes one Step per iteration with the gradient at the current point.
//
// A NaN or Inf objective or gradient after a step, or an objective that explodes (rises
// more than ExplodeFactor times above its starting scale), stops the run with Status
// Diverged, a one-line Result.Hint (lower the learning rate, and for SGD the largest
// stable rate estimated from the curvature met along the last step) and an error wrapping
// ErrDiverged. A NaN or Inf at the starting point is a Failure. The result so far is
// returned with every error.
//
// For an optimizer with an evaluation point of its own (Schedule-Free; see EvalParams),
// the iterations and Result.Xs and Fs follow the training point, where the gradients are
// taken, and the stopping rules test it; when the run ends, Result.X, F, Grad and
// GradNorm are those of the evaluation point, which costs one more evaluation (counted in
// FuncEvals). A run that fails, diverges or is cancelled reports the training point.
//
// In a notebook, a run that lasts longer than about a second shows a live progress bar in
// its cell (see package host) unless s.Quiet is set.
func Minimize(p Problem, x0 []float64, o Optimizer, s Settings) (*Result, error) {
	return MinimizeContext(context.Background(), p, x0, o, s)
}

// ExplodeFactor is how far an objective may rise above its start before Minimize and
// train.Fit call the run diverged: beyond f0 + ExplodeFactor*max(1, |f0|).
const ExplodeFactor = 1e8

// ErrDiverged is wrapped by the error of a run that diverged, for errors.Is.
var ErrDiverged = errors.New("diverged")

// minimizeDelay is how long Minimize runs before it shows a progress bar.
var minimizeDelay = time.Second

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
	var bar *progress.Bar
	if !s.Quiet {
		bar = progress.Start(fmt.Sprintf("Minimize %s on %s", o.Name(), nameOr(p.Name, "problem")), s.maxIter(), "iteration", minimizeDelay)
	}
	var evalAt []float64 // the optimizer's evaluation point, for those that have one
	if HasEvalPoint(o) {
		evalAt = make([]float64, n)
	}
	finish := func(st Status, e error) (*Result, error) {
		if evalAt != nil && st != Failure && st != Diverged && st != Cancelled {
			if err := reportEvalPoint(res, o, ev, evalAt); err != nil {
				st, e = Failure, fmt.Errorf("minimize: %s after %d iterations: %w", o.Name(), iter, err)
			}
		}
		res.Status, res.Iterations, res.FuncEvals, res.GradEvals = st, iter, ev.funcEvals, ev.gradEvals
		res.GradNorm = lbMaxAbs(g)
		res.Runtime = time.Since(start)
		bar.Finish(minimizeState(res, iter, st))
		return res, e
	}
	defer func() {
		// A panic in user code (an index error in Func, say) becomes an error that names
		// the iteration, and the trajectory so far survives.
		if r := recover(); r != nil {
			res, err = finish(Failure, fmt.Errorf("minimize: panic at iteration %d: %v", iter, host.Recovered(r)))
		}
	}()

	res.F = ev.eval(x, g)
	res.record(x, res.F, lbMaxAbs(g), s)
	if err := finiteCheck(0, res.F, g); err != nil {
		return finish(Failure, err)
	}
	f0 := res.F
	limit := f0 + ExplodeFactor*math.Max(1, math.Abs(f0))
	if s.Callback != nil && s.Callback(0, x, res.F) {
		return finish(Stopped, nil)
	}
	if s.Target != 0 && res.F <= s.Target {
		return finish(TargetReached, nil)
	}
	if tol := s.gradTol(); tol > 0 && lbMaxAbs(g) <= tol {
		return finish(GradConverged, nil)
	}

	cs, closureDriven := o.(ClosureStepper)
	stepGrad := make([]float64, n) // optimizers and transforms may scale the gradient in place
	xPrev, gPrev := make([]float64, n), make([]float64, n)
	var curv [2]float64 // the curvature along the last two steps that rose above f0
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
		copy(gPrev, g)
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
		what := nonFinite(res.F, g)
		if what == "" && res.F > f0 {
			curv[0], curv[1] = curv[1], curvature(xPrev, gPrev, x, g)
		}
		if what == "" && res.F > limit {
			what = fmt.Sprintf("objective rose from %.4g to %.4g", f0, res.F)
		}
		if what != "" {
			res.Hint = divergenceHint(o, res.F, curv)
			return finish(Diverged, &divergence{fmt.Sprintf("minimize: %s diverged at iteration %d: %s; %s", o.Name(), iter, what, res.Hint)})
		}
		if s.Callback != nil && s.Callback(iter, x, res.F) {
			return finish(Stopped, nil)
		}
		if bar.Due() {
			bar.Show(minimizeState(res, iter, NotTerminated))
		}
		switch {
		case s.Target != 0 && res.F <= s.Target:
			return finish(TargetReached, nil)
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

// reportEvalPoint moves res.X to o's evaluation point and evaluates res.F and res.Grad
// there, when that point differs from the training point res.X holds.
func reportEvalPoint(res *Result, o Optimizer, ev *evaluator, buf []float64) error {
	if err := EvalParams(o, buf, res.X); err != nil {
		return err
	}
	if maxAbsDiff(buf, res.X) == 0 {
		return nil
	}
	copy(res.X, buf)
	res.F = ev.eval(res.X, res.Grad)
	return nil
}

// minimizeState is what Minimize's progress bar shows; st is NotTerminated while running.
func minimizeState(r *Result, iter int, st Status) progress.State {
	ps := progress.State{Done: iter, Fields: []progress.Field{{Name: "f", Value: view.Num(r.F)}}}
	if st != NotTerminated {
		ps.Status, ps.Failed = st.String(), st == Diverged || st == Failure || st == Cancelled
	}
	return ps
}

func nameOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// divergence is the error of a diverged run; it unwraps to ErrDiverged.
type divergence struct{ msg string }

func (d *divergence) Error() string { return d.msg }
func (d *divergence) Unwrap() error { return ErrDiverged }

// divergenceHint advises on a diverged run. On a quadratic, the curvature along a step,
// L = |g - gPrev| / |x - xPrev|, approaches the largest Hessian eigenvalue as diverging
// gradient descent aligns with its eigenvector, and that bounds SGD's stable learning
// rates: 2/L without momentum, 2(1+μ)/L with heavy-ball momentum μ and
// 2(1+μ)/((1+2μ)L) with Nesterov's. curv holds the curvature along the last two steps
// that climbed; when they differ by more than 5% the problem is not locally quadratic
// where it diverged (Rosenbrock thrown far out, say) and no bound is claimed.
func divergenceHint(o Optimizer, f float64, curv [2]float64) string {
	if math.IsInf(f, -1) {
		return "the objective is unbounded below along this path: check that the problem has a minimum"
	}
	h := o.Hyper()
	if h == nil || !h.Has("lr") {
		return "the method is unstable on this problem: scale the problem or bound the steps"
	}
	lr := h.Float("lr")
	L := curv[1]
	if o.Name() == "SGD" && h.Float("dampening") == 0 && L > 0 && math.Abs(curv[0]-L) <= 0.05*L {
		mu, bound := h.Float("momentum"), 2/L
		formula := "2/L"
		switch {
		case mu > 0 && h.Bool("nesterov"):
			bound, formula = 2*(1+mu)/((1+2*mu)*L), "2(1+μ)/((1+2μ)L)"
		case mu > 0:
			bound, formula = 2*(1+mu)/L, "2(1+μ)/L"
		}
		return fmt.Sprintf("lower the learning rate: lr=%g is above the largest stable rate, about %.3g (%s with curvature L ≈ %.3g along the last steps)", lr, bound, formula, L)
	}
	return fmt.Sprintf("lower the learning rate (lr=%g now; try %g)", lr, lr/10)
}

// curvature returns |g - gPrev| / |x - xPrev|, or 0 when it is not a finite positive
// number.
func curvature(xPrev, gPrev, x, g []float64) float64 {
	var dx, dg float64
	for i := range x {
		a, b := x[i]-xPrev[i], g[i]-gPrev[i]
		dx += a * a
		dg += b * b
	}
	L := math.Sqrt(dg) / math.Sqrt(dx)
	if math.IsNaN(L) || math.IsInf(L, 0) || L <= 0 {
		return 0
	}
	return L
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
