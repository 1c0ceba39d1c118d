package optimizers

import (
	"math"

	"github.com/descentlab/descent/optimizers/vec"
)

// AdaBound is torch_optimizer.AdaBound (Luo et al., 2019): Adam whose per-element step
// size is clipped to a band that narrows towards final_lr, so training starts like Adam
// and ends like SGD.
//
// Hyper-parameters (the reference's names and defaults): lr=1e-3, betas=(0.9, 0.999),
// final_lr=0.1, gamma=1e-3 (how fast the band narrows), eps=1e-8, weight_decay=0 (L2),
// amsbound=false. The band scales with lr/base_lr, where base_lr is the lr at
// construction, so a schedule moves it too. State: exp_avg, exp_avg_sq, and
// max_exp_avg_sq with amsbound.
//
//	η = clip(lr·√(1-β2ᵏ)/(1-β1ᵏ) / (√v + ε),  f(1 - 1/(γk+1)),  f(1 + 1/(γk)))
//	p ← p - η·m,  f = final_lr·lr/base_lr
type AdaBound struct {
	*Base
	splitter
	p, g, m, v, vmax []float64
	c                vec.AdaBoundCoeffs
}

// NewAdaBound returns AdaBound with the reference's defaults.
func NewAdaBound() *AdaBound {
	o := &AdaBound{Base: NewBase("AdaBound", map[string]any{
		"lr": 1e-3, "betas": []float64{0.9, 0.999}, "final_lr": 0.1, "gamma": 1e-3, "eps": 1e-8,
		"weight_decay": 0.0, "amsbound": false,
	})}
	o.Hyper().Check = checkAdaBound
	return o
}

func checkAdaBound(h *Hyper) error {
	return firstErr(nonNeg(h, "lr"), nonNeg(h, "eps"), betas(h, false), nonNeg(h, "final_lr"),
		inRange(h.Owner(), "gamma", h.Float("gamma"), 0, 1, false), nonNeg(h, "weight_decay"))
}

// Step does one AdaBound update of params from grads. The first step records lr as the
// state scalar base_lr, which the reference stores at construction (hyper-parameters set
// before the first step count as constructor arguments).
func (o *AdaBound) Step(params, grads []float64) error {
	if o.Base == nil {
		return unbuilt("AdaBound", "NewAdaBound()")
	}
	h, st := o.Hyper(), o.State()
	if err := firstErr(checkAdaBound(h), checkLens(o.Name(), st, params, grads)); err != nil {
		return err
	}
	n := len(params)
	lr := h.Float("lr")
	if _, ok := st.Scalars["base_lr"]; !ok {
		st.Scalars["base_lr"] = lr
	}
	st.Steps++
	b1, b2 := h.Pair("betas")
	k := float64(st.Steps)
	bc1, bc2 := vec.BiasCorrection(b1, st.Steps), vec.BiasCorrection(b2, st.Steps)
	final := (h.Float("final_lr") * lr) / st.Scalars["base_lr"]
	gamma := h.Float("gamma")
	o.c = vec.AdaBoundCoeffs{Beta1: b1, Beta2: b2, Eps: h.Float("eps"), WeightDecay: h.Float("weight_decay"),
		StepSize: (lr * math.Sqrt(bc2)) / bc1,
		Lower:    final * (1 - 1/(gamma*k+1)),
		Upper:    final * (1 + 1/(gamma*k)),
	}
	o.m, o.v, o.vmax = st.Buffer("exp_avg", n), st.Buffer("exp_avg_sq", n), nil
	if h.Bool("amsbound") {
		o.vmax = st.Buffer("max_exp_avg_sq", n)
	}
	o.p, o.g = params, grads
	o.run(o, n)
	o.p, o.g, o.m, o.v, o.vmax = nil, nil, nil, nil, nil
	return nil
}

func (o *AdaBound) stepRange(lo, hi int) {
	_ = vec.AdaBound(o.p[lo:hi], o.g[lo:hi], o.m[lo:hi], o.v[lo:hi], part(o.vmax, lo, hi), o.c)
}
