package optimizers

import (
	"testing"

	"github.com/descentlab/descent/optimizers/internal/hosttest"
)

// BenchmarkMinimizeProgress runs 100,000 SGD iterations on a two-dimensional quadratic,
// where an iteration costs tens of nanoseconds and any per-iteration overhead shows, with
// and without a notebook host (which arms the progress bar): the ratio is its cost.
func BenchmarkMinimizeProgress(b *testing.B) {
	p := stiff()
	s := Settings{MaxIter: 100000, GradTol: -1, NoTrajectory: true}
	run := func() {
		if _, err := Minimize(p, []float64{1, 1}, NewSGD(0.001), s); err != nil {
			b.Fatal(err)
		}
	}
	var quiet, shown float64
	for i := 0; i < b.N; i++ {
		quiet += measure(run)
		hosttest.Install(b)
		shown += measure(run)
		hostOff()
	}
	n := float64(b.N) * float64(s.MaxIter)
	b.ReportMetric(quiet/n, "ns/iter-no-host")
	b.ReportMetric(shown/n, "ns/iter-host")
	b.ReportMetric(shown/quiet, "ratio")
}
