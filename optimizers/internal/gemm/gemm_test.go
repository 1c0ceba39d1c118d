package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/gonum/blas"
)

// sizes are the dimensions every transposition is tested at: one, below, at and above the
// tile sizes (6 and 8) and the block of 64, and one beyond the inner block kc.
var sizes = []int{1, 3, 7, 8, 9, 63, 64, 65, 257}

// kernels lists the kernels this machine can run: the assembly where the CPU has it, and
// always the portable Go kernel.
func kernels() []bool {
	if useAsm {
		return []bool{true, false}
	}
	return []bool{false}
}

// withKernel runs f with the assembly on or off.
func withKernel(asm bool, f func()) {
	defer func(old bool) { useAsm = old }(useAsm)
	useAsm = asm
	f()
}

func kernelName(asm bool) string {
	if asm {
		return "asm"
	}
	return "go"
}

func randSlice(rng *rand.Rand, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = 2*rng.Float64() - 1
	}
	return s
}

// opAt is element (i, p) of op(x).
func opAt(x []float64, ld int, trans bool, i, p int) float64 {
	if trans {
		return x[p*ld+i]
	}
	return x[i*ld+p]
}

// naive is the triple loop: it returns alpha*op(A)*op(B) + beta*C and, per element, the
// sum of the magnitudes of its terms, which bounds the rounding error of any order of
// summation.
func naive(tA, tB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) (want, mag []float64) {
	want, mag = make([]float64, m*n), make([]float64, m*n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s, ms float64
			for p := 0; p < k; p++ {
				t := opAt(a, lda, tA, i, p) * opAt(b, ldb, tB, p, j)
				s += t
				ms += math.Abs(t)
			}
			w, mw := alpha*s, math.Abs(alpha)*ms
			if beta != 0 {
				w += beta * c[i*ldc+j]
				mw += math.Abs(beta * c[i*ldc+j])
			}
			want[i*n+j], mag[i*n+j] = w, mw
		}
	}
	return want, mag
}

// compare reports elements of got (m x n, leading dimension ld) off want by more than
// 1e-12 relative to the magnitude of their terms, and padding between rows that changed.
func compare(t *testing.T, name string, got []float64, ld int, want, mag []float64, m, n int, pad float64) {
	t.Helper()
	for i := 0; i < m; i++ {
		for j := 0; j < ld; j++ {
			g := got[i*ld+j]
			if j >= n {
				if g != pad && i < m-1 {
					t.Fatalf("%s: padding C[%d][%d] changed to %v", name, i, j, g)
				}
				continue
			}
			w, tol := want[i*n+j], 1e-12*mag[i*n+j]
			if !(math.Abs(g-w) <= tol) {
				t.Fatalf("%s: C[%d][%d] = %v, want %v (tolerance %g)", name, i, j, g, w, tol)
			}
		}
	}
}

type gemmCase struct {
	tA, tB      bool
	m, n, k     int
	alpha, beta float64
	pad         int // extra columns in every leading dimension
}

func (g gemmCase) String() string {
	return fmt.Sprintf("%s%s m=%d n=%d k=%d alpha=%g beta=%g pad=%d", tname(g.tA), tname(g.tB), g.m, g.n, g.k, g.alpha, g.beta, g.pad)
}

func tname(t bool) string {
	if t {
		return "T"
	}
	return "N"
}

func blasT(t bool) blas.Transpose {
	if t {
		return blas.Trans
	}
	return blas.NoTrans
}

// gemmCases are every transposition at every combination of sizes with at most one of
// m, n, k at 257, cycling alpha, beta and padding through the cases.
func gemmCases() []gemmCase {
	alphas := []float64{1, -0.75, 1, 2}
	betas := []float64{0, 1, 0, 0.5, -1}
	var cs []gemmCase
	i := 0
	for _, tA := range []bool{false, true} {
		for _, tB := range []bool{false, true} {
			for _, m := range sizes {
				for _, n := range sizes {
					for _, k := range sizes {
						big := 0
						for _, d := range []int{m, n, k} {
							if d > 65 {
								big++
							}
						}
						if big > 1 {
							continue
						}
						cs = append(cs, gemmCase{tA, tB, m, n, k, alphas[i%len(alphas)], betas[i%len(betas)], (i % 3) * 2})
						i++
					}
				}
			}
		}
	}
	return cs
}

