package optimizers

import (
	"math"

	"github.com/descentlab/descent/optimizers/vec"
)

// Adam is torch.optim.Adam (1.13): adaptive moment estimation with coupled L2 weight decay
// and optional AMSGrad.
//
// Hyper-parameters: lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=false,
// maximize=false. State: exp_avg, exp_avg_sq, max_exp_avg_sq (amsgrad) and Steps.
type Adam struct {
	*Base
	adamRun
}

// AdamW is torch.optim.AdamW (1.13): Adam with decoupled weight decay, p = p*(1-lr*wd)
// before each update. Hyper-parameters and state as Adam, but weight_decay=1e-2.
type AdamW struct {
	*Base
	adamRun
}

// NewAdam returns Adam with torch's defaults.
func NewAdam() *Adam {
	o := &Adam{Base: NewBase("Adam", adamDefaults(0))}
	o.Hyper().Check = checkAdam
	return o
}

// NewAdamW returns AdamW with torch's defaults.
func NewAdamW() *AdamW {
	o := &AdamW{Base: NewBase("AdamW", adamDefaults(1e-2))}
	o.Hyper().Check = checkAdam
	return o
}

func adamDefaults(wd float64) map[string]any {
	return map[string]any{
		"lr": 1e-3, "betas": []float64{0.9, 0.999}, "eps": 1e-8, "weight_decay": wd,
		"amsgrad": false, "maximize": false,
	}
}

func checkAdam(h *Hyper) error {
	return firstErr(nonNeg(h, "lr"), nonNeg(h, "eps"), betas(h, false), nonNeg(h, "weight_decay"))
}

// Step does one Adam update of params from grads.
func (o *Adam) Step(params, grads []float64) error {
	if o.Base == nil {
		return unbuilt("Adam", "NewAdam()")
	}
	return o.step(o.Base, params, grads, false)
}

// Step does one AdamW update of params from grads.
func (o *AdamW) Step(params, grads []float64) error {
	if o.Base == nil {
		return unbuilt("AdamW", "NewAdamW()")
	}
	return o.step(o.Base, params, grads, true)
}

// adamRun is the step shared by Adam and AdamW, and the per-range work it splits.
type adamRun struct {
	splitter
	p, g, m, v, vmax []float64
	c                vec.AdamCoeffs
}

func (r *adamRun) step(b *Base, params, grads []float64, decoupled bool) error {
	h, st := b.Hyper(), b.State()
	if err := checkAdam(h); err != nil {
		return err
	}
	if err := checkLens(b.Name(), st, params, grads); err != nil {
		return err
	}
	n := len(params)
	st.Steps++
	lr, wd := h.Float("lr"), h.Float("weight_decay")
	b1, b2 := h.Pair("betas")
	r.c = vec.AdamCoeffs{
		Beta1: b1, Beta2: b2, Eps: h.Float("eps"), Maximize: h.Bool("maximize"),
		StepSize: lr / vec.BiasCorrection(b1, st.Steps),
		BC2Sqrt:  math.Sqrt(vec.BiasCorrection(b2, st.Steps)),
	}
	if decoupled {
		r.c.Decay = lr * wd
	} else {
		r.c.WeightDecay = wd
	}
	r.m, r.v, r.vmax = st.Buffer("exp_avg", n), st.Buffer("exp_avg_sq", n), nil
	if h.Bool("amsgrad") {
		r.vmax = st.Buffer("max_exp_avg_sq", n)
	}
	r.p, r.g = params, grads
	r.run(r, n)
	r.p, r.g, r.m, r.v, r.vmax = nil, nil, nil, nil, nil
	return nil
}

func (r *adamRun) stepRange(lo, hi int) {
	vec.Adam(r.p[lo:hi], r.g[lo:hi], r.m[lo:hi], r.v[lo:hi], part(r.vmax, lo, hi), r.c)
}
