package gemm

import "math"

// kc is the most of the inner dimension one kernel call covers: a B panel of kc x nr
// values (16 KiB) stays in the L1 cache while the kernel walks down the rows of A. Longer
// inner dimensions are cut into equal blocks of at most kc, summed into C block by block.
const kc = 256

// problem is one product C = alpha*op(A)*op(B) + beta*C with its epilogue, cut into tiles
// of mr rows and panels of nr columns. Chunks of tiles are the unit of parallel work;
// every element of C is computed by the same kernel calls over the same inner blocks
// whichever chunk or goroutine it falls in, so the split never changes a bit.
type problem struct {
	m, n, k int // C is m x n; op(A) is m x k and op(B) is k x n
	rows    int // rows of op(A) read from a: m, or m-1 when ones is set

	a        []float64
	rsA, csA int  // element (i, p) of op(A) is a[i*rsA + p*csA]
	ones     bool // row m-1 of op(A) is all ones: it sums the columns of op(B)

	b      []float64
	ldb    int
	transB bool      // element (p, j) of op(B) is b[j*ldb + p], else b[p*ldb + j]
	bp     []float64 // packed panels of op(B): all of them when transB, else the last if partial
	// Panels that are neither are read from b in place: row p of panel q is b[p*ldb+q*nr:].

	c           []float64
	ldc         int
	alpha, beta float64

	bias  []float64 // n values that start every row; alpha is 1 and beta 0 then
	act   Act       // applied to C after the product
	aux   []float64 // m x n activations whose derivative multiplies C (backward)
	ldaux int
	dact  Act // the activation aux came out of; Identity means no mask

	tiles, panels      int
	kb                 int // inner block length, at most kc
	rowsPer, colsPer   int // tiles and panels per chunk
	rowChunks, nchunks int
}

// scratch is one goroutine's buffers for the tiles at the edges of C.
type scratch struct {
	aEdge [mr * kc]float64 // the last row tile of op(A), zero padded, element (i, p) at p*mr+i
	cEdge [mr * nr]float64
	xEdge [mr * nr]float64 // aux
	bEdge [nr]float64      // bias
	k     kargs
}

// setup fills in the tiling; it is called once the shape and operands are set.
func (p *problem) setup(procs int) {
	p.tiles = (p.m + mr - 1) / mr
	p.panels = (p.n + nr - 1) / nr
	blocks := (p.k + kc - 1) / kc
	p.kb = (p.k + blocks - 1) / blocks
	parts := 1
	if procs > 1 {
		if work := float64(p.m) * float64(p.n) * float64(p.k); work >= 2*minWork {
			parts = int(math.Min(float64(procs), work/minWork))
		}
	}
	if parts == 1 {
		p.rowsPer, p.colsPer, p.rowChunks, p.nchunks = p.tiles, p.panels, 1, 1
		return
	}
	// A few chunks per goroutine balance a helper that starts late; rows are split before
	// columns so that chunks share as little of B as possible.
	want := parts * chunksPerPart
	rc := min(p.tiles, want)
	cc := min(p.panels, (want+rc-1)/rc)
	p.rowsPer = (p.tiles + rc - 1) / rc
	p.colsPer = (p.panels + cc - 1) / cc
	p.rowChunks = (p.tiles + p.rowsPer - 1) / p.rowsPer
	p.nchunks = p.rowChunks * ((p.panels + p.colsPer - 1) / p.colsPer)
}

// pack copies the panels of op(B) that the kernel cannot read in place into p.bp, whose
// capacity the caller has made at least needPacked.
func (p *problem) pack() {
	k := p.k
	if p.transB {
		bp := p.bp[:p.panels*k*nr]
		for q := 0; q < p.panels; q++ {
			panel := bp[q*k*nr : (q+1)*k*nr]
			for jj := 0; jj < nr; jj++ {
				j := q*nr + jj
				if j >= p.n {
					for i := jj; i < len(panel); i += nr {
						panel[i] = 0
					}
					continue
				}
				src := p.b[j*p.ldb : j*p.ldb+k]
				for i, v := range src {
					panel[i*nr+jj] = v
				}
			}
		}
		return
	}
	w := p.n % nr
	if w == 0 {
		return
	}
	panel := p.bp[:k*nr]
	j0 := p.n - w
	for i := 0; i < k; i++ {
		row := panel[i*nr : (i+1)*nr]
		copy(row, p.b[i*p.ldb+j0:i*p.ldb+j0+w])
		clear(row[w:])
	}
}

// needPacked is the length of p.bp that pack fills.
func (p *problem) needPacked() int {
	switch {
	case p.transB:
		return p.panels * p.k * nr
	case p.n%nr != 0:
		return p.k * nr
	}
	return 0
}

// flags returns the kernel flags and beta for the inner block [p0, p1).
func (p *problem) flags(p0, p1 int) (int, float64) {
	f, beta := 0, 1.0
	switch {
	case p0 > 0 && p.alpha == 1:
		f = flagInitC
	case p0 > 0:
		f = flagScale | flagAddC
	case p.bias != nil:
		f = flagBias
	case p.beta == 0:
		if p.alpha != 1 {
			f = flagScale
		}
	case p.alpha == 1 && p.beta == 1:
		f = flagInitC
	default:
		f, beta = flagAddC, p.beta
		if p.alpha != 1 {
			f |= flagScale
		}
	}
	if p1 == p.k {
		if p.act == ReLU {
			f |= flagReLU
		}
		if p.dact == ReLU {
			f |= flagMaskReLU
		}
	}
	return f, beta
}

