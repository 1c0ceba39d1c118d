package schedule

import (
	"runtime"
	"sync"
	"weak"

	"github.com/descentlab/descent/optimizers"
)

// The initial lr of each parameter group, torch's group["initial_lr"]. The Hyper has a
// fixed set of names, so the value lives here, keyed weakly so that a forgotten optimizer
// does not keep its entry alive.
var initial = struct {
	sync.Mutex
	m map[weak.Pointer[optimizers.Hyper]]float64
}{m: map[weak.Pointer[optimizers.Hyper]]float64{}}

// InitialLRs returns the initial lr of each parameter group of o: the lr it had when the
// first schedule attached to it, and its current lr for a group no schedule has touched,
// which is then recorded (torch's setdefault("initial_lr", lr)). Plugin schedules use it as
// their base lr so that they compose with the built-in ones.
func InitialLRs(o optimizers.Optimizer) []float64 {
	if o == nil {
		return nil
	}
	return initialLRs(optimizers.HypersOf(o))
}

func initialLRs(hs []*optimizers.Hyper) []float64 {
	initial.Lock()
	defer initial.Unlock()
	out := make([]float64, len(hs))
	for i, h := range hs {
		k := weak.Make(h)
		v, ok := initial.m[k]
		if !ok {
			v = h.Float("lr")
			store(k, h, v)
		}
		out[i] = v
	}
	return out
}

// setInitialLR overwrites the initial lr of h, as OneCycleLR does.
func setInitialLR(h *optimizers.Hyper, v float64) {
	initial.Lock()
	defer initial.Unlock()
	store(weak.Make(h), h, v)
}

// initialLR returns the recorded initial lr of h (setting it if missing).
func initialLR(h *optimizers.Hyper) float64 {
	return initialLRs([]*optimizers.Hyper{h})[0]
}

// store must be called with initial locked.
func store(k weak.Pointer[optimizers.Hyper], h *optimizers.Hyper, v float64) {
	if _, ok := initial.m[k]; !ok {
		runtime.AddCleanup(h, forget, k)
	}
	initial.m[k] = v
}

func forget(k weak.Pointer[optimizers.Hyper]) {
	initial.Lock()
	delete(initial.m, k)
	initial.Unlock()
}
