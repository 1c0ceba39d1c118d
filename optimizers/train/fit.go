package train

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/data"
	"github.com/descentlab/descent/optimizers/host"
	"github.com/descentlab/descent/optimizers/internal/progress"
	"github.com/descentlab/descent/optimizers/internal/view"
	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/model"
)

// Fit trains m on d under loss l with optimizer opt, as o says, and returns the history
// of the run.
//
// It checks ctx before every step: once ctx is cancelled it returns the history so far,
// with the model left at the parameters reached and an error wrapping ctx.Err() (so
// errors.Is(err, context.Canceled) holds). A NaN or infinite loss or gradient stops it
// with a *DivergedError before that step is applied. Other errors (shapes that do not
// match, a failing loss or callback) also return the partial history.
//
// When m describes its parameters as tensors (optimizers.TensorSource, as every model in
// package model does), Fit gives them to opt with optimizers.SetShapes, so the layer-wise
// and matrix optimizers (Lamb, LARS, NovoGrad, Adafactor, Shampoo, Muon) see each layer's
// weight matrix and biases without user code; flat optimizers ignore them. Compiled code
// cannot see a Tensors method on a model written in a notebook: call
// optimizers.SetShapes(opt, tensors) before Fit for one.
//
// opt must be a first-order optimizer, one that steps on a gradient alone. One that needs
// a closure re-evaluating the objective within a step, such as LBFGS, is an error wrapping
// optimizers.ErrNeedsClosure: fit it with optimizers.Minimize on the whole data set.
func Fit(ctx context.Context, m model.Model, l loss.Loss, d *data.Dataset, opt optimizers.Optimizer, o Options) (*History, error) {
	// In a notebook, interrupting the cell stops training whatever ctx the cell passed.
	ctx, release := host.Bind(ctx)
	defer release()
	t, err := newTrainer(ctx, m, l, d, opt, o)
	if err != nil {
		return nil, err
	}
	if !o.Quiet {
		t.bar = progress.Start("Fit "+optimizers.Summary(opt), t.totalSteps, "step", 0)
	}
	err = t.run()
	t.h.Time = time.Since(t.start)
	t.progress(true)
	t.bar.Finish(t.barState(true))
	return t.h, err
}

// maxReserved bounds the per-step history reserved before training (8 MB per slice);
// longer runs grow it by appending, a rare amortized allocation.
const maxReserved = 1 << 20

// trainer is one Fit run: its buffers are allocated once here so that step allocates
// nothing.
type trainer struct {
	ctx    context.Context
	m      model.Model
	l      loss.Loss
	d      *data.Dataset
	opt    optimizers.Optimizer
	hyper  *optimizers.Hyper // the first group's, for the lr; nil if it has no "lr"
	o      Options
	params []float64

	bs, stepsPerEpoch, totalSteps int
	accum, batchesPerEpoch        int // minibatches per optimizer step, and per epoch
	perm                          []int
	rng                           *rand.Rand
	bx, by, out, dout, grad       []float64
	acc                           []float64 // the gradients accumulated over a step's minibatches
	best                          []float64 // parameters of the best epoch, for RestoreBest
	evalAt                        []float64 // the optimizer's evaluation point, with validation data (see validate)

	h            *History
	start, shown time.Time
	epoch        int // current epoch, from 1
	epochLoss    float64
	epochRows    int
	lastLoss     float64
	lastLR       float64
	firstLoss    float64 // of the first step
	explode      float64 // a batch loss above this has exploded

	bar *progress.Bar // the notebook's progress bar; nil when quiet or outside a notebook
}

