package optimizers

import (
	"math"

	"github.com/descentlab/descent/optimizers/vec"
)

// NovoGrad is torch_optimizer.NovoGrad (Ginsburg et al., 2019): SGD with momentum on
// gradients normalised per tensor ("layer-wise") by a moving average of their squared
// norm, one number per tensor instead of Adam's one per parameter.
//
// Hyper-parameters (the reference's names and defaults): lr=1e-3, betas=(0.95, 0),
// eps=1e-8, weight_decay=0 (added after the normalisation), grad_averaging=false
// (multiplies the normalised gradient by 1-β1), amsgrad=false. With the default β2 = 0
// the second moment is just the current squared norm. State: exp_avg, and per tensor
// exp_avg_sq (and max_exp_avg_sq with amsgrad). Give it the tensors with SetShapes;
// without them the whole vector is one tensor.
//
//	v = β2 v + (1-β2)‖g‖²  (v = ‖g‖² while v is 0),  d = g/(√v + ε) + λp
//	m = β1 m + d,  p ← p - lr·m
type NovoGrad struct {
	*Base
	shapes
	splitter
	p, g, m []float64
	c       vec.NovoGradCoeffs
	norm    bool
	parts   []float64
}

// NewNovoGrad returns NovoGrad with the reference's defaults.
func NewNovoGrad() *NovoGrad {
	o := &NovoGrad{Base: NewBase("NovoGrad", map[string]any{
		"lr": 1e-3, "betas": []float64{0.95, 0}, "eps": 1e-8, "weight_decay": 0.0,
		"grad_averaging": false, "amsgrad": false,
	})}
	o.Hyper().Check = checkNovoGrad
	return o
}

func checkNovoGrad(h *Hyper) error {
	return firstErr(nonNeg(h, "lr"), nonNeg(h, "eps"), betas(h, false), nonNeg(h, "weight_decay"))
}

// SetShapes sets the tensors that each get one second moment.
func (o *NovoGrad) SetShapes(ts []Tensor) error { return o.shapes.set(o.Name(), o.State(), ts) }

// Step does one NovoGrad update of params from grads.
func (o *NovoGrad) Step(params, grads []float64) error {
	if o.Base == nil {
		return unbuilt("NovoGrad", "NewNovoGrad()")
	}
	h, st := o.Hyper(), o.State()
	if err := firstErr(checkNovoGrad(h), sameLens(o.Name(), params, grads), bufLen(o.Name(), st, "exp_avg", len(params))); err != nil {
		return err
	}
	n := len(params)
	ts, err := o.tensors(o.Name(), n)
	if err != nil {
		return err
	}
	for _, k := range []string{"exp_avg_sq", "max_exp_avg_sq"} {
		if err := bufLen(o.Name(), st, k, len(ts)); err != nil {
			return err
		}
	}
	st.Steps++
	b1, b2 := h.Pair("betas")
	eps, ams := h.Float("eps"), h.Bool("amsgrad")
	o.c = vec.NovoGradCoeffs{WeightDecay: h.Float("weight_decay"), Beta1: b1, LR: h.Float("lr"), Averaging: h.Bool("grad_averaging")}
	m, v := st.Buffer("exp_avg", n), st.Buffer("exp_avg_sq", len(ts))
	var vmax []float64
	if ams {
		vmax = st.Buffer("max_exp_avg_sq", len(ts))
	}
	for i, t := range ts {
		lo, hi := t.Offset, t.End()
		o.p, o.g, o.m = params[lo:hi], grads[lo:hi], m[lo:hi]
		o.parts = grow(o.parts, blocks(hi-lo))
		o.norm = true
		o.runBlocks(o, hi-lo)
		nrm := sumParts(o.parts)
		if v[i] == 0 {
			v[i] = nrm
		} else {
			v[i] = math.FMA(1-b2, nrm, v[i]*b2)
		}
		d := v[i]
		if ams {
			vmax[i] = math.Max(vmax[i], v[i])
			d = vmax[i]
		}
		o.c.Denom = math.Sqrt(d) + eps
		o.norm = false
		o.run(o, hi-lo)
	}
	o.p, o.g, o.m = nil, nil, nil
	return nil
}

func (o *NovoGrad) stepRange(lo, hi int) {
	if !o.norm {
		_ = vec.NovoGrad(o.p[lo:hi], o.g[lo:hi], o.m[lo:hi], o.c)
		return
	}
	for b := lo; b < hi; b += sumBlock {
		o.parts[b/sumBlock] = vec.SumSquares(o.g[b:min(b+sumBlock, hi)])
	}
}