// runCase multiplies with Dgemm and returns C with its leading dimension, and the
// reference.
func runCase(g gemmCase, rng *rand.Rand) (got []float64, ldc int, want, mag []float64, pad float64) {
	ra, ca := g.m, g.k
	if g.tA {
		ra, ca = g.k, g.m
	}
	rb, cb := g.k, g.n
	if g.tB {
		rb, cb = g.n, g.k
	}
	lda, ldb, ldc := ca+g.pad, cb+g.pad, g.n+g.pad
	a, b, c := randSlice(rng, ra*lda), randSlice(rng, rb*ldb), randSlice(rng, g.m*ldc)
	pad = 12345
	for i := range c {
		if i%ldc >= g.n {
			c[i] = pad
		} else if g.beta == 0 {
			c[i] = math.NaN() // beta 0 must not read C
		}
	}
	want, mag = naive(g.tA, g.tB, g.m, g.n, g.k, g.alpha, a, lda, b, ldb, g.beta, c, ldc)
	Dgemm(blasT(g.tA), blasT(g.tB), g.m, g.n, g.k, g.alpha, a, lda, b, ldb, g.beta, c, ldc)
	return c, ldc, want, mag, pad
}

// TestDgemmMatchesNaive checks every transposition and odd size against the triple loop
// to 1e-12 relative, with the assembly and with the Go kernel, which must agree bit for
// bit.
func TestDgemmMatchesNaive(t *testing.T) {
	cases := gemmCases()
	if testing.Short() {
		cases = cases[:len(cases)/8]
	}
	results := map[bool][][]float64{}
	for _, asm := range kernels() {
		withKernel(asm, func() {
			rng := rand.New(rand.NewPCG(1, 2))
			for _, g := range cases {
				got, ldc, want, mag, pad := runCase(g, rng)
				compare(t, kernelName(asm)+" "+g.String(), got, ldc, want, mag, g.m, g.n, pad)
				results[asm] = append(results[asm], got)
			}
		})
	}
	if len(results) == 2 {
		for i, g := range cases {
			if !sameBits(results[true][i], results[false][i]) {
				t.Fatalf("%v: the assembly and the Go kernel differ", g)
			}
		}
	}
}

func sameBits(x, y []float64) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if math.Float64bits(x[i]) != math.Float64bits(y[i]) {
			return false
		}
	}
	return true
}

// TestDgemmLongInner crosses several inner blocks with every combination of the flags
// that continue a sum from one block to the next.
func TestDgemmLongInner(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, asm := range kernels() {
		withKernel(asm, func() {
			for _, k := range []int{kc - 1, kc, kc + 1, 3*kc + 17} {
				for _, ab := range [][2]float64{{1, 0}, {1, 1}, {0.5, 0}, {0.5, 1}, {-2, 0.25}} {
					for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
						g := gemmCase{tr[0], tr[1], 13, 19, k, ab[0], ab[1], 1}
						got, ldc, want, mag, pad := runCase(g, rng)
						compare(t, kernelName(asm)+" "+g.String(), got, ldc, want, mag, g.m, g.n, pad)
					}
				}
			}
		})
	}
}

// TestDgemmDegenerate: no inner dimension or alpha 0 leave beta*C; empty C is a no-op.
func TestDgemmDegenerate(t *testing.T) {
	c := []float64{1, 2, 3, 4}
	Dgemm(blas.NoTrans, blas.NoTrans, 2, 2, 0, 1, nil, 1, nil, 2, 3, c, 2)
	if !sameBits(c, []float64{3, 6, 9, 12}) {
		t.Errorf("k=0, beta=3: C = %v, want [3 6 9 12]", c)
	}
	c = []float64{math.NaN(), 2, 3, 4}
	Dgemm(blas.NoTrans, blas.NoTrans, 2, 2, 1, 0, []float64{1, 1}, 1, []float64{1, 1}, 2, 0, c, 2)
	if !sameBits(c, []float64{0, 0, 0, 0}) {
		t.Errorf("alpha=0, beta=0: C = %v, want zeros", c)
	}
	Dgemm(blas.NoTrans, blas.NoTrans, 0, 3, 2, 1, nil, 2, []float64{1, 1, 1, 1, 1, 1}, 3, 0, nil, 3)
}

