package optimizers

import (
	"fmt"
	"math/rand"
	"testing"
	"time"

	"gonum.org/v1/gonum/blas/gonum"

	"github.com/descentlab/descent/optimizers/internal/gemm"
)

// BenchmarkMuonStep times one Muon step on a weight matrix (five Newton–Schulz
// iterations, three products each) with package gemm's kernel, and interleaved with it
// the same step with gonum's Dgemm in its place, so that gonum/gemm, the speed-up over
// gonum, is measured in one run whatever else the machine is doing:
//
//	go test ./optimizers -run X -bench MuonStep -benchtime 20x -count 3
func BenchmarkMuonStep(b *testing.B) {
	for _, d := range [][2]int{{64, 64}, {256, 256}, {784, 256}} {
		r, c := d[0], d[1]
		b.Run(fmt.Sprintf("%dx%d", r, c), func(b *testing.B) {
			rng := rand.New(rand.NewSource(1))
			p, g := randVec(rng, r*c+c), randVec(rng, r*c+c)
			pg := append([]float64(nil), p...)
			mk := func() *Muon {
				o := NewMuon()
				if err := o.SetShapes(Layout([]int{r, c}, []int{c})); err != nil {
					b.Fatal(err)
				}
				return o
			}
			fast, slow := mk(), mk()
			// step times one step of o on p, multiplying with gonum's Dgemm if asked.
			step := func(o *Muon, p []float64, useGonum bool) time.Duration {
				if useGonum {
					dgemm = gonum.Implementation{}.Dgemm
					defer func() { dgemm = gemm.Dgemm }()
				}
				s := time.Now()
				if err := o.Step(p, g); err != nil {
					b.Fatal(err)
				}
				return time.Since(s)
			}
			step(fast, p, false)
			step(slow, pg, true)
			var fastT, slowT time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				fastT += step(fast, p, false)
				slowT += step(slow, pg, true)
			}
			b.StopTimer()
			b.ReportMetric(float64(fastT.Microseconds())/1e3/float64(b.N), "ms/step")
			b.ReportMetric(float64(slowT.Microseconds())/1e3/float64(b.N), "gonum-ms/step")
			b.ReportMetric(float64(slowT)/float64(fastT), "gonum/gemm")
			b.ReportMetric(0, "ns/op")
		})
	}
}
