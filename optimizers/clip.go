package optimizers

import (
	"fmt"

	"github.com/descentlab/descent/optimizers/vec"
)

// GradNorm returns the normType-norm of grads as torch.linalg.vector_norm, and so
// torch.nn.utils.clip_grad_norm_ on one tensor, computes it: (Σ|g|^p)^(1/p), the largest
// |g| for +Inf, the smallest for -Inf and the number of non-zeros for 0. It is vec.Norm
// under the name clipping code uses, so the two cannot drift apart. Sums are not
// rescaled, so they overflow exactly where torch's do.
func GradNorm(grads []float64, normType float64) float64 { return vec.Norm(grads, normType) }

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
	norms   []float64 // per-tensor norms, scratch for tensorNorm
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
	total, err := c.tensorNorm(grads)
	if err != nil {
		return err
	}
	scaleByClipCoef(grads, c.MaxNorm, total)
	c.last = total
	return nil
}

// tensorNorm is torch's total norm over several tensors: the norm of their norms, which
// is how clip_grad_norm_ combines them. The per-tensor norms go into c.norms, reused
// across steps so that clipping does not allocate once warm.
func (c *NormClipper) tensorNorm(grads []float64) (float64, error) {
	sum := 0
	for _, n := range c.Tensors {
		if n < 0 {
			return 0, fmt.Errorf("ClipGradNorm: negative tensor length %d in Tensors %v", n, c.Tensors)
		}
		sum += n
	}
	if sum != len(grads) {
		return 0, fmt.Errorf("ClipGradNorm: Tensors %v cover %d values, the gradient has %d", c.Tensors, sum, len(grads))
	}
	c.norms = c.norms[:0]
	off := 0
	for _, n := range c.Tensors {
		c.norms = append(c.norms, vec.Norm(grads[off:off+n], c.NormType))
		off += n
	}
	return vec.Norm(c.norms, c.NormType), nil
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
