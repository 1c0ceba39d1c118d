package optimizers

import (
	"math"

	"github.com/descentlab/descent/optimizers/vec"
)

// NAdam is torch.optim.NAdam with the corrected momentum term of torch >= 2.0 (torch 1.13's
// single-tensor path used mu_product*mu*mu_next where mu_product*mu_next is right).
//
// Hyper-parameters: lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
// momentum_decay=4e-3 (no maximize, as in torch 1.13). State: exp_avg, exp_avg_sq, the
// scalar mu_product (starts at 1) and Steps.
type NAdam struct {
	*Base
	splitter
	p, g, m, v []float64
	c          vec.NAdamCoeffs
}

// NewNAdam returns NAdam with torch's defaults.
func NewNAdam() *NAdam {
	o := &NAdam{Base: NewBase("NAdam", map[string]any{
		"lr": 2e-3, "betas": []float64{0.9, 0.999}, "eps": 1e-8, "weight_decay": 0.0, "momentum_decay": 4e-3,
	})}
	o.Hyper().Check = checkNAdam
	return o
}

func checkNAdam(h *Hyper) error {
	return firstErr(nonNeg(h, "lr"), nonNeg(h, "eps"), betas(h, false), nonNeg(h, "weight_decay"), nonNeg(h, "momentum_decay"))
}

// Step does one NAdam update of params from grads.
func (o *NAdam) Step(params, grads []float64) error {
	if o.Base == nil {
		return unbuilt("NAdam", "NewNAdam()")
	}
	h, st := o.Hyper(), o.State()
	if err := checkNAdam(h); err != nil {
		return err
	}
	if err := checkLens(o.Name(), st, params, grads); err != nil {
		return err
	}
	n := len(params)
	st.Steps++
	lr, md := h.Float("lr"), h.Float("momentum_decay")
	b1, b2 := h.Pair("betas")
	step := float64(st.Steps)
	mu := b1 * (1 - 0.5*math.Pow(0.96, step*md))
	muNext := b1 * (1 - 0.5*math.Pow(0.96, (step+1)*md))
	muProd := st.Scalar("mu_product", 1) * mu
	st.Scalars["mu_product"] = muProd
	o.c = vec.NAdamCoeffs{
		Beta1: b1, Beta2: b2, BC2Sqrt: math.Sqrt(vec.BiasCorrection(b2, st.Steps)),
		Eps: h.Float("eps"), WeightDecay: h.Float("weight_decay"),
		GradCoef: ((lr * (1 - mu)) / (1 - muProd)) * -1,
		MomCoef:  ((lr * muNext) / (1 - muProd*muNext)) * -1,
	}
	o.m, o.v = st.Buffer("exp_avg", n), st.Buffer("exp_avg_sq", n)
	o.p, o.g = params, grads
	o.run(o, n)
	o.p, o.g, o.m, o.v = nil, nil, nil, nil
	return nil
}

func (o *NAdam) stepRange(lo, hi int) {
	vec.NAdam(o.p[lo:hi], o.g[lo:hi], o.m[lo:hi], o.v[lo:hi], o.c)
}
