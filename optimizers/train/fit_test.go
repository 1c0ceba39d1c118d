package train

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/data"
	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/model"
)

// TestLeastSquaresClosedForm trains full-batch gradient descent to the least-squares
// solution computed independently by QR, for linear and polynomial regression.
func TestLeastSquaresClosedForm(t *testing.T) {
	tests := []struct {
		name     string
		d        *data.Dataset
		m        *model.Net
		features func(x []float64) []float64 // a row of the design matrix, bias last
		lr       float64
		epochs   int
	}{
		{"linear", mustData(data.Linear(200, []float64{2, -3, 0.5}, 1, 0.3, 7)), mustNet(model.NewLinear(3, 1)),
			func(x []float64) []float64 { return []float64{x[0], x[1], x[2], 1} }, 0.25, 300},
		{"polynomial", mustData(data.Polynomial(200, []float64{1, -2, 3}, 0.3, 7)), mustNet(model.NewPolynomial(2)),
			func(x []float64) []float64 { return []float64{x[0] * x[0], x[0], 1} }, 0.5, 1500},
	}
	for _, tt := range tests {
		d := tt.d
		k := tt.m.NumParams()
		a := mat.NewDense(d.N, k, nil)
		for i := 0; i < d.N; i++ {
			x, _ := d.Row(i)
			a.SetRow(i, tt.features(x))
		}
		var want mat.VecDense
		if err := want.SolveVec(a, mat.NewVecDense(d.N, d.Y)); err != nil {
			t.Fatal(err)
		}
		h, err := Fit(context.Background(), tt.m, loss.MSE{}, d, optimizers.NewSGD(tt.lr), Options{Epochs: tt.epochs, BatchSize: d.N})
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range tt.m.Params() {
			if math.Abs(p-want.AtVec(i)) > 1e-6 {
				t.Errorf("%s: param %d = %.9f, least squares %.9f", tt.name, i, p, want.AtVec(i))
			}
		}
		if h.Epochs != tt.epochs || h.Steps != tt.epochs || len(h.Loss) != tt.epochs || h.Stopped != "completed" {
			t.Errorf("%s: history %v", tt.name, h)
		}
	}
}

func TestLogisticSeparates(t *testing.T) {
	raw := mustData(data.Linear(400, []float64{1, 1}, 0, 0, 3))
	// Label by the sign of x0+x1 and drop points within 0.2 of the boundary, so the data
	// are separable with a margin.
	var keep []int
	for i := 0; i < raw.N; i++ {
		if math.Abs(raw.Y[i]) > 0.2 {
			keep = append(keep, i)
		}
	}
	d, _ := raw.Subset(keep)
	for i, y := range d.Y {
		d.Y[i] = map[bool]float64{true: 1, false: 0}[y > 0]
	}
	d.Classes = 2
	for _, lossName := range []string{"bce", "hinge"} {
		m := mustNet(model.NewLogistic(2))
		l, _ := loss.New(lossName, nil)
		if _, err := Fit(context.Background(), m, l, d, adam(t, 0.1), Options{Epochs: 100, Seed: 1}); err != nil {
			t.Fatal(err)
		}
		if acc, _ := model.Accuracy(m, d.X, d.Y); acc != 1 {
			t.Errorf("%s: accuracy %v on separable data, want 1", lossName, acc)
		}
	}
}

