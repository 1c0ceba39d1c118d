package optimizers

import (
	"errors"
	"fmt"
	"math"
	"strconv"
)

// Closure evaluates the objective at params, writes its gradient into grads (same length)
// and returns the loss. It is what torch's LBFGS.step(closure) calls; it must not keep
// either slice.
type Closure func(params, grads []float64) float64

// ClosureStepper is an optimizer that needs to re-evaluate the objective within a step,
// such as LBFGS. Minimize drives these through StepClosure instead of Step.
type ClosureStepper interface {
	Optimizer
	// StepClosure performs one optimization step, calling closure as often as it needs,
	// and returns the loss of the first evaluation (the loss before the step).
	StepClosure(params []float64, closure Closure) (float64, error)
}

// LineSearchStrongWolfe is the only line search LBFGS supports besides none ("").
const LineSearchStrongWolfe = "strong_wolfe"

// LBFGS is torch.optim.LBFGS (torch 1.13): limited-memory BFGS driven by a closure, with a
// fixed step lr or a strong-Wolfe line search. Hyper-parameters use torch's names: lr (1),
// max_iter (20), max_eval (max_iter*5/4), tolerance_grad (1e-7), tolerance_change (1e-9),
// history_size (100). The line search is not a number, so it lives in LineSearch.
//
// Everything it keeps between steps is in State, under torch's names: buffers "d",
// "prev_flat_grad" and the history pairs "old_dirs.i"/"old_stps.i" (oldest first); scalars
// "func_evals", "n_iter", "t", "H_diag", "prev_loss", "ro.i" and "num_old". A cloned and
// restored State therefore resumes exactly.
type LBFGS struct {
	*Base
	lineSearch string

	// Scratch, sized on first use; nothing here needs saving.
	grad, xInit, gNew, gPrev, bg0, bg1, al []float64
	dirKeys, stpKeys, roKeys               []string
}

var lbfgsDefaults = map[string]any{
	"lr":               1.0,
	"max_iter":         20,
	"max_eval":         25,
	"tolerance_grad":   1e-7,
	"tolerance_change": 1e-9,
	"history_size":     100,
}

// NewLBFGS returns an LBFGS with torch's defaults overridden by hyper, which may also hold
// "line_search_fn": nil, "" or "strong_wolfe". When hyper sets max_iter but not max_eval
// (or sets max_eval to nil), max_eval is max_iter*5/4, as in torch.
func NewLBFGS(hyper map[string]any) (*LBFGS, error) {
	o := &LBFGS{Base: NewBase("LBFGS", lbfgsDefaults)}
	o.Hyper().Check = checkLBFGS
	rest := make(map[string]any, len(hyper))
	maxEvalGiven := false
	for k, v := range hyper {
		switch k {
		case "line_search_fn":
			if err := o.setLineSearchAny(v); err != nil {
				return nil, err
			}
		case "max_eval":
			if v != nil {
				rest[k] = v
				maxEvalGiven = true
			}
		default:
			rest[k] = v
		}
	}
	if err := o.Hyper().SetAll(rest); err != nil {
		return nil, fmt.Errorf("%w (and line_search_fn)", err)
	}
	if !maxEvalGiven {
		if err := o.Hyper().Set("max_eval", o.Hyper().Int("max_iter")*5/4); err != nil {
			return nil, err
		}
	}
	return o, nil
}

func checkLBFGS(h *Hyper) error {
	if lr := h.Float("lr"); !(lr >= 0) || math.IsInf(lr, 1) {
		return fmt.Errorf("LBFGS: invalid lr %v (want a finite number >= 0)", lr)
	}
	for _, n := range []string{"max_iter", "max_eval", "history_size"} {
		if h.Int(n) < 1 {
			return fmt.Errorf("LBFGS: invalid %s %d (want >= 1)", n, h.Int(n))
		}
	}
	for _, n := range []string{"tolerance_grad", "tolerance_change"} {
		if v := h.Float(n); !(v >= 0) {
			return fmt.Errorf("LBFGS: invalid %s %v (want >= 0)", n, v)
		}
	}
	return nil
}

func (o *LBFGS) setLineSearchAny(v any) error {
	if v == nil {
		return o.SetLineSearch("")
	}
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("LBFGS: line_search_fn must be nil, \"\" or %q, got %T %v", LineSearchStrongWolfe, v, v)
	}
	return o.SetLineSearch(s)
}

// LineSearch returns the line search in use: "" (fixed step lr) or "strong_wolfe".
func (o *LBFGS) LineSearch() string { return o.lineSearch }

