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

func TestGroupsStepDoesNotAllocate(t *testing.T) {
	o, err := NewGroups([]Group{{Size: 3, Opt: NewAdam()}, {Size: 2, Opt: NewSGD(0.1)}})
	if err != nil {
		t.Fatal(err)
	}
	p, g := []float64{1, 2, 3, 4, 5}, []float64{0.1, 0.2, 0.3, 0.4, 0.5}
	step := func() {
		if err := o.Step(p, g); err != nil {
			t.Fatal(err)
		}
	}
	step()
	if a := testing.AllocsPerRun(20, step); a != 0 {
		t.Errorf("%v allocations per grouped step, want 0", a)
	}
}

// TestMatrixStepsDoNotAllocate: Muon and Shampoo on weight matrices, whose products are
// large enough for package gemm to share them among its goroutines, allocate nothing
// once the first step has sized their workspaces.
func TestMatrixStepsDoNotAllocate(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	for _, tc := range []struct {
		name   string
		shapes []Tensor
	}{
		{"Muon", Layout([]int{256, 200}, []int{200})},
		{"Muon", Layout([]int{100, 300}, []int{300}, []int{7})},
		{"Shampoo", Layout([]int{96, 80}, []int{80})},
	} {
		o := mustNew(t, tc.name, nil)
		if err := SetShapes(o, tc.shapes); err != nil {
			t.Fatal(err)
		}
		n := tc.shapes[len(tc.shapes)-1].End()
		p, g := randVec(r, n), randVec(r, n)
		for i := range g {
			g[i] *= 1e-3
		}
		step := func() {
			if err := o.Step(p, g); err != nil {
				t.Fatal(err)
			}
		}
		step()
		if a := testing.AllocsPerRun(5, step); a != 0 {
			t.Errorf("%s on %v: %v allocations per step, want 0", tc.name, tc.shapes, a)
		}
	}
}
