package model

import (
	"fmt"
	"sync"

	"gonum.org/v1/gonum/blas/blas64"
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
	hdr     []headers // panel views for mul, one set per part
	wg      sync.WaitGroup
}

type layer struct {
	in, out int
	act     Activation
	off     int        // offset of the weights in params; biases follow
	w       *mat.Dense // view of the weights in params
	gw      *mat.Dense // header over the weight gradient, re-pointed at every Backward
}

// workspace holds every per-batch buffer, sized for the largest batch seen so far, with
// matrix headers that are re-pointed rather than rebuilt so a step allocates nothing.
type workspace struct {
	cap, n int // capacity in rows; rows of the last Forward (0: none yet)
	feat   []float64
	in     *mat.Dense  // the input of the first layer
	z, a   [][]float64 // per layer: pre-activations and activations
	d      [][]float64 // per layer: gradient with respect to the layer's output
	zm, am []*mat.Dense
	dm     []*mat.Dense
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
		l := &layer{in: in, out: out, act: acts[i-1], off: off, gw: &mat.Dense{}}
		l.w = mat.NewDense(in, out, m.params[off:off+in*out])
		m.layers = append(m.layers, l)
		off += in*out + out
	}
	if err := m.initialize(seed, init); err != nil {
		return nil, err
	}
	m.ws.in = &mat.Dense{}
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
	if ws.z == nil {
		ws.z, ws.a, ws.d = make([][]float64, L), make([][]float64, L), make([][]float64, L)
		ws.zm, ws.am, ws.dm = make([]*mat.Dense, L), make([]*mat.Dense, L), make([]*mat.Dense, L)
		for i := range m.layers {
			ws.zm[i], ws.am[i], ws.dm[i] = &mat.Dense{}, &mat.Dense{}, &mat.Dense{}
		}
	}
	for i, l := range m.layers {
		ws.z[i] = make([]float64, n*l.out)
		if l.act == Identity {
			ws.a[i] = ws.z[i]
		} else {
			ws.a[i] = make([]float64, n*l.out)
		}
		ws.d[i] = make([]float64, n*l.out)
	}
}

func point(d *mat.Dense, rows, cols int, data []float64) {
	d.SetRawMatrix(blas64.General{Rows: rows, Cols: cols, Stride: cols, Data: data[:rows*cols]})
}

// Forward implements Model.
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
	if m.degree > 0 {
		m.expand(x, n)
		point(ws.in, n, m.degree, ws.feat)
	} else {
		point(ws.in, n, m.layers[0].in, x)
	}
	var input *mat.Dense = ws.in
	for i, l := range m.layers {
		z := ws.z[i][:n*l.out]
		point(ws.zm[i], n, l.out, z)
		m.mul(ws.zm[i], input, false, l.w, false)
		b := m.params[l.off+l.in*l.out : l.off+l.in*l.out+l.out]
		for r := 0; r < n; r++ {
			row := z[r*l.out : (r+1)*l.out]
			for j, v := range b {
				row[j] += v
			}
		}
		a := ws.a[i][:n*l.out]
		if l.act != Identity {
			l.act.apply(z, a)
		}
		point(ws.am[i], n, l.out, a)
		input = ws.am[i]
	}
	copy(out, ws.a[len(m.layers)-1][:len(out)])
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

// Backward implements Model.
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
	copy(ws.d[L-1], dout)
	last := m.layers[L-1]
	last.act.backprop(ws.z[L-1][:n*last.out], ws.a[L-1][:n*last.out], ws.d[L-1][:n*last.out])
	for i := L - 1; i >= 0; i-- {
		l := m.layers[i]
		dz := ws.d[i][:n*l.out]
		point(ws.dm[i], n, l.out, dz)
		in := ws.in
		if i > 0 {
			in = ws.am[i-1]
		}
		point(l.gw, l.in, l.out, grad[l.off:])
		m.mul(l.gw, in, true, ws.dm[i], false)
		gb := grad[l.off+l.in*l.out : l.off+l.in*l.out+l.out]
		for j := range gb {
			gb[j] = 0
		}
		for r := 0; r < n; r++ {
			for j, v := range dz[r*l.out : (r+1)*l.out] {
				gb[j] += v
			}
		}
		if i > 0 {
			prev := m.layers[i-1]
			da := ws.d[i-1][:n*prev.out]
			point(ws.dm[i-1], n, prev.out, da)
			m.mul(ws.dm[i-1], ws.dm[i], false, l.w, true)
			prev.act.backprop(ws.z[i-1][:n*prev.out], ws.a[i-1][:n*prev.out], da)
		}
	}
	return nil
}
