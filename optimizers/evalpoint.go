package optimizers

import "fmt"

// EvalPoint is implemented by optimizers whose parameter vector is not the point at which
// the model should be evaluated. Schedule-Free optimizers take gradients at an
// interpolation y (what params hold while training) but converge in the average x, the
// point to validate, report and deploy. EvalParams writes that point into dst, given the
// current params; it changes neither params nor the optimizer's state.
type EvalPoint interface {
	EvalParams(dst, params []float64) error
}

// EvalParams writes into dst the point at which to evaluate a model trained by o: o's
// evaluation point if o (or an optimizer it wraps) implements EvalPoint, else params
// itself. train.Fit validates there and Minimize reports it. dst and params must have
// the same length, and may be the same slice: EvalParams(o, p, p) moves p to the
// evaluation point, as the reference's opt.eval() does, for deploying a model once
// training is over (stepping on from there would no longer train from the training
// point). They must not overlap otherwise.
func EvalParams(o Optimizer, dst, params []float64) error {
	if len(dst) != len(params) {
		return fmt.Errorf("optimizers: EvalParams: dst has %d values, params %d", len(dst), len(params))
	}
	if e, ok := o.(EvalPoint); ok {
		return e.EvalParams(dst, params)
	}
	if w, ok := o.(interface{ Unwrap() Optimizer }); ok && w.Unwrap() != nil {
		return EvalParams(w.Unwrap(), dst, params)
	}
	copy(dst, params)
	return nil
}

// EvalParams writes each group's evaluation point into its slice of dst.
func (o *Groups) EvalParams(dst, params []float64) error {
	if len(dst) != len(params) || len(params) != o.size {
		return fmt.Errorf("%s: EvalParams with %d and %d values, the groups cover %d", o.Name(), len(dst), len(params), o.size)
	}
	off := 0
	for i, g := range o.groups {
		end := off + g.Size
		if err := EvalParams(g.Opt, dst[off:end], params[off:end]); err != nil {
			return fmt.Errorf("%s: group %d: %w", o.Name(), i, err)
		}
		off = end
	}
	return nil
}

// HasEvalPoint reports whether o, or an optimizer it wraps (Transformed, Lookahead,
// parameter groups), has an evaluation point of its own, so that EvalParams may write
// something other than params. train.Fit and Minimize keep a buffer for the point only
// then.
func HasEvalPoint(o Optimizer) bool {
	if o == nil {
		return false
	}
	if w, ok := o.(evalPointWrapper); ok {
		return w.hasEvalPoint()
	}
	if _, ok := o.(EvalPoint); ok {
		return true
	}
	if w, ok := o.(interface{ Unwrap() Optimizer }); ok {
		return HasEvalPoint(w.Unwrap())
	}
	return false
}

// evalPointWrapper is implemented by the optimizers whose EvalParams only passes the
// call on, so that HasEvalPoint asks what they wrap.
type evalPointWrapper interface {
	hasEvalPoint() bool
}

func (o *Groups) hasEvalPoint() bool {
	for _, g := range o.groups {
		if HasEvalPoint(g.Opt) {
			return true
		}
	}
	return false
}

func (o *Lookahead) hasEvalPoint() bool { return HasEvalPoint(o.inner) }
