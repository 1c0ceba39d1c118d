package vec

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/descentlab/descent/optimizers/host"
)

// Blocks is how an optimizer written as a plugin runs at the speed of a built-in. Called
// once per vector, a chain of kernels (a moving average, a square root, a division, an
// update) makes one pass over memory per kernel, on one core; the built-ins fuse the
// chain into one pass over all cores. Blocks gets the same effect without fusing: it
// hands the chain cache-sized blocks of the vectors, on every core, so each pass after
// the first reads what the previous one left in cache.

// BlockSize is the most elements Blocks hands its body at a time: 8192 float64s, 64 KiB
// per vector, so that the five or six vectors one update touches stay in a core's cache
// from one kernel of the body to the next, and the interpreter's cost of calling the body
// (a few microseconds) is spread over thousands of elements.
const BlockSize = 1 << 14

// Blocks calls body(lo, hi, tmp) for consecutive blocks [lo, hi) that cover [0, n), each
// at most BlockSize long, spread over all cores: the body must read and write only
// elements lo to hi-1 of its vectors (slice them as x[lo:hi]), and nothing that another
// block writes. tmp is scratch of length hi-lo that belongs to the call; its contents on
// entry are unspecified. Blocks of fewer than two blocks' worth of elements run on the
// calling goroutine.
//
// Blocks returns the first error a body returned; a body that panics is reported as an
// error naming its block. After a failure, blocks not yet started are skipped, so some
// elements may be updated and others not. Every element is computed by the same code
// whichever core runs it, so the split never changes a result.
//
// Reductions (norms, dot products) do not belong in a body: take them before or after,
// with the kernels of this package.
func Blocks(n int, body func(lo, hi int, tmp []float64) error) error {
	if n <= 0 {
		return nil
	}
	if body == nil {
		return fmt.Errorf("vec.Blocks: nil body")
	}
	j := &blockJob{body: body, n: n, blocks: (n + BlockSize - 1) / BlockSize, segs: 1}
	if j.blocks == 1 {
		tmp := scratch.Get().(*[]float64)
		defer scratch.Put(tmp)
		j.runBlock(0, *tmp)
		return j.err
	}
	blockPool.once.Do(startBlockPool)
	j.idle = sync.NewCond(&j.mu)
	helpers := blockPool.workers
	if helpers > j.blocks-1 {
		helpers = j.blocks - 1
	}
	j.segs = helpers + 1
	for i := range j.next[:j.segs] {
		j.next[i].Store(int64(i * j.blocks / j.segs))
	}
	for i := 0; i < helpers; i++ {
		select {
		case blockPool.jobs <- j:
		default: // every worker is busy (Blocks called from inside a body): do it here
		}
	}
	tmp := scratch.Get().(*[]float64)
	j.run(*tmp)
	scratch.Put(tmp)
	j.mu.Lock()
	for j.busy > 0 {
		j.idle.Wait()
	}
	err := j.err
	j.mu.Unlock()
	return err
}

// blockJob is one call of Blocks. Its blocks are cut into one contiguous segment per
// participant (the caller and the pool workers it asked for help), so that each core
// streams through memory in order; a participant that finishes its segment helps with
// the others'. A worker that picks the job up after every block is claimed does
// nothing.
type blockJob struct {
	body      func(lo, hi int, tmp []float64) error
	n, blocks int
	segs      int                   // segments in use
	next      [maxSegs]atomic.Int64 // the next block to claim in each segment
	joined    atomic.Int64          // participants so far, to give each its segment

	mu   sync.Mutex
	idle *sync.Cond // signalled when busy drops to 0
	busy int        // goroutines inside run
	err  error
}

// run claims and runs blocks until none is left: those of its own segment first, then
// the others'.
func (j *blockJob) run(tmp []float64) {
	j.mu.Lock()
	j.busy++
	j.mu.Unlock()
	first := int(j.joined.Add(1)-1) % j.segs
	for i := 0; i < j.segs; i++ {
		seg := (first + i) % j.segs
		end := int64((seg + 1) * j.blocks / j.segs)
		for {
			b := j.next[seg].Add(1) - 1
			if b >= end {
				break
			}
			j.runBlock(int(b), tmp)
		}
	}
	j.mu.Lock()
	j.busy--
	if j.busy == 0 && j.idle != nil {
		j.idle.Broadcast()
	}
	j.mu.Unlock()
}

// runBlock runs block b, turning a panic into the job's error.
func (j *blockJob) runBlock(b int, tmp []float64) {
	lo := b * BlockSize
	hi := min(lo+BlockSize, j.n)
	defer func() {
		if r := recover(); r != nil {
			j.fail(fmt.Errorf("vec.Blocks: block [%d, %d) panicked: %v", lo, hi, host.Recovered(r)))
		}
	}()
	if err := j.body(lo, hi, tmp[:hi-lo]); err != nil {
		j.fail(err)
	}
}

// fail records the first error and stops the claiming of further blocks.
func (j *blockJob) fail(err error) {
	j.mu.Lock()
	if j.err == nil {
		j.err = err
	}
	j.mu.Unlock()
	for i := range j.next[:j.segs] {
		j.next[i].Store(int64(j.blocks))
	}
}

// blockPool is the goroutines that help Blocks, one per core besides the caller's,
// started on first use and kept for the life of the process.
var blockPool struct {
	once    sync.Once
	jobs    chan *blockJob
	workers int
}

// maxSegs bounds the segments of a job, and so the cores one Blocks call uses.
const maxSegs = 64

func startBlockPool() {
	blockPool.workers = min(runtime.GOMAXPROCS(0), maxSegs) - 1
	blockPool.jobs = make(chan *blockJob, 4*blockPool.workers+1)
	for i := 0; i < blockPool.workers; i++ {
		go func() {
			tmp := make([]float64, BlockSize)
			for j := range blockPool.jobs {
				j.run(tmp)
			}
		}()
	}
}

// scratch holds the callers' scratch blocks, so that a step allocates none.
var scratch = sync.Pool{New: func() any { s := make([]float64, BlockSize); return &s }}
