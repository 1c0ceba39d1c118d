package optimizers

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/optimizers/vec"
)

// Schedule-Free optimizers (Defazio et al., 2024, facebookresearch/schedule_free) need no
// learning-rate schedule: they keep three sequences, z (the base optimizer's iterates),
// x (a weighted average of z, the point to evaluate and deploy) and y (between the two,
// where the gradient is taken), and average with weights that grow with the lr seen so
// far.
//
// Train and eval. The reference swaps the model's parameters between y (train mode) and
// x (eval mode) with opt.train() and opt.eval(). Here the parameter vector always holds
// y, the training point: Step takes the gradient at y and leaves the next y in params,
// exactly as the reference's steps in train mode do. The evaluation point x is read with
// EvalParams (the EvalPoint interface, or the function EvalParams for any optimizer),
// which copies it out without changing anything, so evaluating never disturbs training.
// Validate, checkpoint the model for deployment, and report results at x; train.Fit's
// validation and Minimize's result do so.

// AdamWScheduleFree is AdamWScheduleFreeReference, the reference version of
// Schedule-Free AdamW, registered under that name and as "AdamWScheduleFree".
//
// Hyper-parameters (the reference's names and defaults): lr=0.0025, betas=(0.9, 0.999)
// (β1 is the interpolation between z and x), eps=1e-8, weight_decay=0 (decoupled, at y
// or, with decay_at_z, at z), warmup_steps=0 (linear warmup of lr), r=0 and
// weight_lr_power=2 (the averaging weight (k+1)^r·lr_max^weight_lr_power),
// inner_momentum=0 (an extra first moment, 0 is none). State: z, x, y, exp_avg_sq (and
// exp_avg with inner_momentum), and the scalars k, weight_sum, lr_max and scheduled_lr.
//
//	v = β2 v + (1-β2) g²,  z ← z - lr_k·g/(√(v/(1-β2ᵏ⁺¹)) + ε)
//	x ← (1-c) x + c z,  c = w_k/Σw,  y = (1-β1) z + β1 x
type AdamWScheduleFree struct {
	*Base
	splitter
	p, g, z, x, y, v, ma []float64
	c                    vec.ScheduleFreeCoeffs
}

// NewAdamWScheduleFree returns Schedule-Free AdamW (reference) with the reference's
// defaults.
func NewAdamWScheduleFree() *AdamWScheduleFree {
	o := &AdamWScheduleFree{Base: NewBase("AdamWScheduleFreeReference", map[string]any{
		"lr": 0.0025, "betas": []float64{0.9, 0.999}, "eps": 1e-8, "weight_decay": 0.0, "warmup_steps": 0,
		"r": 0.0, "weight_lr_power": 2.0, "decay_at_z": false, "inner_momentum": 0.0,
	})}
	o.Hyper().Check = checkSFAdamW
	return o
}

func checkSFAdamW(h *Hyper) error {
	return firstErr(nonNeg(h, "lr"), betas(h, false), nonNeg(h, "eps"), nonNeg(h, "weight_decay"),
		atLeast(h, "warmup_steps", 0), finite(h, "r"), finite(h, "weight_lr_power"),
		inRange(h.Owner(), "inner_momentum", h.Float("inner_momentum"), 0, 1, false))
}

// Step does one Schedule-Free AdamW update: the gradient is taken at params (y), and
// params receive the next y.
func (o *AdamWScheduleFree) Step(params, grads []float64) error {
	if o.Base == nil {
		return unbuilt("AdamWScheduleFreeReference", "NewAdamWScheduleFree()")
	}
	h, st := o.Hyper(), o.State()
	if err := firstErr(checkSFAdamW(h), checkLens(o.Name(), st, params, grads)); err != nil {
		return err
	}
	n := len(params)
	b1, b2 := h.Pair("betas")
	c, k := sfWeights(st, h)
	im := h.Float("inner_momentum")
	c.Beta1, c.Beta2, c.Eps, c.WeightDecay = b1, b2, h.Float("eps"), h.Float("weight_decay")
	c.BC2 = vec.BiasCorrection(b2, k+1)
	c.InnerMomentum, c.DecayAtZ = im, h.Bool("decay_at_z")
	if im != 0 {
		c.BC1 = vec.BiasCorrection(im, k+1)
	}
	o.c = c
	o.z, o.x, o.y = sfState(st, params)
	o.v, o.ma = st.Buffer("exp_avg_sq", n), nil
	if im != 0 {
		o.ma = st.Buffer("exp_avg", n)
	}
	o.p, o.g = params, grads
	o.run(o, n)
	o.p, o.g, o.z, o.x, o.y, o.v, o.ma = nil, nil, nil, nil, nil, nil, nil
	st.Steps++
	return nil
}

func (o *AdamWScheduleFree) stepRange(lo, hi int) {
	_ = vec.ScheduleFreeAdamW(o.p[lo:hi], o.g[lo:hi], o.z[lo:hi], o.x[lo:hi], o.y[lo:hi], o.v[lo:hi], part(o.ma, lo, hi), o.c)
}

// EvalParams writes the evaluation point x into dst (params itself before the first
// step).
func (o *AdamWScheduleFree) EvalParams(dst, params []float64) error {
	return sfEval(o.Name(), o.State(), dst, params)
}

