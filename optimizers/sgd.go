package optimizers

import (
	"fmt"

	"github.com/descentlab/descent/optimizers/vec"
)

// SGD is stochastic gradient descent with optional momentum, dampening, Nesterov momentum,
// L2 weight decay and maximization, exactly as torch.optim.SGD (1.13).
//
// Hyper-parameters (torch's names and defaults): lr (required by torch; 0.01 when built by
// New without one), momentum=0, dampening=0, weight_decay=0, nesterov=false,
// maximize=false. State: momentum_buffer, created on the first step with momentum != 0.
type SGD struct {
	*Base
	splitter
	p, g, buf []float64
	c         vec.SGDCoeffs
}

// DefaultSGDLR is the learning rate New gives SGD when the hyper-parameters name none.
// torch requires lr; a notebook is friendlier with a small, usually stable default.
const DefaultSGDLR = 0.01

// NewSGD returns plain SGD with learning rate lr; set momentum and the rest through Hyper.
func NewSGD(lr float64) *SGD {
	o := &SGD{Base: NewBase("SGD", map[string]any{
		"lr": lr, "momentum": 0.0, "dampening": 0.0, "weight_decay": 0.0,
		"nesterov": false, "maximize": false,
	})}
	o.Hyper().Check = checkSGD
	return o
}

func checkSGD(h *Hyper) error {
	if err := firstErr(nonNeg(h, "lr"), nonNeg(h, "momentum"), finite(h, "dampening"), nonNeg(h, "weight_decay")); err != nil {
		return err
	}
	if h.Bool("nesterov") && (h.Float("momentum") <= 0 || h.Float("dampening") != 0) {
		return fmt.Errorf("%s: nesterov=true needs momentum > 0 and dampening = 0 (have momentum=%v, dampening=%v)",
			h.Owner(), h.Float("momentum"), h.Float("dampening"))
	}
	return nil
}

// Step does one SGD update of params from grads.
func (o *SGD) Step(params, grads []float64) error {
	if o.Base == nil {
		return unbuilt("SGD", "NewSGD(lr)")
	}
	h, st := o.Hyper(), o.State()
	if err := checkSGD(h); err != nil {
		return err
	}
	if err := checkLens(o.Name(), st, params, grads); err != nil {
		return err
	}
	o.c = vec.SGDCoeffs{
		LR: h.Float("lr"), Momentum: h.Float("momentum"), Dampening: h.Float("dampening"),
		WeightDecay: h.Float("weight_decay"), Nesterov: h.Bool("nesterov"), Maximize: h.Bool("maximize"),
	}
	o.buf = nil
	if o.c.Momentum != 0 {
		o.c.First = !st.Has("momentum_buffer")
		o.buf = st.Buffer("momentum_buffer", len(params))
	}
	o.p, o.g = params, grads
	o.run(o, len(params))
	o.p, o.g, o.buf = nil, nil, nil
	st.Steps++
	return nil
}

func (o *SGD) stepRange(lo, hi int) {
	vec.SGD(o.p[lo:hi], o.g[lo:hi], part(o.buf, lo, hi), o.c)
}

// part is x[lo:hi], or nil for an unused (nil) buffer.
func part(x []float64, lo, hi int) []float64 {
	if x == nil {
		return nil
	}
	return x[lo:hi]
}
