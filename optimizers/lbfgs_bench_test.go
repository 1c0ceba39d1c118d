package optimizers

import "testing"

// BenchmarkLBFGSStepClosure measures one strong-Wolfe LBFGS outer step (up to 5 inner
// iterations, history 10) on a 10k-dimensional diagonal quadratic, restarted from the
// same point so every step does the same work.
func BenchmarkLBFGSStepClosure(b *testing.B) {
	const n = 10000
	cl := func(p, g []float64) float64 {
		f := 0.0
		for i, v := range p {
			c := float64(i%7 + 1)
			g[i] = c * v
			f += 0.5 * c * v * v
		}
		return f
	}
	o, err := NewLBFGS(map[string]any{"line_search_fn": "strong_wolfe", "max_iter": 5, "history_size": 10})
	if err != nil {
		b.Fatal(err)
	}
	x := make([]float64, n)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for j := range x {
			x[j] = 1
		}
		if _, err := o.StepClosure(x, cl); err != nil {
			b.Fatal(err)
		}
	}
}
