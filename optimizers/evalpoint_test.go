package optimizers

import (
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
