package explore

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/data"
	"github.com/descentlab/descent/optimizers/internal/progress"
	"github.com/descentlab/descent/optimizers/internal/view"
	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/model"
	"github.com/descentlab/descent/optimizers/train"
)

// LROptions configures a learning-rate range test. The zero value sweeps 100 steps from
// 1e-7 to 10 as fastai's lr_find does.
type LROptions struct {
	// Start and End bound the sweep; 0 means 1e-7 and 10.
	Start, End float64
	// Steps is the number of optimizer steps, each at a rate Start*(End/Start)^(k/(Steps-1));
	// 0 means 100.
	Steps int
	// BatchSize (FindLR) is the rows per step; 0 means 32. Seed seeds the shuffling.
	BatchSize int
	Seed      uint64
	// Smooth is the weight of the past in the exponential moving average of the loss;
	// 0 means 0.98. The average is bias-corrected, as fastai's.
	Smooth float64
	// StopFactor stops the sweep once the smoothed loss exceeds StopFactor times its
	// lowest value; 0 means 4.
	StopFactor float64
	// Quiet shows no progress bar.
	Quiet bool
}

func (o LROptions) withDefaults() (LROptions, error) {
	if o.Start == 0 {
		o.Start = 1e-7
	}
	if o.End == 0 {
		o.End = 10
	}
	if o.Steps == 0 {
		o.Steps = 100
	}
	if o.Smooth == 0 {
		o.Smooth = 0.98
	}
	if o.StopFactor == 0 {
		o.StopFactor = 4
	}
	if !(o.Start > 0 && o.End > o.Start) || o.Steps < 5 || !(o.Smooth >= 0 && o.Smooth < 1) || !(o.StopFactor > 1) {
		return o, fmt.Errorf("explore: learning-rate range test: want 0 < Start < End, Steps >= 5, 0 <= Smooth < 1 and StopFactor > 1; got Start %v, End %v, Steps %d, Smooth %v, StopFactor %v",
			o.Start, o.End, o.Steps, o.Smooth, o.StopFactor)
	}
	return o, nil
}

// LRSweep is the result of a learning-rate range test: the loss at every rate tried and
// the rate it suggests. It shows itself as the loss against the rate.
type LRSweep struct {
	// Optimizer is the optimizer swept, in torch's spelling (at the first rate).
	Optimizer string
	// LR, Loss and Smoothed hold, for every step, the rate used, the loss measured
	// before that step (the batch loss for FindLR, the objective for FindLRProblem) and
	// its bias-corrected moving average.
	LR, Loss, Smoothed []float64
	// Suggested is where the smoothed loss falls fastest against log(lr), before its
	// minimum: fastai's "steepest" rule, a good learning rate to train with.
	Suggested float64
	// MinLR is the rate at the lowest smoothed loss; MinLR/10 is fastai's other rule of
	// thumb.
	MinLR float64
	// Stopped says why the sweep ended: "diverged" (the loss rose StopFactor times above
	// its lowest, or became NaN) or "completed" (it reached End).
	Stopped string
}

// sweep records the test as it runs: one call per step with the rate used and the loss.
type sweep struct {
	res    *LRSweep
	o      LROptions
	factor float64
	avg    float64
	best   float64
	bar    *progress.Bar
}

func newSweep(opt optimizers.Optimizer, o LROptions, title string) (*sweep, error) {
	h := opt.Hyper()
	if h == nil || !h.Has("lr") {
		return nil, fmt.Errorf("explore: %s has no \"lr\" to sweep", opt.Name())
	}
	if err := h.Set("lr", o.Start); err != nil {
		return nil, fmt.Errorf("explore: %w", err)
	}
	return &sweep{
		res:    &LRSweep{Optimizer: optimizers.Describe(opt), Stopped: "completed"},
		o:      o,
		factor: math.Pow(o.End/o.Start, 1/float64(o.Steps-1)),
		best:   math.Inf(1),
		bar:    startBar(o.Quiet, title, o.Steps),
	}, nil
}

// add records step k (from 1) and reports whether the sweep should stop.
func (s *sweep) add(lr, l float64) bool {
	r := s.res
	k := len(r.LR) + 1
	s.avg = s.o.Smooth*s.avg + (1-s.o.Smooth)*l
	sm := s.avg / (1 - math.Pow(s.o.Smooth, float64(k)))
	r.LR, r.Loss, r.Smoothed = append(r.LR, lr), append(r.Loss, l), append(r.Smoothed, sm)
	if s.bar.Due() {
		s.bar.Show(progress.State{Done: k, Fields: []progress.Field{{Name: "lr", Value: view.Num(lr)}, {Name: "loss", Value: view.Num(sm)}}})
	}
	if math.IsNaN(sm) || math.IsInf(sm, 0) || (k > 1 && sm > s.o.StopFactor*s.best) {
		r.Stopped = "diverged"
		return true
	}
	s.best = math.Min(s.best, sm)
	return k >= s.o.Steps
}

// next is the rate for the step after one at lr.
func (s *sweep) next(lr float64) float64 { return lr * s.factor }

