package vec

import (
	"math"
	"math/big"
	"math/rand"
	"testing"
)

// powThirdRef is x**0.3333333333333333 correctly rounded: the cube root by Newton's method
// in 300-bit arithmetic, times 1 - δ*ln(x) with δ = 1/3 - 0.3333333333333333 = 2^-54/3
// (the next term, (δ ln x)^2/2 < 1e-30, is far below an ulp).
func powThirdRef(x float64) float64 {
	const prec = 300
	bx := new(big.Float).SetPrec(prec).SetFloat64(x)
	y := new(big.Float).SetPrec(prec).SetFloat64(math.Cbrt(x))
	three := new(big.Float).SetPrec(prec).SetInt64(3)
	for i := 0; i < 6; i++ {
		y2 := new(big.Float).SetPrec(prec).Mul(y, y)
		y3 := new(big.Float).SetPrec(prec).Mul(y2, y)
		num := new(big.Float).SetPrec(prec).Sub(y3, bx)
		q := new(big.Float).SetPrec(prec).Quo(num, new(big.Float).SetPrec(prec).Mul(three, y2))
		y.Sub(y, q)
	}
	c := new(big.Float).SetPrec(prec).SetFloat64(-math.Log(x) * (0x1p-54 / 3))
	c.Add(c, new(big.Float).SetPrec(prec).SetInt64(1))
	f, _ := y.Mul(y, c).Float64()
	return f
}

func ulpsOff(got, want float64) float64 {
	return math.Abs(got-want) / (math.Nextafter(want, math.Inf(1)) - want)
}

// TestPowThirdWithinAnUlp checks PowThird against the correctly rounded power over the
// whole range of positive doubles, subnormals included, and math.Pow's special cases.
func TestPowThirdWithinAnUlp(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	xs := []float64{5e-324, 1e-310, 0x1p-1020, 0x1.fffffffffffffp-1021, 1e-300, 1, 8, 27, 1e300, math.MaxFloat64}
	for i := 0; i < 20000; i++ {
		xs = append(xs, math.Exp(r.Float64()*1450-744))
	}
	worst := 0.0
	for _, x := range xs {
		want := powThirdRef(x)
		u := ulpsOff(PowThird(x), want)
		if u > 1 {
			t.Errorf("PowThird(%g) = %v, correctly rounded %v: %.2f ulps off", x, PowThird(x), want, u)
		}
		worst = math.Max(worst, u)
	}
	t.Logf("worst %.2f ulp over %d inputs", worst, len(xs))
	for _, c := range []struct{ x, want float64 }{{0, 0}, {math.Copysign(0, -1), 0}, {math.Inf(1), math.Inf(1)}, {math.Inf(-1), math.Inf(1)}} {
		if got := PowThird(c.x); got != c.want || math.Signbit(got) {
			t.Errorf("PowThird(%v) = %v, want %v", c.x, got, c.want)
		}
	}
	for _, x := range []float64{math.NaN(), -1} {
		if got := PowThird(x); !math.IsNaN(got) {
			t.Errorf("PowThird(%v) = %v, want NaN as pow gives", x, got)
		}
	}
}
