//go:build ignore

// The log-cosh loss, as a plugin: a regression loss that is quadratic for small
// residuals and linear for large ones, without Huber's kink.
package plugins

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/optimizers/loss"
)

// LogCosh is log(cosh(pred − target)): quadratic for small residuals, linear for large
// ones. Per element it is about d²/2 for a small residual d and |d| − log 2 for a large
// one, so outliers pull less than under MSE; its gradient is tanh(d). It is computed as
// |d| + log1p(e^(−2|d|)) − log 2, which cannot overflow.
// Arguments: reduction="mean".
//
// Reference: P. Chen, G. Chen, S. Zhang, "Log Hyperbolic Cosine Loss Improves Variational
// Auto-Encoder", 2019 (openreview rkglvsC9Ym); T. Hastie, R. Tibshirani, J. Friedman, The
// Elements of Statistical Learning, §10.6 (robust losses).
type LogCosh struct{ Reduction loss.Reduction }

// Name returns "logcosh".
func (LogCosh) Name() string { return "logcosh" }

// Eval returns the loss of pred against target and writes its gradient.
func (l LogCosh) Eval(pred, target, grad []float64, n int) (float64, error) {
	if n <= 0 || len(pred) == 0 || len(pred)%n != 0 {
		return 0, fmt.Errorf("loss logcosh: %d predictions do not split into %d rows", len(pred), n)
	}
	if len(target) != len(pred) || len(grad) != len(pred) {
		return 0, fmt.Errorf("loss logcosh: %d predictions, %d targets, gradient of %d: want the same", len(pred), len(target), len(grad))
	}
	scale := 1.0
	if l.Reduction == loss.Mean {
		scale = 1 / float64(len(pred))
	}
	var sum float64
	for i, p := range pred {
		d := p - target[i]
		a := math.Abs(d)
		sum += a + math.Log1p(math.Exp(-2*a)) - math.Ln2
		grad[i] = math.Tanh(d) * scale
	}
	return sum * scale, nil
}

func init() {
	loss.Register("logcosh", func(args map[string]any) (loss.Loss, error) {
		for k := range args {
			if k != "reduction" {
				return nil, fmt.Errorf("loss logcosh: unknown argument %q; valid: reduction", k)
			}
		}
		r, err := loss.ReductionArg("logcosh", args)
		if err != nil {
			return nil, err
		}
		return LogCosh{Reduction: r}, nil
	})
}
