package optimizers

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// The matrix optimizers (Shampoo, Muon's Newton–Schulz iteration) multiply matrices only
// through gemm.mul and decompose them only through eigSym, so that a faster GEMM can
// replace gonum's in one place. Both work on row-major []float64 and do not allocate.

// gemm multiplies matrices for one optimizer. It is the single place the matrix
// optimizers multiply (another GEMM can replace gonum's here), and it keeps steps free of
// allocations: gonum's Dgemm starts goroutines, and allocates, once its output spans four
// 64x64 blocks, so the output is cut into tiles below that size, each a serial gonum
// Dgemm over the full inner dimension, and the tiles are spread over the worker pool.
// Every element is computed by one call, so the split never changes a result.
type gemm struct {
	splitter
	c, a, b        []float64
	m, k, n        int
	transA, transB bool
	colTiles       int
}

const (
	gemmTileRows = 64      // with gemmTileCols, three 64x64 blocks: gonum stays serial
	gemmTileCols = 192     //
	gemmParMin   = 1 << 18 // multiply-adds worth handing to other cores
)

// mul sets c = op(a)·op(b), where op(x) is x, or xᵀ when trans is set: c is m×n, op(a) is
// m×k and op(b) is k×n, all row-major and contiguous. c must not overlap a or b.
func (g *gemm) mul(c, a, b []float64, m, k, n int, transA, transB bool) {
	g.c, g.a, g.b, g.m, g.k, g.n, g.transA, g.transB = c[:m*n], a[:m*k], b[:k*n], m, k, n, transA, transB
	g.colTiles = (n + gemmTileCols - 1) / gemmTileCols
	tiles := (m + gemmTileRows - 1) / gemmTileRows * g.colTiles
	if tiles < 2 || m*n*k < gemmParMin {
		g.stepRange(0, tiles)
	} else {
		g.runTiles(tiles)
	}
	g.c, g.a, g.b = nil, nil, nil
}

// runTiles spreads the tiles [0, tiles) over the calling goroutine and the pool.
func (g *gemm) runTiles(tiles int) {
	pool.once.Do(startPool)
	parts := min(pool.workers+1, tiles)
	per := (tiles + parts - 1) / parts
	parts = (tiles + per - 1) / per
	g.wg.Add(parts - 1)
	for i := 1; i < parts; i++ {
		pool.jobs <- job{r: g, lo: i * per, hi: min((i+1)*per, tiles), done: &g.wg}
	}
	g.stepRange(0, per)
	g.wg.Wait()
}

// stepRange computes the tiles [lo, hi), numbered row by row.
func (g *gemm) stepRange(lo, hi int) {
	m, k, n := g.m, g.k, g.n
	for t := lo; t < hi; t++ {
		i0, j0 := t/g.colTiles*gemmTileRows, t%g.colTiles*gemmTileCols
		rows, cols := min(gemmTileRows, m-i0), min(gemmTileCols, n-j0)
		ga := blas64.General{Rows: rows, Cols: k, Stride: k, Data: g.a[i0*k:]}
		ta := blas.NoTrans
		if g.transA { // a is stored k×m; the tile's rows are columns i0.. of it
			ga = blas64.General{Rows: k, Cols: rows, Stride: m, Data: g.a[i0:]}
			ta = blas.Trans
		}
		gb := blas64.General{Rows: k, Cols: cols, Stride: n, Data: g.b[j0:]}
		tb := blas.NoTrans
		if g.transB { // b is stored n×k; the tile's columns are rows j0.. of it
			gb = blas64.General{Rows: cols, Cols: k, Stride: k, Data: g.b[j0*k:]}
			tb = blas.Trans
		}
		blas64.Gemm(ta, tb, 1, ga, gb, 0, blas64.General{Rows: rows, Cols: cols, Stride: n, Data: g.c[i0*n+j0:]})
	}
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
