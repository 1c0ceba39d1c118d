package explore

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/data"
	"github.com/descentlab/descent/optimizers/internal/progress"
	"github.com/descentlab/descent/optimizers/internal/view"
	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/model"
	"github.com/descentlab/descent/optimizers/train"
)

// Run is the outcome of one optimizer in a Comparison.
type Run struct {
	// Label names the run; Optimizer is the optimizer as it started, in torch's spelling.
	Label, Optimizer string
	// Status says how the run ended: a Minimize status such as "GradConverged" or
	// "Diverged", or how Fit stopped ("completed", "diverged", ...).
	Status string
	// Final is the last loss: the objective at the end for Compare, the last epoch's
	// monitored loss (validation loss with validation data) for CompareFit. Best is the
	// lowest objective seen, or the best epoch's monitored loss.
	Final, Best float64
	// Steps counts optimizer steps and Time is the run's wall time.
	Steps int
	Time  time.Duration
	// Loss is the loss per step: the objective at the start and after every iteration
	// (Compare), or every step's batch loss (CompareFit).
	Loss []float64
	// Path holds the iterates of a Compare run (nil above optimizers.TrajectoryMaxDim).
	Path [][]float64
	// Err is why the run stopped early (divergence, a failing step), or nil.
	Err error
	// Result (Compare) or History (CompareFit) is everything the run reported.
	Result  *optimizers.Result
	History *train.History
	// Params are the model's parameters at the end of a CompareFit run; copy them into
	// the model's Params to keep that run's model.
	Params []float64
}

// failed reports whether the run ended without a usable result.
func (r *Run) failed() bool {
	return r.Err != nil || math.IsNaN(r.Final) || math.IsInf(r.Final, 0)
}

// Comparison is several optimizers run on one problem from the same start with the same
// budget. It shows itself as a table and plots; its fields are for further code.
type Comparison struct {
	// Problem names what was minimized: the Problem's name or the model.
	Problem string
	// Budget says what every run was allowed, such as "3000 iterations".
	Budget string
	// Runs holds one Run per Spec, in order.
	Runs []Run

	problem *optimizers.Problem // for the contour map of a two-dimensional Compare
}

// Best returns the run with the lowest Final loss among those that did not fail, or nil.
func (c *Comparison) Best() *Run {
	var best *Run
	for i := range c.Runs {
		r := &c.Runs[i]
		if !r.failed() && (best == nil || r.Final < best.Final) {
			best = r
		}
	}
	return best
}

// Run returns the run labelled label, or nil.
func (c *Comparison) Run(label string) *Run {
	for i := range c.Runs {
		if c.Runs[i].Label == label {
			return &c.Runs[i]
		}
	}
	return nil
}

// compareDelay is how long a comparison runs before it shows a progress bar.
var compareDelay = 500 * time.Millisecond

// Compare runs every spec on p from x0 (p.Start when x0 is nil) under settings s, one
// after the other, and returns the comparison. Each run gets a fresh optimizer (and
// schedule, stepped after every iteration) and the same start and budget. A run that
// diverges or fails is recorded with its error and the others still run; a misspelt
// optimizer or schedule is an error before anything runs. Interrupting the notebook cell
// stops the comparison, which returns the runs so far with the error.
func Compare(p optimizers.Problem, x0 []float64, specs []Spec, s optimizers.Settings) (*Comparison, error) {
	if x0 == nil {
		x0 = p.Start
	}
	if len(x0) == 0 {
		return nil, fmt.Errorf("explore: problem %q has no Start; pass a starting point", p.Name)
	}
	if err := check(specs); err != nil {
		return nil, err
	}
	maxIter := s.MaxIter
	if maxIter <= 0 {
		maxIter = 1000 // Minimize's default
	}
	name := p.Name
	if name == "" {
		name = "problem"
	}
	c := &Comparison{Problem: name, Budget: fmt.Sprintf("%d iterations", maxIter), problem: &p}
	var bar *progress.Bar // nil shows nothing
	if !s.Quiet {
		bar = progress.Start(fmt.Sprintf("Compare %d optimizers on %s", len(specs), name), len(specs)*maxIter, "iteration", compareDelay)
	}
	done := 0
	for i, spec := range specs {
		o, sched, label, err := spec.build()
		if err != nil {
			return c, err
		}
		run := s
		run.Quiet = true
		user := s.Callback
		run.Callback = func(iter int, x []float64, f float64) bool {
			if iter > 0 && sched != nil {
				sched.Step()
			}
			if bar.Due() {
				bar.Show(progress.State{Done: done + iter, Fields: []progress.Field{
					{Name: "run", Value: fmt.Sprintf("%d/%d %s", i+1, len(specs), label)}, {Name: "f", Value: view.Num(f)}}})
			}
			return user != nil && user(iter, x, f)
		}
		start := optimizers.Describe(o)
		res, err := optimizers.Minimize(p, x0, o, run)
		done += maxIter
		if res == nil {
			return c, fmt.Errorf("explore: %s: %w", label, err)
		}
		r := Run{Label: label, Optimizer: start, Status: res.Status.String(), Final: res.F, Best: minFinite(res.Fs, res.F),
			Steps: res.Iterations, Time: res.Runtime, Loss: res.Fs, Path: res.Xs, Err: err, Result: res}
		c.Runs = append(c.Runs, r)
		if res.Status == optimizers.Cancelled {
			bar.Finish(progress.State{Done: done, Status: "cancelled", Failed: true})
			return c, err
		}
	}
	bar.Finish(progress.State{Done: done, Status: "done"})
	return c, nil
}