func newTrainer(ctx context.Context, m model.Model, l loss.Loss, d *data.Dataset, opt optimizers.Optimizer, o Options) (*trainer, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if m == nil || l == nil || opt == nil {
		return nil, fmt.Errorf("train: Fit needs a model, a loss and an optimizer (got model %v, loss %v, optimizer %v)", m != nil, l != nil, opt != nil)
	}
	if err := d.Validate(); err != nil {
		return nil, fmt.Errorf("train: training data: %w", err)
	}
	if d.Features != m.Inputs() {
		return nil, fmt.Errorf("train: data has %d features per row, the model takes %d", d.Features, m.Inputs())
	}
	if v := o.Validation; v != nil {
		if err := v.Validate(); err != nil {
			return nil, fmt.Errorf("train: validation data: %w", err)
		}
		if v.Features != d.Features || v.Targets != d.Targets {
			return nil, fmt.Errorf("train: validation data has %d features and %d targets per row, training data %d and %d", v.Features, v.Targets, d.Features, d.Targets)
		}
	}
	if _, ok := opt.(optimizers.ClosureStepper); ok {
		return nil, &closureError{name: opt.Name()}
	}
	if o.Epochs < 0 || o.BatchSize < 0 || o.EarlyStopping.Patience < 0 || o.AccumulateSteps < 0 {
		return nil, fmt.Errorf("train: Epochs %d, BatchSize %d, Patience %d, AccumulateSteps %d: none may be negative",
			o.Epochs, o.BatchSize, o.EarlyStopping.Patience, o.AccumulateSteps)
	}
	if o.Every != PerEpoch && o.Every != PerStep {
		return nil, fmt.Errorf("train: Every %d, want PerEpoch or PerStep", int(o.Every))
	}
	if o.Epochs == 0 {
		o.Epochs = 1
	}
	if o.BatchSize == 0 {
		o.BatchSize = 32
	}
	if o.ProgressEvery == 0 {
		o.ProgressEvery = 100 * time.Millisecond
	}
	params := m.Params()
	if len(params) != m.NumParams() || len(params) == 0 {
		return nil, fmt.Errorf("train: model has %d parameters but NumParams says %d", len(params), m.NumParams())
	}
	var ts []optimizers.Transform
	if o.L1 > 0 {
		ts = append(ts, optimizers.L1(o.L1))
	}
	if o.L2 > 0 {
		ts = append(ts, optimizers.L2(o.L2))
	}
	if o.ClipValue > 0 {
		ts = append(ts, optimizers.ClipGradValue(o.ClipValue))
	}
	if o.ClipNorm > 0 {
		ts = append(ts, optimizers.ClipGradNorm(o.ClipNorm, 2))
	}
	ts = append(ts, o.Transforms...)
	if len(ts) > 0 {
		opt = optimizers.Transformed(opt, ts...)
	}
	// Layer-wise and matrix optimizers (Lamb, LARS, NovoGrad, Adafactor, Shampoo, Muon)
	// see the model's weight matrices and biases as tensors; flat ones ignore them.
	if src, ok := m.(optimizers.TensorSource); ok {
		if err := optimizers.SetShapes(opt, src.Tensors()); err != nil {
			return nil, fmt.Errorf("train: giving the model's tensors to the optimizer: %w", err)
		}
	}
	t := &trainer{ctx: ctx, m: m, l: l, d: d, opt: opt, o: o, params: params}
	if hs := optimizers.HypersOf(opt); len(hs) > 0 && hs[0] != nil && hs[0].Has("lr") {
		t.hyper = hs[0]
	}
	t.bs = min(o.BatchSize, d.N)
	t.batchesPerEpoch = (d.N + t.bs - 1) / t.bs
	t.accum = min(max(o.AccumulateSteps, 1), t.batchesPerEpoch)
	t.stepsPerEpoch = (t.batchesPerEpoch + t.accum - 1) / t.accum
	t.totalSteps = t.stepsPerEpoch * o.Epochs
	t.perm = make([]int, d.N)
	for i := range t.perm {
		t.perm[i] = i
	}
	t.rng = rand.New(rand.NewPCG(o.Seed, 0x747261696e))
	k := m.Outputs()
	t.bx = make([]float64, t.bs*d.Features)
	t.by = make([]float64, t.bs*d.Targets)
	t.out = make([]float64, t.bs*k)
	t.dout = make([]float64, t.bs*k)
	t.grad = make([]float64, len(params))
	if t.accum > 1 {
		t.acc = make([]float64, len(params))
	}
	if o.EarlyStopping.RestoreBest {
		t.best = make([]float64, len(params))
	}
	if o.Validation != nil && optimizers.HasEvalPoint(opt) {
		t.evalAt = make([]float64, len(params))
	}
	// Per-step records are reserved up front so steps do not allocate, but only up to a
	// bound: a run of a billion tiny steps should not reserve gigabytes before it starts.
	reserve := min(t.totalSteps, maxReserved)
	t.h = &History{
		Metrics:  map[string][]float64{},
		StepLoss: make([]float64, 0, reserve),
		LR:       make([]float64, 0, reserve),
		BestLoss: math.Inf(1),
	}
	t.start = time.Now()
	return t, nil
}

