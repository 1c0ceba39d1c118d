package train

import (
	"context"
	"strings"
	"testing"

	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/data"
	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/model"
)

// flatModel hides a model's Tensors, as a model that cannot describe its shapes would.
type flatModel struct{ model.Model }

// shapesSetup is a 2-8-8-2 tanh MLP on two moons: weights 2x8, 8x8, 8x2 (96 values) and
// biases 8, 8, 2 (18 values).
func shapesSetup() (*model.Net, *data.Dataset) {
	d := mustData(data.Moons(64, 0.1, 3))
	m := mustNet(model.NewMLP(model.MLPConfig{Sizes: []int{2, 8, 8, 2}, Activations: []string{"tanh"}, Seed: 4, Classes: 2}))
	return m, d
}

// fullGrad returns the gradient of the mean cross-entropy over all of d at m's params.
func fullGrad(t *testing.T, m *model.Net, d *data.Dataset) []float64 {
	out, dout := make([]float64, d.N*m.Outputs()), make([]float64, d.N*m.Outputs())
	if err := m.Forward(d.X, d.N, out); err != nil {
		t.Fatal(err)
	}
	if _, err := (loss.CrossEntropy{}).Eval(out, d.Y, dout, d.N); err != nil {
		t.Fatal(err)
	}
	g := make([]float64, m.NumParams())
	if err := m.Backward(dout, g); err != nil {
		t.Fatal(err)
	}
	return g
}

// TestFitGivesMuonTheWeightMatrices: one full-batch step of Fit with Muon keeps momentum
// for exactly the three weight matrices, (1-μ) times their gradient in layer order, and
// Adam moments for exactly the biases; with the shapes hidden, everything goes to Adam.
func TestFitGivesMuonTheWeightMatrices(t *testing.T) {
	m, d := shapesSetup()
	g := fullGrad(t, m, d)
	o := optimizers.NewMuon()
	if _, err := Fit(context.Background(), m, loss.CrossEntropy{}, d, o, Options{BatchSize: d.N, NoShuffle: true, Quiet: true}); err != nil {
		t.Fatal(err)
	}
	var wantBuf, wantM []float64
	for _, tn := range m.Tensors() {
		for _, gi := range g[tn.Offset:tn.End()] {
			if len(tn.Shape) == 2 {
				wantBuf = append(wantBuf, (1-0.95)*gi)
			} else {
				wantM = append(wantM, (1-0.9)*gi)
			}
		}
	}
	if len(wantBuf) != 96 || len(wantM) != 18 {
		t.Fatalf("the MLP has %d weights and %d biases, want 96 and 18", len(wantBuf), len(wantM))
	}
	buf := o.State().Buffers["momentum_buffer"]
	ma := o.Groups()[1].State().Buffers["exp_avg"]
	if len(buf) != len(wantBuf) || len(ma) != len(wantM) {
		t.Fatalf("Muon's momentum_buffer has %d values, Adam's exp_avg %d; want 96 and 18", len(buf), len(ma))
	}
	for i := range buf {
		if d := buf[i] - wantBuf[i]; d > 1e-15 || d < -1e-15 {
			t.Fatalf("momentum_buffer[%d] = %v, want (1-momentum)·grad = %v", i, buf[i], wantBuf[i])
		}
	}
	for i := range ma {
		if d := ma[i] - wantM[i]; d > 1e-15 || d < -1e-15 {
			t.Fatalf("exp_avg[%d] = %v, want (1-beta1)·grad = %v", i, ma[i], wantM[i])
		}
	}

	// The same model behind an interface without Tensors: Muon sees no matrix.
	m2, _ := shapesSetup()
	o2 := optimizers.NewMuon()
	if _, err := Fit(context.Background(), flatModel{m2}, loss.CrossEntropy{}, d, o2, Options{BatchSize: d.N, NoShuffle: true, Quiet: true}); err != nil {
		t.Fatal(err)
	}
	if n, na := len(o2.State().Buffers["momentum_buffer"]), len(o2.Groups()[1].State().Buffers["exp_avg"]); n != 0 || na != 114 {
		t.Errorf("without shapes: momentum_buffer %d values, exp_avg %d; want 0 and 114", n, na)
	}
}

// TestFitGivesAdafactorFactoredState: Adafactor under Fit keeps one second moment per row
// and per column of each weight matrix (2+8+8 rows, 8+8+2 columns) and a full one for the
// biases only, also through Lookahead and a clipping transform.
func TestFitGivesAdafactorFactoredState(t *testing.T) {
	for _, wrapped := range []bool{false, true} {
		m, d := shapesSetup()
		af := optimizers.NewAdafactor()
		var o optimizers.Optimizer = af
		opts := Options{BatchSize: 16, Epochs: 2, Quiet: true}
		if wrapped {
			o = optimizers.NewLookahead(af)
			opts.ClipNorm = 1
		}
		if _, err := Fit(context.Background(), m, loss.CrossEntropy{}, d, o, opts); err != nil {
			t.Fatal(err)
		}
		b := af.State().Buffers
		if r, c, v := len(b["exp_avg_sq_row"]), len(b["exp_avg_sq_col"]), len(b["exp_avg_sq"]); r != 18 || c != 18 || v != 18 {
			t.Errorf("wrapped %v: exp_avg_sq_row %d, exp_avg_sq_col %d, exp_avg_sq %d values; want 18, 18, 18", wrapped, r, c, v)
		}
		want := 18 + 18 + 18 + 6 // and RMS per tensor
		if wrapped {
			want += 114 + 1 // Lookahead's slow_param and counter
		}
		if w := optimizers.StateWords(o); w != want {
			t.Errorf("wrapped %v: StateWords %d, want %d", wrapped, w, want)
		}
	}
}

// TestFitShapesLeaveFlatOptimizersAlone: Adam trains bit for bit the same whether or not
// the model reports its tensors.
func TestFitShapesLeaveFlatOptimizersAlone(t *testing.T) {
	run := func(hide bool) []float64 {
		m, d := shapesSetup()
		var mm model.Model = m
		if hide {
			mm = flatModel{m}
		}
		if _, err := Fit(context.Background(), mm, loss.CrossEntropy{}, d, adam(t, 0.01), Options{BatchSize: 16, Epochs: 3, Seed: 1, Quiet: true}); err != nil {
			t.Fatal(err)
		}
		return m.Params()
	}
	a, b := run(false), run(true)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("param %d: %v with tensors, %v without", i, a[i], b[i])
		}
	}
}

// TestFitShapesConflict: an optimizer that already stepped on another layout is refused
// with a message that says so.
func TestFitShapesConflict(t *testing.T) {
	m, d := shapesSetup()
	o := optimizers.NewMuon()
	if err := optimizers.SetShapes(o, optimizers.Layout([]int{2, 57})); err != nil {
		t.Fatal(err)
	}
	p, g := make([]float64, m.NumParams()), make([]float64, m.NumParams())
	g[0] = 1
	if err := o.Step(p, g); err != nil {
		t.Fatal(err)
	}
	_, err := Fit(context.Background(), m, loss.CrossEntropy{}, d, o, Options{Quiet: true})
	if err == nil || !strings.Contains(err.Error(), "model's tensors") || !strings.Contains(err.Error(), "different layout") {
		t.Errorf("Fit with a stepped optimizer of another layout: %v", err)
	}
}
