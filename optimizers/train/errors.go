package train

import (
	"errors"
	"fmt"
	"math"

	"github.com/descentlab/descent/optimizers"
)

// ErrStop, returned by a callback, ends training early without an error.
var ErrStop = errors.New("train: stop requested")

// ErrDiverged is wrapped by every DivergedError, for errors.Is. It is
// optimizers.ErrDiverged, so one test catches a diverged Fit and a diverged Minimize.
var ErrDiverged = optimizers.ErrDiverged

// DivergedError reports a loss or gradient that became NaN or infinite, or a loss that
// exploded: rose more than optimizers.ExplodeFactor times above the first step's scale.
// Training stops at that step, before the optimizer applies it, so the parameters are
// those that produced it.
type DivergedError struct {
	// Epoch (from 1), Step within it (from 1) and Global step (from 1).
	Epoch, Step, Global int
	// What is "loss" or "gradient"; Value the offending number; Index the gradient entry.
	What  string
	Value float64
	Index int
	// LR is the learning rate in force (NaN if the optimizer has none).
	LR float64
	// First is the loss of the first step, against which an exploding loss is measured.
	First float64
}

// Error says where training diverged and what probably caused it.
func (e *DivergedError) Error() string {
	where := fmt.Sprintf("epoch %d, step %d (step %d overall)", e.Epoch, e.Step, e.Global)
	what := fmt.Sprintf("the loss is %v", e.Value)
	if !math.IsNaN(e.Value) && !math.IsInf(e.Value, 0) {
		what = fmt.Sprintf("the loss exploded from %.4g at the first step to %.4g", e.First, e.Value)
	}
	if e.What == "gradient" {
		what = fmt.Sprintf("gradient entry %d is %v", e.Index, e.Value)
	}
	lr := "the learning rate is probably too large"
	if !math.IsNaN(e.LR) {
		lr = fmt.Sprintf("the learning rate %g is probably too large", e.LR)
	}
	hint := lr + ": lower it (say 10x), clip gradients (Options.ClipNorm) or standardize the inputs"
	if e.Global == 1 {
		hint = "it happened at the first step, so check the data for NaN or huge values and the loss for its targets; otherwise " + hint
	}
	return fmt.Sprintf("train: diverged at %s: %s; %s", where, what, hint)
}

// Unwrap returns ErrDiverged.
func (e *DivergedError) Unwrap() error { return ErrDiverged }

// closureError rejects an optimizer such as LBFGS that must re-evaluate the objective
// within a step: Fit has only one mini-batch gradient per step, so it cannot drive it.
// It unwraps to optimizers.ErrNeedsClosure, for errors.Is.
type closureError struct{ name string }

func (e *closureError) Error() string {
	return fmt.Sprintf("train: %s needs a closure over the whole data set; use optimizers.Minimize with a Problem, or a first-order optimizer (sgd, adam, ...) with Fit", e.name)
}

func (e *closureError) Unwrap() error { return optimizers.ErrNeedsClosure }
