package train

import (
	"context"
	"testing"

	"github.com/descentlab/descent/optimizers/data"
	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/model"
)

func moonsSetup(tb testing.TB, n int) (*model.Net, *data.Dataset) {
	d := mustData(data.Moons(n, 0.1, 1))
	m := mustNet(model.NewMLP(model.MLPConfig{Sizes: []int{2, 64, 64, 2}, Activations: []string{"relu"}, Seed: 1, Classes: 2}))
	return m, d
}

// stepAllocs measures the allocations of one training step once training is under way.
func stepAllocs(tb testing.TB, m *model.Net, d *data.Dataset, batch int) float64 {
	tr, err := newTrainer(context.Background(), m, loss.CrossEntropy{}, d, adam(tb, 1e-3), Options{Epochs: 100, BatchSize: batch, Metrics: []Metric{Accuracy()}})
	if err != nil {
		tb.Fatal(err)
	}
	tr.epoch = 1
	s := 0
	step := func() {
		s = s%tr.stepsPerEpoch + 1
		if err := tr.step(s); err != nil {
			tb.Fatal(err)
		}
	}
	step()
	return testing.AllocsPerRun(50, step)
}

func TestStepDoesNotAllocate(t *testing.T) {
	m, d := moonsSetup(t, 1000)
	// 1000 rows in batches of 256 end with a short batch, which must not allocate either.
	if a := stepAllocs(t, m, d, 256); a != 0 {
		t.Errorf("%v allocations per step, want 0", a)
	}
}

// BenchmarkFitMoons trains a 2-64-64-2 relu MLP for one epoch on 100,000 two-moons points
// with batch 256 and Adam: ns/op is the time per epoch (391 steps), allocs/step the
// steady-state allocations of one step.
func BenchmarkFitMoons(b *testing.B) {
	m, d := moonsSetup(b, 100000)
	allocs := stepAllocs(b, m, d, 256)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Fit(context.Background(), m, loss.CrossEntropy{}, d, adam(b, 1e-3), Options{Epochs: 1, BatchSize: 256, Seed: uint64(i)}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(allocs, "allocs/step")
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/epoch")
}
