package optimizers

import "github.com/descentlab/descent/optimizers/vec"

// Adamax is torch.optim.Adamax (1.13), Adam with an infinity-norm second moment.
//
// Hyper-parameters: lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
// maximize=false. State: exp_avg, exp_inf and Steps.
type Adamax struct {
	*Base
	splitter
	p, g, m, u []float64
	c          vec.AdamaxCoeffs
}

// NewAdamax returns Adamax with torch's defaults.
func NewAdamax() *Adamax {
	o := &Adamax{Base: NewBase("Adamax", map[string]any{
		"lr": 2e-3, "betas": []float64{0.9, 0.999}, "eps": 1e-8, "weight_decay": 0.0, "maximize": false,
	})}
	o.Hyper().Check = checkAdamax
	return o
}

func checkAdamax(h *Hyper) error {
	return firstErr(nonNeg(h, "lr"), nonNeg(h, "eps"), betas(h, false), nonNeg(h, "weight_decay"))
}

// Step does one Adamax update of params from grads.
func (o *Adamax) Step(params, grads []float64) error {
	if o.Base == nil {
		return unbuilt("Adamax", "NewAdamax()")
	}
	h, st := o.Hyper(), o.State()
	if err := checkAdamax(h); err != nil {
		return err
	}
	if err := checkLens(o.Name(), st, params, grads); err != nil {
		return err
	}
	n := len(params)
	st.Steps++
	b1, b2 := h.Pair("betas")
	o.c = vec.AdamaxCoeffs{
		Beta1: b1, Beta2: b2, CLR: h.Float("lr") / vec.BiasCorrection(b1, st.Steps),
		Eps: h.Float("eps"), WeightDecay: h.Float("weight_decay"), Maximize: h.Bool("maximize"),
	}
	o.m, o.u = st.Buffer("exp_avg", n), st.Buffer("exp_inf", n)
	o.p, o.g = params, grads
	o.run(o, n)
	o.p, o.g, o.m, o.u = nil, nil, nil, nil
	return nil
}

func (o *Adamax) stepRange(lo, hi int) {
	vec.Adamax(o.p[lo:hi], o.g[lo:hi], o.m[lo:hi], o.u[lo:hi], o.c)
}
