package optimizers

import "github.com/descentlab/descent/optimizers/vec"

// Adagrad is torch.optim.Adagrad (1.13).
//
// Hyper-parameters: lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0,
// eps=1e-10, maximize=false. State: sum (filled with initial_accumulator_value on the
// first step) and Steps.
type Adagrad struct {
	*Base
	splitter
	p, g, sum []float64
	c         vec.AdagradCoeffs
}

// NewAdagrad returns Adagrad with torch's defaults.
func NewAdagrad() *Adagrad {
	o := &Adagrad{Base: NewBase("Adagrad", map[string]any{
		"lr": 1e-2, "lr_decay": 0.0, "weight_decay": 0.0, "initial_accumulator_value": 0.0,
		"eps": 1e-10, "maximize": false,
	})}
	o.Hyper().Check = checkAdagrad
	return o
}

func checkAdagrad(h *Hyper) error {
	return firstErr(nonNeg(h, "lr"), nonNeg(h, "lr_decay"), nonNeg(h, "weight_decay"),
		nonNeg(h, "initial_accumulator_value"), nonNeg(h, "eps"))
}

// Step does one Adagrad update of params from grads.
func (o *Adagrad) Step(params, grads []float64) error {
	if o.Base == nil {
		return unbuilt("Adagrad", "NewAdagrad()")
	}
	h, st := o.Hyper(), o.State()
	if err := checkAdagrad(h); err != nil {
		return err
	}
	if err := checkLens(o.Name(), st, params, grads); err != nil {
		return err
	}
	n := len(params)
	st.Steps++
	o.c = vec.AdagradCoeffs{
		CLR: h.Float("lr") / (1 + (float64(st.Steps)-1)*h.Float("lr_decay")),
		Eps: h.Float("eps"), WeightDecay: h.Float("weight_decay"), Maximize: h.Bool("maximize"),
	}
	o.sum = fresh(st, "sum", n, h.Float("initial_accumulator_value"))
	o.p, o.g = params, grads
	o.run(o, n)
	o.p, o.g, o.sum = nil, nil, nil
	return nil
}

func (o *Adagrad) stepRange(lo, hi int) {
	vec.Adagrad(o.p[lo:hi], o.g[lo:hi], o.sum[lo:hi], o.c)
}
