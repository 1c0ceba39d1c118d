package vec

import "math"

// The kernels here are steps of torch.optim's single-tensor code, for plugins: an Adam
// written with Moments and AddCDivSqrt inside Blocks computes the built-in Adam's bits at
// nearly its speed (see the plugins' README).

// SqrtDivAdd sets dst[i] = sqrt(x[i])/d + c, torch's (v.sqrt() / bias_correction2_sqrt)
// .add_(eps), the denominator of Adam and its kin; dst may be x.
func SqrtDivAdd(dst, x []float64, d, c float64) error {
	if err := sameLen("SqrtDivAdd", "dst, x", len(dst), len(x)); err != nil {
		return err
	}
	x = x[:len(dst)]
	start := 0
	if useSIMD && len(dst) >= 4 {
		start = len(dst) &^ 3
		sqrtDivAddAVX(&dst[0], &x[0], start, d, c)
	}
	for i := start; i < len(dst); i++ {
		dst[i] = math.Sqrt(x[i])/d + c
	}
	return nil
}

// AddCDivSqrt sets p[i] = p[i] + (v*m[i]) / (sqrt(s[i])/d + c): torch's
// denom = (s.sqrt() / d).add_(c); p.addcdiv_(m, denom, value=v) in one pass, the update
// of Adam (v = -lr/(1-β1^t), d = sqrt(1-β2^t), c = eps), AdaBelief, Yogi and their kin.
func AddCDivSqrt(p []float64, v float64, m, s []float64, d, c float64) error {
	if err := sameLen("AddCDivSqrt", "p, m, s", len(p), len(m), len(s)); err != nil {
		return err
	}
	m, s = m[:len(p)], s[:len(p)]
	start := 0
	if useSIMD && len(p) >= 4 {
		start = len(p) &^ 3
		addCDivSqrtAVX(&p[0], &m[0], &s[0], start, v, d, c)
	}
	for i := start; i < len(p); i++ {
		p[i] = p[i] + (v*m[i])/(math.Sqrt(s[i])/d+c)
	}
	return nil
}

// SubTo sets dst[i] = x[i] - y[i]; dst may alias x or y.
func SubTo(dst, x, y []float64) error {
	if err := sameLen("SubTo", "dst, x, y", len(dst), len(x), len(y)); err != nil {
		return err
	}
	x, y = x[:len(dst)], y[:len(dst)]
	for i := range dst {
		dst[i] = x[i] - y[i]
	}
	return nil
}

// ScalarDiv sets dst[i] = a/x[i] (torch's torch.full_like(x, a).div_(x)); dst may be x.
func ScalarDiv(dst []float64, a float64, x []float64) error {
	if err := sameLen("ScalarDiv", "dst, x", len(dst), len(x)); err != nil {
		return err
	}
	x = x[:len(dst)]
	for i := range dst {
		dst[i] = a / x[i]
	}
	return nil
}

// Minimum sets dst[i] = min(x[i], y[i]), NaN if either is (torch.minimum); dst may alias x
// or y.
func Minimum(dst, x, y []float64) error {
	if err := sameLen("Minimum", "dst, x, y", len(dst), len(x), len(y)); err != nil {
		return err
	}
	x, y = x[:len(dst)], y[:len(dst)]
	for i := range dst {
		a, b := x[i], y[i]
		switch {
		case a != a || b != b:
			dst[i] = math.NaN()
		case b < a:
			dst[i] = b
		default:
			dst[i] = a
		}
	}
	return nil
}

// SignStep sets p[i] = p[i] - lr*sign(x[i]) (sign(0) = 0, sign(NaN) = NaN), the update of
// signSGD and Signum.
func SignStep(p []float64, lr float64, x []float64) error {
	if err := sameLen("SignStep", "p, x", len(p), len(x)); err != nil {
		return err
	}
	x = x[:len(p)]
	for i := range p {
		p[i] = p[i] - lr*sign(x[i])
	}
	return nil
}
