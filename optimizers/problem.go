package optimizers

import (
	"fmt"
	"math"
	"time"
)

// Problem is an objective to minimise, described by functions as gonum's
// optimize.Problem is, so notebook code can fill one in with function literals.
// Func is required; gradient-based optimizers also need Grad or FuncGrad.
type Problem struct {
	// Name labels the problem in results and plots.
	Name string
	// Func returns the objective at x; it must not modify x.
	Func func(x []float64) float64
	// Grad writes the gradient at x into grad (same length); it must not modify x.
	Grad func(grad, x []float64)
	// FuncGrad, when set, is used instead of Func and Grad where both are needed at the
	// same point, for objectives that share work between the two.
	FuncGrad func(grad, x []float64) float64

	// Start is a suggested starting point, or nil.
	Start []float64
	// Minima lists known global minimisers, for checks and for marking plots.
	Minima [][]float64
	// MinValue is the objective at the minima (meaningful when Minima is non-empty).
	MinValue float64
	// Bounds is a box [lo, hi] per coordinate around the interesting region, for plots.
	// It is not a constraint.
	Bounds [][2]float64
}

// Dim returns the problem's dimension as known from Start, Minima or Bounds, or 0.
func (p Problem) Dim() int {
	switch {
	case len(p.Start) > 0:
		return len(p.Start)
	case len(p.Minima) > 0:
		return len(p.Minima[0])
	}
	return len(p.Bounds)
}

// Settings controls Minimize. The zero value is usable: every field says what its zero
// means, as in gonum's optimize.Settings.
type Settings struct {
	// MaxIter bounds the iterations (optimizer steps); 0 means 1000.
	MaxIter int
	// MaxEvals bounds the evaluations of Func (or FuncGrad); 0 means no bound.
	MaxEvals int
	// GradTol stops when the largest |gradient| component is at most GradTol; 0 means
	// 1e-8, a negative value disables the test.
	GradTol float64
	// FuncTol stops when |f_k - f_(k-1)| <= FuncTol*max(1, |f_k|); 0 disables the test.
	FuncTol float64
	// StepTol stops when the largest |x_k - x_(k-1)| component is at most StepTol; 0
	// disables the test.
	StepTol float64
	// NoTrajectory skips recording the trajectory. Even without it, iterates (Result.Xs)
	// are recorded only up to TrajectoryMaxDim parameters, so that a model with a
	// million weights does not keep a copy per iteration; Fs and GradNorms always are.
	NoTrajectory bool
	// Target, when non-zero, stops the run with Status TargetReached as soon as the
	// objective is at most Target (gonum's FunctionThreshold). Zero disables it; to stop
	// at f <= 0 use a tiny positive Target such as 1e-300.
	Target float64
	// Quiet turns off the progress bar that Minimize shows in a notebook cell when a run
	// takes longer than about a second (see package host).
	Quiet bool
	// Callback, when set, is called after every iteration (and once at the start, with
	// iter 0) with the current point and objective, for live plots and progress bars;
	// returning true stops the run with Status Stopped. It must not keep or modify x.
	Callback func(iter int, x []float64, f float64) (stop bool)
}

// TrajectoryMaxDim is the largest dimension for which Minimize records every iterate.
const TrajectoryMaxDim = 10000

// keepXs reports whether iterates of dimension n are recorded.
func (s Settings) keepXs(n int) bool { return !s.NoTrajectory && n <= TrajectoryMaxDim }

func (s Settings) maxIter() int {
	if s.MaxIter <= 0 {
		return 1000
	}
	return s.MaxIter
}

func (s Settings) gradTol() float64 {
	if s.GradTol == 0 {
		return 1e-8
	}
	return s.GradTol
}

// Status says why a minimisation stopped.
type Status int

// The reasons Minimize stops.
const (
	NotTerminated   Status = iota // still running, or never started
	GradConverged                 // gradient below Settings.GradTol
	FuncConverged                 // objective change below Settings.FuncTol
	StepConverged                 // step below Settings.StepTol
	MethodConverged               // the method stopped by its own rule (LBFGS made no step, gonum's convergence)
	IterationLimit                // Settings.MaxIter reached
	EvaluationLimit               // Settings.MaxEvals reached
	Cancelled                     // the context was cancelled
	Stopped                       // Settings.Callback asked to stop
	Failure                       // an error at the start or from the optimizer; see the returned error
	Diverged                      // the objective or gradient became NaN or Inf, or the objective exploded; see Result.Hint
	TargetReached                 // the objective reached Settings.Target
)

var statusNames = [...]string{"NotTerminated", "GradConverged", "FuncConverged", "StepConverged",
	"MethodConverged", "IterationLimit", "EvaluationLimit", "Cancelled", "Stopped", "Failure",
	"Diverged", "TargetReached"}

// String returns the status's name, such as "GradConverged".
func (s Status) String() string {
	if s >= 0 && int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// Converged reports whether the status is a convergence test (reaching Settings.Target
// included) rather than a limit, cancellation, divergence or failure.
func (s Status) Converged() bool {
	return s == GradConverged || s == FuncConverged || s == StepConverged || s == MethodConverged || s == TargetReached
}

// Result is the outcome of a minimisation: the final point and, unless
// Settings.NoTrajectory, every iterate for plotting.
type Result struct {
	Problem string // Problem.Name
	Method  string // optimizer or gonum method name
	Status  Status

	X        []float64 // final point
	F        float64   // objective at X
	Grad     []float64 // gradient at X (nil for gradient-free gonum methods)
	GradNorm float64   // largest |Grad| component

	Iterations int // steps taken
	FuncEvals  int // calls of Func (or FuncGrad)
	GradEvals  int // calls of Grad (or FuncGrad)
	Runtime    time.Duration

	// Hint is one line of advice when the run diverged, such as which learning rate to
	// try instead; empty otherwise.
	Hint string

	// Xs[k] and Fs[k] are the iterate and objective after k steps (Xs[0] is the start);
	// GradNorms[k] is the largest |gradient| component there (NaN when unknown). Xs is
	// nil above TrajectoryMaxDim parameters; all three are nil with NoTrajectory.
	Xs        [][]float64
	Fs        []float64
	GradNorms []float64
}

func (r *Result) record(x []float64, f, gnorm float64, s Settings) {
	if s.keepXs(len(x)) {
		r.Xs = append(r.Xs, append([]float64(nil), x...))
	}
	if !s.NoTrajectory {
		r.Fs = append(r.Fs, f)
		r.GradNorms = append(r.GradNorms, gnorm)
	}
}

// String summarises the run in one line, with the hint of a diverged run.
func (r *Result) String() string {
	if r == nil {
		return "<nil Result>"
	}
	s := fmt.Sprintf("%s on %s: %v after %d iterations (%d evaluations), f=%.6g at %.6g, max|grad|=%.3g",
		r.Method, r.Problem, r.Status, r.Iterations, r.FuncEvals, r.F, r.X, r.GradNorm)
	if r.Hint != "" {
		s += "; " + r.Hint
	}
	return s
}

// nonFinite describes the first NaN or Inf among f and g, or returns "" when all are
// finite.
func nonFinite(f float64, g []float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return fmt.Sprintf("objective is %v", f)
	}
	for i, v := range g {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Sprintf("gradient[%d] is %v", i, v)
		}
	}
	return ""
}

// finiteCheck returns an error naming the iteration when f or any of g is NaN or Inf.
func finiteCheck(iter int, f float64, g []float64) error {
	if what := nonFinite(f, g); what != "" {
		return fmt.Errorf("minimize: %s at iteration %d", what, iter)
	}
	return nil
}
