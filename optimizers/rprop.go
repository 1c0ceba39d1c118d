package optimizers

import (
	"fmt"

	"github.com/descentlab/descent/optimizers/vec"
)

// Rprop is torch.optim.Rprop (1.13), resilient backpropagation: per-element step sizes
// that grow while the gradient keeps its sign and shrink when it flips.
//
// Hyper-parameters: lr=1e-2 (the initial step size), etas=(0.5, 1.2),
// step_sizes=(1e-6, 50), maximize=false. State: prev, step_size and Steps.
type Rprop struct {
	*Base
	splitter
	p, g, prev, ss []float64
	c              vec.RpropCoeffs
}

// NewRprop returns Rprop with torch's defaults.
func NewRprop() *Rprop {
	o := &Rprop{Base: NewBase("Rprop", map[string]any{
		"lr": 1e-2, "etas": []float64{0.5, 1.2}, "step_sizes": []float64{1e-6, 50}, "maximize": false,
	})}
	o.Hyper().Check = checkRprop
	return o
}

func checkRprop(h *Hyper) error {
	if err := nonNeg(h, "lr"); err != nil {
		return err
	}
	em, ep := h.Pair("etas")
	if !(0 < em && em < 1 && 1 < ep) {
		return fmt.Errorf("%s: invalid etas (%v, %v): need 0 < etaminus < 1 < etaplus", h.Owner(), em, ep)
	}
	lo, hi := h.Pair("step_sizes")
	if !(0 <= lo && lo <= hi) {
		return fmt.Errorf("%s: invalid step_sizes (%v, %v): need 0 <= min <= max", h.Owner(), lo, hi)
	}
	return nil
}

// Step does one Rprop update of params from grads.
func (o *Rprop) Step(params, grads []float64) error {
	if o.Base == nil {
		return unbuilt("Rprop", "NewRprop()")
	}
	h, st := o.Hyper(), o.State()
	if err := checkRprop(h); err != nil {
		return err
	}
	if err := checkLens(o.Name(), st, params, grads); err != nil {
		return err
	}
	n := len(params)
	st.Steps++
	em, ep := h.Pair("etas")
	lo, hi := h.Pair("step_sizes")
	o.c = vec.RpropCoeffs{EtaMinus: em, EtaPlus: ep, StepMin: lo, StepMax: hi, Maximize: h.Bool("maximize")}
	o.prev = st.Buffer("prev", n)
	o.ss = fresh(st, "step_size", n, h.Float("lr"))
	o.p, o.g = params, grads
	o.run(o, n)
	o.p, o.g, o.prev, o.ss = nil, nil, nil, nil
	return nil
}

func (o *Rprop) stepRange(lo, hi int) {
	vec.Rprop(o.p[lo:hi], o.g[lo:hi], o.prev[lo:hi], o.ss[lo:hi], o.c)
}
