package train

import (
	"time"

	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/data"
)

// Scheduler changes the learning rate as training goes; every schedule.Scheduler is one.
// It is declared here with the same methods so that any value with them, compiled or
// written in a notebook, can drive training.
type Scheduler interface {
	// Step advances the schedule one step or epoch.
	Step()
	// LR returns the current lr of each parameter group.
	LR() []float64
}

// MetricScheduler is a schedule fed a measured loss once per epoch, such as
// ReduceLROnPlateau; every schedule.MetricScheduler is one.
type MetricScheduler interface {
	Scheduler
	// StepMetric advances one epoch given the loss measured in it.
	StepMetric(metric float64)
}

// Every says when Options.Schedule is stepped.
type Every int

const (
	// PerEpoch steps the schedule after every epoch, as torch's epoch schedules expect.
	PerEpoch Every = iota
	// PerStep steps it after every optimizer step (warm-up, OneCycle, cyclic schedules).
	PerStep
)

// EarlyStopping stops training when the monitored loss (validation loss when validation
// data is given, else training loss) has not improved for Patience epochs. The zero value
// disables it.
type EarlyStopping struct {
	// Patience is the number of epochs without improvement tolerated; 0 disables.
	Patience int
	// MinDelta is how much lower than the best so far a loss must be to count as an
	// improvement.
	MinDelta float64
	// RestoreBest puts back the parameters of the best epoch when training ends, stops
	// early or is stopped by a callback; a cancelled or failed run keeps the parameters it
	// reached. With validation data these are the parameters validated, which for a
	// Schedule-Free optimizer are its evaluation point (see the package documentation).
	RestoreBest bool
}

// Options configures Fit; the zero value trains one shuffled epoch in batches of 32.
type Options struct {
	// Epochs is the number of passes over the data (default 1).
	Epochs int
	// BatchSize is the number of rows per step (default 32); use the data set's size or
	// more for full-batch gradient descent.
	BatchSize int
	// Seed seeds the shuffling of rows at every epoch; the same seed, model and data give
	// bit-identical runs.
	Seed uint64
	// NoShuffle visits rows in order every epoch.
	NoShuffle bool
	// AccumulateSteps, when above 1, averages the gradients of that many consecutive
	// minibatches of BatchSize rows before each optimizer step: training with batches of
	// AccumulateSteps*BatchSize rows in the memory of one minibatch. The step's gradient
	// is the mean over all the rows of its minibatches (each minibatch's gradient
	// weighted by its rows), which under a mean-reduced loss is the gradient of the
	// combined batch, and its loss in History.StepLoss likewise. Everything that counts
	// steps counts optimizer steps: schedules stepped PerStep, OnStep, History.Steps,
	// StepLoss and LR, and the progress bar. An epoch's last step takes the minibatches
	// left, fewer if the epoch's count is not a multiple. 0 and 1 mean no accumulation.
	AccumulateSteps int

	// Schedule changes the lr, stepped as Every says. A schedule that is also a
	// MetricScheduler (ReduceLROnPlateau) is instead fed the monitored loss every epoch.
	Schedule Scheduler
	// Every says whether Schedule steps per epoch (default) or per step.
	Every Every
	// MetricSchedule is fed the monitored loss after every epoch. Use it for metric
	// schedules written in a notebook, which Fit cannot recognize inside Schedule.
	MetricSchedule MetricScheduler

	// ClipNorm, when positive, rescales each gradient to at most this L2 norm.
	ClipNorm float64
	// ClipValue, when positive, clamps every gradient entry into [-ClipValue, ClipValue].
	ClipValue float64
	// L1 and L2, when positive, add the penalties L1*|w| and L2/2*w^2 on every parameter
	// to the gradient (the reported loss stays the data loss).
	L1, L2 float64
	// Transforms run after clipping and penalties, in order, around every optimizer step.
	Transforms []optimizers.Transform

	// Validation, when set, is evaluated after every epoch, at the optimizer's evaluation
	// point (optimizers.EvalParams: Schedule-Free's average, the parameters themselves for
	// every other optimizer); its loss is then what early stopping and metric schedules
	// watch.
	Validation *data.Dataset
	// Metrics are computed on the training batches during each epoch and on the
	// validation data after it (named "val_" + Name()).
	Metrics []Metric
	// EarlyStopping stops training when the monitored loss stops improving.
	EarlyStopping EarlyStopping

	// Target, when non-zero, stops training with Stopped "target reached" after the first
	// epoch whose monitored loss (validation loss with validation data, else training
	// loss) is at most Target. To stop at a loss of 0 or less use a tiny positive Target.
	Target float64

	// Quiet turns off the progress bar that Fit shows in a notebook cell (see package
	// optimizers/host); Progress events are sent either way.
	Quiet bool

	// OnStep is called after every step; returning ErrStop ends training without error,
	// any other error ends it with that error.
	OnStep func(s StepInfo) error
	// OnEpoch is called after every epoch, with the same rules as OnStep.
	OnEpoch func(e EpochInfo) error
	// Progress receives progress events: the first step, then at most one per
	// ProgressEvery, then the last. Nothing is printed when it is nil.
	Progress func(p Progress)
	// ProgressEvery is the least time between progress events (default 100 ms).
	ProgressEvery time.Duration
}
