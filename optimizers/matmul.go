package optimizers

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// The matrix optimizers (Shampoo, Muon's Newton–Schulz iteration) multiply matrices only
// through matMul and decompose them only through eigSym, so that a faster GEMM can
// replace gonum's in one place. Both work on row-major []float64 and do not allocate.

// matMul sets c = op(a)·op(b), where op(x) is x, or xᵀ when trans is set: c is m×n,
// op(a) is m×k and op(b) is k×n, all row-major and contiguous. c must not overlap a or b.
func matMul(c, a, b []float64, m, k, n int, transA, transB bool) {
	ga := blas64.General{Rows: m, Cols: k, Stride: k, Data: a}
	ta := blas.NoTrans
	if transA {
		ga = blas64.General{Rows: k, Cols: m, Stride: m, Data: a}
		ta = blas.Trans
	}
	gb := blas64.General{Rows: k, Cols: n, Stride: n, Data: b}
	tb := blas.NoTrans
	if transB {
		gb = blas64.General{Rows: n, Cols: k, Stride: k, Data: b}
		tb = blas.Trans
	}
	blas64.Gemm(ta, tb, 1, ga, gb, 0, blas64.General{Rows: m, Cols: n, Stride: n, Data: c})
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
