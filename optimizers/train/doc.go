// Package train fits a model.Model to a data.Dataset under a loss.Loss with any
// optimizers.Optimizer: minibatches, gradient accumulation, schedules, clipping and
// penalties, validation, metrics, early stopping, callbacks and progress events, with
// cooperative cancellation and divergence detection.
//
// In a notebook, Fit shows a live progress bar in the cell that runs it, with no code:
// epoch and step, the epoch's running loss, the last validation loss and metrics,
// steps per second, elapsed time and time left, updated at most ten times a second,
// with the final state kept in the saved notebook (one line of text in terminals and
// kernel run). Options.Quiet turns it off; Options.Progress still gets its events. The
// bar reaches the notebook through package optimizers/host and costs a counter per
// step. Options.Target stops training once the monitored loss reaches a target, and a
// loss that becomes NaN or explodes (optimizers.ExplodeFactor) ends it as diverged.
//
// # Training point and evaluation point
//
// Most optimizers train and are evaluated at the same parameters. Schedule-Free ones
// (optimizers.AdamWScheduleFree, SGDScheduleFree, and any optimizer wrapping one) take
// their gradients at an interpolation y but converge in an average x, the point to
// validate and deploy; optimizers.EvalParams gives it. Fit keeps the two apart as the
// reference's opt.train() and opt.eval() do: the model trains at y, and every
// validation (History.ValLoss, the "val_" metrics, early stopping, metric schedules and
// the progress bar's val_loss) evaluates the model at x, then puts y back exactly, so
// training goes on undisturbed. The training loss and metrics are those of the batches
// at y. When Fit returns, the model holds y, ready to train on, unless
// EarlyStopping.RestoreBest put back the best validated point; to deploy or evaluate a
// Schedule-Free model after training, move it to x first:
//
//	optimizers.EvalParams(opt, m.Params(), m.Params())
//
// Fit is compiled code end to end: a notebook passes a model, a loss and options and gets
// a History back, and nothing is interpreted per element or per row. Callbacks and
// progress hooks, which may be interpreted functions, run at most once per step.
//
// From a notebook, models, losses, metrics, schedules and transforms written in the cell
// work like built-in ones. One yaegi limit applies (v0.16.1, checked): a notebook-defined
// value cannot be written straight into an interface field of an Options literal
// (Options{MetricSchedule: &MyPlateau{}} fails with "reflect.Set ... not assignable").
// Assign it to the field afterwards (o.MetricSchedule = p), or through a variable of the
// interface type first; slices such as []train.Metric{&MyMetric{}} work as written.
//
// A step does not allocate once training is under way: batch buffers, the model's
// workspaces and the history's per-step slices are sized before the first step.
// BenchmarkFitMoons (2-64-64-2 relu MLP, 100,000 two-moons points, batch 256, Adam, one
// epoch = 391 steps) measured 0 allocations per step and 386-389 ms per epoch (about
// 1.0 ms per step) on the 2-core development machine when quiet (go test -bench FitMoons
// -benchtime 3x -count 3), and 395-770 ms at load averages of 4.5 to 9.
// gonum's Dgemm takes three quarters of the time; one forward and backward pass alone
// (BenchmarkForwardBackward in package model) ran at 1.05 ms, about 6 GFLOP/s. A Fit call
// allocates 36 times (0.95 MB) to set up.
package train
