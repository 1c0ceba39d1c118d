package gemm

import "math"

// kc is the most of the inner dimension one kernel call covers: a B panel of kc x nr
// values (16 KiB) stays in the L1 cache while the kernel walks down the rows of A. Longer
// inner dimensions are cut into equal blocks of at most kc, summed into C block by block.
const kc = 256

// mcTiles is the most row tiles of A swept per panel of B: 96 rows of up to kc values,
// 192 KiB, held in the L2 cache while the panels of B pass through L1.
const mcTiles = 16

// packPanels is the fewest panels of B that make copying A transposed worth it.
const packPanels = 16

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

// scratch is one goroutine's buffers: copies of row tiles of A, and the tiles at the
// edges of C, which the kernel fills whole and the driver copies in part.
type scratch struct {
	aPack [mcTiles * mr * kc]float64 // copies of row tiles of op(A); see packTile
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
		row := (*[nr]float64)(panel[i*nr:])
		*row = [nr]float64{}
		for j, v := range p.b[i*p.ldb+j0 : i*p.ldb+j0+w] {
			row[j] = v
		}
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
	// A transposed is read down its columns, a cache line per value of p; when several
	// panels of B reuse it, a contiguous copy pays for itself many times over.
	packAll := p.csA != 1 && q1-q0 >= packPanels
	ka := &s.k
	ka.alpha = p.alpha
	for p0 := 0; p0 < p.k; p0 += p.kb {
		p1 := min(p0+p.kb, p.k)
		ka.k = p1 - p0
		ka.flags, ka.beta = p.flags(p0, p1)
		last := p1 == p.k
		for b0 := t0; b0 < t1; b0 += mcTiles {
			b1 := min(b0+mcTiles, t1)
			// Tiles from full on are read from the copy in s.aPack; the last one always is
			// when it runs past the rows of op(A), zero padded and with the row of ones.
			full := b1
			if packAll {
				full = b0
			} else if b1*mr > p.rows {
				full = b1 - 1
			}
			for t := full; t < b1; t++ {
				p.packTile(t, p0, p1, s.aPack[(t-b0)*mr*kc:])
			}
			p.block(ka, s, b0, b1, full, q0, q1, p0, last)
		}
	}
}

// block runs tiles [t0, t1) of panels [q0, q1) over the inner block starting at p0, the
// tiles from full on from their copies in s.aPack: the rows of A it reads stay in the L2
// cache while every panel of B passes by.
func (p *problem) block(ka *kargs, s *scratch, t0, t1, full, q0, q1, p0 int, last bool) {
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
			if t < full {
				ka.a, ka.rsA, ka.csA = &p.a[t*mr*p.rsA+p0*p.csA], p.rsA, p.csA
			} else {
				ka.a, ka.rsA, ka.csA = &s.aPack[(t-t0)*mr*kc], 1, mr
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

// edgeTile runs a tile that C does not fill through the scratch tile. The copies are
// element loops: most edges are a column or two, too short for copy's call to pay.
func (p *problem) edgeTile(ka *kargs, s *scratch, t, q, rows, cols int) {
	ci := t*mr*p.ldc + q*nr
	if ka.flags&(flagInitC|flagAddC) != 0 {
		for i := 0; i < rows; i++ {
			src := p.c[ci+i*p.ldc : ci+i*p.ldc+cols]
			dst := s.cEdge[i*nr : i*nr+cols]
			for j, v := range src {
				dst[j] = v
			}
		}
	}
	if ka.flags&flagMaskReLU != 0 {
		xi := t*mr*p.ldaux + q*nr
		for i := 0; i < rows; i++ {
			src := p.aux[xi+i*p.ldaux : xi+i*p.ldaux+cols]
			dst := s.xEdge[i*nr : i*nr+cols]
			for j, v := range src {
				dst[j] = v
			}
		}
		ka.aux, ka.ldaux = &s.xEdge[0], nr
	}
	ka.c, ka.ldc = &s.cEdge[0], nr
	kernel(ka)
	for i := 0; i < rows; i++ {
		dst := p.c[ci+i*p.ldc : ci+i*p.ldc+cols]
		src := s.cEdge[i*nr : i*nr+cols]
		for j := range dst {
			dst[j] = src[j]
		}
	}
}

// packTile copies tile t of op(A) over the inner block [p0, p1) into buf, element
// (i, p) at p*mr+i, with the row of ones if it falls in the tile and zeros past the last
// row.
func (p *problem) packTile(t, p0, p1 int, buf []float64) {
	buf = buf[:(p1-p0)*mr]
	r0 := t * mr
	if p.rsA == 1 {
		// A transposed: the tile's values for one p are adjacent. Rows past the end of
		// op(A) take the same value at every p: 1 in the row of ones, else 0.
		var tail [mr]float64
		valid := min(mr, max(0, p.rows-r0))
		if p.ones && p.rows-r0 < mr {
			tail[p.rows-r0] = 1
		}
		for pp := range p1 - p0 {
			dst := (*[mr]float64)(buf[pp*mr:])
			if valid == mr {
				*dst = [mr]float64(p.a[r0+(p0+pp)*p.csA:])
				continue
			}
			*dst = tail
			src := p.a[r0+(p0+pp)*p.csA : r0+(p0+pp)*p.csA+valid]
			for i, v := range src {
				dst[i] = v
			}
		}
		return
	}
	for i := 0; i < mr; i++ {
		r := r0 + i
		switch {
		case r < p.rows:
			src := p.a[r*p.rsA+p0 : r*p.rsA+p1]
			for pp, v := range src {
				buf[pp*mr+i] = v
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
