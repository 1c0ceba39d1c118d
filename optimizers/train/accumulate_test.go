package train

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/data"
	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/model"
)

// TestAccumulationEqualsLargeBatch: k minibatches of b rows accumulated into each step
// train as batches of k*b rows do, for the same shuffling: parameters, step losses and
// learning rates agree to 1e-12, with a schedule stepped per optimizer step, also when
// the data do not divide into whole steps.
func TestAccumulationEqualsLargeBatch(t *testing.T) {
	for _, tc := range []struct {
		name    string
		n, b, k int
		opt     string
	}{
		{"even/momentum", 200, 10, 4, "momentum"},
		{"even/adam", 200, 10, 4, "adam"},
		{"ragged/momentum", 200, 16, 3, "momentum"}, // 13 minibatches: steps of 48, 48, 48, 48 and 8 rows
		{"all-in-one/adam", 100, 16, 10, "adam"},    // k*b > N: one step per epoch
	} {
		t.Run(tc.name, func(t *testing.T) {
			run := func(batch, accum int) (*model.Net, *History, *decay, []Progress) {
				d := mustData(data.Moons(tc.n, 0.2, 8))
				m := mustNet(model.NewMLP(model.MLPConfig{Sizes: []int{2, 12, 2}, Activations: []string{"tanh"}, Seed: 3, Classes: 2}))
				o, err := optimizers.New(tc.opt, map[string]any{"lr": 0.05})
				if err != nil {
					t.Fatal(err)
				}
				sched := &decay{h: o.Hyper()}
				var events []Progress
				h, err := Fit(context.Background(), m, loss.CrossEntropy{}, d, o, Options{
					Epochs: 3, BatchSize: batch, AccumulateSteps: accum, Seed: 5, Quiet: true,
					Schedule: sched, Every: PerStep,
					Progress: func(p Progress) { events = append(events, p) }, ProgressEvery: 1})
				if err != nil {
					t.Fatal(err)
				}
				return m, h, sched, events
			}
			big, hb, sb, eb := run(tc.k*tc.b, 0)
			acc, ha, sa, ea := run(tc.b, tc.k)
			wantSteps := 3 * ((tc.n + tc.k*tc.b - 1) / (tc.k * tc.b))
			if ha.Steps != wantSteps || hb.Steps != wantSteps || sa.steps != wantSteps || len(ha.StepLoss) != wantSteps {
				t.Fatalf("steps: accumulated %d (schedule %d, %d losses), large batch %d; want %d", ha.Steps, sa.steps, len(ha.StepLoss), hb.Steps, wantSteps)
			}
			if last := ea[len(ea)-1]; last.Step != wantSteps || last.Steps != wantSteps || !last.Done {
				t.Errorf("last progress event %+v, want step %d of %d", last, wantSteps, wantSteps)
			}
			if len(eb) == 0 || sb.steps != wantSteps {
				t.Errorf("large batch: %d events, schedule stepped %d times", len(eb), sb.steps)
			}
			close := func(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }
			for i := range ha.StepLoss {
				if !close(ha.StepLoss[i], hb.StepLoss[i]) || ha.LR[i] != hb.LR[i] {
					t.Fatalf("step %d: loss %v and lr %v accumulated, %v and %v in one batch", i+1, ha.StepLoss[i], ha.LR[i], hb.StepLoss[i], hb.LR[i])
				}
			}
			for e := range ha.Loss {
				if !close(ha.Loss[e], hb.Loss[e]) {
					t.Errorf("epoch %d loss %v accumulated, %v in one batch", e+1, ha.Loss[e], hb.Loss[e])
				}
			}
			worst := 0.0
			for i, p := range acc.Params() {
				q := big.Params()[i]
				worst = math.Max(worst, math.Abs(p-q)/math.Max(1, math.Abs(q)))
			}
			if worst > 1e-12 {
				t.Errorf("parameters differ by up to %.3g (relative), want at most 1e-12", worst)
			}
			moved := 0.0
			m0 := mustNet(model.NewMLP(model.MLPConfig{Sizes: []int{2, 12, 2}, Activations: []string{"tanh"}, Seed: 3, Classes: 2}))
			for i, p := range acc.Params() {
				moved = math.Max(moved, math.Abs(p-m0.Params()[i]))
			}
			if moved < 1e-3 {
				t.Errorf("training moved the parameters by only %v; the comparison means nothing", moved)
			}
			t.Logf("worst relative difference %.2g after %d steps", worst, wantSteps)
		})
	}
}

// TestAccumulationDoesNotAllocate: steps of several minibatches, the epoch's short last
// one included, allocate nothing.
func TestAccumulationDoesNotAllocate(t *testing.T) {
	m, d := moonsSetup(t, 1000)
	// 1000 rows in minibatches of 64: 16 of them (the last of 40 rows), in 4 steps of 4.
	tr, err := newTrainer(context.Background(), m, loss.CrossEntropy{}, d, adam(t, 1e-3),
		Options{Epochs: 100, BatchSize: 64, AccumulateSteps: 4, Metrics: []Metric{Accuracy()}, ClipNorm: 1})
	if err != nil {
		t.Fatal(err)
	}
	if tr.stepsPerEpoch != 4 || tr.batchesPerEpoch != 16 {
		t.Fatalf("%d steps of %d minibatches per epoch, want 4 of 16", tr.stepsPerEpoch, tr.batchesPerEpoch)
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
	if a := testing.AllocsPerRun(40, step); a != 0 {
		t.Errorf("%v allocations per accumulated step, want 0", a)
	}
}

func TestAccumulateStepsNegative(t *testing.T) {
	m, d := moonsSetup(t, 100)
	_, err := Fit(context.Background(), m, loss.CrossEntropy{}, d, adam(t, 1e-3), Options{AccumulateSteps: -2, Quiet: true})
	if err == nil || !strings.Contains(err.Error(), "AccumulateSteps -2") {
		t.Errorf("AccumulateSteps -2: %v", err)
	}
}

// decay is a schedule that lowers its optimizer's lr by 2% at every Step and counts them.
type decay struct {
	h     *optimizers.Hyper
	steps int
}

func (c *decay) Step() {
	c.steps++
	c.h.Set("lr", c.h.Float("lr")*0.98)
}
func (c *decay) LR() []float64 { return []float64{c.h.Float("lr")} }
