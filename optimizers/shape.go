package optimizers

import (
	"fmt"
	"sort"
	"strings"
)

// Tensor describes one parameter tensor inside the flat parameter vector: its Shape,
// stored row-major (the last index varies fastest) from element Offset on. A model's
// weight matrix of in inputs and out outputs, used as y = x*W, is {Shape: [in, out]}; a
// bias is {Shape: [out]}.
//
// Most optimizers are elementwise and never look at tensors. Layer-wise ones (Lamb,
// LARS, NovoGrad) take norms per tensor, and matrix ones (Adafactor, Shampoo, Muon) need
// the shapes themselves; they implement Shaped. Elements no tensor covers are treated as
// one 1-D tensor per gap, and a vector without any tensors as a single 1-D tensor.
type Tensor struct {
	// Name labels the tensor in errors and state layouts, such as "layer0.weight".
	Name string
	// Offset is the index of the tensor's first element in the flat vector.
	Offset int
	// Shape lists the dimensions, outermost first; its product is the tensor's size.
	Shape []int
}

// Size returns the number of elements, the product of Shape (1 for an empty Shape, a
// scalar).
func (t Tensor) Size() int {
	n := 1
	for _, d := range t.Shape {
		n *= d
	}
	return n
}

// End returns Offset + Size, the index just past the tensor.
func (t Tensor) End() int { return t.Offset + t.Size() }

// String shows the tensor as name[4x3]@offset.
func (t Tensor) String() string {
	dims := make([]string, len(t.Shape))
	for i, d := range t.Shape {
		dims[i] = fmt.Sprint(d)
	}
	return fmt.Sprintf("%s[%s]@%d", t.Name, strings.Join(dims, "x"), t.Offset)
}

// Shaped is implemented by optimizers that work per tensor. SetShapes gives them the
// tensors of the parameter vector; it copies tst, so the caller may reuse it. Call it
// before the first Step: changing the layout once state exists is an error (reset the
// State first). Optimizers that do not implement Shaped treat the vector as flat.
type Shaped interface {
	SetShapes(ts []Tensor) error
}

// TensorSource is implemented by models that can describe their parameter vector as
// tensors; every model in package model does. train.Fit hands the tensors to the
// optimizer with SetShapes.
type TensorSource interface {
	Tensors() []Tensor
}

// Layout lays tensors of the given shapes end to end from offset 0, naming them t0, t1,
// ..., for describing a vector by hand: SetShapes(o, Layout([]int{4, 3}, []int{3})) says
// that the first 12 elements are a 4x3 matrix and the next 3 a vector.
func Layout(shapes ...[]int) []Tensor {
	ts := make([]Tensor, len(shapes))
	off := 0
	for i, s := range shapes {
		ts[i] = Tensor{Name: fmt.Sprintf("t%d", i), Offset: off, Shape: append([]int(nil), s...)}
		off += ts[i].Size()
	}
	return ts
}

// SetShapes gives the tensors ts to o if o, or an optimizer o wraps (Transformed,
// Lookahead, parameter groups), works per tensor, and does nothing for flat optimizers.
// It is what train.Fit calls with the model's tensors; call it yourself before Minimize.
// The tensors must not overlap and must have positive dimensions.
func SetShapes(o Optimizer, ts []Tensor) error {
	if o == nil {
		return fmt.Errorf("optimizers: SetShapes: nil optimizer")
	}
	if _, err := sortedTensors(ts); err != nil {
		return fmt.Errorf("%s: %w", o.Name(), err)
	}
	if s, ok := o.(Shaped); ok {
		return s.SetShapes(ts)
	}
	if w, ok := o.(interface{ Unwrap() Optimizer }); ok {
		return SetShapes(w.Unwrap(), ts)
	}
	return nil
}