// SetLineSearch selects the line search: "" (or "none") for a fixed step, or
// "strong_wolfe".
func (o *LBFGS) SetLineSearch(name string) error {
	switch name {
	case "", "none":
		o.lineSearch = ""
	case LineSearchStrongWolfe:
		o.lineSearch = name
	default:
		return fmt.Errorf("LBFGS: unknown line_search_fn %q (valid: none, %q)", name, LineSearchStrongWolfe)
	}
	return nil
}

// ErrNeedsClosure is returned by LBFGS.Step: LBFGS must re-evaluate the objective within a
// step, which a gradient alone cannot do.
var ErrNeedsClosure = errors.New("LBFGS needs a closure that re-evaluates loss and gradient: call StepClosure, or use Minimize")

// Step returns ErrNeedsClosure; use StepClosure.
func (o *LBFGS) Step(params, grads []float64) error { return ErrNeedsClosure }

// FuncEvals returns the number of closure calls since construction (torch's func_evals).
func (o *LBFGS) FuncEvals() int { return int(o.State().Scalar("func_evals", 0)) }

func (o *LBFGS) scratch(n, hist int) {
	if len(o.grad) != n {
		o.grad = make([]float64, n)
		o.xInit = make([]float64, n)
		o.gNew = make([]float64, n)
		o.gPrev = make([]float64, n)
		o.bg0 = make([]float64, n)
		o.bg1 = make([]float64, n)
	}
	if len(o.al) < hist {
		o.al = make([]float64, hist)
	}
	for i := len(o.dirKeys); i < hist; i++ {
		s := strconv.Itoa(i)
		o.dirKeys = append(o.dirKeys, "old_dirs."+s)
		o.stpKeys = append(o.stpKeys, "old_stps."+s)
		o.roKeys = append(o.roKeys, "ro."+s)
	}
}

