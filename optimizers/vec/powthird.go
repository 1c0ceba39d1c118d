package vec

import "math"

// PowThird returns x**0.3333333333333333, C's pow(x, 1/3.0) as MADGRAD's reference calls
// it, to within about one ulp (Go's math.Pow is up to 8 ulps off glibc's here). The
// exponent is the double nearest 1/3, which is 1/3 - δ with δ = 2^-54/3, so the result
// is cbrt(x) * x^-δ = cbrt(x) * (1 - δ*ln x) to far below an ulp.
//
// The cube root takes no division and no table, so the vector paths compute the very
// same operations four or eight lanes at a time: an initial guess of x^(-1/3) from the
// exponent bits (3.4% off at worst), two third-order steps r = r + r*e*(1/3 + 2e/9) with
// e = 1 - x*r^3 (to 3e-11), y = x*r*r, one Newton step on y with the residual y^3 - x in
// double-double, then the δ correction from the exponent bits.
// Zero, subnormal and tiny inputs, infinities, NaN and negative numbers take a separate
// scalar path (as C's pow: 0 for ±0, +Inf for ±Inf, NaN for NaN and negative numbers).
func PowThird(x float64) float64 {
	if !(x >= powThirdMin && x <= math.MaxFloat64) {
		return powThirdSpecial(x)
	}
	return powThirdDelta(cbrtNewton(x), x)
}

const (
	// powThirdMin is the smallest input of the fast path; below it the exponent-bit
	// guess (which needs a normal number) or the δ estimate would be off.
	powThirdMin = 0x1p-1020
	// powThirdMagic is the high word of the initial guess 2^(K/2^20)·x^(-1/3).
	powThirdMagic = 0x553ef0ff
	third         = 1.0 / 3
	twoNinths     = 2.0 / 9
	// The δ correction -δ*ln(x) ≈ hi*powThirdK1 + powThirdK0, from the high 32 bits hi
	// of x read as an integer: hi/2^20 - 1023 ≈ log2(x) to within 0.09, which moves the
	// correction (at most 1.3e-15) by less than 2e-18.
	powThirdDeltaLn2 = 0x1p-54 / 3 * math.Ln2
	powThirdK1       = -powThirdDeltaLn2 / (1 << 20)
	powThirdK0       = powThirdDeltaLn2 * 1023
)

// cbrtNewton is the division-free cube root of a positive normal x.
func cbrtNewton(x float64) float64 {
	hi := uint32(math.Float64bits(x) >> 32)
	r := math.Float64frombits(uint64(powThirdMagic-hi/3) << 32)
	for k := 0; k < 2; k++ {
		xr := x * r
		r2 := r * r
		e := math.FMA(-xr, r2, 1)
		c := math.FMA(e, twoNinths, third)
		re := r * e
		r = math.FMA(re, c, r)
	}
	y := x * r
	y = y * r
	h := y * y
	l := math.FMA(y, y, -h)
	d := math.FMA(h, y, -x)
	d = math.FMA(l, y, d)
	w := r * r
	w = w * third
	return math.FMA(-d, w, y)
}

// powThirdDelta multiplies the cube root y of x by x^-δ.
func powThirdDelta(y, x float64) float64 {
	hi := float64(int32(math.Float64bits(x) >> 32))
	c := math.FMA(hi, powThirdK1, powThirdK0)
	return math.FMA(c, y, y)
}

func powThirdSpecial(x float64) float64 {
	switch {
	case x == 0:
		return 0
	case x > 0 && x < powThirdMin:
		// Scale into the normal range exactly, take the cube root there and scale back
		// (2^300 is a cube), with the δ correction from the true logarithm.
		y := cbrtNewton(x*0x1p300) * 0x1p-100
		return math.FMA(-0x1p-54/3*math.Log(x), y, y)
	}
	return math.Pow(x, 1.0/3) // +Inf, NaN, negative numbers
}
