package optimizers

// Layer-wise optimizers reduce each tensor to a few sums (norms) before updating it. To
// keep a sum independent of how many goroutines share the work, it is taken in fixed
// blocks of sumBlock elements, each summed by one kernel call, and the block sums are
// added in block order on the calling goroutine. A tensor of at most sumBlock elements
// is a single block, summed exactly as the vec kernels document.
const sumBlock = 1 << 14

// blocks returns the number of sumBlock blocks of a tensor of n elements.
func blocks(n int) int { return (n + sumBlock - 1) / sumBlock }

// runBlocks is run with every range starting on a block boundary, for rangers that
// write one partial sum per block.
func (s *splitter) runBlocks(r ranger, n int) {
	if n < parallelMin {
		r.stepRange(0, n)
		return
	}
	pool.once.Do(startPool)
	parts := pool.workers + 1
	if nb := blocks(n); parts > nb {
		parts = nb
	}
	if parts <= 1 {
		r.stepRange(0, n)
		return
	}
	per := (blocks(n) + parts - 1) / parts // blocks per range
	parts = (blocks(n) + per - 1) / per    // so that every range is non-empty
	chunk := per * sumBlock
	lo := chunk
	s.wg.Add(parts - 1)
	for i := 1; i < parts; i++ {
		hi := lo + chunk
		if i == parts-1 || hi > n {
			hi = n
		}
		pool.jobs <- job{r: r, lo: lo, hi: hi, done: &s.wg}
		lo = hi
	}
	r.stepRange(0, chunk)
	s.wg.Wait()
}

// sumParts adds block sums in order.
func sumParts(parts []float64) float64 {
	s := 0.0
	for _, v := range parts {
		s += v
	}
	return s
}

// grow returns buf with length n, reusing its storage when it is large enough.
func grow(buf []float64, n int) []float64 {
	if cap(buf) < n {
		return make([]float64, n)
	}
	return buf[:n]
}
