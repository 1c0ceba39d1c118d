package train

import (
	"fmt"
	"strings"
	"time"
)

// History records a training run.
type History struct {
	// Loss is the training loss of every completed epoch: the mean of its batch losses
	// weighted by batch size, so with a mean-reduced loss it is the data set's mean loss
	// while the parameters moved.
	Loss []float64
	// ValLoss is the validation loss after every completed epoch (empty without
	// validation data).
	ValLoss []float64
	// Metrics maps a metric's name (and "val_" + name) to its value per epoch.
	Metrics map[string][]float64
	// StepLoss and LR are the batch loss and the learning rate of every step taken, also
	// those of an epoch cut short; with Options.AccumulateSteps the loss is the mean over
	// all the rows of the step's minibatches. LR is NaN for optimizers without "lr".
	StepLoss, LR []float64
	// EpochTime is the wall time of every completed epoch; Time is the whole run's.
	EpochTime []time.Duration
	Time      time.Duration
	// Epochs and Steps count completed epochs and steps taken.
	Epochs, Steps int
	// BestEpoch (from 1) is the epoch with the lowest monitored loss, and BestLoss that
	// loss.
	BestEpoch int
	BestLoss  float64
	// Stopped says why training ended: "completed", "early stopping", "callback",
	// "cancelled", "diverged" or "error".
	Stopped string
}

// String summarizes the run in one line.
func (h *History) String() string {
	if h == nil {
		return "<nil History>"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d epochs, %d steps in %v (%s)", h.Epochs, h.Steps, h.Time.Round(time.Millisecond), h.Stopped)
	if n := len(h.Loss); n > 0 {
		fmt.Fprintf(&b, ", loss %.6g", h.Loss[n-1])
	}
	if n := len(h.ValLoss); n > 0 {
		fmt.Fprintf(&b, ", val_loss %.6g", h.ValLoss[n-1])
	}
	return b.String()
}

// StepInfo is passed to Options.OnStep after every step.
type StepInfo struct {
	// Epoch (from 1), Step within the epoch (from 1) and Global step (from 1).
	Epoch, Step, Global int
	// Loss is the batch loss before the step (over all its minibatches with
	// AccumulateSteps); LR the learning rate the step used.
	Loss, LR float64
}

// EpochInfo is passed to Options.OnEpoch after every epoch.
type EpochInfo struct {
	// Epoch counts from 1.
	Epoch int
	// Loss and ValLoss (NaN without validation data) of the epoch.
	Loss, ValLoss float64
	// Metrics of this epoch by name, including "val_" ones.
	Metrics map[string]float64
	// Elapsed is the time since training started.
	Elapsed time.Duration
}

// Progress is a progress event for a progress bar.
type Progress struct {
	// Epoch (from 1) of Epochs, and Step (global, from 1) of Steps in the whole run.
	Epoch, Epochs, Step, Steps int
	// Loss is the last batch loss and LR the last learning rate.
	Loss, LR float64
	// Elapsed since training started, and the estimated time still to go.
	Elapsed, ETA time.Duration
	// Done is set on the last event of a run.
	Done bool
}