// SGDScheduleFree is SGDScheduleFreeReference, the reference version of Schedule-Free
// SGD, registered under that name and as "SGDScheduleFree". See AdamWScheduleFree for the
// train/eval semantics.
//
// Hyper-parameters (the reference's names and defaults): lr=1.0, momentum=0.9 (the
// interpolation between z and x, in (0, 1)), weight_decay=0 (L2 at y), warmup_steps=0,
// r=0, weight_lr_power=2. State: z, x, y, and the scalars k, weight_sum, lr_max and
// scheduled_lr.
//
//	z ← z - lr_k·g,  x ← (1-c) x + c z,  y = (1-β) z + β x
type SGDScheduleFree struct {
	*Base
	splitter
	p, g, z, x, y []float64
	c             vec.ScheduleFreeCoeffs
}

// NewSGDScheduleFree returns Schedule-Free SGD (reference) with the reference's defaults.
func NewSGDScheduleFree() *SGDScheduleFree {
	o := &SGDScheduleFree{Base: NewBase("SGDScheduleFreeReference", map[string]any{
		"lr": 1.0, "momentum": 0.9, "weight_decay": 0.0, "warmup_steps": 0, "r": 0.0, "weight_lr_power": 2.0,
	})}
	o.Hyper().Check = checkSFSGD
	return o
}

func checkSFSGD(h *Hyper) error {
	if mom := h.Float("momentum"); !(mom > 0 && mom < 1) {
		return fmt.Errorf("%s: invalid momentum %v: must be in (0, 1)", h.Owner(), mom)
	}
	return firstErr(nonNeg(h, "lr"), nonNeg(h, "weight_decay"), atLeast(h, "warmup_steps", 0),
		finite(h, "r"), finite(h, "weight_lr_power"))
}

// Step does one Schedule-Free SGD update: the gradient is taken at params (y), and params
// receive the next y.
func (o *SGDScheduleFree) Step(params, grads []float64) error {
	if o.Base == nil {
		return unbuilt("SGDScheduleFreeReference", "NewSGDScheduleFree()")
	}
	h, st := o.Hyper(), o.State()
	if err := firstErr(checkSFSGD(h), checkLens(o.Name(), st, params, grads)); err != nil {
		return err
	}
	c, _ := sfWeights(st, h)
	c.Beta1, c.WeightDecay = h.Float("momentum"), h.Float("weight_decay")
	o.c = c
	o.z, o.x, o.y = sfState(st, params)
	o.p, o.g = params, grads
	o.run(o, len(params))
	o.p, o.g, o.z, o.x, o.y = nil, nil, nil, nil, nil
	st.Steps++
	return nil
}

func (o *SGDScheduleFree) stepRange(lo, hi int) {
	_ = vec.ScheduleFreeSGD(o.p[lo:hi], o.g[lo:hi], o.z[lo:hi], o.x[lo:hi], o.y[lo:hi], o.c)
}

// EvalParams writes the evaluation point x into dst (params itself before the first
// step).
func (o *SGDScheduleFree) EvalParams(dst, params []float64) error {
	return sfEval(o.Name(), o.State(), dst, params)
}

// sfWeights advances the group scalars of a schedule-free step (k, lr_max, weight_sum,
// scheduled_lr) and returns the scheduled lr and averaging weight, with k before the
// step.
func sfWeights(st *State, h *Hyper) (vec.ScheduleFreeCoeffs, int) {
	k := int(st.Scalar("k", 0))
	warmup := h.Int("warmup_steps")
	sched := 1.0
	if k < warmup {
		sched = float64(k+1) / float64(warmup)
	}
	lr := h.Float("lr") * sched
	lrMax := math.Max(lr, st.Scalar("lr_max", -1))
	weight := powf(float64(k+1), h.Float("r")) * powf(lrMax, h.Float("weight_lr_power"))
	sum := st.Scalar("weight_sum", 0) + weight
	ckp1 := 0.0
	if sum != 0 {
		ckp1 = weight / sum
	}
	st.Scalars["k"], st.Scalars["lr_max"], st.Scalars["weight_sum"], st.Scalars["scheduled_lr"] = float64(k+1), lrMax, sum, lr
	return vec.ScheduleFreeCoeffs{LR: lr, CKP1: ckp1}, k
}

// sfState returns the z, x and y buffers, starting all three at params.
func sfState(st *State, params []float64) (z, x, y []float64) {
	first := !st.Has("z")
	n := len(params)
	z, x, y = st.Buffer("z", n), st.Buffer("x", n), st.Buffer("y", n)
	if first {
		copy(z, params)
		copy(x, params)
		copy(y, params)
	}
	return z, x, y
}

func sfEval(name string, st *State, dst, params []float64) error {
	if len(dst) != len(params) {
		return fmt.Errorf("%s: EvalParams: dst has %d values, params %d", name, len(dst), len(params))
	}
	x, ok := st.Buffers["x"]
	if !ok {
		copy(dst, params)
		return nil
	}
	if len(x) != len(params) {
		return fmt.Errorf("%s: EvalParams: %d params but the average x holds %d", name, len(params), len(x))
	}
	copy(dst, x)
	return nil
}

// powf is C's pow for the exponents the references use: exact-integer exponents go
// through vec.Pow (correctly rounded, as glibc is), the rest through math.Pow.
func powf(x, y float64) float64 {
	if y == math.Trunc(y) && math.Abs(y) <= 1<<20 {
		return vec.Pow(x, int(y))
	}
	return math.Pow(x, y)
}
