package optimizers

import (
	"math/rand"
	"runtime"
	"testing"
)

// TestStateWords checks the state every optimizer reports against what each algorithm
// must keep, for a vector of n values laid out as an r×c matrix and a vector of c.
func TestStateWords(t *testing.T) {
	const r, c = 30, 20
	n := r*c + c
	shapes := Layout([]int{r, c}, []int{c})
	for _, tc := range []struct {
		name   string
		hyper  map[string]any
		shaped bool
		want   int
	}{
		{"SGD", nil, false, 0},
		{"SGD", map[string]any{"momentum": 0.9}, false, n},
		{"Adam", nil, false, 2 * n},
		{"Adam", map[string]any{"amsgrad": true}, false, 3 * n},
		{"Yogi", nil, false, 2 * n},
		{"AdaBound", nil, false, 2*n + 1},                            // + base_lr
		{"MADGRAD", nil, false, 3*n + 1},                             // grad_sum_sq, s, x0, k
		{"MADGRAD", map[string]any{"momentum": 0.0}, false, 2*n + 1}, // no x0
		{"QHAdam", nil, false, 2*n + 2},                              // + the two running weights
		{"Lamb", nil, true, 2*n + 3*2},                               // + three norms per tensor
		{"LARS", map[string]any{"momentum": 0.9}, true, n},
		{"NovoGrad", nil, true, n + 2},                                     // exp_avg, one second moment per tensor
		{"AdamWScheduleFree", nil, false, 4*n + 4},                         // z, x, y, exp_avg_sq and four group scalars
		{"SGDScheduleFree", nil, false, 3*n + 4},                           // z, x, y
		{"Lookahead", map[string]any{"optimizer": "adam"}, false, 3*n + 1}, // Adam's 2, slow weights, counter
		{"Adafactor", nil, true, r + c + c + 2},                            // row and column factors, the bias's full moment, RMS per tensor
		{"Adafactor", map[string]any{"beta1": 0.9, "relative_step": false, "lr": 0.01}, true, n + r + c + c + 2},
		{"Shampoo", nil, true, n + 2*(r*r+c*c) + 2*c*c}, // momentum_buffer, L and R (and inverses) of W, one of b
		{"Muon", nil, true, r*c + 2*c},                  // momentum on W, Adam on b
	} {
		o := mustNew(t, tc.name, tc.hyper)
		if tc.shaped {
			if err := SetShapes(o, shapes); err != nil {
				t.Fatal(err)
			}
		}
		rng := rand.New(rand.NewSource(1))
		if err := o.Step(randVec(rng, n), randVec(rng, n)); err != nil {
			t.Fatal(err)
		}
		if got := StateWords(o); got != tc.want {
			t.Errorf("%s %v: StateWords = %d, want %d", tc.name, tc.hyper, got, tc.want)
		}
		if StateBytes(o) != 8*StateWords(o) {
			t.Errorf("%s: StateBytes %d is not 8 x %d words", tc.name, StateBytes(o), StateWords(o))
		}
	}
	// Wrappers and groups add their parts, each State once.
	g, _ := NewGroups([]Group{{Size: 10, Opt: NewAdam()}, {Size: 5, Opt: NewSGD(0.1)}})
	tr := Transformed(g, ClipGradNorm(1, 2))
	rng := rand.New(rand.NewSource(2))
	if err := tr.Step(randVec(rng, 15), randVec(rng, 15)); err != nil {
		t.Fatal(err)
	}
	if got := StateWords(tr); got != 20 {
		t.Errorf("Transformed(Groups(Adam 10, SGD 5)): StateWords = %d, want 20", got)
	}
}

// TestStateWordsMatchAllocations checks that what StateWords reports is what a first step
// really allocates: the heap grows by the state plus the optimizer's declared scratch
// (which StateWords leaves out) and nothing else, so no state hides outside State.
func TestStateWordsMatchAllocations(t *testing.T) {
	const n = 1 << 20 // a hidden copy of the vector would be 8 MiB
	const slack = 256 << 10
	for _, tc := range []struct {
		name    string
		hyper   map[string]any
		shapes  []Tensor
		scratch int // words of scratch kept between steps
	}{
		{"Adam", nil, nil, 0},
		{"Yogi", nil, nil, 0},
		{"MADGRAD", nil, nil, 0},
		{"AdamWScheduleFree", nil, nil, 0},
		{"Lookahead", map[string]any{"optimizer": "adam"}, nil, 0},
		{"Lamb", nil, Layout([]int{1024, 1023}, []int{1024}), 0},
		{"NovoGrad", nil, nil, 0},
		{"Adafactor", nil, Layout([]int{1024, 1023}, []int{1024}), sumBlock + 1024 + 2*1023},
		// Muon's scratch is its Newton–Schulz workspace and the copy of Xᵀ that package
		// gemm packs for A = X Xᵀ and keeps for the next product.
		{"Muon", nil, Layout([]int{64, 16368}, []int{1024}), 2*64*16368 + 3*64*64 + 64*16368},
	} {
		var ms0, ms1 runtime.MemStats
		rng := rand.New(rand.NewSource(1))
		p, g := randVec(rng, n), randVec(rng, n)
		runtime.GC()
		runtime.ReadMemStats(&ms0)
		o := mustNew(t, tc.name, tc.hyper)
		if tc.shapes != nil {
			if err := SetShapes(o, tc.shapes); err != nil {
				t.Fatal(err)
			}
		}
		if err := o.Step(p, g); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&ms1)
		grew := int(ms1.TotalAlloc - ms0.TotalAlloc)
		state := StateBytes(o)
		if grew < state || grew > state+8*tc.scratch+slack {
			t.Errorf("%s: the first step allocated %d bytes; the state is %d bytes and the scratch %d", tc.name, grew, state, 8*tc.scratch)
		}
	}
}

// TestAdafactorStateAtScale is the headline figure: at N = 1e7 in a 3162x3162 matrix,
// Adafactor keeps under 1% of Adam's state.
func TestAdafactorStateAtScale(t *testing.T) {
	const r = 3162
	n := r * r
	rng := rand.New(rand.NewSource(1))
	p, g := make([]float64, n), make([]float64, n)
	for i := range p {
		p[i], g[i] = rng.NormFloat64(), rng.NormFloat64()
	}
	af := NewAdafactor()
	if err := af.SetShapes(Layout([]int{r, r})); err != nil {
		t.Fatal(err)
	}
	if err := af.Step(p, g); err != nil {
		t.Fatal(err)
	}
	adam := NewAdam()
	if err := adam.Step(p, g); err != nil {
		t.Fatal(err)
	}
	a, b := StateWords(af), StateWords(adam)
	t.Logf("N=%d: Adafactor %d words, Adam %d words (%.4f%%)", n, a, b, 100*float64(a)/float64(b))
	if float64(a) > 0.01*float64(b) {
		t.Errorf("Adafactor keeps %d words, more than 1%% of Adam's %d", a, b)
	}
}
