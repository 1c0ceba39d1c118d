package gradcheck

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/model"
)

func normals(rng *rand.Rand, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	return x
}

// targets returns n rows of targets of the kind a loss expects for k outputs.
func targets(rng *rand.Rand, kind string, n, k int) []float64 {
	var y []float64
	switch kind {
	case "labels":
		for i := 0; i < n; i++ {
			y = append(y, float64(rng.IntN(k)))
		}
	case "binary":
		for i := 0; i < n*k; i++ {
			y = append(y, float64(rng.IntN(2)))
		}
	default:
		y = normals(rng, n*k)
	}
	return y
}

func randomize(m model.Model, rng *rand.Rand) {
	for i, v := range normals(rng, m.NumParams()) {
		m.Params()[i] = 0.5 * v
	}
}

func TestModelsWithLosses(t *testing.T) {
	regression := []string{"mse", "mae", "huber", "quantile"}
	mlp := func(act string, out int) func() (*model.Net, error) {
		return func() (*model.Net, error) {
			return model.NewMLP(model.MLPConfig{Sizes: []int{3, 5, 4, out}, Activations: []string{act}, Seed: 3})
		}
	}
	models := []struct {
		name   string
		make   func() (*model.Net, error)
		losses []string
		kind   string // what targets the losses take
	}{
		{"linear", func() (*model.Net, error) { return model.NewLinear(3, 2) }, regression, "values"},
		{"polynomial", func() (*model.Net, error) { return model.NewPolynomial(3) }, regression, "values"},
		{"logistic", func() (*model.Net, error) { return model.NewLogistic(3) }, []string{"bce", "hinge"}, "binary"},
		{"softmax", func() (*model.Net, error) { return model.NewSoftmax(3, 4) }, []string{"cross_entropy"}, "labels"},
		{"mlp tanh regression", mlp("tanh", 2), regression, "values"},
		{"mlp sigmoid regression", mlp("sigmoid", 1), regression, "values"},
		{"mlp relu regression", mlp("relu", 2), regression, "values"},
		{"mlp identity regression", mlp("identity", 2), []string{"mse"}, "values"},
		{"mlp relu classifier", mlp("relu", 3), []string{"cross_entropy"}, "labels"},
		{"mlp tanh classifier", mlp("tanh", 3), []string{"cross_entropy"}, "labels"},
		{"mlp sigmoid binary", mlp("sigmoid", 1), []string{"bce", "hinge"}, "binary"},
	}
	for _, mt := range models {
		for _, ln := range mt.losses {
			t.Run(mt.name+"/"+ln, func(t *testing.T) {
				rng := rand.New(rand.NewPCG(11, 12))
				m, err := mt.make()
				if err != nil {
					t.Fatal(err)
				}
				randomize(m, rng)
				l, err := loss.New(ln, nil)
				if err != nil {
					t.Fatal(err)
				}
				const n = 7
				x := normals(rng, n*m.Inputs())
				y := targets(rng, mt.kind, n, m.Outputs())
				before := append([]float64(nil), m.Params()...)
				r, err := Model(m, l, x, y, n, Options{})
				if err != nil {
					t.Fatal(err)
				}
				if !r.OK {
					t.Error(r)
				}
				t.Log(r)
				if r.N != m.NumParams() {
					t.Errorf("checked %d entries, want %d", r.N, m.NumParams())
				}
				for i, v := range before {
					if m.Params()[i] != v {
						t.Fatalf("parameter %d changed from %v to %v", i, v, m.Params()[i])
					}
				}
			})
		}
	}
}

func TestLosses(t *testing.T) {
	tests := []struct {
		name string
		args map[string]any
		kind string
	}{
		{"mse", nil, "values"},
		{"mse", map[string]any{"reduction": "sum"}, "values"},
		{"mae", nil, "values"},
		{"huber", map[string]any{"delta": 0.7}, "values"},
		{"quantile", map[string]any{"q": 0.2}, "values"},
		{"bce", nil, "binary"},
		{"hinge", map[string]any{"reduction": "sum"}, "binary"},
		{"cross_entropy", nil, "labels"},
	}
	for _, tt := range tests {
		rng := rand.New(rand.NewPCG(5, 6))
		l, err := loss.New(tt.name, tt.args)
		if err != nil {
			t.Fatal(err)
		}
		const n, k = 6, 3
		pred := normals(rng, n*k)
		r, err := Loss(l, pred, targets(rng, tt.kind, n, k), n, Options{})
		if err != nil || !r.OK {
			t.Errorf("%s %v: %v, %v", tt.name, tt.args, r, err)
		}
	}
}

// TestWrongSignCaught is the check the package exists for: a linear-regression gradient
// with its sign flipped would move uphill, and the check must say so.
func TestWrongSignCaught(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 10
	x, y := normals(rng, n*2), normals(rng, n)
	m, _ := model.NewLinear(2, 1)
	randomize(m, rng)
	out, dout := make([]float64, n), make([]float64, n)
	mse := loss.MSE{}
	for _, flip := range []bool{false, true} {
		f := func(_, grad []float64) float64 {
			m.Forward(x, n, out)
			v, _ := mse.Eval(out, y, dout, n)
			m.Backward(dout, grad)
			if flip {
				for i := range grad {
					grad[i] = -grad[i]
				}
			}
			return v
		}
		r, err := Func(f, m.Params(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if r.OK == flip {
			t.Errorf("flipped %v: OK = %v: %v", flip, r.OK, r)
		}
		if flip && (math.Abs(r.MaxErr-2) > 1e-6 || !strings.Contains(r.String(), "FAILED")) {
			t.Errorf("flipped sign: %v, want error 2 (opposite derivatives)", r)
		}
	}
}

func TestReportsWorstIndex(t *testing.T) {
	// f = sum x_i^2 with a gradient wrong only at index 2.
	f := func(x, g []float64) float64 {
		var s float64
		for i, v := range x {
			s += v * v
			g[i] = 2 * v
		}
		g[2] *= 1.1
		return s
	}
	r, err := Func(f, []float64{1, -2, 3, 0.5}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.OK || r.Index != 2 || math.Abs(r.Numeric-6) > 1e-6 || math.Abs(r.Analytic-6.6) > 1e-12 {
		t.Errorf("%v, want a failure at index 2 with analytic 6.6 and numeric 6", r)
	}
}

func TestFuncErrors(t *testing.T) {
	if _, err := Func(func(x, g []float64) float64 { return 0 }, nil, Options{}); err == nil {
		t.Error("empty vector accepted")
	}
	if _, err := Func(func(x, g []float64) float64 { return math.NaN() }, []float64{1}, Options{}); err == nil {
		t.Error("NaN value accepted")
	}
	m, _ := model.NewLinear(2, 1)
	if _, err := Model(m, loss.MSE{}, []float64{1, 2}, []float64{1, 2}, 1, Options{}); err == nil || !strings.Contains(err.Error(), "1 targets") && !strings.Contains(err.Error(), "2 targets") {
		t.Errorf("shape error not reported: %v", err)
	}
}
