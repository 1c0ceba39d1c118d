package optimizers

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"time"

	"gonum.org/v1/gonum/optimize"

	"github.com/descentlab/descent/optimizers/host"
)

// Gonum returns p as a gonum optimize.Problem (Func and Grad; FuncGrad is split in two).
func (p Problem) Gonum() optimize.Problem {
	gp := optimize.Problem{Func: p.Func, Grad: p.Grad}
	if p.FuncGrad != nil {
		if gp.Func == nil {
			gp.Func = func(x []float64) float64 { return p.FuncGrad(make([]float64, len(x)), x) }
		}
		if gp.Grad == nil {
			gp.Grad = func(grad, x []float64) { p.FuncGrad(grad, x) }
		}
	}
	return gp
}

// GonumMethod runs one of our optimizers inside gonum's optimize.Minimize: it implements
// optimize.Method and optimize.Statuser. Every iteration evaluates the function and
// gradient at the current point, reports it as a major iteration (where gonum checks
// its convergence settings), and takes one Step.
type GonumMethod struct {
	// Optimizer takes the steps. Init resets its State, since a gonum run starts afresh.
	Optimizer Optimizer
	// GradStopThreshold stops the method when the largest |gradient| component is below
	// it, as gonum's own gradient methods do; 0 means 1e-12 and NaN disables it.
	GradStopThreshold float64

	status optimize.Status
	err    error
}

// NewGonumMethod returns o wrapped as a gonum optimize.Method.
func NewGonumMethod(o Optimizer) *GonumMethod { return &GonumMethod{Optimizer: o} }

// Uses reports that the method needs the gradient.
func (m *GonumMethod) Uses(has optimize.Available) (optimize.Available, error) {
	if !has.Grad {
		return optimize.Available{}, optimize.ErrMissingGrad
	}
	return optimize.Available{Grad: true}, nil
}

// Init resets the optimizer's state and asks for a single task: steps are sequential.
func (m *GonumMethod) Init(dim, tasks int) int {
	m.status, m.err = optimize.NotTerminated, nil
	if m.Optimizer != nil {
		m.Optimizer.State().Reset()
	}
	return 1
}

// Status returns why the method stopped by itself (MethodDone), if it did.
func (m *GonumMethod) Status() (optimize.Status, error) { return m.status, m.err }

// Run implements the optimize.Method protocol: evaluate, report a major iteration, step,
// until gonum sends PostIteration; then drain results and close operation. A
// ClosureStepper such as LBFGS takes one StepClosure per major iteration, its closure
// calls becoming gonum evaluations; it stops by itself (MethodConverge) when a step
// leaves the point unchanged.
func (m *GonumMethod) Run(operation chan<- optimize.Task, result <-chan optimize.Task, tasks []optimize.Task) {
	defer close(operation)
	task := tasks[0]
	if m.Optimizer == nil {
		m.stop(operation, result, task, optimize.Failure, errors.New("GonumMethod: nil Optimizer"))
		return
	}
	n := len(task.X)
	if len(task.Gradient) != n {
		task.Gradient = make([]float64, n)
	}
	grad := make([]float64, n)
	thresh := m.GradStopThreshold
	if thresh == 0 {
		thresh = 1e-12
	}
	// evaluated is the point task.F and task.Gradient belong to, so that the point a
	// closure-driven step ended on is not evaluated twice.
	evaluated, valid := make([]float64, n), false
	evaluate := func() bool {
		if valid && maxAbsDiff(task.X, evaluated) == 0 {
			return true
		}
		task.Op = optimize.FuncEvaluation | optimize.GradEvaluation
		operation <- task
		if task = <-result; task.Op == optimize.PostIteration {
			return false
		}
		copy(evaluated, task.X)
		valid = true
		return true
	}
	cs, closureDriven := m.Optimizer.(ClosureStepper)
	closure := func(params, grads []float64) float64 {
		copy(task.X, params)
		if !evaluate() {
			panic(gonumAbort{})
		}
		copy(grads, task.Gradient)
		return task.F
	}
	prev := make([]float64, n)
	for iter := 0; ; iter++ {
		if !evaluate() {
			break
		}
		if err := finiteCheck(iter, task.F, task.Gradient); err != nil {
			m.stop(operation, result, task, optimize.Failure, err)
			return
		}
		task.Op = optimize.MajorIteration
		operation <- task
		if task = <-result; task.Op == optimize.PostIteration {
			break
		}
		if !math.IsNaN(thresh) && lbMaxAbs(task.Gradient) < thresh {
			m.stop(operation, result, task, optimize.GradientThreshold, nil)
			return
		}
		var err error
		if closureDriven {
			copy(prev, task.X)
			var aborted bool
			if aborted, err = stepClosureAbortable(cs, task.X, closure); aborted {
				break
			}
			if err == nil && maxAbsDiff(task.X, prev) == 0 {
				m.stop(operation, result, task, optimize.MethodConverge, nil)
				return
			}
		} else {
			copy(grad, task.Gradient)
			err = m.Optimizer.Step(task.X, grad)
		}
		if err != nil {
			m.stop(operation, result, task, optimize.Failure, fmt.Errorf("%s step %d: %w", m.Optimizer.Name(), iter+1, err))
			return
		}
	}
	for range result { // gonum closes result once its workers are done
	}
}

