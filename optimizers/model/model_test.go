package model

import (
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/descentlab/descent/optimizers/internal/gemm"
)

func TestForwardKnownWeights(t *testing.T) {
	lin, _ := NewLinear(2, 2)
	// W = [[1, 2], [3, 4]] (input i to output j), b = [10, 20].
	if err := lin.SetParams([]float64{1, 2, 3, 4, 10, 20}); err != nil {
		t.Fatal(err)
	}
	poly, _ := NewPolynomial(2)
	poly.SetParams([]float64{1, 2, 3}) // x^2 + 2x + 3
	mlp, _ := NewMLP(MLPConfig{Sizes: []int{1, 2, 1}, Activations: []string{"relu"}})
	// Hidden units x and -x, then relu, summed: |x| + 0.5.
	mlp.SetParams([]float64{1, -1, 0, 0, 1, 1, 0.5})
	tests := []struct {
		name string
		m    *Net
		x    []float64
		n    int
		want []float64
	}{
		{"linear", lin, []float64{1, 0, 0, 1, 1, 1}, 3, []float64{11, 22, 13, 24, 14, 26}},
		{"polynomial", poly, []float64{2, -1, 0}, 3, []float64{11, 2, 3}},
		{"mlp relu", mlp, []float64{-3, 2}, 2, []float64{3.5, 2.5}},
	}
	for _, tt := range tests {
		out := make([]float64, len(tt.want))
		if err := tt.m.Forward(tt.x, tt.n, out); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		for i := range out {
			if out[i] != tt.want[i] {
				t.Errorf("%s: Forward = %v, want %v", tt.name, out, tt.want)
				break
			}
		}
	}
}

func TestBackwardLinearByHand(t *testing.T) {
	m, _ := NewLinear(2, 1)
	m.SetParams([]float64{1, 1, 0})
	out := make([]float64, 2)
	if err := m.Forward([]float64{1, 2, 3, 4}, 2, out); err != nil {
		t.Fatal(err)
	}
	g := make([]float64, 3)
	if err := m.Backward([]float64{1, -1}, g); err != nil {
		t.Fatal(err)
	}
	// dW = X^T dout = [1-3, 2-4], db = 1-1.
	want := []float64{-2, -2, 0}
	for i := range g {
		if g[i] != want[i] {
			t.Fatalf("grad %v, want %v", g, want)
		}
	}
}

func TestSeededInit(t *testing.T) {
	mk := func(seed uint64, init string) []float64 {
		m, err := NewMLP(MLPConfig{Sizes: []int{3, 16, 2}, Activations: []string{"tanh"}, Seed: seed, Init: init})
		if err != nil {
			t.Fatal(err)
		}
		return m.Params()
	}
	a, b, c := mk(7, ""), mk(7, ""), mk(8, "")
	same, differ := true, false
	for i := range a {
		same = same && a[i] == b[i]
		differ = differ || a[i] != c[i]
	}
	if !same || !differ {
		t.Errorf("same seed identical: %v; different seed differs: %v", same, differ)
	}
	// Xavier bound for a 3x16 layer is sqrt(6/19); biases start at zero.
	lim := math.Sqrt(6.0 / 19)
	for i, v := range a[:48] {
		if math.Abs(v) > lim || v == 0 {
			t.Fatalf("weight %d = %v outside (0, %v]", i, v, lim)
		}
	}
	for i, v := range a[48:64] {
		if v != 0 {
			t.Fatalf("bias %d = %v, want 0", i, v)
		}
	}
	he := mk(7, "he")
	var ss float64
	for _, v := range he[:48] {
		ss += v * v
	}
	if sd := math.Sqrt(ss / 48); sd < 0.4 || sd > 1.3 { // He std sqrt(2/3) = 0.82
		t.Errorf("He weights std %v, want near 0.82", sd)
	}
}

