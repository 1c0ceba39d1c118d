package optimizers

import (
	"fmt"
	"math/rand"
	"testing"
)

// benchSizes are the vector lengths of the step benchmarks: in cache, just out of it, and
// far out of it, where only memory bandwidth matters.
var benchSizes = []int{1e5, 1e6, 1e7}

// BenchmarkStep times one Step at each size and reports ns/param and the memory traffic
// it implies (words read plus written per parameter, 8 bytes each) in GB/s, to compare
// with BenchmarkTriad's bandwidth.
func BenchmarkStep(b *testing.B) {
	cases := []struct {
		name  string
		opt   string
		hyper map[string]any
		words float64 // float64s moved per parameter: reads + writes
	}{
		{"SGD-momentum", "SGD", map[string]any{"lr": 0.01, "momentum": 0.9}, 5}, // p g buf in, p buf out
		{"Adam", "Adam", nil, 7}, // p g m v in, p m v out
		{"AdamW", "AdamW", nil, 7},
		{"RMSprop", "RMSprop", nil, 5}, // p g sq in, p sq out
	}
	for _, c := range cases {
		for _, n := range benchSizes {
			b.Run(fmt.Sprintf("%s/N=%.0e", c.name, float64(n)), func(b *testing.B) {
				o := mustNew(b, c.opt, c.hyper)
				r := rand.New(rand.NewSource(1))
				p, g := randVec(r, n), randVec(r, n)
				for i := range g {
					g[i] *= 1e-3 // keep the walk bounded over many steps
				}
				if err := o.Step(p, g); err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					_ = o.Step(p, g)
				}
				report(b, n, c.words)
			})
		}
	}
}

// report adds ns/param and GB/s (words per element × 8 bytes) to a benchmark.
func report(b *testing.B, n int, words float64) {
	ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N) / float64(n)
	b.ReportMetric(ns, "ns/param")
	b.ReportMetric(words*8/ns, "GB/s")
	b.ReportMetric(0, "ns/op") // per-step time is ns/param × N; keep the table readable
}

// triad is the STREAM triad a = b + s*c over the same worker pool the optimizers use, so
// its bandwidth is the floor an elementwise step can reach on this machine.
type triad struct {
	splitter
	a, b, c []float64
	s       float64
}

func (t *triad) stepRange(lo, hi int) {
	a, b, c, s := t.a[lo:hi], t.b[lo:hi], t.c[lo:hi], t.s
	b, c = b[:len(a)], c[:len(a)] // lets the compiler drop bounds checks
	for i := range a {
		a[i] = b[i] + s*c[i]
	}
}

// BenchmarkTriad measures memory bandwidth with both cores: GB/s counts the triad's 3
// words per element (STREAM's convention), and ns/elem times one element.
func BenchmarkTriad(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("N=%.0e", float64(n)), func(b *testing.B) {
			t := &triad{a: make([]float64, n), b: make([]float64, n), c: make([]float64, n), s: 3}
			for i := range t.b {
				t.b[i], t.c[i] = float64(i), 1
			}
			t.run(t, n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				t.run(t, n)
			}
			ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N) / float64(n)
			b.ReportMetric(ns, "ns/elem")
			b.ReportMetric(3*8/ns, "GB/s")
			b.ReportMetric(0, "ns/op")
		})
	}
}
