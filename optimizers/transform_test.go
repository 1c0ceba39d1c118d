package optimizers

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

func TestPenalties(t *testing.T) {
	params := []float64{2, -1, 0}
	grads := []float64{0.5, 0.5, 0.5}
	cases := []struct {
		name       string
		tr         Transform
		lr         float64
		wantParams []float64
		wantGrads  []float64
	}{
		{"L2", L2(0.1), 0.5, params, []float64{0.7, 0.4, 0.5}},
		{"L1 with sign(0)=0", L1(0.1), 0.5, params, []float64{0.6, 0.4, 0.5}},
		{"ElasticNet", ElasticNet(0.1, 0.2), 0.5, params, []float64{0.5 + 0.1 + 0.4, 0.5 - 0.1 - 0.2, 0.5}},
		{"DecoupledWeightDecay", DecoupledWeightDecay(0.1), 0.5, []float64{1.9, -0.95, 0}, grads},
		{"ProxL1 leaves Before alone", ProxL1(1), 0.5, params, grads},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := append([]float64(nil), params...)
			g := append([]float64(nil), grads...)
			if err := c.tr.Before(p, g, c.lr); err != nil {
				t.Fatal(err)
			}
			tfAssertVec(t, "params", p, c.wantParams, 1e-15)
			tfAssertVec(t, "grads", g, c.wantGrads, 1e-15)
		})
	}
}

func TestProxL1SoftThresholds(t *testing.T) {
	p := []float64{2, -0.3, 0.5, -2, 0.25, math.NaN()}
	if err := ProxL1(1).After(p, 0.5); err != nil {
		t.Fatal(err)
	}
	want := []float64{1.5, 0, 0, -1.5, 0}
	tfAssertVec(t, "params", p[:5], want, 0)
	for i, v := range p[1:3] {
		if v != 0 || math.Signbit(v) {
			t.Errorf("param %d = %v, want an exact +0", i+1, v)
		}
	}
	if !math.IsNaN(p[5]) {
		t.Errorf("NaN parameter became %v; it must stay visible", p[5])
	}
}

// TestProxL1ExactZeros runs proximal gradient descent on ½‖x−c‖² + l1‖x‖₁, whose minimiser
// is the soft-threshold of c by l1: coordinates of c within l1 of zero end exactly at 0.
func TestProxL1ExactZeros(t *testing.T) {
	c := []float64{3, 0.05, -0.02, -1}
	x := []float64{1, 1, 1, 1}
	g := make([]float64, len(x))
	o := Transformed(newTfGD(0.5), ProxL1(0.1))
	for k := 0; k < 200; k++ {
		for i := range x {
			g[i] = x[i] - c[i]
		}
		if err := o.Step(x, g); err != nil {
			t.Fatal(err)
		}
	}
	if x[1] != 0 || x[2] != 0 {
		t.Errorf("small coordinates %v, %v: want exact zeros", x[1], x[2])
	}
	tfAssertVec(t, "x", x, []float64{2.9, 0, 0, -0.9}, 1e-12)

	// The subgradient version shrinks too but keeps oscillating around zero.
	y := []float64{1, 1, 1, 1}
	sub := Transformed(newTfGD(0.5), L1(0.1))
	for k := 0; k < 200; k++ {
		for i := range y {
			g[i] = y[i] - c[i]
		}
		if err := sub.Step(y, g); err != nil {
			t.Fatal(err)
		}
	}
	if y[1] == 0 && y[2] == 0 {
		t.Errorf("L1 subgradient reached exact zeros %v; the test no longer contrasts it with ProxL1", y)
	}
}

func TestPenaltyNeedsLR(t *testing.T) {
	for _, tr := range []Transform{ProxL1(0.1), DecoupledWeightDecay(0.1)} {
		p, g := []float64{1}, []float64{1}
		err := tr.Before(p, g, math.NaN())
		if err == nil {
			err = tr.After(p, math.NaN())
		}
		if err == nil || !strings.Contains(err.Error(), "lr") {
			t.Errorf("%v with no lr: err %v, want one naming lr", tr, err)
		}
	}
	if err := L2(-1).Before([]float64{1}, []float64{1}, 0.1); err == nil {
		t.Error("negative l2 accepted")
	}
}

// TestOnlyRegularisesWeightsNotBias builds golden linreg_l1l2's gradient from linreg's:
// g_w = (g_w + L1*sign(w)) + L2*w on the weights, the bias gradient unchanged.
func TestOnlyRegularisesWeightsNotBias(t *testing.T) {
	params := []float64{0.3, -0.2, 0, 0.7}
	grads := []float64{-0.7625, 0.83125, -2.63125, -0.95}
	tr := Only(0, 3, ElasticNet(0.01, 0.05))
	if err := tr.Before(params, grads, 1); err != nil {
		t.Fatal(err)
	}
	// Variables, not constants: Go would evaluate constant expressions exactly.
	l1, l2, w0, w1, g0, g1 := 0.01, 0.05, 0.3, -0.2, -0.7625, 0.83125
	want := []float64{(g0 + l1) + l2*w0, (g1 - l1) + l2*w1, -2.63125, -0.95}
	tfAssertVec(t, "grads", grads, want, 0)

	if err := Only(2, 9, L2(1)).Before(params, grads, 1); err == nil || !strings.Contains(err.Error(), "[2, 9)") {
		t.Errorf("out-of-range Only: err %v, want one naming the range", err)
	}
}

// tfRecorder logs the calls it receives.
type tfRecorder struct {
	name string
	log  *[]string
}

func (r tfRecorder) Before(params, grads []float64, lr float64) error {
	*r.log = append(*r.log, fmt.Sprintf("%s.Before(lr=%v)", r.name, lr))
	return nil
}

