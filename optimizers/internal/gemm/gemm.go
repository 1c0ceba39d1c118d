package gemm

import (
	"fmt"
	"runtime"

	"gonum.org/v1/gonum/blas"
)

// Dgemm computes C = alpha*op(A)*op(B) + beta*C for row-major matrices, with the
// signature of gonum's blas.Float64Level3.Dgemm: op(A) is m x k, op(B) is k x n and C is
// m x n; op(X) is X for blas.NoTrans and its transpose for blas.Trans (or ConjTrans).
// Element (i, j) of a matrix x with leading dimension ldx is x[i*ldx+j].
//
// When beta is 0, C is not read, so it may hold anything, NaN included. C must not
// overlap A or B; A and B may be the same matrix (as in AᵀA). Dgemm panics, naming the
// argument, when a dimension is negative, a leading dimension is smaller than its row or
// a slice is too short; these are bugs in the caller.
//
// Large products run on all cores; the result is bit-identical whatever the number of
// cores. Dgemm is safe for concurrent use and does not allocate once it has seen its
// largest operands.
func Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	transA, transB := trans("tA", tA), trans("tB", tB)
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("gemm: Dgemm with m=%d, n=%d, k=%d; none may be negative", m, n, k))
	}
	checkMatrix("C", c, m, n, ldc)
	if m == 0 || n == 0 {
		return
	}
	if transA {
		checkMatrix("A (transposed)", a, k, m, lda)
	} else {
		checkMatrix("A", a, m, k, lda)
	}
	if transB {
		checkMatrix("B (transposed)", b, n, k, ldb)
	} else {
		checkMatrix("B", b, k, n, ldb)
	}
	if k == 0 || alpha == 0 {
		scale(c, m, n, ldc, beta)
		return
	}
	cl := getCall()
	p := &cl.p
	*p = problem{m: m, n: n, k: k, rows: m, a: a, rsA: lda, csA: 1, b: b, ldb: ldb, transB: transB,
		c: c, ldc: ldc, alpha: alpha, beta: beta}
	if transA {
		p.rsA, p.csA = 1, lda
	}
	run(cl)
}

// Forward computes the outputs of a dense layer, out = act(x*w + bias): x is m x k (m
// rows of k inputs), w is k x n and out m x n, all row-major with the given leading
// dimensions; bias holds n values or is nil for none. The bias and the activation are
// applied to each tile of out as the kernel finishes it, so out is written once.
func Forward(m, n, k int, x []float64, ldx int, w []float64, ldw int, bias []float64, act Act, out []float64, ldo int) {
	if m < 0 || n < 0 || k < 1 {
		panic(fmt.Sprintf("gemm: Forward with m=%d, n=%d, k=%d; want m, n >= 0 and k >= 1", m, n, k))
	}
	checkAct(act)
	checkMatrix("x", x, m, k, ldx)
	checkMatrix("w", w, k, n, ldw)
	checkMatrix("out", out, m, n, ldo)
	if bias != nil && len(bias) < n {
		panic(fmt.Sprintf("gemm: Forward with %d biases for %d outputs", len(bias), n))
	}
	if m == 0 || n == 0 {
		return
	}
	cl := getCall()
	cl.p = problem{m: m, n: n, k: k, rows: m, a: x, rsA: ldx, csA: 1, b: w, ldb: ldw,
		c: out, ldc: ldo, alpha: 1, bias: bias, act: act}
	run(cl)
}

// BackwardInput takes a dense layer's output gradient dy (m x k) and weights w (n x k:
// n inputs, k outputs) back to the gradient with respect to the pre-activations of the
// layer before: dz = (dy * wᵀ) ⊙ act'(z), m x n, where a = act(z) (m x n) holds that
// layer's outputs, from which the derivative is read. With act Identity, a may be nil.
func BackwardInput(m, n, k int, dy []float64, ldy int, w []float64, ldw int, a []float64, lda int, act Act, dz []float64, ldz int) {
	if m < 0 || n < 0 || k < 1 {
		panic(fmt.Sprintf("gemm: BackwardInput with m=%d, n=%d, k=%d; want m, n >= 0 and k >= 1", m, n, k))
	}
	checkAct(act)
	checkMatrix("dy", dy, m, k, ldy)
	checkMatrix("w", w, n, k, ldw)
	checkMatrix("dz", dz, m, n, ldz)
	if act != Identity {
		checkMatrix("a", a, m, n, lda)
	} else {
		a = nil
	}
	if m == 0 || n == 0 {
		return
	}
	cl := getCall()
	cl.p = problem{m: m, n: n, k: k, rows: m, a: dy, rsA: ldy, csA: 1, b: w, ldb: ldw, transB: true,
		c: dz, ldc: ldz, alpha: 1, aux: a, ldaux: lda, dact: act}
	run(cl)
}

// BackwardWeights computes a dense layer's weight and bias gradients in one product:
// rows 0..m-1 of g get xᵀ * dy (the m x n weight gradient) and row m gets the column sums
// of dy (the bias gradient), where x (k x m) holds the layer's inputs for a batch of k
// rows and dy (k x n) the gradient with respect to its pre-activations. This is the
// layout of a layer's weights followed by its biases, so g can be that part of a flat
// gradient with ldg n.
func BackwardWeights(m, n, k int, x []float64, ldx int, dy []float64, ldy int, g []float64, ldg int) {
	if m < 0 || n < 0 || k < 1 {
		panic(fmt.Sprintf("gemm: BackwardWeights with m=%d, n=%d, k=%d; want m, n >= 0 and k >= 1", m, n, k))
	}
	checkMatrix("x", x, k, m, ldx)
	checkMatrix("dy", dy, k, n, ldy)
	checkMatrix("g", g, m+1, n, ldg)
	if n == 0 {
		return
	}
	cl := getCall()
	cl.p = problem{m: m + 1, n: n, k: k, rows: m, a: x, rsA: 1, csA: ldx, ones: true, b: dy, ldb: ldy,
		c: g, ldc: ldg, alpha: 1}
	run(cl)
}

func run(cl *call) {
	procs := runtime.GOMAXPROCS(0)
	cl.p.setup(procs)
	cl.run(procs)
	putCall(cl)
}

func trans(name string, t blas.Transpose) bool {
	switch t {
	case blas.NoTrans:
		return false
	case blas.Trans, blas.ConjTrans:
		return true
	}
	panic(fmt.Sprintf("gemm: Dgemm with %s %q, want blas.NoTrans, blas.Trans or blas.ConjTrans", name, byte(t)))
}

func checkAct(act Act) {
	if act < Identity || act > Sigmoid {
		panic(fmt.Sprintf("gemm: unknown activation %d", int(act)))
	}
}

// checkMatrix panics unless x can hold a rows x cols matrix with leading dimension ld.
func checkMatrix(name string, x []float64, rows, cols, ld int) {
	if ld < max(1, cols) {
		panic(fmt.Sprintf("gemm: %s has leading dimension %d for %d columns, want at least %d", name, ld, cols, max(1, cols)))
	}
	if rows > 0 && cols > 0 && len(x) < (rows-1)*ld+cols {
		panic(fmt.Sprintf("gemm: %s has %d values for %d x %d with leading dimension %d, want at least %d", name, len(x), rows, cols, ld, (rows-1)*ld+cols))
	}
}

// scale sets C = beta*C, not reading C when beta is 0.
func scale(c []float64, m, n, ldc int, beta float64) {
	for i := 0; i < m; i++ {
		row := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(row)
			continue
		}
		for j := range row {
			row[j] *= beta
		}
	}
}
