package gemm

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Products big enough are shared among a pool of goroutines that lives as long as the
// process, so a product spawns nothing and allocates nothing.
//
// The caller never waits for a helper to start: it posts the product, then claims chunks
// itself from a shared counter until none are left, and waits only for chunks a helper
// has already claimed. On a machine whose other cores are busy (other processes, a
// loaded laptop) a product therefore costs at most one hand-off over doing it alone.
const (
	// minWork is the least multiply-adds per goroutine worth a hand-off. Waking a parked
	// helper takes 3-10µs, and its core starts with none of the operands in cache, so a
	// product of the 2-64-64-2 network's size (2^20, 40µs on one core) stays on one.
	minWork = 1 << 20
	// chunksPerPart cuts a parallel product into this many chunks per goroutine.
	chunksPerPart = 2
	maxWorkers    = 15
)

var pool struct {
	once    sync.Once
	workers int
	help    chan helpRequest
}

type helpRequest struct {
	c   *call
	gen uint64
}

func startPool() {
	pool.workers = min(maxWorkers, max(runtime.GOMAXPROCS(0), runtime.NumCPU())-1)
	pool.help = make(chan helpRequest, 2*maxWorkers)
	for range pool.workers {
		go func() {
			s := new(scratch)
			for r := range pool.help {
				r.c.help(r.gen, s)
			}
		}()
	}
}

// call is the state of one product: the problem, the caller's buffers, and the counters
// its helpers share. Calls are recycled through a free list, so a product allocates only
// when its packed panels outgrow every earlier one.
type call struct {
	p    problem
	own  scratch
	bp   []float64
	gen  uint64        // generation of the product under way; only the caller writes it
	word atomic.Uint64 // gen<<32 | chunks<<16 | next chunk: what a helper may claim
	done atomic.Int64  // chunks finished
}

var free = make(chan *call, 64)

func getCall() *call {
	select {
	case c := <-free:
		return c
	default:
		return new(call)
	}
}

func putCall(c *call) {
	c.p = problem{} // drop the references to the caller's slices
	select {
	case free <- c:
	default:
	}
}

// run computes c.p, which must be set up, packing first.
func (c *call) run(procs int) {
	p := &c.p
	if n := p.needPacked(); n > 0 {
		if cap(c.bp) < n {
			c.bp = make([]float64, n)
		}
		p.bp = c.bp[:n]
		p.pack()
	}
	if p.nchunks == 1 {
		p.runChunk(0, &c.own)
		return
	}
	pool.once.Do(startPool)
	c.gen++
	c.done.Store(0)
	c.word.Store((c.gen&0xffffffff)<<32 | uint64(p.nchunks)<<16)
	for range min(pool.workers, procs-1, p.nchunks-1) {
		select {
		case pool.help <- helpRequest{c, c.gen}:
		default: // every helper is busy: do the work here
		}
	}
	c.work(c.gen, &c.own)
	// Wait for the chunks helpers have claimed, spinning rather than parking: parking
	// would let this goroutine resume on the helper's core, away from the caches that
	// hold its operands, and the wait is a fraction of a chunk.
	for i := 0; c.done.Load() != int64(p.nchunks); i++ {
		if i%64 == 63 {
			runtime.Gosched()
		}
	}
}

// help is a helper's part of product gen of c; a request that arrives after that product
// is over finds nothing to claim.
func (c *call) help(gen uint64, s *scratch) { c.work(gen, s) }

// work claims and computes chunks of product gen until none is left.
func (c *call) work(gen uint64, s *scratch) {
	for {
		w := c.word.Load()
		if w>>32 != gen&0xffffffff || w&0xffff >= (w>>16)&0xffff {
			return
		}
		if !c.word.CompareAndSwap(w, w+1) {
			continue
		}
		c.p.runChunk(int(w&0xffff), s)
		c.done.Add(1)
	}
}
