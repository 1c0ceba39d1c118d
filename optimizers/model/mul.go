package model

import (
	"runtime"
	"sync"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// gonum's Dgemm splits a product into 64x64 blocks and starts fresh goroutines once there
// are four or more, which allocates at every call. The products here are instead cut into
// row panels small enough for gonum's serial path, and the panels are shared out among a
// pool of goroutines that lives as long as the process, so a step allocates nothing.
//
// Every element of a product is computed by the same serial kernel over the same inner
// dimension whichever panel or goroutine it falls in, so results do not depend on the
// number of cores: runs stay bit-identical across machines.
const (
	gemmBlock = 64
	// parallelWork is the least multiply-adds per goroutine worth a hand-off (a few µs).
	parallelWork = 1 << 17
	maxParts     = 8
)

// part is one goroutine's share of a product: rows [r0, r1) of dst = op(a)*op(b).
type part struct {
	dst, a, b      *mat.Dense
	transA, transB bool
	r0, r1         int
	h              *headers
	done           *sync.WaitGroup
}

// headers are the panel views one part works through; each Net owns one set per part so
// that taking their address does not allocate.
type headers struct {
	a, b, c mat.Dense
	aT, bT  mat.Matrix
}

var pool struct {
	once sync.Once
	jobs chan part
}

// startPool starts the most workers any product can use, whatever GOMAXPROCS is now, so
// that raising it later never leaves a part without a worker; idle workers only wait.
func startPool() {
	pool.jobs = make(chan part, maxParts)
	for i := 0; i < maxParts-1; i++ {
		go func() {
			for p := range pool.jobs {
				p.run()
				p.done.Done()
			}
		}()
	}
}

// mul sets dst = op(a)*op(b), where op transposes when asked.
func (m *Net) mul(dst, a *mat.Dense, transA bool, b *mat.Dense, transB bool) {
	rows, cols := dst.Dims()
	inner, _ := b.Dims()
	if transB {
		_, inner = b.Dims()
	}
	parts := 1
	if procs := min(runtime.GOMAXPROCS(0), maxParts); procs > 1 {
		parts = max(1, min(procs, rows*cols*inner/parallelWork, rows/8))
	}
	if m.hdr == nil {
		m.hdr = make([]headers, maxParts)
		for i := range m.hdr {
			m.hdr[i].aT, m.hdr[i].bT = m.hdr[i].a.T(), m.hdr[i].b.T()
		}
	}
	p := part{dst: dst, a: a, b: b, transA: transA, transB: transB, r0: 0, r1: rows, h: &m.hdr[0]}
	if parts == 1 {
		p.run()
		return
	}
	pool.once.Do(startPool)
	per := (rows + parts - 1) / parts
	m.wg.Add(parts - 1)
	for i := 1; i < parts; i++ {
		q := p
		q.r0, q.r1, q.h, q.done = i*per, min((i+1)*per, rows), &m.hdr[i], &m.wg
		pool.jobs <- q
	}
	p.r1 = per
	p.run()
	m.wg.Wait()
}

// run computes its rows in tiles of at most three 64x64 blocks, which gonum multiplies
// serially.
func (p part) run() {
	_, cols := p.dst.Dims()
	rowPanel, colChunk := gemmBlock, 3*gemmBlock
	if colBlocks := (cols + gemmBlock - 1) / gemmBlock; colBlocks < 4 {
		rowPanel, colChunk = gemmBlock*(3/colBlocks), cols
	}
	ra, rb, rc := p.a.RawMatrix(), p.b.RawMatrix(), p.dst.RawMatrix()
	var opA, opB mat.Matrix = &p.h.a, &p.h.b
	if p.transA {
		opA = p.h.aT
	}
	if p.transB {
		opB = p.h.bT
	}
	for r := p.r0; r < p.r1; r += rowPanel {
		h := min(rowPanel, p.r1-r)
		if p.transA {
			// Rows r..r+h of aᵀ are columns r..r+h of a.
			p.h.a.SetRawMatrix(sub(ra, 0, ra.Rows, r, h))
		} else {
			p.h.a.SetRawMatrix(sub(ra, r, h, 0, ra.Cols))
		}
		for c := 0; c < cols; c += colChunk {
			w := min(colChunk, cols-c)
			p.h.c.SetRawMatrix(sub(rc, r, h, c, w))
			if p.transB {
				// Columns c..c+w of bᵀ are rows c..c+w of b.
				p.h.b.SetRawMatrix(sub(rb, c, w, 0, rb.Cols))
			} else {
				p.h.b.SetRawMatrix(sub(rb, 0, rb.Rows, c, w))
			}
			p.h.c.Mul(opA, opB)
		}
	}
}

// sub is the view of rows [r, r+h) and columns [c, c+w) of g.
func sub(g blas64.General, r, h, c, w int) blas64.General {
	return blas64.General{Rows: h, Cols: w, Stride: g.Stride, Data: g.Data[r*g.Stride+c : (r+h-1)*g.Stride+c+w]}
}
