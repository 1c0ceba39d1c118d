package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

var acts = []Act{Identity, ReLU, Tanh, Sigmoid}

// actRef and derivRef are the activations and their derivatives (read from the output)
// written out independently of Act's methods.
func actRef(act Act, z float64) float64 {
	switch act {
	case ReLU:
		if z > 0 || z != z {
			return z
		}
		return 0
	case Tanh:
		return math.Tanh(z)
	case Sigmoid:
		return 1 / (1 + math.Exp(-z))
	}
	return z
}

func derivRef(act Act, a float64) float64 {
	switch act {
	case ReLU:
		if a > 0 {
			return 1
		}
		return 0
	case Tanh:
		return 1 - a*a
	case Sigmoid:
		return a * (1 - a)
	}
	return 1
}

// closeTo reports whether got is within 1e-12 of want relative to mag, the magnitude of
// the terms of the sum want came from (scaled by the activation's slope, at most 1).
func closeTo(got, want, mag float64) bool {
	return math.Abs(got-want) <= 1e-12*mag+1e-300
}

type layerShape struct{ m, n, k int }

func layerShapes() []layerShape {
	var s []layerShape
	for _, m := range []int{1, 7, 64, 65, 257} {
		for _, n := range []int{1, 3, 8, 9, 64} {
			for _, k := range []int{1, 2, 9, 63, 257} {
				s = append(s, layerShape{m, n, k})
			}
		}
	}
	return s
}

// TestForwardMatchesNaive: out = act(x*w + bias) for every activation and odd sizes,
// with the assembly and the Go kernel agreeing bit for bit.
func TestForwardMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, s := range layerShapes() {
		ldx, ldw, ldo := s.k+1, s.n+2, s.n+3
		x, w, bias := randSlice(rng, s.m*ldx), randSlice(rng, s.k*ldw), randSlice(rng, s.n)
		for _, act := range acts {
			var outs [][]float64
			for _, asm := range kernels() {
				out := make([]float64, s.m*ldo)
				withKernel(asm, func() { Forward(s.m, s.n, s.k, x, ldx, w, ldw, bias, act, out, ldo) })
				for i := 0; i < s.m; i++ {
					for j := 0; j < s.n; j++ {
						z, mag := bias[j], math.Abs(bias[j])
						for p := 0; p < s.k; p++ {
							z += x[i*ldx+p] * w[p*ldw+j]
							mag += math.Abs(x[i*ldx+p] * w[p*ldw+j])
						}
						if want := actRef(act, z); !closeTo(out[i*ldo+j], want, mag) {
							t.Fatalf("%s %v %v: out[%d][%d] = %v, want %v", kernelName(asm), s, act, i, j, out[i*ldo+j], want)
						}
					}
				}
				outs = append(outs, out)
			}
			if len(outs) == 2 && !sameBits(outs[0], outs[1]) {
				t.Fatalf("%v %v: the assembly and the Go kernel differ", s, act)
			}
		}
	}
}

// TestBackwardInputMatchesNaive: dz = (dy*wᵀ) ⊙ act'(a) for every activation, including
// activations exactly at zero and NaN, where relu's mask must zero and keep.
func TestBackwardInputMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for _, s := range layerShapes() {
		// Here m is the batch, n the inputs of the layer and k its outputs.
		ldy, ldw, lda, ldz := s.k+1, s.k+2, s.n+1, s.n+3
		dy, w, a := randSlice(rng, s.m*ldy), randSlice(rng, s.n*ldw), randSlice(rng, s.m*lda)
		for i := range a {
			switch i % 7 {
			case 0:
				a[i] = 0
			case 3:
				a[i] = math.Copysign(0, -1)
			}
		}
		for _, act := range acts {
			var outs [][]float64
			for _, asm := range kernels() {
				dz := make([]float64, s.m*ldz)
				withKernel(asm, func() { BackwardInput(s.m, s.n, s.k, dy, ldy, w, ldw, a, lda, act, dz, ldz) })
				for i := 0; i < s.m; i++ {
					for j := 0; j < s.n; j++ {
						var g, mag float64
						for p := 0; p < s.k; p++ {
							g += dy[i*ldy+p] * w[j*ldw+p]
							mag += math.Abs(dy[i*ldy+p] * w[j*ldw+p])
						}
						d := derivRef(act, a[i*lda+j])
						if want := g * d; !closeTo(dz[i*ldz+j], want, mag*math.Abs(d)) {
							t.Fatalf("%s %v %v: dz[%d][%d] = %v, want %v", kernelName(asm), s, act, i, j, dz[i*ldz+j], want)
						}
					}
				}
				outs = append(outs, dz)
			}
			if len(outs) == 2 && !sameBits(outs[0], outs[1]) {
				t.Fatalf("%v %v: the assembly and the Go kernel differ", s, act)
			}
		}
	}
}

// TestBackwardWeightsMatchesNaive: rows 0..m-1 of g are xᵀ*dy and row m the column sums
// of dy, for inputs that fill a tile exactly (m = 5, 11: the row of ones completes it)
// and not.
func TestBackwardWeightsMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	for _, m := range []int{1, 2, 5, 6, 11, 64, 65} {
		for _, n := range []int{1, 2, 8, 9, 64} {
			for _, k := range []int{1, 7, 256, 300} {
				ldx, ldy, ldg := m+1, n+2, n+1
				x, dy := randSlice(rng, k*ldx), randSlice(rng, k*ldy)
				var outs [][]float64
				for _, asm := range kernels() {
					g := make([]float64, (m+1)*ldg)
					withKernel(asm, func() { BackwardWeights(m, n, k, x, ldx, dy, ldy, g, ldg) })
					for i := 0; i <= m; i++ {
						for j := 0; j < n; j++ {
							var s, mag float64
							for p := 0; p < k; p++ {
								xv := 1.0
								if i < m {
									xv = x[p*ldx+i]
								}
								s += xv * dy[p*ldy+j]
								mag += math.Abs(xv * dy[p*ldy+j])
							}
							if !closeTo(g[i*ldg+j], s, mag) {
								t.Fatalf("%s m=%d n=%d k=%d: g[%d][%d] = %v, want %v", kernelName(asm), m, n, k, i, j, g[i*ldg+j], s)
							}
						}
					}
					outs = append(outs, g)
				}
				if len(outs) == 2 && !sameBits(outs[0], outs[1]) {
					t.Fatalf("m=%d n=%d k=%d: the assembly and the Go kernel differ", m, n, k)
				}
			}
		}
	}
}

// TestReLUNaN: a NaN pre-activation comes out of relu as NaN, and a NaN activation keeps
// its gradient, so a diverging run is caught rather than silently zeroed.
func TestReLUNaN(t *testing.T) {
	for _, asm := range kernels() {
		withKernel(asm, func() {
			x := []float64{1, math.NaN(), -1}
			w := []float64{1}
			out := make([]float64, 3)
			Forward(3, 1, 1, x, 1, w, 1, []float64{0}, ReLU, out, 1)
			if out[0] != 1 || !math.IsNaN(out[1]) || out[2] != 0 {
				t.Errorf("%s: relu forward = %v, want [1 NaN 0]", kernelName(asm), out)
			}
			dz := make([]float64, 3)
			BackwardInput(3, 1, 1, []float64{2, 2, 2}, 1, w, 1, out, 1, ReLU, dz, 1)
			if fmt.Sprint(dz) != "[2 2 0]" {
				t.Errorf("%s: relu backward = %v, want [2 2 0]", kernelName(asm), dz)
			}
		})
	}
}
