package gemm

import "math"

// Act is the element-wise activation a fused layer product applies to its output
// (Forward), or whose derivative it multiplies its output by (BackwardInput). The values
// are those of model.Activation.
type Act int

// The activations.
const (
	Identity Act = iota
	ReLU
	Tanh
	Sigmoid
)

// Apply writes act(z) into a; z and a may be the same slice. ReLU passes NaN through so
// that a diverging run is seen.
func (act Act) Apply(z, a []float64) {
	switch act {
	case Identity:
		copy(a, z)
	case ReLU:
		for i, v := range z {
			if 0 > v {
				v = 0
			}
			a[i] = v
		}
	case Tanh:
		for i, v := range z {
			a[i] = math.Tanh(v)
		}
	case Sigmoid:
		for i, v := range z {
			if v >= 0 {
				a[i] = 1 / (1 + math.Exp(-v))
			} else {
				e := math.Exp(v)
				a[i] = e / (1 + e)
			}
		}
	}
}

// Derive multiplies d, a gradient with respect to the activations a = act(z), by the
// derivative act'(z) read from a, turning it into the gradient with respect to z.
func (act Act) Derive(a, d []float64) {
	d = d[:len(a)]
	switch act {
	case ReLU:
		for i, v := range a {
			if v <= 0 {
				d[i] = 0
			}
		}
	case Tanh:
		for i, v := range a {
			d[i] *= 1 - v*v
		}
	case Sigmoid:
		for i, v := range a {
			d[i] *= v * (1 - v)
		}
	}
}
