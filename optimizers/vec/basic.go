package vec

import "math"

// Axpy sets y[i] = y[i] + a*x[i] (torch's y.add_(x, alpha=a)).
func Axpy(y []float64, a float64, x []float64) error {
	if err := sameLen("Axpy", "y, x", len(y), len(x)); err != nil {
		return err
	}
	x = x[:len(y)]
	for i, xi := range x {
		y[i] = y[i] + a*xi
	}
	return nil
}

// AxpyTo sets dst[i] = y[i] + a*x[i], leaving y and x alone; dst may be y or x.
func AxpyTo(dst, y []float64, a float64, x []float64) error {
	if err := sameLen("AxpyTo", "dst, y, x", len(dst), len(y), len(x)); err != nil {
		return err
	}
	y, x = y[:len(dst)], x[:len(dst)]
	for i := range dst {
		dst[i] = y[i] + a*x[i]
	}
	return nil
}

// Scale sets x[i] = x[i]*a.
func Scale(x []float64, a float64) {
	for i, xi := range x {
		x[i] = xi * a
	}
}

// AddConst sets x[i] = x[i] + c.
func AddConst(x []float64, c float64) {
	for i, xi := range x {
		x[i] = xi + c
	}
}

// Fill sets every element of x to c.
func Fill(x []float64, c float64) {
	for i := range x {
		x[i] = c
	}
}

// Mul sets dst[i] = x[i]*y[i]; dst may alias x or y.
func Mul(dst, x, y []float64) error {
	if err := sameLen("Mul", "dst, x, y", len(dst), len(x), len(y)); err != nil {
		return err
	}
	x, y = x[:len(dst)], y[:len(dst)]
	for i := range dst {
		dst[i] = x[i] * y[i]
	}
	return nil
}

// Div sets dst[i] = x[i]/y[i]; dst may alias x or y. Division by zero gives ±Inf or NaN
// as in IEEE arithmetic, as torch does.
func Div(dst, x, y []float64) error {
	if err := sameLen("Div", "dst, x, y", len(dst), len(x), len(y)); err != nil {
		return err
	}
	x, y = x[:len(dst)], y[:len(dst)]
	for i := range dst {
		dst[i] = x[i] / y[i]
	}
	return nil
}

// AddCMul sets x[i] = x[i] + (v*a[i])*b[i] (torch's x.addcmul_(a, b, value=v)).
func AddCMul(x []float64, v float64, a, b []float64) error {
	if err := sameLen("AddCMul", "x, a, b", len(x), len(a), len(b)); err != nil {
		return err
	}
	a, b = a[:len(x)], b[:len(x)]
	for i := range x {
		x[i] = x[i] + (v*a[i])*b[i]
	}
	return nil
}

// AddCDiv sets x[i] = x[i] + (v*a[i])/b[i] (torch's x.addcdiv_(a, b, value=v)).
func AddCDiv(x []float64, v float64, a, b []float64) error {
	if err := sameLen("AddCDiv", "x, a, b", len(x), len(a), len(b)); err != nil {
		return err
	}
	a, b = a[:len(x)], b[:len(x)]
	for i := range x {
		x[i] = x[i] + (v*a[i])/b[i]
	}
	return nil
}

// Sqrt sets dst[i] = sqrt(x[i]); dst may be x. Negative inputs give NaN.
func Sqrt(dst, x []float64) error {
	if err := sameLen("Sqrt", "dst, x", len(dst), len(x)); err != nil {
		return err
	}
	x = x[:len(dst)]
	for i := range dst {
		dst[i] = math.Sqrt(x[i])
	}
	return nil
}

// Abs sets dst[i] = |x[i]|; dst may be x.
func Abs(dst, x []float64) error {
	if err := sameLen("Abs", "dst, x", len(dst), len(x)); err != nil {
		return err
	}
	x = x[:len(dst)]
	for i := range dst {
		dst[i] = math.Abs(x[i])
	}
	return nil
}

// Sign sets dst[i] to -1, 0 or 1 by the sign of x[i] (torch.sign: sign(±0) = 0 and
// sign(NaN) = NaN); dst may be x.
func Sign(dst, x []float64) error {
	if err := sameLen("Sign", "dst, x", len(dst), len(x)); err != nil {
		return err
	}
	x = x[:len(dst)]
	for i := range dst {
		dst[i] = sign(x[i])
	}
	return nil
}

func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	case x == 0:
		return 0
	}
	return x // NaN
}

// Clamp limits every x[i] to [lo, hi] (torch.clamp_); NaN stays NaN. If lo > hi every
// element becomes hi, as in torch.
func Clamp(x []float64, lo, hi float64) {
	for i, xi := range x {
		if xi < lo {
			xi = lo
		}
		if xi > hi {
			xi = hi
		}
		x[i] = xi
	}
}

// Maximum sets dst[i] = max(x[i], y[i]), propagating NaN as torch.maximum does; dst may
// alias x or y.
func Maximum(dst, x, y []float64) error {
	if err := sameLen("Maximum", "dst, x, y", len(dst), len(x), len(y)); err != nil {
		return err
	}
	x, y = x[:len(dst)], y[:len(dst)]
	for i := range dst {
		dst[i] = maxNaN(x[i], y[i])
	}
	return nil
}

// maxNaN is torch.maximum on two numbers: NaN if either is NaN.
func maxNaN(a, b float64) float64 {
	if a >= b {
		return a
	}
	if b > a {
		return b
	}
	if a != a {
		return a
	}
	return b
}
