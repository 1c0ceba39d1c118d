package optimizers

import (
	"math"

	"github.com/descentlab/descent/optimizers/vec"
)

// ASGD is torch.optim.ASGD (1.13), averaged stochastic gradient descent: a decaying step
// size eta and, after t0 steps, a running average ax of the iterates (read it from
// State().Buffers["ax"]; the parameters themselves are not averaged).
//
// Hyper-parameters: lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0,
// maximize=false. State: ax, the scalars eta (starts at lr) and mu (starts at 1), and
// Steps.
type ASGD struct {
	*Base
	splitter
	p, g, ax []float64
	c        vec.ASGDCoeffs
}

// NewASGD returns ASGD with torch's defaults.
func NewASGD() *ASGD {
	o := &ASGD{Base: NewBase("ASGD", map[string]any{
		"lr": 1e-2, "lambd": 1e-4, "alpha": 0.75, "t0": 1e6, "weight_decay": 0.0, "maximize": false,
	})}
	o.Hyper().Check = checkASGD
	return o
}

func checkASGD(h *Hyper) error {
	return firstErr(nonNeg(h, "lr"), nonNeg(h, "weight_decay"), finite(h, "lambd"), finite(h, "alpha"), finite(h, "t0"))
}

// Step does one ASGD update of params from grads.
func (o *ASGD) Step(params, grads []float64) error {
	if o.Base == nil {
		return unbuilt("ASGD", "NewASGD()")
	}
	h, st := o.Hyper(), o.State()
	if err := checkASGD(h); err != nil {
		return err
	}
	if err := checkLens(o.Name(), st, params, grads); err != nil {
		return err
	}
	n := len(params)
	st.Steps++
	lr, lambd := h.Float("lr"), h.Float("lambd")
	o.c = vec.ASGDCoeffs{
		Eta: st.Scalar("eta", lr), Mu: st.Scalar("mu", 1), Lambd: lambd,
		WeightDecay: h.Float("weight_decay"), Maximize: h.Bool("maximize"),
	}
	o.ax = st.Buffer("ax", n)
	o.p, o.g = params, grads
	o.run(o, n)
	o.p, o.g, o.ax = nil, nil, nil
	step := float64(st.Steps)
	st.Scalars["eta"] = lr / math.Pow(1+(lambd*lr)*step, h.Float("alpha"))
	st.Scalars["mu"] = 1 / math.Max(1, step-h.Float("t0"))
	return nil
}

func (o *ASGD) stepRange(lo, hi int) {
	vec.ASGD(o.p[lo:hi], o.g[lo:hi], o.ax[lo:hi], o.c)
}
