package optimizers

import "github.com/descentlab/descent/optimizers/vec"

// Adadelta is torch.optim.Adadelta (1.13).
//
// Hyper-parameters: lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, maximize=false.
// State: square_avg, acc_delta and Steps.
type Adadelta struct {
	*Base
	splitter
	p, g, sq, acc []float64
	c             vec.AdadeltaCoeffs
}

// NewAdadelta returns Adadelta with torch's defaults.
func NewAdadelta() *Adadelta {
	o := &Adadelta{Base: NewBase("Adadelta", map[string]any{
		"lr": 1.0, "rho": 0.9, "eps": 1e-6, "weight_decay": 0.0, "maximize": false,
	})}
	o.Hyper().Check = checkAdadelta
	return o
}

func checkAdadelta(h *Hyper) error {
	return firstErr(nonNeg(h, "lr"), inRange(h.Owner(), "rho", h.Float("rho"), 0, 1, true),
		nonNeg(h, "eps"), nonNeg(h, "weight_decay"))
}

// Step does one Adadelta update of params from grads.
func (o *Adadelta) Step(params, grads []float64) error {
	if o.Base == nil {
		return unbuilt("Adadelta", "NewAdadelta()")
	}
	h, st := o.Hyper(), o.State()
	if err := checkAdadelta(h); err != nil {
		return err
	}
	if err := checkLens(o.Name(), st, params, grads); err != nil {
		return err
	}
	n := len(params)
	st.Steps++
	o.c = vec.AdadeltaCoeffs{
		LR: h.Float("lr"), Rho: h.Float("rho"), Eps: h.Float("eps"),
		WeightDecay: h.Float("weight_decay"), Maximize: h.Bool("maximize"),
	}
	o.sq, o.acc = st.Buffer("square_avg", n), st.Buffer("acc_delta", n)
	o.p, o.g = params, grads
	o.run(o, n)
	o.p, o.g, o.sq, o.acc = nil, nil, nil, nil
	return nil
}

func (o *Adadelta) stepRange(lo, hi int) {
	vec.Adadelta(o.p[lo:hi], o.g[lo:hi], o.sq[lo:hi], o.acc[lo:hi], o.c)
}
