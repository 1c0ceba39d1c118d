package optimizers

import "github.com/descentlab/descent/optimizers/vec"

// Lion is the sign-momentum optimizer of Chen et al. (2023), "Symbolic Discovery of
// Optimization Algorithms", with decoupled weight decay as in the paper. It is not in
// torch 1.13; names follow the torch-style reference implementations.
//
// Hyper-parameters: lr=1e-4, betas=(0.9, 0.99), weight_decay=0. State: exp_avg and Steps.
type Lion struct {
	*Base
	splitter
	p, g, m []float64
	c       vec.LionCoeffs
}

// NewLion returns Lion with its reference defaults.
func NewLion() *Lion {
	o := &Lion{Base: NewBase("Lion", map[string]any{
		"lr": 1e-4, "betas": []float64{0.9, 0.99}, "weight_decay": 0.0,
	})}
	o.Hyper().Check = checkLion
	return o
}

func checkLion(h *Hyper) error {
	return firstErr(nonNeg(h, "lr"), betas(h, true), nonNeg(h, "weight_decay"))
}

// Step does one Lion update of params from grads.
func (o *Lion) Step(params, grads []float64) error {
	if o.Base == nil {
		return unbuilt("Lion", "NewLion()")
	}
	h, st := o.Hyper(), o.State()
	if err := checkLion(h); err != nil {
		return err
	}
	if err := checkLens(o.Name(), st, params, grads); err != nil {
		return err
	}
	n := len(params)
	st.Steps++
	lr := h.Float("lr")
	b1, b2 := h.Pair("betas")
	o.c = vec.LionCoeffs{LR: lr, Beta1: b1, Beta2: b2, Decay: lr * h.Float("weight_decay")}
	o.m = st.Buffer("exp_avg", n)
	o.p, o.g = params, grads
	o.run(o, n)
	o.p, o.g, o.m = nil, nil, nil
	return nil
}

func (o *Lion) stepRange(lo, hi int) {
	vec.Lion(o.p[lo:hi], o.g[lo:hi], o.m[lo:hi], o.c)
}
