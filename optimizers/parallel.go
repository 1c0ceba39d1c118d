package optimizers

import (
	"runtime"
	"sync"
)

// Large steps are split across a pool of goroutines that lives as long as the process, so
// a step spawns nothing and allocates nothing: it hands (kernel, range) jobs over a
// channel and waits on the optimizer's own WaitGroup. Every element is computed by the
// same code whichever goroutine runs it, so the split never changes a result.

// parallelMin is the smallest vector worth splitting: below it a hand-off to another core
// (a few microseconds) costs more than the work it saves.
const parallelMin = 1 << 15

// ranger is a step's per-element work, runnable on any sub-range [lo, hi).
type ranger interface {
	stepRange(lo, hi int)
}

type job struct {
	r      ranger
	lo, hi int
	done   *sync.WaitGroup
}

var pool struct {
	once    sync.Once
	jobs    chan job
	workers int
}

func startPool() {
	pool.workers = runtime.GOMAXPROCS(0) - 1
	pool.jobs = make(chan job, 4*pool.workers+1)
	for i := 0; i < pool.workers; i++ {
		go func() {
			for j := range pool.jobs {
				j.r.stepRange(j.lo, j.hi)
				j.done.Done()
			}
		}()
	}
}

// splitter is embedded by optimizers that run their step through the pool.
type splitter struct {
	wg sync.WaitGroup
}

// run calls r.stepRange over [0, n), on the calling goroutine for small n and split into
// cache-line-aligned chunks across the pool for large n. It returns when all are done.
func (s *splitter) run(r ranger, n int) {
	if n < parallelMin {
		r.stepRange(0, n)
		return
	}
	pool.once.Do(startPool)
	parts := pool.workers + 1
	if most := n / (parallelMin / 2); parts > most {
		parts = most
	}
	if parts <= 1 {
		r.stepRange(0, n)
		return
	}
	chunk := (n/parts + 7) &^ 7 // whole 64-byte lines, so no two goroutines share one
	s.wg.Add(parts - 1)
	lo := chunk
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
