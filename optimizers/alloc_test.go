package optimizers

import (
	"math/rand"
	"testing"
)

// TestStepDoesNotAllocate checks every built-in in steady state, both on a short vector
// (stepped inline) and on one long enough to be split across the worker pool.
func TestStepDoesNotAllocate(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for _, n := range []int{100, 2*parallelMin + 5} {
		for _, b := range builtins {
			o := mustNew(t, b.name, b.hyper)
			p, g := randVec(r, n), randVec(r, n)
			step := func() {
				if err := o.Step(p, g); err != nil {
					t.Fatal(err)
				}
			}
			step() // creates the state
			if a := testing.AllocsPerRun(20, step); a != 0 {
				t.Errorf("%s %v, n=%d: %v allocations per step, want 0", b.name, b.hyper, n, a)
			}
		}
	}
}