// StepClosure performs one torch LBFGS step: one closure evaluation, then up to max_iter
// inner iterations, stopping on the conditions of torch 1.13 in its order. params are
// updated in place and passed to closure, which must write the gradient at params into
// the grads it is given. It returns the loss of the first evaluation.
func (o *LBFGS) StepClosure(params []float64, closure Closure) (float64, error) {
	if closure == nil {
		return 0, errors.New("LBFGS: StepClosure needs a non-nil closure")
	}
	n := len(params)
	h := o.Hyper()
	lr, maxIter, maxEval := h.Float("lr"), h.Int("max_iter"), h.Int("max_eval")
	tolGrad, tolChange, hist := h.Float("tolerance_grad"), h.Float("tolerance_change"), h.Int("history_size")
	st := o.State()
	o.scratch(n, max(hist, int(st.Scalar("num_old", 0))))
	if d, ok := st.Buffers["d"]; ok && len(d) != n {
		return 0, fmt.Errorf("LBFGS: state is for %d parameters, got %d (Reset the state to start over)", len(d), n)
	}
	st.Steps++

	flatGrad := o.grad
	loss := closure(params, flatGrad)
	origLoss := loss
	currentEvals := 1
	funcEvals := st.Scalar("func_evals", 0) + 1
	st.Scalars["func_evals"] = funcEvals
	if lbMaxAbs(flatGrad) <= tolGrad {
		return origLoss, nil
	}

	d := st.Buffer("d", n)
	prevFlatGrad := st.Buffer("prev_flat_grad", n)
	t := st.Scalar("t", 0)
	hDiag := st.Scalar("H_diag", 1)
	prevLoss := st.Scalar("prev_loss", 0)
	numOld := int(st.Scalar("num_old", 0))
	if numOld > hist { // history_size shrank since the last step: drop the oldest pairs
		numOld = o.dropOldest(numOld, numOld-hist)
	}
	globalIter := int(st.Scalar("n_iter", 0))

	nIter := 0
	for nIter < maxIter {
		nIter++
		globalIter++

		if globalIter == 1 {
			for i, g := range flatGrad {
				d[i] = -g
			}
			numOld = 0
			hDiag = 1
		} else {
			// y = g - g_prev and s = d*t become the newest pair if they keep H positive.
			y, s := o.gNew, o.gPrev // free scratch here
			for i := range y {
				y[i] = flatGrad[i] - prevFlatGrad[i]
				s[i] = d[i] * t
			}
			ys := lbDot(y, s)
			if ys > 1e-10 {
				if numOld == hist {
					numOld = o.dropOldest(numOld, 1)
				}
				yk := st.Buffer(o.dirKeys[numOld], n)
				sk := st.Buffer(o.stpKeys[numOld], n)
				copy(yk, y)
				copy(sk, s)
				st.Scalars[o.roKeys[numOld]] = 1.0 / ys
				numOld++
				hDiag = ys / lbDot(y, y)
			}
			// Two-loop recursion, q and r sharing d as torch shares one buffer.
			q := d
			for i, g := range flatGrad {
				q[i] = -g
			}
			for i := numOld - 1; i >= 0; i-- {
				si, yi := st.Buffers[o.stpKeys[i]], st.Buffers[o.dirKeys[i]]
				o.al[i] = lbDot(si, q) * st.Scalars[o.roKeys[i]]
				lbAxpy(-o.al[i], yi, q)
			}
			for i := range q {
				q[i] *= hDiag
			}
			for i := 0; i < numOld; i++ {
				si, yi := st.Buffers[o.stpKeys[i]], st.Buffers[o.dirKeys[i]]
				be := lbDot(yi, q) * st.Scalars[o.roKeys[i]]
				lbAxpy(o.al[i]-be, si, q)
			}
		}
		copy(prevFlatGrad, flatGrad)
		prevLoss = loss

		if globalIter == 1 {
			// Python's min(1., x) keeps 1 unless x < 1, which also decides NaN.
			t = lr
			if v := 1 / lbSumAbs(flatGrad); v < 1 {
				t = v * lr
			}
		} else {
			t = lr
		}
		gtd := lbDot(flatGrad, d)
		if gtd > -tolChange {
			break
		}

		lsEvals := 0
		optCond := false
		if o.lineSearch == LineSearchStrongWolfe {
			copy(o.xInit, params)
			loss, t, lsEvals = o.strongWolfe(params, closure, t, d, loss, flatGrad, gtd)
			for i := range params {
				params[i] = o.xInit[i] + t*d[i]
			}
			optCond = lbMaxAbs(flatGrad) <= tolGrad
		} else {
			lbAxpy(t, d, params)
			if nIter != maxIter {
				// torch skips the evaluation on the last iteration: in a stochastic
				// setting it would be wasted.
				loss = closure(params, flatGrad)
				optCond = lbMaxAbs(flatGrad) <= tolGrad
				lsEvals = 1
			}
		}
		currentEvals += lsEvals
		funcEvals += float64(lsEvals)

		if nIter == maxIter || currentEvals >= maxEval || optCond {
			break
		}
		if lbMaxAbsScaled(d, t) <= tolChange {
			break
		}
		if math.Abs(loss-prevLoss) < tolChange {
			break
		}
	}

	st.Scalars["func_evals"] = funcEvals
	st.Scalars["n_iter"] = float64(globalIter)
	st.Scalars["t"] = t
	st.Scalars["H_diag"] = hDiag
	st.Scalars["prev_loss"] = prevLoss
	st.Scalars["num_old"] = float64(numOld)
	return origLoss, nil
}

// dropOldest forgets the k oldest of the num history pairs and returns how many remain.
// It moves the freed buffers to the slots past the end, where the next pairs will reuse
// them, so that a full history costs no allocation.
func (o *LBFGS) dropOldest(num, k int) int {
	st := o.State()
	for ; k > 0 && num > 0; k-- {
		dirs0, stps0 := st.Buffers[o.dirKeys[0]], st.Buffers[o.stpKeys[0]]
		for i := 0; i+1 < num; i++ {
			st.Buffers[o.dirKeys[i]] = st.Buffers[o.dirKeys[i+1]]
			st.Buffers[o.stpKeys[i]] = st.Buffers[o.stpKeys[i+1]]
			st.Scalars[o.roKeys[i]] = st.Scalars[o.roKeys[i+1]]
		}
		num--
		st.Buffers[o.dirKeys[num]] = dirs0
		st.Buffers[o.stpKeys[num]] = stps0
		delete(st.Scalars, o.roKeys[num])
	}
	return num
}

func lbDot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// lbAxpy sets y += a*x.
func lbAxpy(a float64, x, y []float64) {
	for i := range x {
		y[i] += a * x[i]
	}
}

func lbMaxAbs(xs []float64) float64 {
	m := 0.0
	for _, x := range xs {
		if a := math.Abs(x); a > m || a != a {
			m = a
		}
	}
	return m
}

func lbMaxAbsScaled(xs []float64, t float64) float64 {
	m := 0.0
	for _, x := range xs {
		if a := math.Abs(x * t); a > m || a != a {
			m = a
		}
	}
	return m
}

func lbSumAbs(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += math.Abs(x)
	}
	return s
}