func TestMLPMoons(t *testing.T) {
	d := mustData(data.Moons(1000, 0.1, 1))
	m := mustNet(model.NewMLP(model.MLPConfig{Sizes: []int{2, 32, 32, 2}, Activations: []string{"relu"}, Seed: 1, Classes: 2}))
	acc := Accuracy()
	h, err := Fit(context.Background(), m, loss.CrossEntropy{}, d, adam(t, 0.01), Options{Epochs: 60, Seed: 2, Metrics: []Metric{acc}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := model.Accuracy(m, d.X, d.Y)
	if got < 0.97 {
		t.Errorf("training accuracy %v, want at least 0.97", got)
	}
	if last := h.Metrics["accuracy"][59]; last < 0.95 {
		t.Errorf("running accuracy of the last epoch %v", last)
	}
	t.Logf("two moons: accuracy %.4f, loss %.4g", got, h.Loss[59])
}

func TestSameSeedBitIdentical(t *testing.T) {
	run := func(seed uint64) ([]float64, *History) {
		d := mustData(data.Spirals(300, 3, 0.1, 4))
		m := mustNet(model.NewMLP(model.MLPConfig{Sizes: []int{2, 16, 3}, Activations: []string{"tanh"}, Seed: 5}))
		h, err := Fit(context.Background(), m, loss.CrossEntropy{}, d, adam(t, 0.02), Options{Epochs: 5, BatchSize: 16, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		return m.Params(), h
	}
	p1, h1 := run(9)
	p2, h2 := run(9)
	p3, _ := run(10)
	differ := false
	for i := range p1 {
		if p1[i] != p2[i] {
			t.Fatalf("param %d: %v vs %v with the same seed", i, p1[i], p2[i])
		}
		differ = differ || p1[i] != p3[i]
	}
	for i := range h1.StepLoss {
		if h1.StepLoss[i] != h2.StepLoss[i] {
			t.Fatalf("step %d loss %v vs %v", i, h1.StepLoss[i], h2.StepLoss[i])
		}
	}
	if !differ {
		t.Error("another shuffling seed gave the same parameters")
	}
}

func TestCancellationKeepsPartialHistory(t *testing.T) {
	d := mustData(data.Moons(200, 0.1, 1))
	m := mustNet(model.NewMLP(model.MLPConfig{Sizes: []int{2, 8, 2}, Seed: 1}))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var snapshot []float64
	h, err := Fit(ctx, m, loss.CrossEntropy{}, d, adam(t, 0.01), Options{Epochs: 10, BatchSize: 20,
		OnStep: func(s StepInfo) error {
			if s.Global == 15 {
				snapshot = append([]float64(nil), m.Params()...)
				cancel()
			}
			return nil
		}})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "cancelled at epoch 2, step 6, after 15 steps") {
		t.Fatalf("error %v, want a cancellation at epoch 2 step 6", err)
	}
	if h == nil || h.Steps != 15 || len(h.StepLoss) != 15 || len(h.LR) != 15 || h.Epochs != 1 || len(h.Loss) != 1 || h.Stopped != "cancelled" {
		t.Fatalf("partial history %+v", h)
	}
	for i, p := range m.Params() {
		if p != snapshot[i] {
			t.Fatalf("param %d = %v, want %v as reached at the cancelled step", i, p, snapshot[i])
		}
	}
	done, stop := context.WithCancel(context.Background())
	stop()
	h, err = Fit(done, m, loss.CrossEntropy{}, d, adam(t, 0.01), Options{})
	if !errors.Is(err, context.Canceled) || h.Steps != 0 {
		t.Errorf("already cancelled: %v after %d steps", err, h.Steps)
	}
}

func TestDivergenceReported(t *testing.T) {
	d := mustData(data.Linear(100, []float64{3, -2}, 1, 0.1, 2))
	bad := d.Clone()
	bad.X[5] = math.NaN()
	tests := []struct {
		name string
		d    *data.Dataset
		lr   float64
		want []string
	}{
		{"learning rate too large", d, 1e3, []string{"diverged at epoch", "learning rate 1000 is probably too large"}},
		{"NaN in the data", bad, 0.01, []string{"diverged at epoch 1, step 1 (step 1 overall): the loss is NaN", "check the data for NaN"}},
	}
	for _, tt := range tests {
		m := mustNet(model.NewLinear(2, 1))
		h, err := Fit(context.Background(), m, loss.MSE{}, tt.d, optimizers.NewSGD(tt.lr), Options{Epochs: 50, NoShuffle: true})
		var div *DivergedError
		if !errors.As(err, &div) || !errors.Is(err, ErrDiverged) {
			t.Fatalf("%s: error %v, want a DivergedError", tt.name, err)
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q lacks %q", tt.name, err, w)
			}
		}
		if h.Stopped != "diverged" || h.Steps != div.Global-1 {
			t.Errorf("%s: stopped %q after %d steps, diverged at %d", tt.name, h.Stopped, h.Steps, div.Global)
		}
		for _, p := range m.Params() {
			if math.IsNaN(p) {
				t.Errorf("%s: the diverged step was applied: params %v", tt.name, m.Params())
				break
			}
		}
	}
}

func TestEarlyStopping(t *testing.T) {
	d := mustData(data.Linear(64, []float64{1}, 0, 0.1, 1))
	val := mustData(data.Linear(32, []float64{1}, 0, 0.1, 2))
	tests := []struct {
		name       string
		dir        float64 // -1 descends, +1 climbs the loss
		es         EarlyStopping
		epochs     int
		wantEpochs int
		wantStop   string
		wantBest   int
	}{
		{"improving never stops", -1, EarlyStopping{Patience: 2}, 6, 6, "completed", 6},
		{"climbing stops after patience", 1, EarlyStopping{Patience: 2, RestoreBest: true}, 20, 3, "early stopping", 1},
		{"min delta larger than any gain", -1, EarlyStopping{Patience: 3, MinDelta: 1e9}, 20, 4, "early stopping", 1},
	}
	for _, tt := range tests {
		m := mustNet(model.NewLinear(1, 1))
		var atEpoch [][]float64
		h, err := Fit(context.Background(), m, loss.MSE{}, d, newWalker(0.01, tt.dir), Options{
			Epochs: tt.epochs, Validation: val, EarlyStopping: tt.es,
			OnEpoch: func(e EpochInfo) error {
				atEpoch = append(atEpoch, append([]float64(nil), m.Params()...))
				return nil
			}})
		if err != nil {
			t.Fatal(err)
		}
		if h.Epochs != tt.wantEpochs || h.Stopped != tt.wantStop || h.BestEpoch != tt.wantBest || len(h.ValLoss) != tt.wantEpochs {
			t.Errorf("%s: %d epochs, stopped %q, best %d; want %d, %q, %d", tt.name, h.Epochs, h.Stopped, h.BestEpoch, tt.wantEpochs, tt.wantStop, tt.wantBest)
		}
		if h.BestLoss != h.ValLoss[h.BestEpoch-1] {
			t.Errorf("%s: best loss %v is not the validation loss of epoch %d", tt.name, h.BestLoss, h.BestEpoch)
		}
		if tt.es.RestoreBest {
			for i, p := range m.Params() {
				if p != atEpoch[tt.wantBest-1][i] {
					t.Errorf("%s: params %v, want those of epoch %d: %v", tt.name, m.Params(), tt.wantBest, atEpoch[tt.wantBest-1])
					break
				}
			}
		}
	}
}

func TestSchedules(t *testing.T) {
	d := mustData(data.Linear(40, []float64{1}, 0, 0.1, 1))
	val := mustData(data.Linear(10, []float64{1}, 0, 0.1, 2))
	for _, every := range []Every{PerEpoch, PerStep} {
		opt := optimizers.NewSGD(0.1)
		c := &counter{h: opt.Hyper()}
		h, err := Fit(context.Background(), mustNet(model.NewLinear(1, 1)), loss.MSE{}, d, opt,
			Options{Epochs: 3, BatchSize: 10, Schedule: c, Every: every})
		if err != nil {
			t.Fatal(err)
		}
		wantSteps := map[Every]int{PerEpoch: 3, PerStep: 12}[every]
		if c.steps != wantSteps {
			t.Errorf("every %d: schedule stepped %d times, want %d", every, c.steps, wantSteps)
		}
		// The lr recorded for step i is the one that step used.
		for i, lr := range h.LR {
			k := i / 4
			if every == PerStep {
				k = i
			}
			if want := 0.1 / math.Pow(2, float64(k)); lr != want {
				t.Fatalf("every %d: lr of step %d = %v, want %v", every, i, lr, want)
			}
		}
	}
	for _, withVal := range []bool{false, true} {
		opt := optimizers.NewSGD(0.1)
		p := &plateau{counter{h: opt.Hyper()}}
		o := Options{Epochs: 4, BatchSize: 10, Schedule: p}
		if withVal {
			o.Validation = val
		}
		h, err := Fit(context.Background(), mustNet(model.NewLinear(1, 1)), loss.MSE{}, d, opt, o)
		if err != nil {
			t.Fatal(err)
		}
		want := h.Loss
		if withVal {
			want = h.ValLoss
		}
		if p.steps != 0 || len(p.metrics) != 4 {
			t.Fatalf("plateau: %d plain steps and %d metrics, want 0 and 4", p.steps, len(p.metrics))
		}
		for i := range want {
			if p.metrics[i] != want[i] {
				t.Errorf("validation %v: metric %d = %v, want the epoch loss %v", withVal, i, p.metrics[i], want[i])
			}
		}
	}
}

func TestProgressRateLimited(t *testing.T) {
	d := mustData(data.Moons(100, 0.1, 1))
	m := mustNet(model.NewSoftmax(2, 2))
	var events []Progress
	_, err := Fit(context.Background(), m, loss.CrossEntropy{}, d, adam(t, 0.01), Options{Epochs: 5, BatchSize: 10,
		ProgressEvery: time.Hour, Progress: func(p Progress) { events = append(events, p) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 {
		t.Fatalf("%d events with an hour between them, want first and last: %+v", len(events), events)
	}
	first, last := events[0], events[1]
	if first.Step != 1 || first.Epoch != 1 || first.Done || first.Steps != 50 || last.Step != 50 || last.Epoch != 5 || !last.Done || last.ETA != 0 {
		t.Errorf("events %+v", events)
	}
	if first.LR != 0.01 || math.IsNaN(first.Loss) {
		t.Errorf("first event lr %v loss %v", first.LR, first.Loss)
	}
	events = nil
	Fit(context.Background(), m, loss.CrossEntropy{}, d, adam(t, 0.01), Options{Epochs: 2, BatchSize: 10,
		ProgressEvery: time.Nanosecond, Progress: func(p Progress) { events = append(events, p) }})
	if len(events) != 21 {
		t.Errorf("%d events with no rate limit, want one per step and the last", len(events))
	}
}

func TestCallbacks(t *testing.T) {
	d := mustData(data.Moons(100, 0.1, 1))
	boom := errors.New("boom")
	tests := []struct {
		name       string
		o          Options
		wantErr    error
		wantEpochs int
		wantStop   string
	}{
		{"epoch stop", Options{OnEpoch: func(e EpochInfo) error {
			if e.Epoch == 2 {
				return ErrStop
			}
			return nil
		}}, nil, 2, "callback"},
		{"step stop", Options{OnStep: func(s StepInfo) error {
			if s.Global == 3 {
				return ErrStop
			}
			return nil
		}}, nil, 0, "callback"},
		{"epoch error", Options{OnEpoch: func(e EpochInfo) error { return boom }}, boom, 1, "error"},
	}
	for _, tt := range tests {
		tt.o.Epochs = 5
		h, err := Fit(context.Background(), mustNet(model.NewSoftmax(2, 2)), loss.CrossEntropy{}, d, adam(t, 0.01), tt.o)
		if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
			t.Errorf("%s: error %v, want %v", tt.name, err, tt.wantErr)
		}
		if h.Epochs != tt.wantEpochs || h.Stopped != tt.wantStop {
			t.Errorf("%s: %d epochs, stopped %q; want %d, %q", tt.name, h.Epochs, h.Stopped, tt.wantEpochs, tt.wantStop)
		}
	}
}

func TestMetricsAndValidation(t *testing.T) {
	all := mustData(data.Blobs(300, 3, 2, 0.3, 8))
	tr, va, _ := data.Split(all, 0.2, 1)
	ms, err := Metrics("accuracy", "mae")
	if err != nil {
		t.Fatal(err)
	}
	var seen map[string]float64
	h, err := Fit(context.Background(), mustNet(model.NewSoftmax(2, 3)), loss.CrossEntropy{}, tr, adam(t, 0.05),
		Options{Epochs: 30, Validation: va, Metrics: ms[:1], OnEpoch: func(e EpochInfo) error { seen = e.Metrics; return nil }})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"accuracy", "val_accuracy"} {
		if len(h.Metrics[k]) != 30 {
			t.Fatalf("%s has %d values, want 30", k, len(h.Metrics[k]))
		}
		if v := h.Metrics[k][29]; v < 0.9 || v > 1 || seen[k] != v {
			t.Errorf("%s = %v (callback saw %v) on well separated blobs", k, v, seen[k])
		}
	}
	if _, err := NewMetric("f1"); err == nil || !strings.Contains(err.Error(), "valid: accuracy, mae, mse, rmse") {
		t.Errorf("unknown metric: %v", err)
	}
	mae := ms[1]
	mae.Update([]float64{1, 2}, []float64{0, 0}, 2)
	if mae.Value() != 1.5 {
		t.Errorf("mae %v, want 1.5", mae.Value())
	}
}

func TestClipAndPenalty(t *testing.T) {
	d := mustData(data.Linear(50, []float64{10, -10}, 5, 0, 1))
	m := mustNet(model.NewLinear(2, 1))
	if _, err := Fit(context.Background(), m, loss.MSE{}, d, optimizers.NewSGD(1), Options{BatchSize: 50, ClipNorm: 1e-3}); err != nil {
		t.Fatal(err)
	}
	var norm float64
	for _, p := range m.Params() {
		norm += p * p
	}
	if math.Sqrt(norm) > 1e-3+1e-12 || norm == 0 {
		t.Errorf("one clipped step of lr 1 moved the parameters by %v, want at most 1e-3", math.Sqrt(norm))
	}
	// A strong L2 penalty shrinks the solution towards zero.
	free, shrunk := mustNet(model.NewLinear(2, 1)), mustNet(model.NewLinear(2, 1))
	Fit(context.Background(), free, loss.MSE{}, d, optimizers.NewSGD(0.1), Options{Epochs: 100, BatchSize: 50})
	Fit(context.Background(), shrunk, loss.MSE{}, d, optimizers.NewSGD(0.1), Options{Epochs: 100, BatchSize: 50, L2: 1})
	if a, b := math.Abs(free.Params()[0]), math.Abs(shrunk.Params()[0]); !(b < 0.8*a) {
		t.Errorf("weight %v with L2 vs %v without", b, a)
	}
}

func TestFitErrors(t *testing.T) {
	d := mustData(data.Moons(20, 0.1, 1))
	lin := mustNet(model.NewLinear(3, 1))
	soft := mustNet(model.NewSoftmax(2, 2))
	other := &data.Dataset{N: 1, Features: 3, Targets: 1, X: make([]float64, 3), Y: []float64{0}}
	tests := []struct {
		name string
		m    model.Model
		l    loss.Loss
		o    Options
		want string
	}{
		{"features", lin, loss.MSE{}, Options{}, "data has 2 features per row, the model takes 3"},
		{"validation shape", soft, loss.CrossEntropy{}, Options{Validation: other}, "validation data has 3 features"},
		{"negative", soft, loss.CrossEntropy{}, Options{Epochs: -1}, "none may be negative"},
		{"loss shape", soft, loss.MSE{}, Options{}, "epoch 1, step 1: loss mse: 20 targets for 40 predictions"},
		{"nil model", nil, loss.MSE{}, Options{}, "needs a model, a loss and an optimizer"},
	}
	for _, tt := range tests {
		_, err := Fit(context.Background(), tt.m, tt.l, d, adam(t, 0.1), tt.o)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestCancelDuringValidation(t *testing.T) {
	d := mustData(data.Moons(100, 0.1, 1))
	val := mustData(data.Moons(50, 0.1, 2))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h, err := Fit(ctx, mustNet(model.NewSoftmax(2, 2)), loss.CrossEntropy{}, d, adam(t, 0.01), Options{
		Epochs: 3, BatchSize: 50, Validation: val, Metrics: []Metric{Accuracy()},
		OnStep: func(s StepInfo) error {
			if s.Global == 2 { // the last step of epoch 1
				cancel()
			}
			return nil
		}})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "while validating after epoch 1") {
		t.Fatalf("error %v", err)
	}
	if h.Steps != 2 || h.Epochs != 0 || len(h.Loss) != 0 || len(h.ValLoss) != 0 || len(h.Metrics["accuracy"]) != 0 || h.Stopped != "cancelled" {
		t.Errorf("history %+v, want two steps and no whole epoch", h)
	}
}
