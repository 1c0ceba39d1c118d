package optimizers

import (
	"fmt"
	"math"
)

// The checks below back each built-in's Hyper.Check, so a value is validated both at
// construction and on every later Set (by a user or a schedule). They follow torch.optim's
// ValueErrors and also refuse NaN, which torch lets through and then propagates silently.

// nonNeg reports an error unless hyper-parameter name is a number >= 0.
func nonNeg(h *Hyper, name string) error {
	v := h.Float(name)
	if !(v >= 0) || math.IsInf(v, 1) {
		return fmt.Errorf("%s: invalid %s %v: must be a finite number >= 0", h.Owner(), name, v)
	}
	return nil
}

// inRange reports an error unless lo <= v < hi (or v <= hi when closed).
func inRange(owner, name string, v, lo, hi float64, closed bool) error {
	ok := v >= lo && v < hi
	bracket := ")"
	if closed {
		ok = v >= lo && v <= hi
		bracket = "]"
	}
	if !ok {
		return fmt.Errorf("%s: invalid %s %v: must be in [%v, %v%s", owner, name, v, lo, hi, bracket)
	}
	return nil
}

// betas reports an error unless both betas are in [0, 1) ([0, 1] when closed).
func betas(h *Hyper, closed bool) error {
	b1, b2 := h.Pair("betas")
	if err := inRange(h.Owner(), "betas[0]", b1, 0, 1, closed); err != nil {
		return err
	}
	return inRange(h.Owner(), "betas[1]", b2, 0, 1, closed)
}

// finite reports an error if hyper-parameter name is NaN or infinite.
func finite(h *Hyper, name string) error {
	if v := h.Float(name); math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("%s: invalid %s %v: must be a finite number", h.Owner(), name, v)
	}
	return nil
}

// firstErr returns the first non-nil error, so a Check reads as a list of rules.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// checkLens reports a params/grads length mismatch, or a vector whose length differs from
// the optimizer's existing state (a model that changed size mid-run), without allocating
// when all is well.
func checkLens(name string, st *State, params, grads []float64) error {
	if len(params) != len(grads) {
		return fmt.Errorf("%s: %d params but %d grads", name, len(params), len(grads))
	}
	for k, b := range st.Buffers {
		if len(b) != len(params) {
			return fmt.Errorf("%s: %d params but state buffer %q holds %d (the parameter vector changed size; call State().Reset() to start afresh)", name, len(params), k, len(b))
		}
	}
	return nil
}

// fresh returns buffer name of length n, filled with v when it is created.
func fresh(st *State, name string, n int, v float64) []float64 {
	if b, ok := st.Buffers[name]; ok && len(b) == n {
		return b
	}
	b := st.Buffer(name, n)
	if v != 0 {
		for i := range b {
			b[i] = v
		}
	}
	return b
}

// unbuilt is the error of a built-in made as a struct literal, such as &SGD{}, whose
// hyper-parameters and state were never set up.
func unbuilt(name, ctor string) error {
	return fmt.Errorf("optimizers: %s was not built by its constructor; use %s or New(%q, hyper)", name, ctor, name)
}

// positive reports an error unless hyper-parameter name is a finite number > 0.
func positive(h *Hyper, name string) error {
	v := h.Float(name)
	if !(v > 0) || math.IsInf(v, 1) {
		return fmt.Errorf("%s: invalid %s %v: must be a finite number > 0", h.Owner(), name, v)
	}
	return nil
}

// atLeast reports an error unless the Int hyper-parameter name is >= lo.
func atLeast(h *Hyper, name string, lo int) error {
	if v := h.Int(name); v < lo {
		return fmt.Errorf("%s: invalid %s %d: must be >= %d", h.Owner(), name, v, lo)
	}
	return nil
}

// bufLen reports an error if state buffer name exists with a length other than want, so
// a step on a vector (or a layout of tensors) other than the one the state was built
// for is refused before anything changes.
func bufLen(opt string, st *State, name string, want int) error {
	if b, ok := st.Buffers[name]; ok && len(b) != want {
		return fmt.Errorf("%s: state buffer %q holds %d values but this step needs %d (the parameters or their shapes changed; call State().Reset() to start afresh)", opt, name, len(b), want)
	}
	return nil
}

// sameLens reports a params/grads length mismatch.
func sameLens(name string, params, grads []float64) error {
	if len(params) != len(grads) {
		return fmt.Errorf("%s: %d params but %d grads", name, len(params), len(grads))
	}
	return nil
}

// finiteVal reports an error if v, the value of name, is NaN or infinite.
func finiteVal(owner, name string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("%s: invalid %s %v: must be a finite number", owner, name, v)
	}
	return nil
}