func (t *trainer) run() error {
	stall := 0
	for t.epoch = 1; t.epoch <= t.o.Epochs; t.epoch++ {
		began := time.Now()
		if !t.o.NoShuffle {
			t.shuffle()
		}
		for _, mt := range t.o.Metrics {
			mt.Reset()
		}
		t.epochLoss, t.epochRows = 0, 0
		for s := 1; s <= t.stepsPerEpoch; s++ {
			if err := t.ctx.Err(); err != nil {
				t.h.Stopped = "cancelled"
				return fmt.Errorf("train: cancelled at epoch %d, step %d, after %d steps: %w", t.epoch, s, t.h.Steps, err)
			}
			if err := t.step(s); err != nil {
				return t.stop(err)
			}
		}
		if err := t.endEpoch(began); err != nil {
			return t.stop(err)
		}
		monitored := t.h.Loss[len(t.h.Loss)-1]
		if len(t.h.ValLoss) > 0 {
			monitored = t.h.ValLoss[len(t.h.ValLoss)-1]
		}
		t.scheduleEpoch(monitored)
		best := t.h.BestLoss
		improved := monitored < best-t.o.EarlyStopping.MinDelta || (math.IsNaN(best) && !math.IsNaN(monitored))
		if improved || t.h.BestEpoch == 0 {
			t.h.BestEpoch, t.h.BestLoss = t.epoch, monitored
			if t.best != nil {
				copy(t.best, t.validated())
			}
			stall = 0
		} else {
			stall++
		}
		if err := t.epochCallback(); err != nil {
			return t.stop(err)
		}
		if t.o.Target != 0 && monitored <= t.o.Target {
			t.h.Stopped = "target reached"
			t.restoreBest()
			return nil
		}
		if p := t.o.EarlyStopping.Patience; p > 0 && stall >= p {
			t.h.Stopped = "early stopping"
			t.restoreBest()
			return nil
		}
	}
	t.h.Stopped = "completed"
	t.restoreBest()
	return nil
}

// stop classifies the error that ended training.
func (t *trainer) stop(err error) error {
	var div *DivergedError
	switch {
	case t.h.Stopped == "cancelled":
		// already classified
	case errors.Is(err, ErrStop):
		t.h.Stopped = "callback"
		t.restoreBest()
		return nil
	case errors.As(err, &div):
		t.h.Stopped = "diverged"
	default:
		t.h.Stopped = "error"
	}
	return err
}

func (t *trainer) restoreBest() {
	if t.best != nil && t.h.BestEpoch > 0 {
		copy(t.params, t.best)
	}
}

// shuffle permutes the visiting order in place (Fisher-Yates), without allocating.
func (t *trainer) shuffle() {
	for i := len(t.perm) - 1; i > 0; i-- {
		j := t.rng.IntN(i + 1)
		t.perm[i], t.perm[j] = t.perm[j], t.perm[i]
	}
}

func (t *trainer) lr() float64 {
	if t.hyper == nil {
		return math.NaN()
	}
	return t.hyper.Float("lr")
}

