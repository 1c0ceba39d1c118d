package optimizers

import (
	"math"
	"math/rand"
	"testing"
)

// TestEvalParams checks the evaluation point: Schedule-Free's average x, through every
// wrapper and group, and params itself for every other optimizer.
func TestEvalParams(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	const n = 6
	for _, name := range []string{"AdamWScheduleFree", "SGDScheduleFree"} {
		sf := mustNew(t, name, map[string]any{"lr": 0.1})
		p, dst := randVec(rng, n), make([]float64, n)
		// Before the first step there is no average yet: the point is params.
		if err := EvalParams(sf, dst, p); err != nil || dst[0] != p[0] {
			t.Errorf("%s before a step: %v, dst %v, params %v", name, err, dst, p)
		}
		for k := 0; k < 5; k++ {
			if err := sf.Step(p, randVec(rng, n)); err != nil {
				t.Fatal(err)
			}
		}
		before := append([]float64(nil), p...)
		x := sf.State().Buffers["x"]
		for _, o := range []Optimizer{sf, Transformed(sf, ClipGradValue(1)), NewLookahead(sf)} {
			if err := EvalParams(o, dst, p); err != nil {
				t.Fatal(err)
			}
			for i := range dst {
				if dst[i] != x[i] || p[i] != before[i] {
					t.Fatalf("%s via %T: dst[%d] = %v, x %v (params %v, was %v)", name, o, i, dst[i], x[i], p[i], before[i])
				}
			}
		}
		same := true
		for i := range p {
			same = same && p[i] == x[i]
		}
		if same {
			t.Errorf("%s: y == x after 5 steps; nothing to tell train from eval", name)
		}
	}
	// In groups, each group's slice gets its own point.
	sf := NewSGDScheduleFree()
	g, _ := NewGroups([]Group{{Size: 2, Opt: NewAdam()}, {Size: 3, Opt: sf}})
	p, dst := randVec(rng, 5), make([]float64, 5)
	_ = g.Step(p, randVec(rng, 5))
	if err := EvalParams(g, dst, p); err != nil {
		t.Fatal(err)
	}
	x := sf.State().Buffers["x"]
	if dst[0] != p[0] || dst[1] != p[1] || dst[2] != x[0] || dst[4] != x[2] {
		t.Errorf("groups: EvalParams = %v, params %v, x of group 2 %v", dst, p, x)
	}
	if err := EvalParams(NewAdam(), make([]float64, 3), make([]float64, 4)); err == nil {
		t.Error("EvalParams with dst and params of different lengths succeeded")
	}
}

func TestHasEvalPoint(t *testing.T) {
	sf := NewAdamWScheduleFree()
	inGroups, _ := NewGroups([]Group{{Size: 2, Opt: NewAdam()}, {Size: 3, Opt: NewSGDScheduleFree()}})
	flatGroups, _ := NewGroups([]Group{{Size: 2, Opt: NewAdam()}, {Size: 3, Opt: NewSGD(0.1)}})
	for _, tt := range []struct {
		name string
		o    Optimizer
		want bool
	}{
		{"Adam", NewAdam(), false},
		{"Muon", NewMuon(), false},
		{"AdamWScheduleFree", sf, true},
		{"SGDScheduleFree", NewSGDScheduleFree(), true},
		{"Transformed(SF)", Transformed(sf, ClipGradNorm(1, 2)), true},
		{"Transformed(Adam)", Transformed(NewAdam(), ClipGradNorm(1, 2)), false},
		{"Lookahead(SF)", NewLookahead(sf), true},
		{"Lookahead(Adam)", NewLookahead(NewAdam()), false},
		{"Lookahead(nil)", NewLookahead(nil), false},
		{"groups with SF", inGroups, true},
		{"groups without", flatGroups, false},
		{"nil", nil, false},
	} {
		if got := HasEvalPoint(tt.o); got != tt.want {
			t.Errorf("HasEvalPoint(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestEvalParamsInPlace: EvalParams(o, p, p) moves p to the evaluation point.
func TestEvalParamsInPlace(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	for _, o := range []Optimizer{NewSGDScheduleFree(), NewLookahead(NewAdamWScheduleFree())} {
		p := randVec(rng, 5)
		for k := 0; k < 3; k++ {
			if err := o.Step(p, randVec(rng, 5)); err != nil {
				t.Fatal(err)
			}
		}
		want := make([]float64, 5)
		if err := EvalParams(o, want, p); err != nil {
			t.Fatal(err)
		}
		if err := EvalParams(o, p, p); err != nil {
			t.Fatal(err)
		}
		for i := range p {
			if p[i] != want[i] {
				t.Fatalf("%s: in place p[%d] = %v, want %v", o.Name(), i, p[i], want[i])
			}
		}
	}
}

// TestMinimizeReportsEvalPoint: Minimize with Schedule-Free iterates at y, records y in
// the trajectory, and reports X, F and Grad at the average x, evaluated once more; a
// plain optimizer reports its last iterate as before.
func TestMinimizeReportsEvalPoint(t *testing.T) {
	p := tfBooth()
	for _, name := range []string{"AdamWScheduleFree", "SGDScheduleFree"} {
		o := mustNew(t, name, map[string]any{"lr": 0.02})
		res, err := Minimize(p, []float64{0, 0}, o, Settings{MaxIter: 40, Quiet: true})
		if err != nil {
			t.Fatal(err)
		}
		x := o.State().Buffers["x"]
		y := res.Xs[len(res.Xs)-1]
		if res.X[0] != x[0] || res.X[1] != x[1] {
			t.Errorf("%s: X = %v, want the average x = %v", name, res.X, x)
		}
		if y[0] == x[0] && y[1] == x[1] {
			t.Errorf("%s: the last training point equals x; the test cannot tell them apart", name)
		}
		if f := p.Func(x); res.F != f || res.Fs[len(res.Fs)-1] == f {
			t.Errorf("%s: F = %v, f(x) = %v, last Fs (at y) %v", name, res.F, f, res.Fs[len(res.Fs)-1])
		}
		g := make([]float64, 2)
		p.Grad(g, x)
		if res.Grad[0] != g[0] || res.Grad[1] != g[1] || res.GradNorm != math.Max(math.Abs(g[0]), math.Abs(g[1])) {
			t.Errorf("%s: Grad %v (norm %v), at x %v", name, res.Grad, res.GradNorm, g)
		}
		if res.Iterations != 40 || res.FuncEvals != 42 {
			t.Errorf("%s: %d iterations, %d evaluations; want 40 and 42 (start, 40 steps, x)", name, res.Iterations, res.FuncEvals)
		}
	}
	res, err := Minimize(p, []float64{0, 0}, NewAdam(), Settings{MaxIter: 40, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	if last := res.Xs[len(res.Xs)-1]; res.X[0] != last[0] || res.X[1] != last[1] || res.FuncEvals != 41 {
		t.Errorf("Adam: X %v, last iterate %v, %d evaluations", res.X, last, res.FuncEvals)
	}
}
