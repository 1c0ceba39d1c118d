package optimizers

import (
	"math"

	"github.com/descentlab/descent/optimizers/vec"
)

// MADGRAD is torch_optimizer.MADGRAD (Defazio and Jelassi, 2021): a momentumized dual
// averaging method. It keeps the weighted sums of the gradients and of their squares
// since the start, and steps from the starting point x0 by their ratio with a cube root.
//
// Hyper-parameters (the reference's names and defaults): lr=1e-2, momentum=0.9,
// weight_decay=0 (L2), eps=1e-6. State: grad_sum_sq, s, x0 (the starting point; with
// momentum 0 the reference keeps none and reconstructs it from p each step) and the
// counter k. eps is also added to lr, as in the reference.
//
//	λ = (lr+ε)√(k+1),  S += λg²,  s += λg,  z = x0 - s/(S^(1/3) + ε)
//	p ← (1-c)·p + c·z,  c = 1 - momentum
type MADGRAD struct {
	*Base
	splitter
	p, g, gss, s, x0 []float64
	c                vec.MADGRADCoeffs
}

// NewMADGRAD returns MADGRAD with the reference's defaults.
func NewMADGRAD() *MADGRAD {
	o := &MADGRAD{Base: NewBase("MADGRAD", map[string]any{
		"lr": 1e-2, "momentum": 0.9, "weight_decay": 0.0, "eps": 1e-6,
	})}
	o.Hyper().Check = checkMADGRAD
	return o
}

func checkMADGRAD(h *Hyper) error {
	return firstErr(nonNeg(h, "lr"), inRange(h.Owner(), "momentum", h.Float("momentum"), 0, 1, false),
		nonNeg(h, "weight_decay"), nonNeg(h, "eps"))
}

// Step does one MADGRAD update of params from grads. The first step records params as
// x0, which the reference copies at construction.
func (o *MADGRAD) Step(params, grads []float64) error {
	if o.Base == nil {
		return unbuilt("MADGRAD", "NewMADGRAD()")
	}
	h, st := o.Hyper(), o.State()
	if err := firstErr(checkMADGRAD(h), checkLens(o.Name(), st, params, grads)); err != nil {
		return err
	}
	n := len(params)
	mom, eps := h.Float("momentum"), h.Float("eps")
	k := st.Scalar("k", 0)
	o.c = vec.MADGRADCoeffs{Lamb: (h.Float("lr") + eps) * math.Sqrt(k+1), CK: 1 - mom, Eps: eps,
		WeightDecay: h.Float("weight_decay")}
	o.gss, o.s, o.x0 = st.Buffer("grad_sum_sq", n), st.Buffer("s", n), nil
	if mom != 0 {
		first := !st.Has("x0")
		o.x0 = st.Buffer("x0", n)
		if first {
			copy(o.x0, params)
		}
	}
	o.p, o.g = params, grads
	o.run(o, n)
	o.p, o.g, o.gss, o.s, o.x0 = nil, nil, nil, nil, nil
	st.Scalars["k"] = k + 1
	st.Steps++
	return nil
}

func (o *MADGRAD) stepRange(lo, hi int) {
	if o.x0 == nil {
		_ = vec.MADGRADNoMomentum(o.p[lo:hi], o.g[lo:hi], o.gss[lo:hi], o.s[lo:hi], o.c)
		return
	}
	_ = vec.MADGRAD(o.p[lo:hi], o.g[lo:hi], o.gss[lo:hi], o.s[lo:hi], o.x0[lo:hi], o.c)
}
