package train

import (
	"context"
	"math"
	"testing"

	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/data"
	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/model"
)

// evalSetup is a 2-16-2 tanh MLP on two moons, with separate validation data.
func evalSetup() (*model.Net, *data.Dataset, *data.Dataset) {
	d := mustData(data.Moons(200, 0.15, 5))
	v := mustData(data.Moons(100, 0.15, 6))
	m := mustNet(model.NewMLP(model.MLPConfig{Sizes: []int{2, 16, 2}, Activations: []string{"tanh"}, Seed: 7, Classes: 2}))
	return m, d, v
}

// lossAt is the mean cross-entropy of a fresh copy of evalSetup's network with
// parameters p on v: an evaluation that shares nothing with Fit.
func lossAt(t *testing.T, p []float64, v *data.Dataset) float64 {
	m, _, _ := evalSetup()
	copy(m.Params(), p)
	out, dout := make([]float64, v.N*2), make([]float64, v.N*2)
	if err := m.Forward(v.X, v.N, out); err != nil {
		t.Fatal(err)
	}
	l, err := (loss.CrossEntropy{}).Eval(out, v.Y, dout, v.N)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func sfAdamW(t *testing.T) optimizers.Optimizer {
	o, err := optimizers.New("AdamWScheduleFree", map[string]any{"lr": 0.02})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// TestValidationAtEvalPoint: with Schedule-Free AdamW, every epoch's validation loss is
// the loss at the average x, not at the training point y the model holds, which Fit puts
// back exactly: training runs bit for bit as it does without validation data.
func TestValidationAtEvalPoint(t *testing.T) {
	m, d, v := evalSetup()
	o := sfAdamW(t)
	var atX, atY []float64
	opts := Options{Epochs: 4, BatchSize: 20, Seed: 3, Validation: v, Quiet: true,
		OnEpoch: func(e EpochInfo) error {
			x := make([]float64, m.NumParams())
			if err := optimizers.EvalParams(o, x, m.Params()); err != nil {
				return err
			}
			atX = append(atX, lossAt(t, x, v))
			atY = append(atY, lossAt(t, m.Params(), v))
			return nil
		}}
	h, err := Fit(context.Background(), m, loss.CrossEntropy{}, d, o, opts)
	if err != nil {
		t.Fatal(err)
	}
	for e := range h.ValLoss {
		if math.Abs(h.ValLoss[e]-atX[e]) > 1e-12*atX[e] {
			t.Errorf("epoch %d: ValLoss %v, loss at x %v (at y %v)", e+1, h.ValLoss[e], atX[e], atY[e])
		}
		if math.Abs(atX[e]-atY[e]) < 1e-6 {
			t.Errorf("epoch %d: loss at x %v and at y %v are too close to tell apart", e+1, atX[e], atY[e])
		}
	}
	// The model ends at y, where the optimizer resumes.
	y := o.State().Buffers["y"]
	for i, p := range m.Params() {
		if p != y[i] {
			t.Fatalf("param %d = %v after Fit, the training point y is %v", i, p, y[i])
		}
	}
	// Training is undisturbed by the validation swaps.
	m2, _, _ := evalSetup()
	opts.Validation, opts.OnEpoch = nil, nil
	if _, err := Fit(context.Background(), m2, loss.CrossEntropy{}, d, sfAdamW(t), opts); err != nil {
		t.Fatal(err)
	}
	for i := range m.Params() {
		if m.Params()[i] != m2.Params()[i] {
			t.Fatalf("param %d: %v with validation, %v without", i, m.Params()[i], m2.Params()[i])
		}
	}
}

// TestValidationPlainOptimizer: Adam is validated at its parameters, with no buffer kept
// for an evaluation point.
func TestValidationPlainOptimizer(t *testing.T) {
	m, d, v := evalSetup()
	var want []float64
	opts := Options{Epochs: 2, BatchSize: 20, Validation: v, Quiet: true,
		OnEpoch: func(EpochInfo) error { want = append(want, lossAt(t, m.Params(), v)); return nil }}
	h, err := Fit(context.Background(), m, loss.CrossEntropy{}, d, adam(t, 0.01), opts)
	if err != nil {
		t.Fatal(err)
	}
	for e := range want {
		if math.Abs(h.ValLoss[e]-want[e]) > 1e-12*want[e] {
			t.Errorf("epoch %d: ValLoss %v, loss at params %v", e+1, h.ValLoss[e], want[e])
		}
	}
	tr, err := newTrainer(context.Background(), m, loss.CrossEntropy{}, d, adam(t, 0.01), opts)
	if err != nil {
		t.Fatal(err)
	}
	if tr.evalAt != nil {
		t.Error("Adam got a buffer for an evaluation point")
	}
}

// TestRestoreBestAtEvalPoint: RestoreBest puts back the point that was validated best,
// Schedule-Free's average of that epoch.
func TestRestoreBestAtEvalPoint(t *testing.T) {
	m, d, v := evalSetup()
	o := sfAdamW(t)
	var xs [][]float64
	opts := Options{Epochs: 6, BatchSize: 20, Validation: v, Quiet: true,
		EarlyStopping: EarlyStopping{RestoreBest: true},
		OnEpoch: func(EpochInfo) error {
			x := make([]float64, m.NumParams())
			xs = append(xs, x)
			return optimizers.EvalParams(o, x, m.Params())
		}}
	h, err := Fit(context.Background(), m, loss.CrossEntropy{}, d, o, opts)
	if err != nil {
		t.Fatal(err)
	}
	best := xs[h.BestEpoch-1]
	for i, p := range m.Params() {
		if p != best[i] {
			t.Fatalf("param %d = %v, the evaluation point of best epoch %d is %v", i, p, h.BestEpoch, best[i])
		}
	}
}

// TestValidationAtEvalPointDoesNotAllocate: validating at the evaluation point swaps
// through a buffer made once.
func TestValidationAtEvalPointDoesNotAllocate(t *testing.T) {
	m, d, v := evalSetup()
	tr, err := newTrainer(context.Background(), m, loss.CrossEntropy{}, d, sfAdamW(t), Options{Epochs: 100, BatchSize: 20, Validation: v, Metrics: []Metric{Accuracy()}})
	if err != nil {
		t.Fatal(err)
	}
	tr.epoch = 1
	s := 0
	step := func() {
		s = s%tr.stepsPerEpoch + 1
		if err := tr.step(s); err != nil {
			t.Fatal(err)
		}
	}
	step()
	if _, err := tr.validate(); err != nil {
		t.Fatal(err)
	}
	if a := testing.AllocsPerRun(20, step); a != 0 {
		t.Errorf("%v allocations per Schedule-Free step", a)
	}
	if a := testing.AllocsPerRun(20, func() {
		if _, err := tr.validate(); err != nil {
			t.Fatal(err)
		}
	}); a != 0 {
		t.Errorf("%v allocations per validation", a)
	}
}