// runChunk computes chunk idx of C with the buffers of s.
func (p *problem) runChunk(idx int, s *scratch) {
	ri, ci := idx%p.rowChunks, idx/p.rowChunks
	t0, t1 := ri*p.rowsPer, min((ri+1)*p.rowsPer, p.tiles)
	q0, q1 := ci*p.colsPer, min((ci+1)*p.colsPer, p.panels)
	edgeRows := t1*mr > p.rows // the chunk's last tile needs a packed copy of op(A)
	ka := &s.k
	ka.alpha = p.alpha
	for p0 := 0; p0 < p.k; p0 += p.kb {
		p1 := min(p0+p.kb, p.k)
		ka.k = p1 - p0
		ka.flags, ka.beta = p.flags(p0, p1)
		last := p1 == p.k
		if edgeRows {
			p.packEdge(t1-1, p0, p1, s)
		}
		for q := q0; q < q1; q++ {
			cols := min(nr, p.n-q*nr)
			switch {
			case p.transB:
				ka.b, ka.ldb = &p.bp[(q*p.k+p0)*nr], nr
			case cols < nr:
				ka.b, ka.ldb = &p.bp[p0*nr], nr
			default:
				ka.b, ka.ldb = &p.b[p0*p.ldb+q*nr], p.ldb
			}
			if ka.flags&flagBias != 0 {
				if cols == nr {
					ka.bias = &p.bias[q*nr]
				} else {
					copy(s.bEdge[:], p.bias[q*nr:])
					clear(s.bEdge[cols:])
					ka.bias = &s.bEdge[0]
				}
			}
			for t := t0; t < t1; t++ {
				rows := min(mr, p.m-t*mr)
				if (t+1)*mr <= p.rows {
					ka.a, ka.rsA, ka.csA = &p.a[t*mr*p.rsA+p0*p.csA], p.rsA, p.csA
				} else {
					ka.a, ka.rsA, ka.csA = &s.aEdge[0], 1, mr
				}
				ci := t*mr*p.ldc + q*nr
				if rows == mr && cols == nr {
					ka.c, ka.ldc = &p.c[ci], p.ldc
					if p.aux != nil {
						ka.aux, ka.ldaux = &p.aux[t*mr*p.ldaux+q*nr], p.ldaux
					}
					kernel(ka)
				} else {
					p.edgeTile(ka, s, t, q, rows, cols)
				}
				if last && (p.act > ReLU || p.dact > ReLU) {
					p.finish(t, q, rows, cols)
				}
			}
		}
	}
}

// edgeTile runs a tile that C does not fill through the scratch tile.
func (p *problem) edgeTile(ka *kargs, s *scratch, t, q, rows, cols int) {
	ci := t*mr*p.ldc + q*nr
	if ka.flags&(flagInitC|flagAddC) != 0 {
		for i := 0; i < rows; i++ {
			copy(s.cEdge[i*nr:i*nr+cols], p.c[ci+i*p.ldc:])
		}
	}
	if ka.flags&flagMaskReLU != 0 {
		xi := t*mr*p.ldaux + q*nr
		for i := 0; i < rows; i++ {
			copy(s.xEdge[i*nr:i*nr+cols], p.aux[xi+i*p.ldaux:])
		}
		ka.aux, ka.ldaux = &s.xEdge[0], nr
	}
	ka.c, ka.ldc = &s.cEdge[0], nr
	kernel(ka)
	for i := 0; i < rows; i++ {
		copy(p.c[ci+i*p.ldc:ci+i*p.ldc+cols], s.cEdge[i*nr:])
	}
}

// packEdge copies rows of tile t of op(A), over the inner block [p0, p1), into s.aEdge,
// with the row of ones if it falls in the tile and zeros past the last row.
func (p *problem) packEdge(t, p0, p1 int, s *scratch) {
	buf := s.aEdge[:(p1-p0)*mr]
	for i := 0; i < mr; i++ {
		r := t*mr + i
		switch {
		case r < p.rows:
			src := r*p.rsA + p0*p.csA
			for pp := range p1 - p0 {
				buf[pp*mr+i] = p.a[src+pp*p.csA]
			}
		case r == p.rows && p.ones:
			for pp := range p1 - p0 {
				buf[pp*mr+i] = 1
			}
		default:
			for pp := range p1 - p0 {
				buf[pp*mr+i] = 0
			}
		}
	}
}

// finish applies the parts of the epilogue the kernel leaves to Go (tanh and sigmoid,
// and their derivatives) to a finished tile, while it is still in cache.
func (p *problem) finish(t, q, rows, cols int) {
	for i := 0; i < rows; i++ {
		r := t*mr + i
		row := p.c[r*p.ldc+q*nr : r*p.ldc+q*nr+cols]
		if p.act > ReLU {
			p.act.Apply(row, row)
		}
		if p.dact > ReLU {
			p.dact.Derive(p.aux[r*p.ldaux+q*nr:r*p.ldaux+q*nr+cols], row)
		}
	}
}