// stepError puts the epoch, the step and the optimizer's name on an error from its Step.
// Built-in optimizers already start their messages with their name ("Adam: 3 params but
// 2 grads"), so the name is added only when it is missing, to avoid "Adam: Adam: ...".
// A closure-driven optimizer hidden inside a wrapper (Transformed, Groups), which the
// check before training cannot see, gets the same advice as one passed directly.
func (t *trainer) stepError(s int, err error) error {
	name := t.opt.Name()
	if errors.Is(err, optimizers.ErrNeedsClosure) {
		return &closureError{name: name}
	}
	msg := err.Error()
	if strings.HasPrefix(msg, name+":") || strings.HasPrefix(msg, name+" ") {
		return fmt.Errorf("train: epoch %d, step %d: %w", t.epoch, s, err)
	}
	return fmt.Errorf("train: epoch %d, step %d: %s: %w", t.epoch, s, name, err)
}

// step takes optimizer step s (from 1) of the current epoch, on the gradient of its
// minibatches: one, or AccumulateSteps of them (fewer at the end of an epoch), whose
// gradients it averages weighted by their rows.
func (t *trainer) step(s int) error {
	global := t.h.Steps + 1
	lr := t.lr()
	first, last := (s-1)*t.accum, min(s*t.accum, t.batchesPerEpoch)
	var v float64
	if last-first == 1 {
		var err error
		if v, _, err = t.batch(first, s, global, lr); err != nil {
			return err
		}
	} else {
		rows := 0
		for b := first; b < last; b++ {
			if b > first {
				if err := t.ctx.Err(); err != nil {
					t.h.Stopped = "cancelled"
					return fmt.Errorf("train: cancelled at epoch %d, step %d, after %d steps: %w", t.epoch, s, t.h.Steps, err)
				}
			}
			vb, nb, err := t.batch(b, s, global, lr)
			if err != nil {
				return err
			}
			w := float64(nb)
			if b == first {
				for i, g := range t.grad {
					t.acc[i] = w * g
				}
			} else {
				for i, g := range t.grad {
					t.acc[i] += w * g
				}
			}
			v += w * vb
			rows += nb
		}
		for i, a := range t.acc {
			t.grad[i] = a / float64(rows)
		}
		v /= float64(rows)
	}
	t.lastLoss, t.lastLR = v, lr
	if err := t.opt.Step(t.params, t.grad); err != nil {
		return t.stepError(s, err)
	}
	t.h.Steps = global
	t.h.StepLoss = append(t.h.StepLoss, v)
	t.h.LR = append(t.h.LR, lr)
	if t.o.Schedule != nil && t.o.Every == PerStep {
		t.o.Schedule.Step()
	}
	if t.o.OnStep != nil {
		if err := t.o.OnStep(StepInfo{Epoch: t.epoch, Step: s, Global: global, Loss: v, LR: lr}); err != nil {
			return callbackError("OnStep", err)
		}
	}
	if t.o.Progress != nil {
		t.progress(false)
	}
	if t.bar.Due() {
		t.bar.Show(t.barState(false))
	}
	return nil
}

// batch evaluates minibatch b (from 0) of the current epoch, part of optimizer step s
// (global step global, at learning rate lr): it returns the batch's loss and rows, leaves
// its gradient in t.grad, updates the metrics and the epoch's loss, and stops a run
// whose loss or gradient is not finite or has exploded.
func (t *trainer) batch(b, s, global int, lr float64) (float64, int, error) {
	d := t.d
	lo := b * t.bs
	hi := min(lo+t.bs, d.N)
	nb := hi - lo
	F, T, K := d.Features, d.Targets, t.m.Outputs()
	bx, by := t.bx[:nb*F], t.by[:nb*T]
	for i, r := range t.perm[lo:hi] {
		copy(bx[i*F:(i+1)*F], d.X[r*F:(r+1)*F])
		copy(by[i*T:(i+1)*T], d.Y[r*T:(r+1)*T])
	}
	out, dout := t.out[:nb*K], t.dout[:nb*K]
	if err := t.m.Forward(bx, nb, out); err != nil {
		return 0, 0, fmt.Errorf("train: epoch %d, step %d: %w", t.epoch, s, err)
	}
	v, err := t.l.Eval(out, by, dout, nb)
	if err != nil {
		return 0, 0, fmt.Errorf("train: epoch %d, step %d: %w", t.epoch, s, err)
	}
	if global == 1 && b == 0 {
		t.firstLoss = v
		t.explode = v + optimizers.ExplodeFactor*math.Max(1, math.Abs(v))
	}
	if math.IsNaN(v) || math.IsInf(v, 0) || v > t.explode {
		t.lastLoss, t.lastLR = v, lr
		return 0, 0, &DivergedError{Epoch: t.epoch, Step: s, Global: global, What: "loss", Value: v, LR: lr, First: t.firstLoss}
	}
	for _, mt := range t.o.Metrics {
		mt.Update(out, by, nb)
	}
	if err := t.m.Backward(dout, t.grad); err != nil {
		return 0, 0, fmt.Errorf("train: epoch %d, step %d: %w", t.epoch, s, err)
	}
	for i, g := range t.grad {
		if math.IsNaN(g) || math.IsInf(g, 0) {
			t.lastLoss, t.lastLR = v, lr
			return 0, 0, &DivergedError{Epoch: t.epoch, Step: s, Global: global, What: "gradient", Value: g, Index: i, LR: lr, First: t.firstLoss}
		}
	}
	t.epochLoss += v * float64(nb)
	t.epochRows += nb
	return v, nb, nil
}

