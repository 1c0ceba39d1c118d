package vec

import (
	"math"
	"math/rand"
	"testing"
)

// scalarAdam and scalarRMSprop are the kernels' formulas one element at a time, the
// reference the AVX path must reproduce bit for bit.
func scalarAdam(p, g, m, v []float64, c AdamCoeffs) {
	s, keep := signOf(c.Maximize), 1-c.Decay
	for i := range p {
		pi := p[i]
		if c.Decay != 0 {
			pi = pi * keep
		}
		gi := s * g[i]
		mi := m[i]*c.Beta1 + (1-c.Beta1)*gi
		vi := v[i]*c.Beta2 + ((1-c.Beta2)*gi)*gi
		m[i], v[i] = mi, vi
		p[i] = pi + ((-c.StepSize)*mi)/(math.Sqrt(vi)/c.BC2Sqrt+c.Eps)
	}
}

func scalarRMSprop(p, g, sq []float64, c RMSpropCoeffs) {
	s := signOf(c.Maximize)
	for i := range p {
		gi := s * g[i]
		si := sq[i]*c.Alpha + ((1-c.Alpha)*gi)*gi
		sq[i] = si
		p[i] = p[i] + ((-c.LR)*gi)/(math.Sqrt(si)+c.Eps)
	}
}

func scalarSGD(p, g, buf []float64, c SGDCoeffs) {
	s := signOf(c.Maximize)
	for i := range p {
		d := s * g[i]
		if c.WeightDecay != 0 {
			d = d + c.WeightDecay*p[i]
		}
		b := buf[i]*c.Momentum + (1-c.Dampening)*d
		buf[i] = b
		if c.Nesterov {
			d = d + c.Momentum*b
		} else {
			d = b
		}
		p[i] = p[i] + (-c.LR)*d
	}
}

func randSlices(r *rand.Rand, k, n int) [][]float64 {
	out := make([][]float64, k)
	for j := range out {
		out[j] = make([]float64, n)
		for i := range out[j] {
			out[j][i] = r.NormFloat64() * math.Exp(4*r.NormFloat64())
		}
	}
	if n >= 2 {
		out[1][0] = math.Copysign(0, -1) // a negative-zero gradient
		out[1][1] = 0
	}
	return out
}

func clone(xs [][]float64) [][]float64 {
	out := make([][]float64, len(xs))
	for i, x := range xs {
		out[i] = append([]float64(nil), x...)
	}
	return out
}

func sameBits(t *testing.T, what string, got, want []float64) {
	t.Helper()
	for i := range got {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) && !(math.IsNaN(got[i]) && math.IsNaN(want[i])) {
			t.Fatalf("%s[%d] = %v, scalar %v", what, i, got[i], want[i])
		}
	}
}

func TestSIMDMatchesScalar(t *testing.T) {
	if !useSIMD {
		// Without the assembly both sides are Go loops, and a compiler that fuses
		// multiply-adds (arm64) may fuse them differently: there is nothing to compare.
		t.Skip("no SIMD path on this platform")
	}
	r := rand.New(rand.NewSource(4))
	for _, n := range []int{1, 3, 4, 7, 64, 1001} {
		for _, c := range []AdamCoeffs{
			{Beta1: 0.9, Beta2: 0.999, StepSize: 1e-3 / 0.1, BC2Sqrt: math.Sqrt(0.001), Eps: 1e-8},
			{Beta1: 0.5, Beta2: 0.9, StepSize: 0.3, BC2Sqrt: 0.7, Eps: 1e-6, Decay: 0.01, Maximize: true},
		} {
			in := randSlices(r, 4, n)
			got, want := clone(in), clone(in)
			if err := Adam(got[0], got[1], got[2], got[3], nil, c); err != nil {
				t.Fatal(err)
			}
			scalarAdam(want[0], want[1], want[2], want[3], c)
			for j, name := range []string{"p", "g", "m", "v"} {
				sameBits(t, "Adam "+name, got[j], want[j])
			}
		}
		for _, c := range []RMSpropCoeffs{
			{LR: 0.01, Alpha: 0.99, Eps: 1e-8},
			{LR: 0.3, Alpha: 0.5, Eps: 1e-3, Maximize: true},
		} {
			in := randSlices(r, 3, n)
			for i := range in[2] {
				in[2][i] = math.Abs(in[2][i])
			}
			got, want := clone(in), clone(in)
			if err := RMSprop(got[0], got[1], got[2], nil, nil, c); err != nil {
				t.Fatal(err)
			}
			scalarRMSprop(want[0], want[1], want[2], c)
			for j, name := range []string{"p", "g", "square_avg"} {
				sameBits(t, "RMSprop "+name, got[j], want[j])
			}
		}
		for _, c := range []SGDCoeffs{
			{LR: 0.01, Momentum: 0.9},
			{LR: 0.3, Momentum: 0.5, Dampening: 0.25, WeightDecay: 0.1, Maximize: true},
			{LR: 0.1, Momentum: 0.8, WeightDecay: 0.05, Nesterov: true},
			{LR: 0.1, Momentum: 0.8, Nesterov: true},
		} {
			in := randSlices(r, 3, n)
			got, want := clone(in), clone(in)
			if err := SGD(got[0], got[1], got[2], c); err != nil {
				t.Fatal(err)
			}
			scalarSGD(want[0], want[1], want[2], c)
			for j, name := range []string{"p", "g", "momentum_buffer"} {
				sameBits(t, "SGD "+name, got[j], want[j])
			}
		}
	}
	t.Logf("AVX path in use: %v", useSIMD)
}