func TestConstructorErrors(t *testing.T) {
	tests := []struct {
		name string
		make func() (*Net, error)
		want string
	}{
		{"linear size", func() (*Net, error) { return NewLinear(0, 1) }, "layer size 0 at position 0"},
		{"degree", func() (*Net, error) { return NewPolynomial(0) }, "degree 0"},
		{"softmax classes", func() (*Net, error) { return NewSoftmax(2, 1) }, "1 classes"},
		{"activation", func() (*Net, error) {
			return NewMLP(MLPConfig{Sizes: []int{2, 3, 1}, Activations: []string{"swish"}})
		}, `unknown activation "swish"; valid: identity, relu, tanh, sigmoid`},
		{"activation count", func() (*Net, error) {
			return NewMLP(MLPConfig{Sizes: []int{2, 3, 3, 3, 1}, Activations: []string{"relu", "tanh"}})
		}, "2 activations for 3 hidden layers"},
		{"init", func() (*Net, error) { return NewMLP(MLPConfig{Sizes: []int{2, 1}, Init: "lecun"}) }, `unknown initialization "lecun"`},
		{"classes", func() (*Net, error) { return NewMLP(MLPConfig{Sizes: []int{2, 3}, Classes: 2}) }, "3 outputs for 2 classes"},
		{"sizes", func() (*Net, error) { return NewMLP(MLPConfig{Sizes: []int{2}}) }, "want at least inputs and outputs"},
	}
	for _, tt := range tests {
		_, err := tt.make()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestShapeErrors(t *testing.T) {
	m, _ := NewLinear(2, 1)
	if err := m.Backward([]float64{1}, make([]float64, 3)); err == nil || !strings.Contains(err.Error(), "before any Forward") {
		t.Errorf("Backward first: %v", err)
	}
	if err := m.Forward([]float64{1, 2, 3}, 2, make([]float64, 2)); err == nil || !strings.Contains(err.Error(), "3 input values for 2 rows, want 4") {
		t.Errorf("Forward bad x: %v", err)
	}
	if err := m.Forward([]float64{1, 2}, 1, make([]float64, 2)); err == nil || !strings.Contains(err.Error(), "output buffer has 2 values") {
		t.Errorf("Forward bad out: %v", err)
	}
	m.Forward([]float64{1, 2}, 1, make([]float64, 1))
	if err := m.Backward([]float64{1}, make([]float64, 2)); err == nil || !strings.Contains(err.Error(), "want 3 (NumParams)") {
		t.Errorf("Backward bad grad: %v", err)
	}
}

func TestClassifyAndProbabilities(t *testing.T) {
	soft, _ := NewSoftmax(2, 3)
	// Logits are x0, x1 and 0 for the three classes.
	soft.SetParams([]float64{1, 0, 0, 0, 1, 0, 0, 0, 0})
	x := []float64{2, 1, -1, 3, -1, -2}
	acc, err := Accuracy(soft, x, []float64{0, 1, 1})
	if err != nil || math.Abs(acc-2.0/3) > 1e-15 {
		t.Errorf("Accuracy = %v, %v; want 2/3", acc, err)
	}
	p, _ := Probabilities(soft, x[:2])
	e := []float64{math.Exp(2), math.Exp(1), 1}
	tot := e[0] + e[1] + e[2]
	for j := range p {
		if math.Abs(p[j]-e[j]/tot) > 1e-15 {
			t.Fatalf("Probabilities = %v", p)
		}
	}
	logit, _ := NewLogistic(1)
	logit.SetParams([]float64{1, 0})
	c, _ := Classify(logit, []float64{-0.5, 0.5})
	if c[0] != 0 || c[1] != 1 {
		t.Errorf("Classify = %v, want [0 1]", c)
	}
}

func TestNoAllocsPerStep(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4)) // the parallel products must not allocate either
	for _, sizes := range [][]int{{2, 64, 64, 2}, {3, 300, 200, 5}} {
		m, _ := NewMLP(MLPConfig{Sizes: sizes, Seed: 1})
		const n = 256
		in, out := sizes[0], sizes[len(sizes)-1]
		x := make([]float64, n*in)
		for i := range x {
			x[i] = float64(i%7) - 3
		}
		y, dout, g := make([]float64, n*out), make([]float64, n*out), make([]float64, m.NumParams())
		for i := range dout {
			dout[i] = 1
		}
		step := func() {
			m.Forward(x, n, y)
			m.Backward(dout, g)
		}
		step()
		if a := testing.AllocsPerRun(20, step); a != 0 {
			t.Errorf("%v: %v allocations per forward+backward, want 0", sizes, a)
		}
	}
}

