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
// the same length; they may not overlap unless they are the same slice and o has no
// evaluation point of its own.
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
