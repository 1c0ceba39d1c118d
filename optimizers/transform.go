package optimizers

import (
	"fmt"
	"math"
)

// Transform changes gradients before an optimizer's step, parameters after it, or both:
// gradient clipping, L1/L2 penalties, proximal operators and decoupled weight decay are
// all transforms, and Transformed chains them in front of any Optimizer.
//
// Both methods work in place on the whole parameter vector (or the range given to Only).
// lr is the learning rate in force for this step, read from the optimizer's "lr"
// hyper-parameter just before the step, so a schedule's changes reach proximal and
// decoupled terms; it is NaN when the optimizer has no "lr". A transform with nothing to
// do in one phase returns nil from that method. Notebook code can implement Transform
// with a plain struct that has both methods; yaegi cannot pass such a value straight
// into a variadic parameter, so give it to Transformed through a typed variable
// (var t opt.Transform = &myT{}) or a slice: Transformed(o, []opt.Transform{&myT{}}...).
type Transform interface {
	// Before modifies grads (and, for decoupled decay, params) before the optimizer steps.
	Before(params, grads []float64, lr float64) error
	// After modifies params after the optimizer has stepped, for proximal operators.
	After(params []float64, lr float64) error
}

// Transformed returns an optimizer that runs every transform's Before in order, then o's
// Step, then every transform's After in order. Its Name, Hyper and State are o's, so
// schedules and checkpoints see through the wrapper; when o is Grouped the result is too.
//
// Step modifies the grads it is given, as torch's clip_grad_norm_ modifies p.grad.
//
// The lr passed to the transforms is o.Hyper()'s, which for a Grouped optimizer is the
// first group's. For per-group proximal terms or decay, wrap each group's optimizer
// instead: Group{Size: n, Opt: Transformed(NewSGD(0.1), ProxL1(1e-3))}. Transformed of a
// ClosureStepper such as LBFGS is not a ClosureStepper; apply penalties in its closure.
func Transformed(o Optimizer, ts ...Transform) Optimizer {
	t := &transformed{o: o, ts: append([]Transform(nil), ts...)}
	if g, ok := o.(Grouped); ok {
		return &transformedGroups{transformed: t, g: g}
	}
	return t
}

// transformed is the Optimizer returned by Transformed.
type transformed struct {
	o  Optimizer
	ts []Transform
}

// Name returns the wrapped optimizer's name.
func (t *transformed) Name() string { return t.o.Name() }

// Hyper returns the wrapped optimizer's hyper-parameters, so schedules reach it.
func (t *transformed) Hyper() *Hyper { return t.o.Hyper() }

// State returns the wrapped optimizer's state, so checkpoints cover it.
func (t *transformed) State() *State { return t.o.State() }

// Unwrap returns the wrapped optimizer.
func (t *transformed) Unwrap() Optimizer { return t.o }

// Transforms returns the transforms in the order they run, so callers can find a
// clipper and read its last total norm.
func (t *transformed) Transforms() []Transform { return t.ts }

// Step runs the transforms' Before, the optimizer's Step, then the transforms' After.
func (t *transformed) Step(params, grads []float64) error {
	if len(params) != len(grads) {
		return fmt.Errorf("%s: %d params but %d grads", t.o.Name(), len(params), len(grads))
	}
	lr := math.NaN()
	if h := t.o.Hyper(); h != nil && h.Has("lr") {
		lr = h.Float("lr")
	}
	for i, tr := range t.ts {
		if err := tr.Before(params, grads, lr); err != nil {
			return fmt.Errorf("%s: transform %d (%v): %w", t.o.Name(), i, tr, err)
		}
	}
	if err := t.o.Step(params, grads); err != nil {
		return err
	}
	for i, tr := range t.ts {
		if err := tr.After(params, lr); err != nil {
			return fmt.Errorf("%s: transform %d (%v): %w", t.o.Name(), i, tr, err)
		}
	}
	return nil
}

// String names the optimizer and its transforms.
func (t *transformed) String() string { return fmt.Sprintf("Transformed(%s, %v)", t.o.Name(), t.ts) }

// transformedGroups keeps a Grouped optimizer's groups visible through the wrapper, so
// HypersOf still drives every group's lr.
type transformedGroups struct {
	*transformed
	g Grouped
}

// Groups returns the wrapped optimizer's groups.
func (t *transformedGroups) Groups() []Optimizer { return t.g.Groups() }

// Only applies t to the parameters and gradients in [lo, hi) and leaves the rest alone,
// such as regularising weights but not a bias.
func Only(lo, hi int, t Transform) Transform {
	return &only{lo: lo, hi: hi, t: t}
}

type only struct {
	lo, hi int
	t      Transform
}

func (o *only) check(n int) error {
	if o.lo < 0 || o.hi > n || o.lo > o.hi {
		return fmt.Errorf("range [%d, %d) is outside the %d parameters", o.lo, o.hi, n)
	}
	return nil
}

// Before applies the wrapped transform's Before to the range.
func (o *only) Before(params, grads []float64, lr float64) error {
	if err := o.check(len(params)); err != nil {
		return err
	}
	return o.t.Before(params[o.lo:o.hi], grads[o.lo:o.hi], lr)
}

// After applies the wrapped transform's After to the range.
func (o *only) After(params []float64, lr float64) error {
	if err := o.check(len(params)); err != nil {
		return err
	}
	return o.t.After(params[o.lo:o.hi], lr)
}

// String shows the range and the wrapped transform.
func (o *only) String() string { return fmt.Sprintf("Only[%d:%d](%v)", o.lo, o.hi, o.t) }