func (r tfRecorder) After(params []float64, lr float64) error {
	*r.log = append(*r.log, fmt.Sprintf("%s.After(lr=%v)", r.name, lr))
	return nil
}

type tfStepLogger struct {
	*tfGD
	log *[]string
}

func (s tfStepLogger) Step(params, grads []float64) error {
	*s.log = append(*s.log, "Step")
	return s.tfGD.Step(params, grads)
}

func TestTransformedOrderAndLR(t *testing.T) {
	var log []string
	inner := tfStepLogger{newTfGD(0.25), &log}
	o := Transformed(inner, tfRecorder{"a", &log}, tfRecorder{"b", &log})
	if err := o.Step([]float64{1}, []float64{1}); err != nil {
		t.Fatal(err)
	}
	want := "a.Before(lr=0.25) b.Before(lr=0.25) Step a.After(lr=0.25) b.After(lr=0.25)"
	if got := strings.Join(log, " "); got != want {
		t.Errorf("calls %q, want %q", got, want)
	}
	if o.Hyper() != inner.Hyper() || o.State() != inner.State() || o.Name() != "GD" {
		t.Error("Transformed does not expose the wrapped optimizer's Name, Hyper and State")
	}
	// A schedule changing lr through Hyper reaches the transforms at the next step.
	if err := o.Hyper().Set("lr", 0.5); err != nil {
		t.Fatal(err)
	}
	log = log[:0]
	if err := o.Step([]float64{1}, []float64{1}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log[0], "lr=0.5") {
		t.Errorf("after Set(lr, 0.5) the transform saw %q", log[0])
	}
}

func TestTransformedClipThenStep(t *testing.T) {
	x := []float64{0, 0}
	g := []float64{3, 4}
	clip := ClipGradNorm(1, 2)
	o := Transformed(newTfGD(1), clip)
	if err := o.Step(x, g); err != nil {
		t.Fatal(err)
	}
	tfAssertVec(t, "x", x, []float64{-3 / (5 + 1e-6), -4 / (5 + 1e-6)}, 1e-15)
	if n := clip.(*NormClipper).LastNorm(); n != 5 {
		t.Errorf("LastNorm %v, want 5", n)
	}
}

func TestTransformedKeepsGroups(t *testing.T) {
	o := Transformed(newTfGroupedGD(1, 0.1, 0.2), L2(0.5))
	if _, ok := o.(Grouped); !ok {
		t.Fatal("Transformed(grouped) is not Grouped")
	}
	hs := HypersOf(o)
	if len(hs) != 2 || hs[0].Float("lr") != 0.1 || hs[1].Float("lr") != 0.2 {
		t.Errorf("HypersOf sees %d groups, want the two groups' lrs 0.1 and 0.2", len(hs))
	}
	x, g := []float64{1, 1}, []float64{0, 0}
	if err := o.Step(x, g); err != nil {
		t.Fatal(err)
	}
	// g = 0 + 0.5*x per coordinate, then each group's own lr.
	tfAssertVec(t, "x", x, []float64{1 - 0.1*0.5, 1 - 0.2*0.5}, 1e-15)
	if _, ok := Transformed(newTfGD(0.1)).(Grouped); ok {
		t.Error("Transformed(plain) claims to be Grouped")
	}
}

func TestTransformsDoNotAllocate(t *testing.T) {
	x, g := make([]float64, 64), make([]float64, 64)
	for i := range x {
		x[i], g[i] = float64(i)-30, 1
	}
	o := Transformed(newTfGD(1e-3), ClipGradNorm(1, 2), ClipGradValue(1), Only(0, 60, ElasticNet(1e-3, 1e-3)),
		ProxL1(1e-4), DecoupledWeightDecay(1e-3), ClipGradNorm(1, math.Inf(1)))
	if a := testing.AllocsPerRun(100, func() {
		if err := o.Step(x, g); err != nil {
			t.Fatal(err)
		}
	}); a != 0 {
		t.Errorf("%v allocations per step, want 0", a)
	}
}

// TestDecoupledWeightDecayIsAdamW: AdamW is Adam after p *= 1 − lr·wd, so the transform in
// front of Adam (weight_decay 0) must follow AdamW bit for bit, also when lr changes.
func TestDecoupledWeightDecayIsAdamW(t *testing.T) {
	adamw := NewAdamW()
	if err := adamw.Hyper().SetAll(map[string]any{"lr": 0.05, "weight_decay": 0.1}); err != nil {
		t.Fatal(err)
	}
	adam := NewAdam()
	if err := adam.Hyper().SetAll(map[string]any{"lr": 0.05, "weight_decay": 0.0}); err != nil {
		t.Fatal(err)
	}
	o := Transformed(adam, DecoupledWeightDecay(0.1))
	x, y := []float64{1.5, -0.5, 2}, []float64{1.5, -0.5, 2}
	gx, gy := make([]float64, 3), make([]float64, 3)
	for k := 0; k < 30; k++ {
		if k == 15 {
			adamw.Hyper().Set("lr", 0.01)
			o.Hyper().Set("lr", 0.01)
		}
		for i := range x {
			gx[i] = x[i]*float64(i+1) - 1
			gy[i] = y[i]*float64(i+1) - 1
		}
		if err := adamw.Step(x, gx); err != nil {
			t.Fatal(err)
		}
		if err := o.Step(y, gy); err != nil {
			t.Fatal(err)
		}
		for i := range x {
			if x[i] != y[i] {
				t.Fatalf("step %d: AdamW %v, Adam+DecoupledWeightDecay %v", k+1, x, y)
			}
		}
	}
}
