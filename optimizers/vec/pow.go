package vec

import "math"

// Pow returns x**n for an integer n, correctly rounded in all but astronomically rare
// cases. The bias corrections 1 - beta**step of Adam-style optimizers need it: torch takes
// them from C's pow, which is correctly rounded, while math.Pow squares in plain float64
// and can be several ulps off, enough to move a trajectory off torch's by 1e-13.
// It squares in double-double arithmetic (an error-free product via math.FMA), so the
// only rounding that matters is the final one.
func Pow(x float64, n int) float64 {
	if n < 0 {
		return 1 / Pow(x, -n)
	}
	if n == 0 {
		return 1
	}
	if x == 0 || math.IsInf(x, 0) || math.IsNaN(x) || x == 1 {
		return math.Pow(x, float64(n))
	}
	// Keep the running values near 1 in magnitude so hi*hi never under- or overflows
	// before the exponent is applied at the end with Ldexp.
	frac, exp := math.Frexp(x)
	rh, rl := 1.0, 0.0  // result, double-double
	bh, bl := frac, 0.0 // base, double-double
	e := 0              // binary exponent of the result, applied at the end
	be := exp
	for k := n; ; {
		if k&1 == 1 {
			rh, rl = ddMul(rh, rl, bh, bl)
			e += be
			var re int
			rh, re = math.Frexp(rh)
			rl = math.Ldexp(rl, -re)
			e += re
		}
		k >>= 1
		if k == 0 {
			break
		}
		bh, bl = ddMul(bh, bl, bh, bl)
		be *= 2
		var ee int
		bh, ee = math.Frexp(bh)
		bl = math.Ldexp(bl, -ee)
		be += ee
	}
	return math.Ldexp(rh+rl, e)
}

// ddMul multiplies two double-double numbers (hi, lo) with a relative error near 2^-104.
func ddMul(ah, al, bh, bl float64) (float64, float64) {
	p := ah * bh
	err := math.FMA(ah, bh, -p)
	err += ah*bl + al*bh
	h := p + err
	return h, err - (h - p)
}

// BiasCorrection returns 1 - beta**step, the bias correction of a moving average with
// factor beta after step updates, as torch.optim computes it.
func BiasCorrection(beta float64, step int) float64 {
	return 1 - Pow(beta, step)
}