// TestReLUPassesNaN: a NaN reaching a relu layer comes out as NaN, so the training loop
// sees divergence instead of a silently zeroed unit; its gradient is kept, not masked.
func TestReLUPassesNaN(t *testing.T) {
	m, _ := NewMLP(MLPConfig{Sizes: []int{1, 1, 1}, Activations: []string{"relu"}})
	m.SetParams([]float64{1, 0, 1, 0}) // y = relu(x)
	y := make([]float64, 4)
	if err := m.Forward([]float64{-1, 0, 2, math.NaN()}, 4, y); err != nil {
		t.Fatal(err)
	}
	if y[0] != 0 || y[1] != 0 || y[2] != 2 || !math.IsNaN(y[3]) {
		t.Errorf("relu(-1, 0, 2, NaN) = %v, want [0 0 2 NaN]", y)
	}
	g := make([]float64, 4)
	if err := m.Backward([]float64{1, 1, 1, 1}, g); err != nil {
		t.Fatal(err)
	}
	// dy/dw1 sums x over the rows where relu is active (x = 2) or NaN.
	if !math.IsNaN(g[0]) || !math.IsNaN(g[2]) || g[3] != 4 {
		t.Errorf("gradient %v, want NaN for w1 and w2 and 4 for b2", g)
	}
}

// TestActivationsMatchKernels: the kernels apply an activation by its value, so
// Activation and gemm.Act must number them alike.
func TestActivationsMatchKernels(t *testing.T) {
	for _, p := range []struct {
		m Activation
		g gemm.Act
	}{{Identity, gemm.Identity}, {ReLU, gemm.ReLU}, {Tanh, gemm.Tanh}, {Sigmoid, gemm.Sigmoid}} {
		if int(p.m) != int(p.g) {
			t.Errorf("%v is %d, gemm's %d", p.m, int(p.m), int(p.g))
		}
	}
}

// TestCoresDoNotChangeResults runs the same batch on one core and on several: the parallel
// products must give bit-identical outputs and gradients.
func TestCoresDoNotChangeResults(t *testing.T) {
	run := func(procs int) ([]float64, []float64) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		m, _ := NewMLP(MLPConfig{Sizes: []int{3, 200, 130, 4}, Activations: []string{"tanh", "relu"}, Seed: 4})
		const n = 300
		x := make([]float64, n*3)
		for i := range x {
			x[i] = math.Sin(float64(i))
		}
		out, g := make([]float64, n*4), make([]float64, m.NumParams())
		if err := m.Forward(x, n, out); err != nil {
			t.Fatal(err)
		}
		dout := append([]float64(nil), out...)
		if err := m.Backward(dout, g); err != nil {
			t.Fatal(err)
		}
		return out, g
	}
	o1, g1 := run(1)
	o4, g4 := run(4)
	for i := range o1 {
		if o1[i] != o4[i] {
			t.Fatalf("output %d: %v on one core, %v on four", i, o1[i], o4[i])
		}
	}
	for i := range g1 {
		if g1[i] != g4[i] {
			t.Fatalf("gradient %d: %v on one core, %v on four", i, g1[i], g4[i])
		}
	}
}