// gonumAbort unwinds a StepClosure when gonum ends the run in the middle of a step.
type gonumAbort struct{}

func stepClosureAbortable(cs ClosureStepper, x []float64, closure Closure) (aborted bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(gonumAbort); !ok {
				panic(r)
			}
			aborted = true
		}
	}()
	_, err = cs.StepClosure(x, closure)
	return false, err
}

// stop ends the run by the method's own decision: MethodDone, then the PostIteration
// gonum answers with, then the drain.
func (m *GonumMethod) stop(operation chan<- optimize.Task, result <-chan optimize.Task, task optimize.Task, st optimize.Status, err error) {
	m.status, m.err = st, err
	task.Op = optimize.MethodDone
	operation <- task
	for range result {
	}
}

// MinimizeGonum runs a gonum method (BFGS, LBFGS, CG, NelderMead, GradientDescent, or
// NewGonumMethod(ourOptimizer)) on p from x0, with s mapped onto gonum's settings:
// MaxIter → MajorIterations (0 means 1000), MaxEvals → FuncEvaluations, GradTol →
// GradientThreshold (0 means 1e-8; negative disables), FuncTol → a FunctionConverge
// with that absolute tolerance over 10 iterations (0 keeps gonum's default). StepTol is
// not supported by gonum and is ignored. The trajectory holds gonum's major iterations.
func MinimizeGonum(p Problem, x0 []float64, m optimize.Method, s Settings) (*Result, error) {
	return MinimizeGonumContext(context.Background(), p, x0, m, s)
}

