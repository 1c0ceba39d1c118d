package optimizers

import (
	"math"

	"github.com/descentlab/descent/optimizers/vec"
)

// RAdam is torch.optim.RAdam (1.13, single-tensor path): Adam with variance
// rectification, plain momentum SGD while the variance estimate is unreliable (rho_t <= 5).
//
// Hyper-parameters: lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0 (no maximize,
// as in torch 1.13). State: exp_avg, exp_avg_sq and Steps.
type RAdam struct {
	*Base
	splitter
	p, g, m, v []float64
	c          vec.RAdamCoeffs
}

// NewRAdam returns RAdam with torch's defaults.
func NewRAdam() *RAdam {
	o := &RAdam{Base: NewBase("RAdam", map[string]any{
		"lr": 1e-3, "betas": []float64{0.9, 0.999}, "eps": 1e-8, "weight_decay": 0.0,
	})}
	o.Hyper().Check = checkRAdam
	return o
}

func checkRAdam(h *Hyper) error {
	return firstErr(nonNeg(h, "lr"), nonNeg(h, "eps"), betas(h, false), nonNeg(h, "weight_decay"))
}

// Step does one RAdam update of params from grads.
func (o *RAdam) Step(params, grads []float64) error {
	if o.Base == nil {
		return unbuilt("RAdam", "NewRAdam()")
	}
	h, st := o.Hyper(), o.State()
	if err := checkRAdam(h); err != nil {
		return err
	}
	if err := checkLens(o.Name(), st, params, grads); err != nil {
		return err
	}
	n := len(params)
	st.Steps++
	b1, b2 := h.Pair("betas")
	step := float64(st.Steps)
	bc1, bc2 := vec.BiasCorrection(b1, st.Steps), vec.BiasCorrection(b2, st.Steps)
	rhoInf := 2/(1-b2) - 1
	rhoT := rhoInf - ((2*step)*vec.Pow(b2, st.Steps))/bc2
	o.c = vec.RAdamCoeffs{
		Beta1: b1, Beta2: b2, BC1: bc1, BC2Sqrt: math.Sqrt(bc2), LR: h.Float("lr"),
		Eps: h.Float("eps"), WeightDecay: h.Float("weight_decay"), Adaptive: rhoT > 5,
	}
	if o.c.Adaptive {
		o.c.Rect = math.Sqrt((((rhoT - 4) * (rhoT - 2)) * rhoInf) / (((rhoInf - 4) * (rhoInf - 2)) * rhoT))
	}
	o.m, o.v = st.Buffer("exp_avg", n), st.Buffer("exp_avg_sq", n)
	o.p, o.g = params, grads
	o.run(o, n)
	o.p, o.g, o.m, o.v = nil, nil, nil, nil
	return nil
}

func (o *RAdam) stepRange(lo, hi int) {
	vec.RAdam(o.p[lo:hi], o.g[lo:hi], o.m[lo:hi], o.v[lo:hi], o.c)
}
