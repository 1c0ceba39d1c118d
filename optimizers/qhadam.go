package optimizers

import "github.com/descentlab/descent/optimizers/vec"

// QHAdam is torch_optimizer.QHAdam (Ma and Yarats, 2019): quasi-hyperbolic Adam, whose
// step mixes the moving averages with the current gradient, ν·m + (1-ν)·g, in both the
// numerator and the denominator.
//
// Hyper-parameters (the reference's names and defaults): lr=1e-3, betas=(0.9, 0.999),
// nus=(1, 1) (which is Adam), weight_decay=0, decouple_weight_decay=false (L2, else
// p ← p(1-lr·wd)), eps=1e-8. The bias correction comes from running weights
// w ← 1 + β·w kept as the state scalars beta1_weight and beta2_weight. State: exp_avg,
// exp_avg_sq.
//
//	m = a1 m + (1-a1) g,  v = a2 v + (1-a2) g²,  a = 1 - 1/w
//	p ← p - lr·(ν1 m + (1-ν1) g)/(√(ν2 v + (1-ν2) g²) + ε)
type QHAdam struct {
	*Base
	splitter
	p, g, m, v []float64
	c          vec.QHAdamCoeffs
}

// NewQHAdam returns QHAdam with the reference's defaults.
func NewQHAdam() *QHAdam {
	o := &QHAdam{Base: NewBase("QHAdam", map[string]any{
		"lr": 1e-3, "betas": []float64{0.9, 0.999}, "nus": []float64{1.0, 1.0}, "weight_decay": 0.0,
		"decouple_weight_decay": false, "eps": 1e-8,
	})}
	o.Hyper().Check = checkQHAdam
	return o
}

func checkQHAdam(h *Hyper) error {
	nu1, nu2 := h.Pair("nus")
	return firstErr(nonNeg(h, "lr"), nonNeg(h, "eps"), betas(h, false), nonNeg(h, "weight_decay"),
		finiteVal(h.Owner(), "nus[0]", nu1), finiteVal(h.Owner(), "nus[1]", nu2))
}

// Step does one QHAdam update of params from grads.
func (o *QHAdam) Step(params, grads []float64) error {
	if o.Base == nil {
		return unbuilt("QHAdam", "NewQHAdam()")
	}
	h, st := o.Hyper(), o.State()
	if err := firstErr(checkQHAdam(h), checkLens(o.Name(), st, params, grads)); err != nil {
		return err
	}
	n := len(params)
	st.Steps++
	b1, b2 := h.Pair("betas")
	nu1, nu2 := h.Pair("nus")
	w1 := 1.0 + b1*st.Scalar("beta1_weight", 0)
	w2 := 1.0 + b2*st.Scalar("beta2_weight", 0)
	st.Scalars["beta1_weight"], st.Scalars["beta2_weight"] = w1, w2
	lr, wd := h.Float("lr"), h.Float("weight_decay")
	o.c = vec.QHAdamCoeffs{A1: 1.0 - 1.0/w1, A2: 1.0 - 1.0/w2, Nu1: nu1, Nu2: nu2, LR: lr, Eps: h.Float("eps")}
	if h.Bool("decouple_weight_decay") {
		o.c.Decay = lr * wd
	} else {
		o.c.WeightDecay = wd
	}
	o.m, o.v = st.Buffer("exp_avg", n), st.Buffer("exp_avg_sq", n)
	o.p, o.g = params, grads
	o.run(o, n)
	o.p, o.g, o.m, o.v = nil, nil, nil, nil
	return nil
}

func (o *QHAdam) stepRange(lo, hi int) {
	_ = vec.QHAdam(o.p[lo:hi], o.g[lo:hi], o.m[lo:hi], o.v[lo:hi], o.c)
}
