package vec

import "math"

// Dot returns the sum of x[i]*y[i], accumulated left to right.
func Dot(x, y []float64) (float64, error) {
	if err := sameLen("Dot", "x, y", len(x), len(y)); err != nil {
		return 0, err
	}
	y = y[:len(x)]
	s := 0.0
	for i, xi := range x {
		s += xi * y[i]
	}
	return s, nil
}

// Sum returns the sum of the elements of x, accumulated left to right.
func Sum(x []float64) float64 {
	s := 0.0
	for _, xi := range x {
		s += xi
	}
	return s
}

// Norm returns the p-norm of x as torch.linalg.vector_norm defines it: (Σ|x_i|^p)^(1/p)
// for finite p ≠ 0, the largest |x_i| for p = +Inf, the smallest for p = -Inf, and the
// number of non-zero elements for p = 0. The norm of an empty vector is 0 (+Inf for
// p = -Inf). p = 1 and p = 2 take fast paths without Pow.
func Norm(x []float64, p float64) float64 {
	switch {
	case p == 2:
		s := 0.0
		for _, xi := range x {
			s += xi * xi
		}
		return math.Sqrt(s)
	case p == 1:
		s := 0.0
		for _, xi := range x {
			s += math.Abs(xi)
		}
		return s
	case math.IsInf(p, 1):
		m := 0.0
		for _, xi := range x {
			m = maxNaN(m, math.Abs(xi))
		}
		return m
	case math.IsInf(p, -1):
		m := math.Inf(1)
		for _, xi := range x {
			a := math.Abs(xi)
			if a < m || a != a {
				m = a
			}
		}
		return m
	case p == 0:
		n := 0.0
		for _, xi := range x {
			if xi != 0 {
				n++
			}
		}
		return n
	}
	s := 0.0
	for _, xi := range x {
		s += math.Pow(math.Abs(xi), p)
	}
	return math.Pow(s, 1/p)
}
