package model

import (
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// gonum's Dgemm splits a product into 64x64 blocks and starts goroutines once there are
// four or more; that costs allocations every step and buys little for training-sized
// batches on a shared machine. mulRows therefore multiplies in row panels small enough to
// stay on the serial path. Layers with 193 or more outputs still go parallel.
const gemmBlock = 64

// mulRows sets dst = a*b, computing it in row panels. The panel headers belong to the Net
// so that taking their address does not allocate at every call.
func (m *Net) mulRows(dst, a *mat.Dense, b mat.Matrix) {
	rows, _ := a.Dims()
	_, cols := b.Dims()
	colBlocks := (cols + gemmBlock - 1) / gemmBlock
	panel := rows
	if colBlocks < 4 {
		panel = gemmBlock * (3 / colBlocks)
	}
	if rows <= panel {
		dst.Mul(a, b)
		return
	}
	ra, rc := a.RawMatrix(), dst.RawMatrix()
	pa, pc := &m.panelA, &m.panelC
	for r := 0; r < rows; r += panel {
		h := min(panel, rows-r)
		pa.SetRawMatrix(blas64.General{Rows: h, Cols: ra.Cols, Stride: ra.Stride, Data: ra.Data[r*ra.Stride : (r+h-1)*ra.Stride+ra.Cols]})
		pc.SetRawMatrix(blas64.General{Rows: h, Cols: rc.Cols, Stride: rc.Stride, Data: rc.Data[r*rc.Stride : (r+h-1)*rc.Stride+rc.Cols]})
		pc.Mul(pa, b)
	}
}