func callbackError(name string, err error) error {
	if errors.Is(err, ErrStop) {
		return err
	}
	return fmt.Errorf("train: %s callback: %w", name, err)
}

// progress sends an event for the first step, then at most one per ProgressEvery, and
// always the last one.
func (t *trainer) progress(last bool) {
	if t.o.Progress == nil || t.h.Steps == 0 {
		return
	}
	now := time.Now()
	if !last && t.h.Steps > 1 && now.Sub(t.shown) < t.o.ProgressEvery {
		return
	}
	t.shown = now
	el := now.Sub(t.start)
	var eta time.Duration
	if !last {
		eta = time.Duration(float64(el) / float64(t.h.Steps) * float64(t.totalSteps-t.h.Steps))
	}
	epoch := min(t.epoch, t.o.Epochs)
	t.o.Progress(Progress{Epoch: epoch, Epochs: t.o.Epochs, Step: t.h.Steps, Steps: t.totalSteps,
		Loss: t.lastLoss, LR: t.lastLR, Elapsed: el, ETA: eta, Done: last})
}

func (t *trainer) scheduleEpoch(monitored float64) {
	if t.o.MetricSchedule != nil {
		t.o.MetricSchedule.StepMetric(monitored)
	}
	if t.o.Schedule == nil {
		return
	}
	if ms, ok := t.o.Schedule.(MetricScheduler); ok {
		ms.StepMetric(monitored)
		return
	}
	if t.o.Every == PerEpoch {
		t.o.Schedule.Step()
	}
}

// barState is what the progress bar shows: the epoch, the running loss of the epoch (the
// last epoch's loss at the end) and the latest validation values, or the latest training
// metrics without validation data.
func (t *trainer) barState(final bool) progress.State {
	h := t.h
	st := progress.State{Done: h.Steps, Epoch: min(max(t.epoch, 1), t.o.Epochs), Epochs: t.o.Epochs}
	loss := math.NaN()
	switch {
	case final && len(h.Loss) > 0:
		loss = h.Loss[len(h.Loss)-1]
	case t.epochRows > 0:
		loss = t.epochLoss / float64(t.epochRows)
	}
	if !math.IsNaN(loss) {
		st.Fields = append(st.Fields, progress.Field{Name: "loss", Value: view.Num(loss)})
	}
	prefix := ""
	if n := len(h.ValLoss); n > 0 {
		st.Fields = append(st.Fields, progress.Field{Name: "val_loss", Value: view.Num(h.ValLoss[n-1])})
		prefix = "val_"
	}
	for _, mt := range t.o.Metrics {
		if vs := h.Metrics[prefix+mt.Name()]; len(vs) > 0 {
			st.Fields = append(st.Fields, progress.Field{Name: prefix + mt.Name(), Value: view.Num(vs[len(vs)-1])})
		}
	}
	if final {
		st.Status = h.Stopped
		st.Failed = h.Stopped == "diverged" || h.Stopped == "error" || h.Stopped == "cancelled"
	}
	return st
}
