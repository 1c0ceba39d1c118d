//go:build ignore

// The focal loss, as a plugin: binary cross-entropy on logits that down-weights the
// examples already classified well (Lin et al., 2017), as torchvision's
// sigmoid_focal_loss computes it.
package plugins

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/optimizers/loss"
)

// Focal is the binary focal loss on logits, which down-weights the examples already
// classified well. For a logit x and a target y in [0, 1]:
//
//	p = σ(x),  p_t = p·y + (1−p)(1−y),  α_t = α·y + (1−α)(1−y)
//	FL = α_t · (1 − p_t)^γ · CE(x, y),   CE = −y·log p − (1−y)·log(1−p)
//
// γ = 0 and α < 0 give plain binary cross-entropy. Arguments: alpha=0.25 (negative: no
// weighting), gamma=2, reduction="mean".
//
// Reference: T.-Y. Lin, P. Goyal, R. Girshick, K. He, P. Dollár, "Focal Loss for Dense
// Object Detection", ICCV 2017, arXiv:1708.02002; torchvision.ops.sigmoid_focal_loss.
type Focal struct {
	Alpha, Gamma float64
	Reduction    loss.Reduction
}

// Name returns "focal".
func (Focal) Name() string { return "focal" }

// Eval returns the loss of the logits pred against the targets and writes its gradient.
func (l Focal) Eval(pred, target, grad []float64, n int) (float64, error) {
	if n <= 0 || len(pred) == 0 || len(pred)%n != 0 {
		return 0, fmt.Errorf("loss focal: %d predictions do not split into %d rows", len(pred), n)
	}
	if len(target) != len(pred) || len(grad) != len(pred) {
		return 0, fmt.Errorf("loss focal: %d predictions, %d targets, gradient of %d: want the same", len(pred), len(target), len(grad))
	}
	scale := 1.0
	if l.Reduction == loss.Mean {
		scale = 1 / float64(len(pred))
	}
	var sum float64
	for i, x := range pred {
		y := target[i]
		p := 1 / (1 + math.Exp(-x))
		ce := math.Max(x, 0) - x*y + math.Log1p(math.Exp(-math.Abs(x))) // stable CE on a logit
		pt := p*y + (1-p)*(1-y)
		q := 1 - pt
		w := 1.0 // α_t, a constant of x
		if l.Alpha >= 0 {
			w = l.Alpha*y + (1-l.Alpha)*(1-y)
		}
		mod := math.Pow(q, l.Gamma)
		sum += w * mod * ce
		// d/dx: (1−p_t)^γ·(p−y) − γ(1−p_t)^(γ−1)·(2y−1)·p(1−p)·CE
		d := mod * (p - y)
		if l.Gamma != 0 && q > 0 {
			d -= l.Gamma * math.Pow(q, l.Gamma-1) * (2*y - 1) * p * (1 - p) * ce
		}
		grad[i] = w * d * scale
	}
	return sum * scale, nil
}

func init() {
	loss.Register("focal", func(args map[string]any) (loss.Loss, error) {
		for k := range args {
			if k != "alpha" && k != "gamma" && k != "reduction" {
				return nil, fmt.Errorf("loss focal: unknown argument %q; valid: alpha, gamma, reduction", k)
			}
		}
		r, err := loss.ReductionArg("focal", args)
		if err != nil {
			return nil, err
		}
		alpha, err := loss.FloatArg("focal", args, "alpha", 0.25)
		if err != nil {
			return nil, err
		}
		gamma, err := loss.FloatArg("focal", args, "gamma", 2)
		if err != nil {
			return nil, err
		}
		if gamma < 0 || alpha > 1 {
			return nil, fmt.Errorf("loss focal: alpha %v, gamma %v: want alpha <= 1 and gamma >= 0", alpha, gamma)
		}
		return Focal{Alpha: alpha, Gamma: gamma, Reduction: r}, nil
	})
}
