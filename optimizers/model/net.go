package model

import (
	"fmt"

	"github.com/descentlab/descent/optimizers/internal/gemm"
	"gonum.org/v1/gonum/mat"
)

// Net is a stack of dense layers over one flat parameter vector. Every constructor in this
// package returns a *Net configured as the named model; it implements Model.
type Net struct {
	kind    string
	degree  int // polynomial models expand their single input into degree powers
	classes int // 0 for regression; 2 for one-logit binary classifiers
	params  []float64
	layers  []*layer
	ws      workspace
}

type layer struct {
	in, out int
	act     Activation
	off     int        // offset of the weights in params; biases follow
	w       *mat.Dense // view of the weights in params
}

// workspace holds every per-batch buffer, sized for the largest batch seen so far, so a
// step allocates nothing.
type workspace struct {
	cap, n int         // capacity in rows; rows of the last Forward (0: none yet)
	feat   []float64   // the polynomial features of the last Forward's inputs
	x      []float64   // the input of the first layer in the last Forward
	a      [][]float64 // per layer: activations act(z); Backward reads act'(z) from them
	d      [][]float64 // per layer: gradient with respect to z; for the last layer only
	// when its activation is not the identity (otherwise Backward reads dout in place)
}

func newNet(kind string, sizes []int, acts []Activation, seed uint64, init Init) (*Net, error) {
	if len(sizes) < 2 {
		return nil, fmt.Errorf("model %s: %d layer sizes, want at least 2 (inputs and outputs)", kind, len(sizes))
	}
	if len(acts) != len(sizes)-1 {
		return nil, fmt.Errorf("model %s: %d activations for %d layers, want one per layer", kind, len(acts), len(sizes)-1)
	}
	total := 0
	for i, s := range sizes {
		if s <= 0 {
			return nil, fmt.Errorf("model %s: layer size %d at position %d, want at least 1", kind, s, i)
		}
		if i > 0 {
			total += sizes[i-1]*s + s
		}
	}
	m := &Net{kind: kind, params: make([]float64, total)}
	off := 0
	for i := 1; i < len(sizes); i++ {
		in, out := sizes[i-1], sizes[i]
		l := &layer{in: in, out: out, act: acts[i-1], off: off}
		l.w = mat.NewDense(in, out, m.params[off:off+in*out])
		m.layers = append(m.layers, l)
		off += in*out + out
	}
	if err := m.initialize(seed, init); err != nil {
		return nil, err
	}
	return m, nil
}

// Params returns the live parameter vector.
func (m *Net) Params() []float64 { return m.params }

// NumParams returns the number of parameters.
func (m *Net) NumParams() int { return len(m.params) }

// Inputs returns the number of features per input row.
func (m *Net) Inputs() int {
	if m.degree > 0 {
		return 1
	}
	return m.layers[0].in
}

// Outputs returns the number of values per output row.
func (m *Net) Outputs() int { return m.layers[len(m.layers)-1].out }

// Classes returns the number of classes of a classifier, or 0 for a regression model.
func (m *Net) Classes() int { return m.classes }

// Kind returns what the model was built as: "linear", "polynomial", "logistic",
// "softmax" or "mlp".
func (m *Net) Kind() string { return m.kind }

// SetParams copies p into the model's parameters.
func (m *Net) SetParams(p []float64) error {
	if len(p) != len(m.params) {
		return fmt.Errorf("model %s: SetParams with %d values, want %d", m.kind, len(p), len(m.params))
	}
	copy(m.params, p)
	return nil
}

// Weights returns a view of layer i's weights (inputs x outputs) and biases in Params.
func (m *Net) Weights(i int) (w []float64, b []float64, err error) {
	if i < 0 || i >= len(m.layers) {
		return nil, nil, fmt.Errorf("model %s: layer %d, want 0..%d", m.kind, i, len(m.layers)-1)
	}
	l := m.layers[i]
	return m.params[l.off : l.off+l.in*l.out], m.params[l.off+l.in*l.out : l.off+l.in*l.out+l.out], nil
}

// String describes the architecture, such as "mlp 2-64(relu)-2(identity), 4482 params".
func (m *Net) String() string {
	s := fmt.Sprintf("%s %d", m.kind, m.layers[0].in)
	if m.degree > 0 {
		s = fmt.Sprintf("%s degree %d: 1", m.kind, m.degree)
	}
	for _, l := range m.layers {
		s += fmt.Sprintf("-%d(%s)", l.out, l.act)
	}
	return fmt.Sprintf("%s, %d params", s, len(m.params))
}

