package optimizers

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/lapack64"

	"github.com/descentlab/descent/optimizers/internal/gemm"
)

// The matrix optimizers (Shampoo, Muon's Newton–Schulz iteration) multiply matrices only
// through mul and decompose them only through eigSym. Both work on row-major []float64
// and do not allocate once they have seen their largest operands.

// dgemm is the product mul computes with: package gemm's kernel, which computes every
// element as one chain of fused multiply-adds in k order, as OpenBLAS's dgemm does for
// the references, and spreads large products over its own pool of goroutines. It has
// gonum's Dgemm signature, so a benchmark can put gonum's in its place to compare.
var dgemm = gemm.Dgemm

// mul sets c = op(a)·op(b), where op(x) is x, or xᵀ when trans is set: c is m×n, op(a) is
// m×k and op(b) is k×n, all row-major and contiguous. c must not overlap a or b.
//
// It must be called from a Step, never from inside a job of this package's worker pool
// (a stepRange): package gemm hands large products to its own goroutines and spins until
// they finish, which would hold a pool worker while its peers wait for it.
func mul(c, a, b []float64, m, k, n int, transA, transB bool) {
	ta, lda := blas.NoTrans, k
	if transA { // a is stored k×m
		ta, lda = blas.Trans, m
	}
	tb, ldb := blas.NoTrans, n
	if transB { // b is stored n×k
		tb, ldb = blas.Trans, k
	}
	dgemm(ta, tb, m, n, k, 1, a[:m*k], lda, b[:k*n], ldb, 0, c[:m*n], n)
}

// eigSym overwrites the symmetric n×n matrix a (row-major, both triangles set) with its
// orthonormal eigenvectors as columns and writes the eigenvalues, ascending, into w.
// work must have at least eigWork(n) elements. It reports whether the decomposition
// converged.
func eigSym(a, w, work []float64, n int) bool {
	return lapack64.Syev(lapack.EVCompute, blas64.Symmetric{N: n, Stride: n, Uplo: blas.Upper, Data: a}, w, work, len(work))
}

// eigWork returns the workspace length eigSym needs for an n×n matrix.
func eigWork(n int) int {
	var q [1]float64
	lapack64.Syev(lapack.EVCompute, blas64.Symmetric{N: n, Stride: n, Uplo: blas.Upper, Data: make([]float64, n*n)}, make([]float64, n), q[:], -1)
	return max(int(q[0]), 3*n-1, 1)
}
