package schedule

import (
	"math"
	"testing"

	"github.com/descentlab/descent/optimizers"
)

// testOpt is the smallest optimizer a schedule can drive: hyper-parameters and nothing else.
type testOpt struct{ *optimizers.Base }

func (testOpt) Step(params, grads []float64) error { return nil }

// sgdLike has lr and momentum, like torch's SGD.
func sgdLike(lr float64) optimizers.Optimizer {
	return testOpt{optimizers.NewBase("sgdLike", map[string]any{"lr": lr, "momentum": 0.9})}
}

// adamLike has lr and betas, like torch's Adam.
func adamLike(lr float64) optimizers.Optimizer {
	return testOpt{optimizers.NewBase("adamLike", map[string]any{"lr": lr, "betas": []float64{0.9, 0.999}})}
}

// plainOpt has only an lr.
func plainOpt(lr float64) optimizers.Optimizer {
	return testOpt{optimizers.NewBase("plain", map[string]any{"lr": lr})}
}

// grouped returns an optimizer with one sgdLike group per lr.
func grouped(t *testing.T, lrs ...float64) optimizers.Optimizer {
	t.Helper()
	gs := make([]optimizers.Group, len(lrs))
	for i, lr := range lrs {
		gs[i] = optimizers.Group{Size: 1, Opt: sgdLike(lr)}
	}
	o, err := optimizers.NewGroups(gs)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func near(got, want float64) bool {
	return math.Abs(got-want) <= 1e-12*math.Abs(want)+1e-15
}

// trajectory returns group 0's lr after construction and after each of n steps.
func trajectory(s Scheduler, n int) []float64 {
	out := []float64{s.LR()[0]}
	for i := 0; i < n; i++ {
		s.Step()
		out = append(out, s.LR()[0])
	}
	return out
}

func assertSeq(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range want {
		if !near(got[i], want[i]) {
			t.Errorf("%s[%d] = %v, want %v", what, i, got[i], want[i])
		}
	}
}

// check turns a constructor's (value, error) into the value, failing the test on error:
// check(NewStepLR(o, 3, 0.1))(t).
func check[T any](v T, err error) func(t *testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}
