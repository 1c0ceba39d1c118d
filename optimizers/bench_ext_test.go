package optimizers

import (
	"fmt"
	"math/rand"
	"testing"
	"time"
)

// extBench lists the elementwise and layer-wise optimizers beyond torch.optim with the
// float64 words a step must move per parameter (reads plus writes; a store to a line the
// step did not read, such as Schedule-Free's y, costs a read as well, as in the triad).
var extBench = []struct {
	name  string
	opt   string
	hyper map[string]any
	words float64
}{
	{"Yogi", "Yogi", nil, 7},         // p g m v in, p m v out
	{"AdaBound", "AdaBound", nil, 7}, // p g m v in, p m v out
	{"QHAdam", "QHAdam", map[string]any{"nus": []float64{0.7, 1.0}}, 7},
	{"MADGRAD", "MADGRAD", nil, 8},                                                      // p g gss s x0 in, p gss s out
	{"AdamWScheduleFree", "AdamWScheduleFree", nil, 11},                                 // p g z x v in, p z x v out, y written (and read for ownership)
	{"SGDScheduleFree", "SGDScheduleFree", nil, 9},                                      // p g z x in, p z x out, y written
	{"Lamb", "Lamb", nil, 10},                                                           // pass 1: p g m v in, m v out; pass 2: p m v in, p out
	{"LARS-momentum", "LARS", map[string]any{"momentum": 0.9, "weight_decay": 1e-4}, 7}, // norms: p g; step: p g buf in, p buf out
	{"NovoGrad", "NovoGrad", nil, 6},                                                    // norm: g; step: p g m in, p m out
	{"Lookahead-Adam", "Lookahead", map[string]any{"optimizer": "adam"}, 7 + 4.0/5},     // Adam, and every 5th step p slow in, p slow out
}

// BenchmarkStepExt times one Step of each optimizer beyond torch.optim and, interleaved
// with it on the same vectors' sizes, the triad of BenchmarkTriad, so that the ratio of
// a step to its bandwidth floor (its words times the triad's time per word) is measured
// in one run, whatever else the machine is doing. floor-ratio is that ratio: 1 means the
// step moves its data as fast as the triad does.
func BenchmarkStepExt(b *testing.B) {
	for _, c := range extBench {
		for _, n := range benchSizes {
			b.Run(fmt.Sprintf("%s/N=%.0e", c.name, float64(n)), func(b *testing.B) {
				o := mustNew(b, c.opt, c.hyper)
				r := rand.New(rand.NewSource(1))
				p, g := randVec(r, n), randVec(r, n)
				for i := range g {
					g[i] *= 1e-3
				}
				t := &triad{a: make([]float64, n), b: make([]float64, n), c: make([]float64, n), s: 3}
				for i := range t.b {
					t.b[i], t.c[i] = float64(i), 1
				}
				if err := o.Step(p, g); err != nil {
					b.Fatal(err)
				}
				t.run(t, n)
				var stepT, triadT time.Duration
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					s := time.Now()
					_ = o.Step(p, g)
					stepT += time.Since(s)
					s = time.Now()
					t.run(t, n)
					triadT += time.Since(s)
				}
				b.StopTimer()
				stepNs := float64(stepT.Nanoseconds()) / float64(b.N) / float64(n)
				wordNs := float64(triadT.Nanoseconds()) / float64(b.N) / float64(n) / 4
				b.ReportMetric(stepNs, "ns/param")
				b.ReportMetric(stepNs/(c.words*wordNs), "floor-ratio")
				b.ReportMetric(0, "ns/op")
			})
		}
	}
}
