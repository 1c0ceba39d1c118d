package optimizers

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/optimizers/vec"
)

// LARS is torch_optimizer.LARS: SGD whose step is rescaled per tensor ("layer-wise") by
// trust_coefficient·‖p‖/(‖g‖ + ‖p‖·weight_decay + eps), for very large batches (You et
// al., 2017).
//
// Hyper-parameters (the reference's names and defaults): lr=1e-2, momentum=0,
// dampening=0, weight_decay=0, nesterov=false, trust_coefficient=0.01, eps=1e-8. Two
// quirks of the reference are kept: with weight_decay 0 there is no layer-wise scaling at
// all (plain SGD, which is how SimCLR and BYOL exclude biases), and while ‖p‖ or ‖g‖ is 0
// there is neither scaling nor weight decay. State: momentum_buffer (with momentum).
// Give it the tensors with SetShapes; without them the whole vector is one tensor.
//
//	d = tc·‖p‖/(‖g‖+λ‖p‖+ε)·(g + λp),  buf = μ buf + (1-τ) d,  p ← p - lr·buf
type LARS struct {
	*Base
	shapes
	splitter
	p, g, buf []float64
	c         vec.LARSCoeffs
	norms     bool // the pass that takes the norms
	partP     []float64
	partG     []float64
}

// NewLARS returns LARS with the reference's defaults.
func NewLARS() *LARS {
	o := &LARS{Base: NewBase("LARS", map[string]any{
		"lr": 1e-2, "momentum": 0.0, "dampening": 0.0, "weight_decay": 0.0,
		"nesterov": false, "trust_coefficient": 0.01, "eps": 1e-8,
	})}
	o.Hyper().Check = checkLARS
	return o
}

func checkLARS(h *Hyper) error {
	if err := firstErr(nonNeg(h, "lr"), nonNeg(h, "eps"), nonNeg(h, "momentum"), nonNeg(h, "dampening"),
		nonNeg(h, "weight_decay"), nonNeg(h, "trust_coefficient")); err != nil {
		return err
	}
	if h.Bool("nesterov") && (h.Float("momentum") <= 0 || h.Float("dampening") != 0) {
		return fmt.Errorf("%s: nesterov=true needs momentum > 0 and dampening = 0 (have momentum=%v, dampening=%v)",
			h.Owner(), h.Float("momentum"), h.Float("dampening"))
	}
	return nil
}

// SetShapes sets the tensors whose norms the layer-wise rates use.
func (o *LARS) SetShapes(ts []Tensor) error { return o.shapes.set(o.Name(), o.State(), ts) }

// Step does one LARS update of params from grads.
func (o *LARS) Step(params, grads []float64) error {
	if o.Base == nil {
		return unbuilt("LARS", "NewLARS()")
	}
	h, st := o.Hyper(), o.State()
	if err := firstErr(checkLARS(h), sameLens(o.Name(), params, grads), bufLen(o.Name(), st, "momentum_buffer", len(params))); err != nil {
		return err
	}
	n := len(params)
	ts, err := o.tensors(o.Name(), n)
	if err != nil {
		return err
	}
	wd, tc, eps := h.Float("weight_decay"), h.Float("trust_coefficient"), h.Float("eps")
	o.c = vec.LARSCoeffs{WeightDecay: wd, Momentum: h.Float("momentum"), Dampening: h.Float("dampening"),
		LR: h.Float("lr"), Nesterov: h.Bool("nesterov")}
	var buf []float64
	if o.c.Momentum != 0 {
		o.c.First = !st.Has("momentum_buffer")
		buf = st.Buffer("momentum_buffer", n)
	}
	for _, t := range ts {
		lo, hi := t.Offset, t.End()
		o.p, o.g, o.buf = params[lo:hi], grads[lo:hi], part(buf, lo, hi)
		o.c.Scale, o.c.Scaled = 0, false
		if wd != 0 {
			nb := blocks(hi - lo)
			o.partP, o.partG = grow(o.partP, nb), grow(o.partG, nb)
			o.norms = true
			o.runBlocks(o, hi-lo)
			pn, gn := math.Sqrt(sumParts(o.partP)), math.Sqrt(sumParts(o.partG))
			if pn != 0 && gn != 0 {
				lars := pn / ((gn + pn*wd) + eps)
				o.c.Scale, o.c.Scaled = lars*tc, true
			}
		}
		o.norms = false
		o.run(o, hi-lo)
	}
	o.p, o.g, o.buf = nil, nil, nil
	st.Steps++
	return nil
}

func (o *LARS) stepRange(lo, hi int) {
	if !o.norms {
		_ = vec.LARS(o.p[lo:hi], o.g[lo:hi], part(o.buf, lo, hi), o.c)
		return
	}
	for b := lo; b < hi; b += sumBlock {
		e := min(b+sumBlock, hi)
		o.partP[b/sumBlock], o.partG[b/sumBlock], _ = vec.NormsSq(o.p[b:e], o.g[b:e])
	}
}
