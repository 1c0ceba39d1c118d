package gemm

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"gonum.org/v1/gonum/blas"
)

// benchShape is one product of a training step of the benchmark networks.
type benchShape struct {
	name    string
	kind    string // forward, input (BackwardInput), weights (BackwardWeights), nt (Dgemm A*Bᵀ)
	m, n, k int
	act     Act
}

// benchShapes are the products of one training step of the 2-64-64-2 relu MLP on
// batches of 256 (moons) and the 784-256-256-10 relu MLP on batches of 128 (digits):
// for each layer its forward product, its weight gradient and the gradient it passes
// back (none for the first layer).
var benchShapes = []benchShape{
	{"moons/L1fwd", "forward", 256, 64, 2, ReLU},
	{"moons/L2fwd", "forward", 256, 64, 64, ReLU},
	{"moons/L3fwd", "forward", 256, 2, 64, Identity},
	{"moons/L3grad", "weights", 64, 2, 256, Identity},
	{"moons/L3back", "input", 256, 64, 2, ReLU},
	{"moons/L2grad", "weights", 64, 64, 256, Identity},
	{"moons/L2back", "input", 256, 64, 64, ReLU},
	{"moons/L1grad", "weights", 2, 64, 256, Identity},
	{"digits/L1fwd", "forward", 128, 256, 784, ReLU},
	{"digits/L2fwd", "forward", 128, 256, 256, ReLU},
	{"digits/L3fwd", "forward", 128, 10, 256, Identity},
	{"digits/L3grad", "weights", 256, 10, 128, Identity},
	{"digits/L3back", "input", 128, 256, 10, ReLU},
	{"digits/L2grad", "weights", 256, 256, 128, Identity},
	{"digits/L2back", "input", 128, 256, 256, ReLU},
	{"digits/L1grad", "weights", 784, 256, 128, Identity},
	{"square/512", "nt", 512, 512, 512, Identity},
}

// flops counts the useful floating-point operations of s: two per multiply-add, the bias
// row of a weight gradient included.
func (s benchShape) flops() float64 {
	m := s.m
	if s.kind == "weights" {
		m++
	}
	return 2 * float64(m) * float64(s.n) * float64(s.k)
}

// product returns a closure running s once on fresh random operands.
func (s benchShape) product() func() {
	rng := rand.New(rand.NewPCG(1, 2))
	m, n, k := s.m, s.n, s.k
	switch s.kind {
	case "forward":
		x, w, bias, out := randSlice(rng, m*k), randSlice(rng, k*n), randSlice(rng, n), make([]float64, m*n)
		return func() { Forward(m, n, k, x, k, w, n, bias, s.act, out, n) }
	case "input":
		dy, w, a, dz := randSlice(rng, m*k), randSlice(rng, n*k), randSlice(rng, m*n), make([]float64, m*n)
		return func() { BackwardInput(m, n, k, dy, k, w, k, a, n, s.act, dz, n) }
	case "weights":
		x, dy, g := randSlice(rng, k*m), randSlice(rng, k*n), make([]float64, (m+1)*n)
		return func() { BackwardWeights(m, n, k, x, m, dy, n, g, n) }
	default:
		a, b, c := randSlice(rng, m*k), randSlice(rng, n*k), make([]float64, m*n)
		return func() { Dgemm(blas.NoTrans, blas.Trans, m, n, k, 1, a, k, b, k, 0, c, n) }
	}
}

// peakGFLOPS measures one core's double-precision peak in this run: the best of several
// short runs of a loop of independent FMAs.
func peakGFLOPS() float64 {
	const rounds = 1 << 21
	best := 0.0
	for range 7 {
		start := time.Now()
		fmaLoop(rounds)
		if g := rounds * peakFlopsPerRound / time.Since(start).Seconds() / 1e9; g > best {
			best = g
		}
	}
	return best
}

// BenchmarkGEMM reports GFLOP/s for every product of a training step of the two
// benchmark networks, on one core and on all, against the peak of a tight FMA loop
// measured in the same run (%peak; on p cores against p times one core's peak, what the
// cores give when no other process wants them). Run:
//
//	go test ./optimizers/internal/gemm -run '^$' -bench GEMM -count 5
func BenchmarkGEMM(b *testing.B) {
	peak := peakGFLOPS()
	b.Run("peak", func(b *testing.B) {
		for range b.N {
			fmaLoop(1 << 16)
		}
		b.ReportMetric(peak, "GFLOP/s")
	})
	all := runtime.GOMAXPROCS(0)
	procs := []int{1}
	if all > 1 {
		procs = append(procs, all)
	}
	// One core and all cores side by side, shape by shape, so both see the same load.
	for _, s := range benchShapes {
		run := s.product()
		for _, p := range procs {
			b.Run(fmt.Sprintf("%s/procs=%d", s.name, p), func(b *testing.B) {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(p))
				run()
				b.ReportAllocs()
				b.ResetTimer()
				for range b.N {
					run()
				}
				g := s.flops() * float64(b.N) / b.Elapsed().Seconds() / 1e9
				b.ReportMetric(g, "GFLOP/s")
				b.ReportMetric(100*g/(peak*float64(p)), "%peak")
			})
		}
	}
}
