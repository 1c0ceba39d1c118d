package loss

import (
	"fmt"
	"math"
)

// Loss is a differentiable training objective.
//
// An implementation written in a notebook satisfies it with two exported methods and is
// registered with Register; the training loop never asks for anything else.
type Loss interface {
	// Name is the loss's registered name, such as "mse".
	Name() string
	// Eval returns the loss of the n predictions in pred against target and writes the
	// gradient of that value with respect to pred into grad, which has pred's length.
	// It must not keep pred, target or grad after it returns.
	Eval(pred, target, grad []float64, n int) (float64, error)
}

// Reduction says how per-element losses of a batch are combined.
type Reduction int

const (
	// Mean averages over the batch; it is the default because it keeps the learning rate
	// independent of the batch size.
	Mean Reduction = iota
	// Sum adds over the batch.
	Sum
)

// String returns "mean" or "sum".
func (r Reduction) String() string {
	switch r {
	case Mean:
		return "mean"
	case Sum:
		return "sum"
	}
	return fmt.Sprintf("Reduction(%d)", int(r))
}

// shape checks a batch of n rows whose predictions and targets have the same width and
// returns that width.
func shape(name string, pred, target, grad []float64, n int) (int, error) {
	if n <= 0 {
		return 0, fmt.Errorf("loss %s: batch size %d, want at least 1", name, n)
	}
	if len(pred)%n != 0 || len(pred) == 0 {
		return 0, fmt.Errorf("loss %s: %d predictions do not split into %d rows", name, len(pred), n)
	}
	if len(target) != len(pred) {
		return 0, fmt.Errorf("loss %s: %d targets for %d predictions, want the same number", name, len(target), len(pred))
	}
	if len(grad) != len(pred) {
		return 0, fmt.Errorf("loss %s: gradient buffer has length %d, want %d (one per prediction)", name, len(grad), len(pred))
	}
	return len(pred) / n, nil
}

// scale is the factor applied to summed per-element losses: 1/count for Mean.
func (r Reduction) scale(count int) float64 {
	if r == Sum {
		return 1
	}
	return 1 / float64(count)
}

// MSE is the mean squared error, (pred-target)^2 per element.
type MSE struct{ Reduction Reduction }

// Name returns "mse".
func (MSE) Name() string { return "mse" }

// Eval implements Loss.
func (l MSE) Eval(pred, target, grad []float64, n int) (float64, error) {
	if _, err := shape("mse", pred, target, grad, n); err != nil {
		return 0, err
	}
	s := l.Reduction.scale(len(pred))
	var sum float64
	for i, p := range pred {
		d := p - target[i]
		sum += d * d
		grad[i] = 2 * d * s
	}
	return sum * s, nil
}

// MAE is the mean absolute error, |pred-target| per element. Its gradient at a zero
// residual is taken as 0.
type MAE struct{ Reduction Reduction }

// Name returns "mae".
func (MAE) Name() string { return "mae" }

// Eval implements Loss.
func (l MAE) Eval(pred, target, grad []float64, n int) (float64, error) {
	if _, err := shape("mae", pred, target, grad, n); err != nil {
		return 0, err
	}
	s := l.Reduction.scale(len(pred))
	var sum float64
	for i, p := range pred {
		d := p - target[i]
		sum += math.Abs(d)
		grad[i] = sign(d) * s
	}
	return sum * s, nil
}

// Huber is quadratic for residuals up to Delta and linear beyond, as torch's HuberLoss:
// 0.5*r^2 if |r| <= Delta, else Delta*(|r| - 0.5*Delta). A zero Delta means 1.
type Huber struct {
	Delta     float64
	Reduction Reduction
}

// Name returns "huber".
func (Huber) Name() string { return "huber" }

// Eval implements Loss.
func (l Huber) Eval(pred, target, grad []float64, n int) (float64, error) {
	if _, err := shape("huber", pred, target, grad, n); err != nil {
		return 0, err
	}
	delta := l.Delta
	if delta == 0 {
		delta = 1
	}
	if delta < 0 || math.IsNaN(delta) {
		return 0, fmt.Errorf("loss huber: delta %v, want a positive number", l.Delta)
	}
	s := l.Reduction.scale(len(pred))
	var sum float64
	for i, p := range pred {
		d := p - target[i]
		if a := math.Abs(d); a <= delta {
			sum += 0.5 * d * d
			grad[i] = d * s
		} else {
			sum += delta * (a - 0.5*delta)
			grad[i] = delta * sign(d) * s
		}
	}
	return sum * s, nil
}

// Quantile is the pinball loss for quantile Q in (0, 1): Q*r for r = target-pred >= 0 and
// (Q-1)*r below, so that minimizing it estimates the Q-th quantile. A zero Q means 0.5.
type Quantile struct {
	Q         float64
	Reduction Reduction
}

// Name returns "quantile".
func (Quantile) Name() string { return "quantile" }

// Eval implements Loss.
func (l Quantile) Eval(pred, target, grad []float64, n int) (float64, error) {
	if _, err := shape("quantile", pred, target, grad, n); err != nil {
		return 0, err
	}
	q := l.Q
	if q == 0 {
		q = 0.5
	}
	if !(q > 0 && q < 1) {
		return 0, fmt.Errorf("loss quantile: q %v, want a number strictly between 0 and 1", l.Q)
	}
	s := l.Reduction.scale(len(pred))
	var sum float64
	for i, p := range pred {
		r := target[i] - p
		switch {
		case r > 0:
			sum += q * r
			grad[i] = -q * s
		case r < 0:
			sum += (q - 1) * r
			grad[i] = (1 - q) * s
		default:
			grad[i] = 0
		}
	}
	return sum * s, nil
}

func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}
