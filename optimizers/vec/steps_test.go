package vec

import (
	"math"
	"math/rand"
	"strings"
	"testing"
)

// Each case is worked out by hand from the kernel's documented formula, with numbers
// chosen so that every intermediate is exact.
func TestStepKernels(t *testing.T) {
	type bufs = [][]float64
	tests := []struct {
		name string
		run  func(b bufs) error
		in   bufs
		want bufs
	}{
		{"SqrtDivAdd", func(b bufs) error { return SqrtDivAdd(b[0], b[1], 2, 0.5) },
			bufs{{0, 0}, {16, 1}}, bufs{{2.5, 1}, {16, 1}}},
		{"SqrtDivAdd in place", func(b bufs) error { return SqrtDivAdd(b[0], b[0], 4, 1) },
			bufs{{64}}, bufs{{3}}},
		{"AddCDivSqrt", func(b bufs) error { return AddCDivSqrt(b[0], -2, b[1], b[2], 2, 1) },
			bufs{{10, 1}, {3, 1}, {4, 0}}, bufs{{7, -1}, {3, 1}, {4, 0}}},
		{"SubTo", func(b bufs) error { return SubTo(b[0], b[1], b[2]) },
			bufs{{0, 0}, {5, 1}, {2, 3}}, bufs{{3, -2}, {5, 1}, {2, 3}}},
		{"ScalarDiv", func(b bufs) error { return ScalarDiv(b[0], 3, b[0]) },
			bufs{{2, -0.5, 0}}, bufs{{1.5, -6, math.Inf(1)}}},
		{"Minimum", func(b bufs) error { return Minimum(b[0], b[1], b[2]) },
			bufs{{0, 0, 0}, {1, -2, math.NaN()}, {3, -5, 1}}, bufs{{1, -5, math.NaN()}, {1, -2, math.NaN()}, {3, -5, 1}}},
		{"SignStep", func(b bufs) error { return SignStep(b[0], 0.5, b[1]) },
			bufs{{1, 1, 1}, {-3, 0, 2}}, bufs{{1.5, 1, 0.5}, {-3, 0, 2}}},
		{"Moments", func(b bufs) error { return Moments(b[0], b[1], 0.5, 0.75, b[2]) },
			bufs{{2, 2, 2, 2, 2}, {4, 4, 4, 4, 4}, {2, 2, 2, 2, 0}}, bufs{{2, 2, 2, 2, 1}, {4, 4, 4, 4, 3}, {2, 2, 2, 2, 0}}},
	}
	for _, tc := range tests {
		b := clone(tc.in)
		if err := tc.run(b); err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		for i := range b {
			for j := range b[i] {
				got, want := b[i][j], tc.want[i][j]
				if got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
					t.Errorf("%s: buffer %d = %v, want %v", tc.name, i, b[i], tc.want[i])
					break
				}
			}
		}
	}
}

func TestStepKernelLengths(t *testing.T) {
	a, b := make([]float64, 3), make([]float64, 4)
	for name, err := range map[string]error{
		"SqrtDivAdd":  SqrtDivAdd(a, b, 1, 1),
		"AddCDivSqrt": AddCDivSqrt(a, 1, a, b, 1, 1),
		"SubTo":       SubTo(a, a, b),
		"ScalarDiv":   ScalarDiv(a, 1, b),
		"Minimum":     Minimum(a, b, a),
		"SignStep":    SignStep(a, 1, b),
	} {
		if err == nil || !strings.Contains(err.Error(), "vec."+name+": lengths") {
			t.Errorf("%s with lengths 3 and 4: %v", name, err)
		}
	}
}

// The AVX loops of the step kernels give the bits of their Go loops, at every length
// (the tail after the last group of four runs in Go).
func TestStepKernelsSIMDMatchScalar(t *testing.T) {
	if !useSIMD {
		t.Skip("no SIMD path on this platform")
	}
	r := rand.New(rand.NewSource(9))
	for _, n := range []int{1, 4, 7, 64, 1001} {
		in := randSlices(r, 4, n)
		for i := range in[2] {
			in[2][i] = math.Abs(in[2][i])
		}
		got, want := clone(in), clone(in)
		SqrtDivAdd(got[0], got[2], 0.7, 1e-3)
		for i := range want[0] {
			want[0][i] = math.Sqrt(want[2][i])/0.7 + 1e-3
		}
		sameBits(t, "SqrtDivAdd", got[0], want[0])

		got, want = clone(in), clone(in)
		AddCDivSqrt(got[0], -0.3, got[1], got[2], 0.7, 1e-8)
		for i := range want[0] {
			want[0][i] = want[0][i] + (-0.3*want[1][i])/(math.Sqrt(want[2][i])/0.7+1e-8)
		}
		sameBits(t, "AddCDivSqrt", got[0], want[0])

		got, want = clone(in), clone(in)
		b1, b2 := 0.9, 0.999 // variables: 1-b1 rounds at run time, as in the kernel
		Moments(got[0], got[2], b1, b2, got[3])
		for i := range want[0] {
			g := want[3][i]
			want[0][i] = want[0][i]*b1 + (1-b1)*g
			want[2][i] = want[2][i]*b2 + ((1-b2)*g)*g
		}
		sameBits(t, "Moments m", got[0], want[0])
		sameBits(t, "Moments v", got[2], want[2])
	}
}