// CompareFit trains m on d under loss l once per spec, with options o, and returns the
// comparison. Every run starts from the model's current parameters and uses o.Seed for
// shuffling, so the runs differ only by optimizer; afterwards the model's parameters are
// put back as they were (each run's final ones are in Run.Params). A run that diverges or
// fails is recorded with its error and the others still run; a misspelt optimizer or
// schedule is an error before anything runs. Cancelling ctx, or interrupting the cell,
// stops the comparison, which returns the runs so far with the error.
func CompareFit(ctx context.Context, m model.Model, l loss.Loss, d *data.Dataset, specs []Spec, o train.Options) (*Comparison, error) {
	if m == nil || l == nil || d == nil {
		return nil, fmt.Errorf("explore: CompareFit needs a model, a loss and data")
	}
	if err := check(specs); err != nil {
		return nil, err
	}
	params := m.Params()
	initial := append([]float64(nil), params...)
	defer copy(params, initial)
	epochs := max(o.Epochs, 1)
	c := &Comparison{Problem: fmt.Sprint(m), Budget: fmt.Sprintf("%d epochs", epochs)}
	bs := o.BatchSize
	if bs <= 0 {
		bs = 32 // train's default
	}
	perRun := epochs * ((d.N + min(bs, d.N) - 1) / min(bs, d.N))
	var bar *progress.Bar // nil shows nothing
	if !o.Quiet {
		bar = progress.Start(fmt.Sprintf("Compare %d optimizers on %s", len(specs), c.Problem), len(specs)*perRun, "step", 0)
	}
	done := 0
	for i, spec := range specs {
		opt, sched, label, err := spec.build()
		if err != nil {
			return c, err
		}
		copy(params, initial)
		run := o
		run.Quiet = true
		run.Schedule, run.Every = sched, spec.Every
		user := o.OnStep
		run.OnStep = func(s train.StepInfo) error {
			if bar.Due() {
				bar.Show(progress.State{Done: done + s.Global, Epoch: s.Epoch, Epochs: epochs, Fields: []progress.Field{
					{Name: "run", Value: fmt.Sprintf("%d/%d %s", i+1, len(specs), label)}, {Name: "loss", Value: view.Num(s.Loss)}}})
			}
			if user != nil {
				return user(s)
			}
			return nil
		}
		start := optimizers.Describe(opt)
		h, err := train.Fit(ctx, m, l, d, opt, run)
		done += perRun
		if h == nil {
			// Refused before training (an optimizer that needs a closure, say).
			c.Runs = append(c.Runs, Run{Label: label, Optimizer: start, Status: "error", Final: math.NaN(), Best: math.NaN(), Err: err})
			continue
		}
		final := math.NaN()
		switch {
		case len(h.ValLoss) > 0:
			final = h.ValLoss[len(h.ValLoss)-1]
		case len(h.Loss) > 0:
			final = h.Loss[len(h.Loss)-1]
		}
		best := h.BestLoss
		if h.BestEpoch == 0 {
			best = math.NaN()
		}
		c.Runs = append(c.Runs, Run{Label: label, Optimizer: start, Status: h.Stopped, Final: final, Best: best,
			Steps: h.Steps, Time: h.Time, Loss: h.StepLoss, Err: err, History: h, Params: append([]float64(nil), params...)})
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			bar.Finish(progress.State{Done: done, Status: "cancelled", Failed: true})
			return c, err
		}
	}
	bar.Finish(progress.State{Done: done, Status: "done"})
	return c, nil
}

// minFinite returns the smallest finite value of xs, or def when there is none.
func minFinite(xs []float64, def float64) float64 {
	m := math.Inf(1)
	for _, x := range xs {
		if x < m && !math.IsNaN(x) {
			m = x
		}
	}
	if math.IsInf(m, 1) {
		return def
	}
	return m
}