// MinimizeGonumContext is MinimizeGonum that stops at the next evaluation once ctx is
// cancelled, returning the partial result with Status Cancelled.
func MinimizeGonumContext(ctx context.Context, p Problem, x0 []float64, m optimize.Method, s Settings) (*Result, error) {
	if m == nil || (reflect.ValueOf(m).Kind() == reflect.Pointer && reflect.ValueOf(m).IsNil()) {
		return nil, errors.New("minimize: nil gonum method")
	}
	if p.Func == nil && p.FuncGrad == nil {
		return nil, fmt.Errorf("minimize: problem %q has no Func", p.Name)
	}
	if err := checkStart(p, x0); err != nil {
		return nil, err
	}
	ctx, release := host.Bind(ctx) // a notebook interrupt stops it too
	defer release()
	gp := p.Gonum()
	var funcEvals, gradEvals int
	f, gr := gp.Func, gp.Grad
	gp.Func = func(x []float64) float64 { funcEvals++; return f(x) }
	if gr != nil {
		gp.Grad = func(grad, x []float64) { gradEvals++; gr(grad, x) }
	}
	// gonum panics when a method needs what the problem lacks; say so as an error.
	if _, err := m.Uses(optimize.Available{Grad: gp.Grad != nil}); err != nil {
		return nil, fmt.Errorf("minimize: %T cannot solve problem %q: %v", m, p.Name, err)
	}
	gp.Status = func() (optimize.Status, error) {
		if err := ctx.Err(); err != nil {
			return optimize.Failure, err
		}
		return optimize.NotTerminated, nil
	}

	rec := &gonumRecorder{keepXs: s.keepXs(len(x0)), keep: !s.NoTrajectory, callback: s.Callback}
	gs := &optimize.Settings{
		MajorIterations: s.maxIter() + 1, // gonum counts the start as a major iteration
		FuncEvaluations: s.MaxEvals,
		Recorder:        rec,
	}
	if tol := s.gradTol(); tol > 0 {
		gs.GradientThreshold = tol
	}
	if s.FuncTol > 0 {
		gs.Converger = &optimize.FunctionConverge{Absolute: s.FuncTol, Iterations: 10}
	}
	start := time.Now()
	gres, err := optimize.Minimize(gp, x0, gs, m)

	if gres != nil && rec.n < gres.MajorIterations {
		// gonum does not pass the major iteration that ends the run to the Recorder. The
		// run is over, so a stop request from the callback here changes nothing.
		wasStopped := rec.stopped
		rec.Record(&gres.Location, optimize.MajorIteration, nil)
		rec.stopped = wasStopped
	}
	res := &Result{Problem: p.Name, Method: gonumName(m), Xs: rec.xs, Fs: rec.fs, GradNorms: rec.gnorms,
		FuncEvals: funcEvals, GradEvals: gradEvals, Runtime: time.Since(start)}
	if gres != nil {
		res.X = append([]float64(nil), gres.X...)
		res.F = gres.F
		if gres.Gradient != nil {
			res.Grad = append([]float64(nil), gres.Gradient...)
			res.GradNorm = lbMaxAbs(res.Grad)
		} else {
			res.GradNorm = math.NaN()
		}
		res.Iterations = max(gres.MajorIterations-1, 0) // gonum counts the start as a major iteration
		res.Status = fromGonumStatus(gres.Status)
	}
	if ctx.Err() != nil {
		res.Status = Cancelled
		return res, fmt.Errorf("minimize: cancelled after %d iterations: %w", res.Iterations, ctx.Err())
	}
	if rec.stopped {
		res.Status = Stopped
		return res, nil
	}
	if rec.err != nil {
		res.Status = Failure
		return res, rec.err
	}
	if err != nil {
		res.Status = Failure
		return res, fmt.Errorf("minimize: %s: %w", res.Method, err)
	}
	return res, nil
}

// errCallbackStop makes gonum end the run when Settings.Callback asks to stop.
var errCallbackStop = errors.New("stopped by Settings.Callback")

// gonumRecorder keeps the major iterations as the trajectory and stops on NaN or Inf.
type gonumRecorder struct {
	keepXs   bool // record iterates
	keep     bool // record objective and gradient norms
	callback func(iter int, x []float64, f float64) bool
	stopped  bool
	n        int // major iterations seen
	xs       [][]float64
	fs       []float64
	gnorms   []float64
	err      error
}

// Init implements optimize.Recorder; there is nothing to prepare.
func (r *gonumRecorder) Init() error { return nil }

// Record implements optimize.Recorder.
func (r *gonumRecorder) Record(loc *optimize.Location, op optimize.Operation, _ *optimize.Stats) error {
	if op != optimize.MajorIteration {
		return nil
	}
	iter := r.n
	r.n++
	if err := finiteCheck(iter, loc.F, loc.Gradient); err != nil {
		r.err = err
		return err
	}
	gn := math.NaN()
	if loc.Gradient != nil {
		gn = lbMaxAbs(loc.Gradient)
	}
	if r.keepXs {
		r.xs = append(r.xs, append([]float64(nil), loc.X...))
	}
	if r.keep {
		r.fs = append(r.fs, loc.F)
		r.gnorms = append(r.gnorms, gn)
	}
	if r.callback != nil && !r.stopped && r.callback(iter, loc.X, loc.F) {
		r.stopped = true
		return errCallbackStop
	}
	return nil
}

func fromGonumStatus(s optimize.Status) Status {
	switch s {
	case optimize.GradientThreshold:
		return GradConverged
	case optimize.FunctionConvergence:
		return FuncConverged
	case optimize.StepConvergence:
		return StepConverged
	case optimize.MethodConverge, optimize.Success, optimize.FunctionThreshold:
		return MethodConverged
	case optimize.IterationLimit:
		return IterationLimit
	case optimize.FunctionEvaluationLimit, optimize.GradientEvaluationLimit:
		return EvaluationLimit
	case optimize.NotTerminated:
		return NotTerminated
	}
	return Failure
}

func gonumName(m optimize.Method) string {
	if g, ok := m.(*GonumMethod); ok && g.Optimizer != nil {
		return g.Optimizer.Name()
	}
	t := reflect.TypeOf(m)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return "gonum " + t.Name()
}
