package optimizers

import "github.com/descentlab/descent/optimizers/vec"

// RMSprop is torch.optim.RMSprop (1.13), without bias correction and with eps added
// outside the square root.
//
// Hyper-parameters: lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0,
// centered=false, maximize=false. State: square_avg, grad_avg (centered), momentum_buffer
// (momentum > 0) and Steps.
type RMSprop struct {
	*Base
	splitter
	p, g, sq, ga, buf []float64
	c                 vec.RMSpropCoeffs
}

// NewRMSprop returns RMSprop with torch's defaults.
func NewRMSprop() *RMSprop {
	o := &RMSprop{Base: NewBase("RMSprop", map[string]any{
		"lr": 1e-2, "alpha": 0.99, "eps": 1e-8, "weight_decay": 0.0, "momentum": 0.0,
		"centered": false, "maximize": false,
	})}
	o.Hyper().Check = checkRMSprop
	return o
}

func checkRMSprop(h *Hyper) error {
	return firstErr(nonNeg(h, "lr"), nonNeg(h, "eps"), nonNeg(h, "momentum"), nonNeg(h, "weight_decay"), nonNeg(h, "alpha"))
}

// Step does one RMSprop update of params from grads.
func (o *RMSprop) Step(params, grads []float64) error {
	if o.Base == nil {
		return unbuilt("RMSprop", "NewRMSprop()")
	}
	h, st := o.Hyper(), o.State()
	if err := checkRMSprop(h); err != nil {
		return err
	}
	if err := checkLens(o.Name(), st, params, grads); err != nil {
		return err
	}
	n := len(params)
	st.Steps++
	o.c = vec.RMSpropCoeffs{
		LR: h.Float("lr"), Alpha: h.Float("alpha"), Eps: h.Float("eps"), WeightDecay: h.Float("weight_decay"),
		Momentum: h.Float("momentum"), Centered: h.Bool("centered"), Maximize: h.Bool("maximize"),
	}
	o.sq, o.ga, o.buf = st.Buffer("square_avg", n), nil, nil
	if o.c.Centered {
		o.ga = st.Buffer("grad_avg", n)
	}
	if o.c.Momentum > 0 {
		o.buf = st.Buffer("momentum_buffer", n)
	}
	o.p, o.g = params, grads
	o.run(o, n)
	o.p, o.g, o.sq, o.ga, o.buf = nil, nil, nil, nil, nil
	return nil
}

func (o *RMSprop) stepRange(lo, hi int) {
	vec.RMSprop(o.p[lo:hi], o.g[lo:hi], o.sq[lo:hi], part(o.ga, lo, hi), part(o.buf, lo, hi), o.c)
}
