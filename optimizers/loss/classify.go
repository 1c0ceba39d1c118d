package loss

import (
	"fmt"
	"math"
)

// BCE is binary cross-entropy on logits: with z the prediction and y in [0, 1] the target,
// max(z,0) - z*y + log(1+exp(-|z|)), which is exact for large |z| where the naive
// -y*log(sigmoid(z)) overflows. Every prediction is an independent binary decision.
type BCE struct{ Reduction Reduction }

// Name returns "bce".
func (BCE) Name() string { return "bce" }

// Eval implements Loss.
func (l BCE) Eval(pred, target, grad []float64, n int) (float64, error) {
	if _, err := shape("bce", pred, target, grad, n); err != nil {
		return 0, err
	}
	s := l.Reduction.scale(len(pred))
	var sum float64
	for i, z := range pred {
		y := target[i]
		if y < 0 || y > 1 {
			return 0, fmt.Errorf("loss bce: target %v in row %d, want a value in [0, 1]", y, i)
		}
		sum += math.Max(z, 0) - z*y + math.Log1p(math.Exp(-math.Abs(z)))
		grad[i] = (sigmoid(z) - y) * s
	}
	return sum * s, nil
}

// Hinge is the SVM hinge loss max(0, 1 - t*z) on a score z, where the label t is -1 or +1.
// Targets of 0 are read as -1, so the same 0/1 labels serve BCE and Hinge.
type Hinge struct{ Reduction Reduction }

// Name returns "hinge".
func (Hinge) Name() string { return "hinge" }

// Eval implements Loss.
func (l Hinge) Eval(pred, target, grad []float64, n int) (float64, error) {
	if _, err := shape("hinge", pred, target, grad, n); err != nil {
		return 0, err
	}
	s := l.Reduction.scale(len(pred))
	var sum float64
	for i, z := range pred {
		var t float64
		switch target[i] {
		case 1:
			t = 1
		case 0, -1:
			t = -1
		default:
			return 0, fmt.Errorf("loss hinge: target %v in row %d, want -1, 0 or 1", target[i], i)
		}
		if m := 1 - t*z; m > 0 {
			sum += m
			grad[i] = -t * s
		} else {
			grad[i] = 0
		}
	}
	return sum * s, nil
}

// CrossEntropy is softmax cross-entropy on logits with integer class labels: pred holds n
// rows of k logits, target holds n labels in 0..k-1. It subtracts each row's maximum
// before exponentiating, so large logits do not overflow. Mean averages over rows.
type CrossEntropy struct{ Reduction Reduction }

// Name returns "cross_entropy".
func (CrossEntropy) Name() string { return "cross_entropy" }

// Eval implements Loss.
func (l CrossEntropy) Eval(pred, target, grad []float64, n int) (float64, error) {
	if n <= 0 || len(pred) == 0 || len(pred)%n != 0 {
		return 0, fmt.Errorf("loss cross_entropy: %d logits do not split into %d rows", len(pred), n)
	}
	if len(target) != n {
		return 0, fmt.Errorf("loss cross_entropy: %d targets for %d rows, want one class label per row", len(target), n)
	}
	if len(grad) != len(pred) {
		return 0, fmt.Errorf("loss cross_entropy: gradient buffer has length %d, want %d (one per logit)", len(grad), len(pred))
	}
	k := len(pred) / n
	s := l.Reduction.scale(n)
	var sum float64
	for r := 0; r < n; r++ {
		label := target[r]
		c := int(label)
		if float64(c) != label || c < 0 || c >= k {
			return 0, fmt.Errorf("loss cross_entropy: label %v in row %d, want a whole number in 0..%d", label, r, k-1)
		}
		z := pred[r*k : (r+1)*k]
		g := grad[r*k : (r+1)*k]
		m := z[0]
		for _, v := range z[1:] {
			m = math.Max(m, v)
		}
		var tot float64
		for j, v := range z {
			e := math.Exp(v - m)
			g[j] = e
			tot += e
		}
		sum += m + math.Log(tot) - z[c]
		for j := range g {
			g[j] *= s / tot
		}
		g[c] -= s
	}
	return sum * s, nil
}

func sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}