// TestDgemmPanics: bad arguments are caller bugs, reported by name.
func TestDgemmPanics(t *testing.T) {
	ok := make([]float64, 12)
	tests := []struct {
		name string
		f    func()
		want string
	}{
		{"negative", func() { Dgemm(blas.NoTrans, blas.NoTrans, -1, 2, 2, 1, ok, 2, ok, 2, 0, ok, 2) }, "m=-1"},
		{"transpose", func() { Dgemm('x', blas.NoTrans, 2, 2, 2, 1, ok, 2, ok, 2, 0, ok, 2) }, `tA 'x'`},
		{"lda", func() { Dgemm(blas.NoTrans, blas.NoTrans, 2, 2, 3, 1, ok, 2, ok, 2, 0, ok, 2) }, "A has leading dimension 2 for 3 columns"},
		{"short B", func() { Dgemm(blas.NoTrans, blas.Trans, 2, 5, 2, 1, ok, 2, ok[:8], 2, 0, ok, 5) }, "B (transposed) has 8 values for 5 x 2"},
		{"short C", func() { Dgemm(blas.NoTrans, blas.NoTrans, 3, 4, 2, 1, ok, 2, ok, 4, 0, ok[:11], 4) }, "C has 11 values"},
		{"forward k", func() { Forward(2, 2, 0, ok, 1, ok, 2, nil, ReLU, ok, 2) }, "k=0"},
		{"forward bias", func() { Forward(2, 3, 2, ok, 2, ok, 3, ok[:2], ReLU, ok, 3) }, "2 biases for 3 outputs"},
		{"act", func() { Forward(2, 3, 2, ok, 2, ok, 3, nil, Act(9), ok, 3) }, "unknown activation 9"},
		{"backward a", func() { BackwardInput(2, 3, 2, ok, 2, ok, 2, ok[:4], 3, Tanh, ok, 3) }, "a has 4 values"},
		{"weights g", func() { BackwardWeights(3, 2, 2, ok, 3, ok, 2, ok[:7], 2) }, "g has 7 values for 4 x 2"},
	}
	for _, tt := range tests {
		func() {
			defer func() {
				r := recover()
				if s, _ := r.(string); !strings.Contains(s, tt.want) {
					t.Errorf("%s: panic %v, want %q", tt.name, r, tt.want)
				}
			}()
			tt.f()
		}()
	}
}

// TestCoresDoNotChangeBits runs products big enough to be split on one core and on
// several: every element must come out bit-identical.
func TestCoresDoNotChangeBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	shapes := [][3]int{{256, 64, 64}, {64, 64, 256}, {129, 257, 300}, {784, 256, 128}}
	for _, s := range shapes {
		m, n, k := s[0], s[1], s[2]
		for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}} {
			a, b := randSlice(rng, m*k), randSlice(rng, k*n)
			lda, ldb := k, n
			if tr[0] {
				lda = m
			}
			if tr[1] {
				ldb = k
			}
			var out [2][]float64
			for i, procs := range []int{1, 4} {
				func() {
					defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
					out[i] = make([]float64, m*n)
					Dgemm(blasT(tr[0]), blasT(tr[1]), m, n, k, 1, a, lda, b, ldb, 0, out[i], n)
				}()
			}
			if !sameBits(out[0], out[1]) {
				t.Errorf("%v %v: one core and four differ", s, tr)
			}
		}
	}
}

// TestNoAllocs: once the largest operands have been seen, no product allocates, on one
// core or split among several.
func TestNoAllocs(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	rng := rand.New(rand.NewPCG(7, 8))
	m, n, k := 256, 70, 300
	a, b, c := randSlice(rng, m*k), randSlice(rng, k*n), make([]float64, m*n)
	bias := randSlice(rng, n)
	step := func() {
		Dgemm(blas.NoTrans, blas.Trans, m, n, k, 1, a, k, b, k, 0, c, n)
		Forward(m, n, k, a, k, b, n, bias, ReLU, c, n)
		BackwardWeights(n-1, k, m, c, n, a, k, b, k)
	}
	step()
	if got := testing.AllocsPerRun(50, step); got != 0 {
		t.Errorf("%v allocations per round of products, want 0", got)
	}
}

// TestConcurrentCallers: goroutines multiplying at the same time share the helpers (and
// stale help requests from finished products) without mixing up their results.
func TestConcurrentCallers(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	const callers, rounds = 4, 6
	rng := rand.New(rand.NewPCG(9, 10))
	type job struct {
		m, n, k    int
		a, b, want []float64
	}
	jobs := make([]job, callers)
	for i := range jobs {
		m, n, k := 120+7*i, 130+5*i, 140+3*i // over 2^21 multiply-adds: split among helpers
		a, b := randSlice(rng, m*k), randSlice(rng, k*n)
		want := make([]float64, m*n)
		func() {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
			Dgemm(blas.NoTrans, blas.NoTrans, m, n, k, 1, a, k, b, n, 0, want, n)
		}()
		jobs[i] = job{m, n, k, a, b, want}
	}
	errs := make(chan string, callers*rounds)
	done := make(chan struct{})
	for _, j := range jobs {
		go func() {
			defer func() { done <- struct{}{} }()
			c := make([]float64, j.m*j.n)
			for r := range rounds {
				Dgemm(blas.NoTrans, blas.NoTrans, j.m, j.n, j.k, 1, j.a, j.k, j.b, j.n, 0, c, j.n)
				if !sameBits(c, j.want) {
					errs <- fmt.Sprintf("%dx%dx%d round %d: result differs from the one-core product", j.m, j.n, j.k, r)
				}
			}
		}()
	}
	for range callers {
		<-done
	}
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