// sortedTensors returns a copy of ts sorted by offset, with the shapes copied too, or an
// error for a negative offset, a non-positive dimension or two overlapping tensors.
func sortedTensors(ts []Tensor) ([]Tensor, error) {
	out := make([]Tensor, len(ts))
	for i, t := range ts {
		if t.Offset < 0 {
			return nil, fmt.Errorf("tensor %v has a negative offset", t)
		}
		for _, d := range t.Shape {
			if d <= 0 {
				return nil, fmt.Errorf("tensor %v has a dimension %d; want every dimension >= 1", t, d)
			}
		}
		t.Shape = append([]int(nil), t.Shape...)
		out[i] = t
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Offset < out[j].Offset })
	for i := 1; i < len(out); i++ {
		if out[i].Offset < out[i-1].End() {
			return nil, fmt.Errorf("tensors %v and %v overlap", out[i-1], out[i])
		}
	}
	return out, nil
}

// cover returns the tensors of a vector of n elements: the sorted ts, with every gap
// filled by a 1-D tensor named "[lo:hi]". It fails when a tensor reaches past n.
func cover(ts []Tensor, n int) ([]Tensor, error) {
	sorted, err := sortedTensors(ts)
	if err != nil {
		return nil, err
	}
	var out []Tensor
	at := 0
	gap := func(hi int) {
		if hi > at {
			out = append(out, Tensor{Name: fmt.Sprintf("[%d:%d]", at, hi), Offset: at, Shape: []int{hi - at}})
		}
	}
	for _, t := range sorted {
		if t.End() > n {
			return nil, fmt.Errorf("tensor %v ends at %d, past the %d parameters", t, t.End(), n)
		}
		gap(t.Offset)
		out = append(out, t)
		at = t.End()
	}
	gap(n)
	return out, nil
}

// shapes is embedded by the optimizers that work per tensor: it keeps the tensors given
// to SetShapes and the covering layout of the vector length last stepped.
type shapes struct {
	given  []Tensor
	layout []Tensor
	n      int  // vector length layout was computed for
	ready  bool // layout is current
}

// set stores ts for the next step. Once st holds state, only the same layout is accepted.
func (s *shapes) set(name string, st *State, ts []Tensor) error {
	sorted, err := sortedTensors(ts)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if st.Steps > 0 && s.layout != nil {
		same, err := cover(sorted, s.n)
		if err != nil || !sameLayout(same, s.layout) {
			return fmt.Errorf("%s: SetShapes after %d steps with a different layout; call State().Reset() first", name, st.Steps)
		}
	}
	s.given, s.ready = sorted, false
	return nil
}

// tensors returns the layout of a vector of n elements, computing it (and allocating)
// only when n or the shapes changed.
func (s *shapes) tensors(name string, n int) ([]Tensor, error) {
	if s.ready && s.n == n {
		return s.layout, nil
	}
	l, err := cover(s.given, n)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	s.layout, s.n, s.ready = l, n, true
	return l, nil
}

func sameLayout(a, b []Tensor) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Offset != b[i].Offset || len(a[i].Shape) != len(b[i].Shape) {
			return false
		}
		for j := range a[i].Shape {
			if a[i].Shape[j] != b[i].Shape[j] {
				return false
			}
		}
	}
	return true
}

// SetShapes splits ts among the groups: each tensor must lie inside one group, and each
// group's optimizer gets its tensors with offsets relative to the group's start.
func (o *Groups) SetShapes(ts []Tensor) error {
	sorted, err := sortedTensors(ts)
	if err != nil {
		return fmt.Errorf("%s: %w", o.Name(), err)
	}
	per := make([][]Tensor, len(o.groups))
	for _, t := range sorted {
		lo, placed := 0, false
		for i, g := range o.groups {
			hi := lo + g.Size
			if t.Offset >= lo && t.End() <= hi {
				t.Offset -= lo
				per[i] = append(per[i], t)
				placed = true
				break
			}
			lo = hi
		}
		if !placed {
			return fmt.Errorf("%s: tensor %v does not lie inside one group", o.Name(), t)
		}
	}
	for i, g := range o.groups {
		if err := SetShapes(g.Opt, per[i]); err != nil {
			return fmt.Errorf("%s: group %d: %w", o.Name(), i, err)
		}
	}
	return nil
}
