package optimizers

import (
	"fmt"
	"math"
)

// GradNorm returns the norm_type-norm of grads as torch.nn.utils.clip_grad_norm_ computes
// it: the largest |g| for +Inf, (Σ|g|^p)^(1/p) otherwise, summed without rescaling so that
// it overflows exactly where torch does.
func GradNorm(grads []float64, normType float64) float64 {
	switch {
	case math.IsInf(normType, 1):
		m := 0.0
		for _, g := range grads {
			if a := math.Abs(g); a > m || a != a {
				m = a
			}
		}
		return m
	case normType == 2:
		s := 0.0
		for _, g := range grads {
			s += g * g
		}
		return math.Sqrt(s)
	case normType == 1:
		s := 0.0
		for _, g := range grads {
			s += math.Abs(g)
		}
		return s
	}
	s := 0.0
	for _, g := range grads {
		s += math.Pow(math.Abs(g), normType)
	}
	return math.Pow(s, 1/normType)
}

// ClipNorm scales grads in place by min(1, maxNorm/(total+1e-6)), where total is their
// normType-norm, and returns total: torch's clip_grad_norm_ on one tensor. Like torch it
// always multiplies, even by 1, and lets NaN and Inf through.
func ClipNorm(grads []float64, maxNorm, normType float64) float64 {
	total := GradNorm(grads, normType)
	scaleByClipCoef(grads, maxNorm, total)
	return total
}

func scaleByClipCoef(grads []float64, maxNorm, total float64) {
	coef := maxNorm / (total + 1e-6)
	if coef > 1 {
		coef = 1
	}
	for i := range grads {
		grads[i] *= coef
	}
}

// ClipValue clamps every gradient into [-c, c] in place: torch's clip_grad_value_.
func ClipValue(grads []float64, c float64) {
	for i, g := range grads {
		if g > c {
			grads[i] = c
		} else if g < -c {
			grads[i] = -c
		}
	}
}

// NormClipper is the Transform made by ClipGradNorm. It remembers the total norm of the
// last gradient it saw (before clipping), which is what torch returns, for logging.
type NormClipper struct {
	MaxNorm  float64 // largest total norm let through unscaled
	NormType float64 // p of the p-norm; math.Inf(1) for the max norm
	// Tensors, when set, gives the lengths of the consecutive tensors in the flat
	// vector; the total is then the norm of the per-tensor norms, computed as torch
	// does, which matches torch to the last bit more often than the flat norm.
	Tensors []int
	last    float64
}

// ClipGradNorm returns a transform that rescales the whole gradient vector so that its
// normType-norm is at most maxNorm, with torch's formula: coef = maxNorm/(total+1e-6),
// clamped to 1, always multiplied. normType is a positive p or math.Inf(1). The result is
// a *NormClipper, whose LastNorm reports the norm before clipping.
func ClipGradNorm(maxNorm, normType float64) Transform {
	return &NormClipper{MaxNorm: maxNorm, NormType: normType}
}

// Before clips grads and records their total norm.
func (c *NormClipper) Before(params, grads []float64, lr float64) error {
	if !(c.NormType > 0) {
		return fmt.Errorf("ClipGradNorm: norm_type must be positive or math.Inf(1), got %v", c.NormType)
	}
	if !(c.MaxNorm >= 0) {
		return fmt.Errorf("ClipGradNorm: max_norm must be a non-negative number, got %v", c.MaxNorm)
	}
	if len(c.Tensors) == 0 {
		c.last = ClipNorm(grads, c.MaxNorm, c.NormType)
		return nil
	}
	total, err := tensorNorm(grads, c.Tensors, c.NormType)
	if err != nil {
		return err
	}
	scaleByClipCoef(grads, c.MaxNorm, total)
	c.last = total
	return nil
}

// tensorNorm is torch's total norm over several tensors: the norm of their norms.
func tensorNorm(grads []float64, sizes []int, p float64) (float64, error) {
	sum := 0
	for _, n := range sizes {
		if n < 0 {
			return 0, fmt.Errorf("ClipGradNorm: negative tensor length %d in Tensors %v", n, sizes)
		}
		sum += n
	}
	if sum != len(grads) {
		return 0, fmt.Errorf("ClipGradNorm: Tensors %v cover %d values, the gradient has %d", sizes, sum, len(grads))
	}
	total, off := 0.0, 0
	for _, n := range sizes {
		nt := GradNorm(grads[off:off+n], p)
		off += n
		switch {
		case math.IsInf(p, 1):
			if nt > total || nt != nt {
				total = nt
			}
		case p == 2:
			total += nt * nt
		case p == 1:
			total += nt
		default:
			total += math.Pow(nt, p)
		}
	}
	switch {
	case math.IsInf(p, 1), p == 1:
		return total, nil
	case p == 2:
		return math.Sqrt(total), nil
	}
	return math.Pow(total, 1/p), nil
}

// After does nothing: clipping acts on gradients only.
func (c *NormClipper) After(params []float64, lr float64) error { return nil }

// LastNorm returns the total gradient norm seen by the last Before, before clipping.
func (c *NormClipper) LastNorm() float64 { return c.last }

// String shows the clipper's settings.
func (c *NormClipper) String() string {
	return fmt.Sprintf("ClipGradNorm(max_norm=%v, norm_type=%v)", c.MaxNorm, c.NormType)
}

// ValueClipper is the Transform made by ClipGradValue.
type ValueClipper struct {
	ClipValue float64 // gradients are clamped into [-ClipValue, ClipValue]
}

// ClipGradValue returns a transform that clamps every gradient into [-c, c], as torch's
// clip_grad_value_.
func ClipGradValue(c float64) Transform { return &ValueClipper{ClipValue: c} }

// Before clamps grads.
func (v *ValueClipper) Before(params, grads []float64, lr float64) error {
	if !(v.ClipValue >= 0) {
		return fmt.Errorf("ClipGradValue: clip_value must be a non-negative number, got %v", v.ClipValue)
	}
	ClipValue(grads, v.ClipValue)
	return nil
}

// After does nothing: clipping acts on gradients only.
func (v *ValueClipper) After(params []float64, lr float64) error { return nil }

// String shows the clip value.
func (v *ValueClipper) String() string { return fmt.Sprintf("ClipGradValue(%v)", v.ClipValue) }