// finish suggests rates from the smoothed curve.
func (s *sweep) finish() *LRSweep {
	r := s.res
	r.Suggested, r.MinLR = suggest(r.LR, r.Smoothed)
	failed := r.Stopped == "diverged" && len(r.LR) < 3
	s.bar.Finish(progress.State{Done: len(r.LR), Status: r.Stopped, Failed: failed,
		Fields: []progress.Field{{Name: "suggested lr", Value: view.Num(r.Suggested)}}})
	return r
}

// suggest returns the rate where the smoothed loss falls fastest against log(lr) before
// its minimum, and the rate at the minimum. The slope is taken across a window of a
// twentieth of the sweep on each side, and the first tenth of the sweep is skipped: the
// moving average starts from few batches and its early wiggles would otherwise win.
func suggest(lrs, sm []float64) (steepest, atMin float64) {
	n := len(lrs)
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	iMin := 0
	for i, v := range sm {
		if v < sm[iMin] {
			iMin = i
		}
	}
	atMin = lrs[iMin]
	w := max(1, n/20)
	best, slope := -1, 0.0
	for i := max(n/10, 1); i < iMin; i++ {
		lo, hi := max(i-w, 0), min(i+w, iMin)
		if hi <= lo {
			continue
		}
		d := (sm[hi] - sm[lo]) / (math.Log(lrs[hi]) - math.Log(lrs[lo]))
		if d < slope {
			best, slope = i, d
		}
	}
	if best < 0 {
		return atMin / 10, atMin // the loss never fell: fall back to fastai's other rule
	}
	return lrs[best], atMin
}

// FindLR runs the learning-rate range test on a model: it trains a fresh optimizer (by
// name, with hyper) on d under l for o.Steps steps with the rate growing exponentially
// from o.Start to o.End, records the loss of every batch, stops early once the loss
// blows up, and puts the model's parameters back as they were.
func FindLR(ctx context.Context, m model.Model, l loss.Loss, d *data.Dataset, optimizer string, hyper map[string]any, o LROptions) (*LRSweep, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	if m == nil || l == nil || d == nil {
		return nil, fmt.Errorf("explore: FindLR needs a model, a loss and data")
	}
	opt, err := optimizers.New(optimizer, hyper)
	if err != nil {
		return nil, fmt.Errorf("explore: %w", err)
	}
	sw, err := newSweep(opt, o, "FindLR "+opt.Name())
	if err != nil {
		return nil, err
	}
	params := m.Params()
	initial := append([]float64(nil), params...)
	defer copy(params, initial)
	bs := o.BatchSize
	if bs <= 0 {
		bs = 32
	}
	perEpoch := (d.N + min(bs, d.N) - 1) / min(bs, d.N)
	opts := train.Options{Epochs: (o.Steps + perEpoch - 1) / perEpoch, BatchSize: bs, Seed: o.Seed, Quiet: true,
		OnStep: func(s train.StepInfo) error {
			if sw.add(s.LR, s.Loss) {
				return train.ErrStop
			}
			return opt.Hyper().Set("lr", sw.next(s.LR))
		}}
	_, err = train.Fit(ctx, m, l, d, opt, opts)
	var div *train.DivergedError
	switch {
	case errors.As(err, &div):
		// The loss blew up before the moving average caught it: the end of the sweep.
		sw.add(div.LR, div.Value)
		sw.res.Stopped = "diverged"
	case err != nil:
		sw.finish()
		return sw.res, fmt.Errorf("explore: FindLR: %w", err)
	}
	return sw.finish(), nil
}

// FindLRProblem runs the learning-rate range test on a Problem from x0 (p.Start when
// nil): a fresh optimizer takes o.Steps steps with the rate growing exponentially from
// o.Start to o.End, and the objective before every step is recorded.
func FindLRProblem(p optimizers.Problem, x0 []float64, optimizer string, hyper map[string]any, o LROptions) (*LRSweep, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	if x0 == nil {
		x0 = p.Start
	}
	opt, err := optimizers.New(optimizer, hyper)
	if err != nil {
		return nil, fmt.Errorf("explore: %w", err)
	}
	sw, err := newSweep(opt, o, "FindLR "+opt.Name()+" on "+p.Name)
	if err != nil {
		return nil, err
	}
	h := opt.Hyper()
	s := optimizers.Settings{MaxIter: o.Steps, GradTol: -1, NoTrajectory: true, Quiet: true,
		Callback: func(iter int, x []float64, f float64) bool {
			// f is the objective after iter steps, so before the step about to use lr.
			lr := h.Float("lr")
			if sw.add(lr, f) {
				return true
			}
			return h.Set("lr", sw.next(lr)) != nil
		}}
	res, err := optimizers.Minimize(p, x0, opt, s)
	switch {
	case res != nil && res.Status == optimizers.Diverged:
		sw.add(h.Float("lr"), res.F)
		sw.res.Stopped = "diverged"
	case err != nil:
		sw.finish()
		return sw.res, fmt.Errorf("explore: FindLRProblem: %w", err)
	}
	return sw.finish(), nil
}

// startBar starts the sweep's progress bar, or none when quiet.
func startBar(quiet bool, title string, steps int) *progress.Bar {
	if quiet {
		return nil
	}
	return progress.Start(title, steps, "step", compareDelay)
}
