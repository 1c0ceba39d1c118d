package optimizers_test

import (
	"testing"

	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/model"
)

// TestModelsReportTensors checks the shapes every model reports: the tensors tile the
// parameter vector, each weight matrix is where Weights says and inputs×outputs, and
// Muon given them keeps momentum for exactly the weight matrices.
func TestModelsReportTensors(t *testing.T) {
	mlp, err := model.NewMLP(model.MLPConfig{Sizes: []int{3, 8, 5, 2}, Classes: 2})
	if err != nil {
		t.Fatal(err)
	}
	lin, _ := model.NewLinear(4, 2)
	poly, _ := model.NewPolynomial(3)
	logit, _ := model.NewLogistic(5)
	soft, _ := model.NewSoftmax(4, 3)
	for _, m := range []*model.Net{mlp, lin, poly, logit, soft} {
		var src optimizers.TensorSource = m
		ts := src.Tensors()
		at, weights := 0, 0
		for i, tn := range ts {
			if tn.Offset != at {
				t.Fatalf("%v: tensor %v starts at %d, the previous ended at %d", m, tn, tn.Offset, at)
			}
			at = tn.End()
			if i%2 == 1 {
				continue
			}
			w, b, err := m.Weights(i / 2)
			if err != nil {
				t.Fatal(err)
			}
			if len(tn.Shape) != 2 || tn.Size() != len(w) || tn.Shape[1] != len(b) || &m.Params()[tn.Offset] != &w[0] {
				t.Errorf("%v: layer %d weights %v, Weights gives %d values and %d biases", m, i/2, tn, len(w), len(b))
			}
			if bias := ts[i+1]; bias.Size() != len(b) || &m.Params()[bias.Offset] != &b[0] {
				t.Errorf("%v: layer %d biases %v", m, i/2, bias)
			}
			weights += len(w)
		}
		if at != m.NumParams() {
			t.Errorf("%v: the tensors cover %d of %d parameters", m, at, m.NumParams())
		}
		o := optimizers.NewMuon()
		if err := optimizers.SetShapes(o, ts); err != nil {
			t.Fatal(err)
		}
		g := make([]float64, m.NumParams())
		for i := range g {
			g[i] = 0.01 * float64(i%7-3)
		}
		if err := o.Step(m.Params(), g); err != nil {
			t.Fatal(err)
		}
		if got := len(o.State().Buffers["momentum_buffer"]); got != weights {
			t.Errorf("%v: Muon's momentum covers %d values, the weight matrices %d", m, got, weights)
		}
	}
}
