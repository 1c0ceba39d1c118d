// Package gradcheck compares analytic gradients with central finite differences, to catch
// a wrong backward pass before it silently trains a model uphill.
//
// The error of entry i is |a_i - d_i| / max(|a_i|, |d_i|, Floor), with a the analytic and d
// the numeric derivative: relative where the gradient is large, absolute (over Floor)
// where it is nearly zero and round-off dominates.
package gradcheck

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/model"
)

// Options tunes a check; the zero value uses the defaults.
type Options struct {
	// Step is the finite-difference step h (default 1e-5): central differences are exact
	// to O(h^2), and round-off grows as 1/h.
	Step float64
	// Tol is the largest error that passes (default 1e-5).
	Tol float64
	// Floor keeps the error of nearly zero gradients absolute (default 1e-4).
	Floor float64
}

func (o Options) withDefaults() Options {
	if o.Step == 0 {
		o.Step = 1e-5
	}
	if o.Tol == 0 {
		o.Tol = 1e-5
	}
	if o.Floor == 0 {
		o.Floor = 1e-4
	}
	return o
}

// Result reports the worst entry of a gradient check.
type Result struct {
	// MaxErr is the worst error over all entries, at Index.
	MaxErr float64
	Index  int
	// Analytic and Numeric are the two derivatives at Index.
	Analytic, Numeric float64
	// Tol is the tolerance used; OK is MaxErr <= Tol.
	Tol float64
	OK  bool
	// N is the number of entries checked.
	N int
}

// String summarizes the result in one line.
func (r Result) String() string {
	verdict := "ok"
	if !r.OK {
		verdict = "FAILED"
	}
	return fmt.Sprintf("gradient check %s: worst error %.3g at index %d of %d (analytic %.6g, numeric %.6g, tol %.0e)",
		verdict, r.MaxErr, r.Index, r.N, r.Analytic, r.Numeric, r.Tol)
}

// Func checks f, which returns its value at x and writes its gradient into grad (len(x)).
// It perturbs x in place and restores it before returning.
func Func(f func(x, grad []float64) float64, x []float64, o Options) (Result, error) {
	o = o.withDefaults()
	if len(x) == 0 {
		return Result{}, fmt.Errorf("gradcheck: empty parameter vector")
	}
	if f == nil {
		return Result{}, fmt.Errorf("gradcheck: nil function")
	}
	analytic := make([]float64, len(x))
	scratch := make([]float64, len(x))
	if v := f(x, analytic); math.IsNaN(v) || math.IsInf(v, 0) {
		return Result{}, fmt.Errorf("gradcheck: function value %v at the starting point", v)
	}
	r := Result{Tol: o.Tol, N: len(x), Index: -1}
	for i, xi := range x {
		x[i] = xi + o.Step
		fp := f(x, scratch)
		x[i] = xi - o.Step
		fm := f(x, scratch)
		x[i] = xi
		num := (fp - fm) / (2 * o.Step)
		if math.IsNaN(num) || math.IsInf(num, 0) {
			return r, fmt.Errorf("gradcheck: function value not finite near index %d (%v, %v)", i, fp, fm)
		}
		a := analytic[i]
		e := math.Abs(a-num) / math.Max(math.Max(math.Abs(a), math.Abs(num)), o.Floor)
		if math.IsNaN(e) {
			e = math.Inf(1)
		}
		if r.Index < 0 || e > r.MaxErr {
			r.MaxErr, r.Index, r.Analytic, r.Numeric = e, i, a, num
		}
	}
	r.OK = r.MaxErr <= o.Tol
	return r, nil
}

// Model checks m's Backward under loss l on the batch x (n rows) with targets y, by
// perturbing m.Params() in place; the parameters are unchanged afterwards.
func Model(m model.Model, l loss.Loss, x, y []float64, n int, o Options) (Result, error) {
	out := make([]float64, n*m.Outputs())
	dout := make([]float64, len(out))
	var err error
	f := func(_, grad []float64) float64 {
		if err != nil {
			return math.NaN()
		}
		if err = m.Forward(x, n, out); err != nil {
			return math.NaN()
		}
		var v float64
		if v, err = l.Eval(out, y, dout, n); err != nil {
			return math.NaN()
		}
		if err = m.Backward(dout, grad); err != nil {
			return math.NaN()
		}
		return v
	}
	r, cerr := Func(f, m.Params(), o)
	if err != nil {
		return r, err
	}
	return r, cerr
}

// Loss checks l's gradient with respect to the predictions pred (n rows) at targets target.
func Loss(l loss.Loss, pred, target []float64, n int, o Options) (Result, error) {
	p := append([]float64(nil), pred...)
	var err error
	f := func(x, grad []float64) float64 {
		if err != nil {
			return math.NaN()
		}
		var v float64
		v, err = l.Eval(x, target, grad, n)
		if err != nil {
			return math.NaN()
		}
		return v
	}
	r, cerr := Func(f, p, o)
	if err != nil {
		return r, err
	}
	return r, cerr
}