// reserve makes the workspace hold n rows; it allocates only when n exceeds every
// earlier batch.
func (m *Net) reserve(n int) {
	ws := &m.ws
	if n <= ws.cap {
		return
	}
	ws.cap = n
	if m.degree > 0 {
		ws.feat = make([]float64, n*m.degree)
	}
	L := len(m.layers)
	if ws.a == nil {
		ws.a, ws.d = make([][]float64, L), make([][]float64, L)
	}
	for i, l := range m.layers {
		ws.a[i] = make([]float64, n*l.out)
		if i < L-1 {
			ws.d[i] = make([]float64, n*l.out)
		}
	}
	// The last layer's gradient is the caller's dout unless its activation needs a copy
	// to multiply by its derivative.
	if last := m.layers[L-1]; last.act != Identity {
		ws.d[L-1] = make([]float64, n*last.out)
	}
}

// Forward implements Model. Each layer is one fused product, a = act(input*W + b): the
// bias and activation are applied to every tile of a as the kernel writes it.
func (m *Net) Forward(x []float64, n int, out []float64) error {
	if n <= 0 {
		return fmt.Errorf("model %s: Forward on %d rows, want at least 1", m.kind, n)
	}
	if len(x) != n*m.Inputs() {
		return fmt.Errorf("model %s: Forward got %d input values for %d rows, want %d (%d per row)", m.kind, len(x), n, n*m.Inputs(), m.Inputs())
	}
	if len(out) != n*m.Outputs() {
		return fmt.Errorf("model %s: Forward output buffer has %d values for %d rows, want %d (%d per row)", m.kind, len(out), n, n*m.Outputs(), m.Outputs())
	}
	m.reserve(n)
	ws := &m.ws
	ws.n = n
	ws.x = x
	if m.degree > 0 {
		m.expand(x, n)
		ws.x = ws.feat[:n*m.degree]
	}
	input := ws.x
	for i, l := range m.layers {
		a := ws.a[i][:n*l.out]
		w, b := m.params[l.off:l.off+l.in*l.out], m.params[l.off+l.in*l.out:l.off+l.in*l.out+l.out]
		gemm.Forward(n, l.out, l.in, input, l.in, w, l.out, b, gemm.Act(l.act), a, l.out)
		input = a
	}
	copy(out, input)
	return nil
}

// expand writes the powers x^degree .. x^1 of every input, highest first, so that the
// weights read like the polynomial's coefficients.
func (m *Net) expand(x []float64, n int) {
	d := m.degree
	for r := 0; r < n; r++ {
		row := m.ws.feat[r*d : (r+1)*d]
		p := 1.0
		for k := d - 1; k >= 0; k-- {
			p *= x[r]
			row[k] = p
		}
	}
}

// Backward implements Model. Per layer, one product gives the weight and bias gradients
// together (they are adjacent in the flat layout) and, but for the first layer, one
// passes the gradient back through the weights and the previous activation's derivative.
func (m *Net) Backward(dout, grad []float64) error {
	ws := &m.ws
	n := ws.n
	if n == 0 {
		return fmt.Errorf("model %s: Backward before any Forward", m.kind)
	}
	if len(dout) != n*m.Outputs() {
		return fmt.Errorf("model %s: Backward got %d output gradients, want %d (the last Forward had %d rows of %d)", m.kind, len(dout), n*m.Outputs(), n, m.Outputs())
	}
	if len(grad) != len(m.params) {
		return fmt.Errorf("model %s: gradient buffer has length %d, want %d (NumParams)", m.kind, len(grad), len(m.params))
	}
	L := len(m.layers)
	dz := dout
	if last := m.layers[L-1]; last.act != Identity {
		dz = ws.d[L-1][:len(dout)]
		copy(dz, dout)
		gemm.Act(last.act).Derive(ws.a[L-1][:len(dout)], dz)
	}
	for i := L - 1; i >= 0; i-- {
		l := m.layers[i]
		in := ws.x
		if i > 0 {
			in = ws.a[i-1][:n*l.in]
		}
		gemm.BackwardWeights(l.in, l.out, n, in, l.in, dz, l.out, grad[l.off:l.off+(l.in+1)*l.out], l.out)
		if i > 0 {
			prev := m.layers[i-1]
			da := ws.d[i-1][:n*prev.out]
			gemm.BackwardInput(n, prev.out, l.out, dz, l.out, m.params[l.off:l.off+l.in*l.out], l.out, ws.a[i-1][:n*prev.out], prev.out, gemm.Act(prev.act), da, prev.out)
			dz = da
		}
	}
	return nil
}
