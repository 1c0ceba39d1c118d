package optimizers

import (
	"math"

	"github.com/descentlab/descent/optimizers/vec"
)

// Lamb is torch_optimizer.Lamb: Adam's step, rescaled per tensor ("layer-wise") by the
// trust ratio |p|/|adam step|, for training with very large batches (You et al., 2019).
//
// Hyper-parameters (the reference's names and defaults): lr=1e-3, betas=(0.9, 0.999),
// eps=1e-6, weight_decay=0, clamp_value=10, adam=false (trust ratio 1: plain Adam-like
// steps), debias=false (no bias correction unless true). Weight decay is added to the Adam
// step, not to the gradient, so it is scaled by the trust ratio too. State: exp_avg,
// exp_avg_sq, and per tensor weight_norm, adam_norm and trust_ratio (before the adam
// override). Give it the tensors with SetShapes; without them the whole vector is one
// tensor.
//
//	m = β1 m + (1-β1) g,  v = β2 v + (1-β2) g²,  a = m/(√v + ε) + λ p
//	p ← p - lr·bc·(min(‖p‖, clamp)/‖a‖)·a,  per tensor
type Lamb struct {
	*Base
	shapes
	splitter
	p, g, m, v []float64 // the current tensor's slices
	c          vec.LambCoeffs
	scale      float64
	apply      bool      // second pass
	partP      []float64 // per block: sum of p², then of a²
	partA      []float64
}

// NewLamb returns Lamb with the reference's defaults.
func NewLamb() *Lamb {
	o := &Lamb{Base: NewBase("Lamb", map[string]any{
		"lr": 1e-3, "betas": []float64{0.9, 0.999}, "eps": 1e-6, "weight_decay": 0.0,
		"clamp_value": 10.0, "adam": false, "debias": false,
	})}
	o.Hyper().Check = checkLamb
	return o
}

func checkLamb(h *Hyper) error {
	return firstErr(nonNeg(h, "lr"), nonNeg(h, "eps"), betas(h, false), nonNeg(h, "weight_decay"), nonNeg(h, "clamp_value"))
}

// SetShapes sets the tensors whose norms the trust ratios use.
func (o *Lamb) SetShapes(ts []Tensor) error { return o.shapes.set(o.Name(), o.State(), ts) }

// Step does one Lamb update of params from grads.
func (o *Lamb) Step(params, grads []float64) error {
	if o.Base == nil {
		return unbuilt("Lamb", "NewLamb()")
	}
	h, st := o.Hyper(), o.State()
	if err := firstErr(checkLamb(h), sameLens(o.Name(), params, grads)); err != nil {
		return err
	}
	n := len(params)
	ts, err := o.tensors(o.Name(), n)
	if err != nil {
		return err
	}
	for _, k := range []string{"exp_avg", "exp_avg_sq"} {
		if err := bufLen(o.Name(), st, k, n); err != nil {
			return err
		}
	}
	for _, k := range []string{"weight_norm", "adam_norm", "trust_ratio"} {
		if err := bufLen(o.Name(), st, k, len(ts)); err != nil {
			return err
		}
	}
	st.Steps++
	b1, b2 := h.Pair("betas")
	o.c = vec.LambCoeffs{Beta1: b1, Beta2: b2, Eps: h.Float("eps"), WeightDecay: h.Float("weight_decay")}
	stepSize := h.Float("lr")
	if h.Bool("debias") {
		bc := math.Sqrt(vec.BiasCorrection(b2, st.Steps))
		bc = bc / vec.BiasCorrection(b1, st.Steps)
		stepSize = stepSize * bc
	}
	clampValue, adam := h.Float("clamp_value"), h.Bool("adam")
	m, v := st.Buffer("exp_avg", n), st.Buffer("exp_avg_sq", n)
	wn, an, tr := st.Buffer("weight_norm", len(ts)), st.Buffer("adam_norm", len(ts)), st.Buffer("trust_ratio", len(ts))
	for i, t := range ts {
		lo, hi := t.Offset, t.End()
		o.p, o.g, o.m, o.v = params[lo:hi], grads[lo:hi], m[lo:hi], v[lo:hi]
		nb := blocks(hi - lo)
		o.partP, o.partA = grow(o.partP, nb), grow(o.partA, nb)
		o.apply = false
		o.runBlocks(o, hi-lo)
		w := math.Min(math.Max(math.Sqrt(sumParts(o.partP)), 0), clampValue)
		a := math.Sqrt(sumParts(o.partA))
		trust := 1.0
		if w != 0 && a != 0 {
			trust = w / a
		}
		wn[i], an[i], tr[i] = w, a, trust
		if adam {
			trust = 1
		}
		o.scale = (-stepSize) * trust
		o.apply = true
		o.run(o, hi-lo)
	}
	o.p, o.g, o.m, o.v = nil, nil, nil, nil
	return nil
}

func (o *Lamb) stepRange(lo, hi int) {
	if o.apply {
		_ = vec.LambApply(o.p[lo:hi], o.m[lo:hi], o.v[lo:hi], o.c, o.scale)
		return
	}
	for b := lo; b < hi; b += sumBlock {
		e := min(b+sumBlock, hi)
		o.partP[b/sumBlock], o.partA[b/sumBlock], _ = vec.LambMoments(o.p[b:e], o.g[b:e], o.m[b:e], o.v[b:e], o.c)
	}
}
