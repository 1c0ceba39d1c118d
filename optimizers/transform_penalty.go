package optimizers

import (
	"fmt"
	"math"
)

// Penalty is the Transform made by L1, L2, ElasticNet, ProxL1 and DecoupledWeightDecay.
// Its fields are live: changing them takes effect at the next step.
type Penalty struct {
	// L1 adds L1*sign(p) to the gradient (sign(0) = 0), the subgradient of L1*Σ|p|.
	L1 float64
	// L2 adds L2*p to the gradient, the gradient of (L2/2)*Σp².
	L2 float64
	// ProxL1 soft-thresholds p by lr*ProxL1 after the step, the proximal operator of
	// ProxL1*Σ|p|, which sets small parameters exactly to zero.
	ProxL1 float64
	// Decay multiplies p by (1 - lr*Decay) before the step, AdamW's decoupled decay.
	Decay float64

	name string
}

// L2 returns a transform that adds l2*p to each gradient (coupled weight decay, the
// gradient of the penalty (l2/2)*Σp²).
func L2(l2 float64) Transform { return &Penalty{L2: l2, name: "L2"} }

// L1 returns a transform that adds l1*sign(p) to each gradient, with sign(0) = 0: the
// subgradient of l1*Σ|p|. It shrinks parameters but rarely makes them exactly zero; see
// ProxL1 for that.
func L1(l1 float64) Transform { return &Penalty{L1: l1, name: "L1"} }

// ElasticNet returns a transform that adds l1*sign(p) and then l2*p to each gradient, in
// that order: g = (g + l1*sign(p)) + l2*p.
func ElasticNet(l1, l2 float64) Transform {
	return &Penalty{L1: l1, L2: l2, name: "ElasticNet"}
}

// ProxL1 returns a transform that, after the optimizer's step, soft-thresholds every
// parameter: p = sign(p)*max(|p| - lr*l1, 0) with lr the learning rate in force. This is
// proximal gradient descent (ISTA) for the penalty l1*Σ|p| and yields exact zeros.
func ProxL1(l1 float64) Transform { return &Penalty{ProxL1: l1, name: "ProxL1"} }

// DecoupledWeightDecay returns a transform that multiplies every parameter by
// (1 - lr*wd) before the step, with lr the learning rate in force. In front of Adam with
// weight_decay 0 it reproduces AdamW's decay.
func DecoupledWeightDecay(wd float64) Transform {
	return &Penalty{Decay: wd, name: "DecoupledWeightDecay"}
}

func (p *Penalty) check(lr float64) error {
	for _, f := range []struct {
		name string
		v    float64
	}{{"l1", p.L1}, {"l2", p.L2}, {"prox_l1", p.ProxL1}, {"weight_decay", p.Decay}} {
		if !(f.v >= 0) || math.IsInf(f.v, 1) {
			return fmt.Errorf("%s: %s must be a finite non-negative number, got %v", p.label(), f.name, f.v)
		}
	}
	if (p.ProxL1 != 0 || p.Decay != 0) && math.IsNaN(lr) {
		return fmt.Errorf("%s needs the optimizer's learning rate, but the optimizer has no \"lr\" hyper-parameter", p.label())
	}
	return nil
}

// Before applies decoupled decay to params, then the L1 and L2 terms to grads.
func (p *Penalty) Before(params, grads []float64, lr float64) error {
	if len(params) != len(grads) {
		return fmt.Errorf("%s: %d params but %d grads", p.label(), len(params), len(grads))
	}
	// The check sits in the hot path because the fields are user-editable at any time.
	if err := p.check(lr); err != nil {
		return err
	}
	if p.Decay != 0 {
		f := 1 - lr*p.Decay
		for i := range params {
			params[i] *= f
		}
	}
	switch {
	case p.L1 != 0 && p.L2 != 0:
		for i, w := range params {
			grads[i] = (grads[i] + p.L1*penaltySign(w)) + p.L2*w
		}
	case p.L1 != 0:
		for i, w := range params {
			grads[i] += p.L1 * penaltySign(w)
		}
	case p.L2 != 0:
		for i, w := range params {
			grads[i] += p.L2 * w
		}
	}
	return nil
}

// After applies the proximal soft-threshold.
func (p *Penalty) After(params []float64, lr float64) error {
	if p.ProxL1 == 0 {
		return nil
	}
	if err := p.check(lr); err != nil {
		return err
	}
	SoftThreshold(params, lr*p.ProxL1)
	return nil
}

func (p *Penalty) label() string {
	if p.name == "" {
		return "Penalty"
	}
	return p.name
}

// String shows the penalty's coefficients.
func (p *Penalty) String() string {
	return fmt.Sprintf("%s(l1=%v, l2=%v, prox_l1=%v, decay=%v)", p.label(), p.L1, p.L2, p.ProxL1, p.Decay)
}

// SoftThreshold replaces every x by sign(x)*max(|x|-thr, 0) in place, the proximal operator
// of thr*Σ|x|. Values within thr of zero become exactly 0.
func SoftThreshold(xs []float64, thr float64) {
	for i, x := range xs {
		switch {
		case x > thr:
			xs[i] = x - thr
		case x < -thr:
			xs[i] = x + thr
		case x == x: // NaN is left for the caller's NaN checks to find
			xs[i] = 0
		}
	}
}

// penaltySign is sign with sign(0) = 0, as torch.sign.
func penaltySign(v float64) float64 {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}
