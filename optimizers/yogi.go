package optimizers

import (
	"math"

	"github.com/descentlab/descent/optimizers/vec"
)

// Yogi is torch_optimizer.Yogi (Zaheer et al., 2018): Adam whose second moment moves
// additively, v ← v - (1-β2)·sign(v-g²)·g², so it grows only as fast as the gradients
// do instead of forgetting its past in one large step.
//
// Hyper-parameters (the reference's names and defaults): lr=1e-2, betas=(0.9, 0.999),
// eps=1e-3, initial_accumulator=1e-6, weight_decay=0 (L2, added to the gradient). Both
// moments start at initial_accumulator, not 0, as in TensorFlow Addons. State: exp_avg,
// exp_avg_sq.
//
//	m = β1 m + (1-β1) g,  v = v - (1-β2) sign(v-g²) g²
//	p ← p - lr/(1-β1ᵏ) · m/(√v/√(1-β2ᵏ) + ε)
type Yogi struct {
	*Base
	splitter
	p, g, m, v []float64
	c          vec.YogiCoeffs
}

// NewYogi returns Yogi with the reference's defaults.
func NewYogi() *Yogi {
	o := &Yogi{Base: NewBase("Yogi", map[string]any{
		"lr": 1e-2, "betas": []float64{0.9, 0.999}, "eps": 1e-3, "initial_accumulator": 1e-6, "weight_decay": 0.0,
	})}
	o.Hyper().Check = checkYogi
	return o
}

func checkYogi(h *Hyper) error {
	return firstErr(positive(h, "lr"), nonNeg(h, "eps"), betas(h, false), nonNeg(h, "weight_decay"), nonNeg(h, "initial_accumulator"))
}

// Step does one Yogi update of params from grads.
func (o *Yogi) Step(params, grads []float64) error {
	if o.Base == nil {
		return unbuilt("Yogi", "NewYogi()")
	}
	h, st := o.Hyper(), o.State()
	if err := firstErr(checkYogi(h), checkLens(o.Name(), st, params, grads)); err != nil {
		return err
	}
	n := len(params)
	st.Steps++
	b1, b2 := h.Pair("betas")
	o.c = vec.YogiCoeffs{Beta1: b1, Beta2: b2, Eps: h.Float("eps"), WeightDecay: h.Float("weight_decay"),
		StepSize: h.Float("lr") / vec.BiasCorrection(b1, st.Steps),
		BC2Sqrt:  math.Sqrt(vec.BiasCorrection(b2, st.Steps))}
	init := h.Float("initial_accumulator")
	o.m, o.v = fresh(st, "exp_avg", n, init), fresh(st, "exp_avg_sq", n, init)
	o.p, o.g = params, grads
	o.run(o, n)
	o.p, o.g, o.m, o.v = nil, nil, nil, nil
	return nil
}

func (o *Yogi) stepRange(lo, hi int) {
	_ = vec.Yogi(o.p[lo:hi], o.g[lo:hi], o.m[lo:hi], o.v[lo:hi], o.c)
}
