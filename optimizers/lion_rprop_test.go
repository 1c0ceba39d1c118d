package optimizers

import (
	"math"
	"testing"
)

// TestRpropAdaptsStepSizes follows torch's Rprop by hand: the first step moves every
// parameter by lr against its gradient's sign, a repeated sign grows the step by etaplus,
// a flipped sign shrinks it by etaminus and skips the move, and step sizes are clamped.
func TestRpropAdaptsStepSizes(t *testing.T) {
	o := NewRprop()
	if err := o.Hyper().SetAll(map[string]any{"lr": 0.5, "etas": []float64{0.5, 2}, "step_sizes": []float64{0.2, 1.5}}); err != nil {
		t.Fatal(err)
	}
	p := []float64{0, 0, 0}
	steps := []struct {
		g, wantP, wantSize []float64
	}{
		{[]float64{1, -1, 0}, []float64{-0.5, 0.5, 0}, []float64{0.5, 0.5, 0.5}},      // prev=0: factor 1
		{[]float64{2, 1, 3}, []float64{-1.5, 0.5, -0.5}, []float64{1, 0.25, 0.5}},     // grow, flip (no move), first sign
		{[]float64{1, 1, 1}, []float64{-3, 0.25, -1.5}, []float64{1.5, 0.25, 1}},      // grow to the 1.5 cap; prev 0 after a flip
		{[]float64{-1, -1, -1}, []float64{-3, 0.25, -1.5}, []float64{0.75, 0.2, 0.5}}, // flips shrink; 0.125 clamps to 0.2
	}
	for k, s := range steps {
		if err := o.Step(p, s.g); err != nil {
			t.Fatal(err)
		}
		size := o.State().Buffers["step_size"]
		for i := range p {
			if math.Abs(p[i]-s.wantP[i]) > 1e-15 || size[i] != s.wantSize[i] {
				t.Fatalf("step %d: p = %v size = %v, want %v %v", k+1, p, size, s.wantP, s.wantSize)
			}
		}
	}
}

// TestLionMovesBySign checks Lion's defining property: every update has magnitude lr
// whatever the gradient's scale, and decoupled decay shrinks p first.
func TestLionMovesBySign(t *testing.T) {
	o := NewLion()
	if err := o.Hyper().SetAll(map[string]any{"lr": 0.25, "weight_decay": 2.0}); err != nil {
		t.Fatal(err)
	}
	p := []float64{1, 1, 1}
	if err := o.Step(p, []float64{1e-9, -1e9, 0}); err != nil {
		t.Fatal(err)
	}
	// p*(1-0.25*2) = 0.5, then ∓0.25 by the sign of 0.1*g (the momentum starts at 0).
	if want := []float64{0.25, 0.75, 0.5}; p[0] != want[0] || p[1] != want[1] || p[2] != want[2] {
		t.Errorf("p = %v, want %v", p, want)
	}
	m := o.State().Buffers["exp_avg"]
	if want := []float64{0.01 * 1e-9, 0.01 * -1e9, 0}; math.Abs(m[0]-want[0]) > 1e-24 || math.Abs(m[1]-want[1]) > 1e-6 || m[2] != 0 {
		t.Errorf("exp_avg = %v, want %v", m, want)
	}
}

// TestASGDSchedulesEtaAndAverages follows torch's ASGD by hand with lr=0.5, lambd=0.5,
// alpha=1, t0=2: eta = lr/(1+lambd*lr*step) after each step, mu = 1/max(1, step-t0), and
// ax tracks p exactly until mu, computed after each step, drops below 1.
func TestASGDSchedulesEtaAndAverages(t *testing.T) {
	o := NewASGD()
	if err := o.Hyper().SetAll(map[string]any{"lr": 0.5, "lambd": 0.5, "alpha": 1.0, "t0": 2.0}); err != nil {
		t.Fatal(err)
	}
	p := []float64{1}
	want := []struct{ p, ax, eta, mu float64 }{
		{0.25, 0.25, 0.4, 1},                      // p*(1-0.25) - 0.5
		{-0.2, -0.2, 1.0 / 3, 1},                  // p*(1-0.2) - 0.4
		{-0.5, -0.5, 2.0 / 7, 1},                  // p*(1-1/6) - 1/3
		{-5.0 / 7, -5.0 / 7, 0.25, 0.5},           // mu was still 1 (3-t0 = 1); 0.5 from now
		{-7.0 / 8, -89.0 / 112, 2.0 / 9, 1.0 / 3}, // p*(1-1/8) - 1/4; ax += (p-ax)*0.5
	}
	for k, w := range want {
		if err := o.Step(p, []float64{1}); err != nil {
			t.Fatal(err)
		}
		st := o.State()
		got := []float64{p[0], st.Buffers["ax"][0], st.Scalars["eta"], st.Scalars["mu"]}
		exp := []float64{w.p, w.ax, w.eta, w.mu}
		for i := range got {
			if math.Abs(got[i]-exp[i]) > 1e-15 {
				t.Fatalf("step %d: (p, ax, eta, mu) = %v, want %v", k+1, got, exp)
			}
		}
	}
}
