package data

import (
	"fmt"
	"math"
	"math/rand/v2"
)

func newRand(seed uint64, salt uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, salt)) }

func checkN(name string, n, min int) error {
	if n < min {
		return fmt.Errorf("data: %s with %d rows, want at least %d", name, n, min)
	}
	return nil
}

func checkNoise(name string, noise float64) error {
	if noise < 0 || math.IsNaN(noise) || math.IsInf(noise, 0) {
		return fmt.Errorf("data: %s noise %v, want a finite number >= 0", name, noise)
	}
	return nil
}

// Linear returns n rows of standard-normal features x (one per weight) with target
// y = x.weights + bias + noise*N(0,1).
func Linear(n int, weights []float64, bias, noise float64, seed uint64) (*Dataset, error) {
	if err := checkN("Linear", n, 1); err != nil {
		return nil, err
	}
	if len(weights) == 0 {
		return nil, fmt.Errorf("data: Linear with no weights, want one per feature")
	}
	if err := checkNoise("Linear", noise); err != nil {
		return nil, err
	}
	rng := newRand(seed, 1)
	f := len(weights)
	d := &Dataset{N: n, Features: f, Targets: 1, X: make([]float64, n*f), Y: make([]float64, n)}
	for i := 0; i < n; i++ {
		y := bias
		for j, w := range weights {
			x := rng.NormFloat64()
			d.X[i*f+j] = x
			y += w * x
		}
		d.Y[i] = y + noise*rng.NormFloat64()
	}
	return d, nil
}

// Polynomial returns n rows of one feature x uniform in [-1, 1] with target
// y = coeffs[0]*x^k + ... + coeffs[k] + noise*N(0,1): coefficients highest power first,
// the order model.NewPolynomial's parameters use.
func Polynomial(n int, coeffs []float64, noise float64, seed uint64) (*Dataset, error) {
	if err := checkN("Polynomial", n, 1); err != nil {
		return nil, err
	}
	if len(coeffs) == 0 {
		return nil, fmt.Errorf("data: Polynomial with no coefficients")
	}
	if err := checkNoise("Polynomial", noise); err != nil {
		return nil, err
	}
	rng := newRand(seed, 2)
	d := &Dataset{N: n, Features: 1, Targets: 1, X: make([]float64, n), Y: make([]float64, n)}
	for i := range d.X {
		x := 2*rng.Float64() - 1
		var y float64
		for _, c := range coeffs {
			y = y*x + c
		}
		d.X[i], d.Y[i] = x, y+noise*rng.NormFloat64()
	}
	return d, nil
}

func classes(n, k, features int) *Dataset {
	return &Dataset{N: n, Features: features, Targets: 1, Classes: k, X: make([]float64, n*features), Y: make([]float64, n)}
}

// Blobs returns n rows in k Gaussian clusters of standard deviation std around centers
// drawn uniformly from [-5, 5]^features; row i belongs to class i mod k.
func Blobs(n, k, features int, std float64, seed uint64) (*Dataset, error) {
	if err := checkN("Blobs", n, k); err != nil {
		return nil, err
	}
	if k < 2 || features < 1 {
		return nil, fmt.Errorf("data: Blobs with %d classes and %d features, want at least 2 and 1", k, features)
	}
	if err := checkNoise("Blobs", std); err != nil {
		return nil, err
	}
	rng := newRand(seed, 3)
	centers := make([]float64, k*features)
	for i := range centers {
		centers[i] = 10*rng.Float64() - 5
	}
	d := classes(n, k, features)
	for i := 0; i < n; i++ {
		c := i % k
		for j := 0; j < features; j++ {
			d.X[i*features+j] = centers[c*features+j] + std*rng.NormFloat64()
		}
		d.Y[i] = float64(c)
	}
	return d, nil
}

// Moons returns two interleaving half circles, class 0 the upper and class 1 the lower,
// with Gaussian noise of standard deviation noise (0.1 to 0.2 is typical).
func Moons(n int, noise float64, seed uint64) (*Dataset, error) {
	if err := checkN("Moons", n, 2); err != nil {
		return nil, err
	}
	if err := checkNoise("Moons", noise); err != nil {
		return nil, err
	}
	rng := newRand(seed, 4)
	d := classes(n, 2, 2)
	for i := 0; i < n; i++ {
		t := math.Pi * rng.Float64()
		x, y := math.Cos(t), math.Sin(t)
		c := i % 2
		if c == 1 {
			x, y = 1-x, 0.5-y
		}
		d.X[2*i] = x + noise*rng.NormFloat64()
		d.X[2*i+1] = y + noise*rng.NormFloat64()
		d.Y[i] = float64(c)
	}
	return d, nil
}

// Circles returns two concentric circles: class 0 of radius 1 and class 1 of radius
// factor (in (0, 1)), with Gaussian noise.
func Circles(n int, noise, factor float64, seed uint64) (*Dataset, error) {
	if err := checkN("Circles", n, 2); err != nil {
		return nil, err
	}
	if err := checkNoise("Circles", noise); err != nil {
		return nil, err
	}
	if !(factor > 0 && factor < 1) {
		return nil, fmt.Errorf("data: Circles factor %v, want a number strictly between 0 and 1", factor)
	}
	rng := newRand(seed, 5)
	d := classes(n, 2, 2)
	for i := 0; i < n; i++ {
		t := 2 * math.Pi * rng.Float64()
		c := i % 2
		r := 1.0
		if c == 1 {
			r = factor
		}
		d.X[2*i] = r*math.Cos(t) + noise*rng.NormFloat64()
		d.X[2*i+1] = r*math.Sin(t) + noise*rng.NormFloat64()
		d.Y[i] = float64(c)
	}
	return d, nil
}

// Spirals returns k interleaved spiral arms, one class each, turning once from the origin
// to radius 1, with Gaussian noise on the angle scaled by noise.
func Spirals(n, k int, noise float64, seed uint64) (*Dataset, error) {
	if err := checkN("Spirals", n, k); err != nil {
		return nil, err
	}
	if k < 2 {
		return nil, fmt.Errorf("data: Spirals with %d arms, want at least 2", k)
	}
	if err := checkNoise("Spirals", noise); err != nil {
		return nil, err
	}
	rng := newRand(seed, 6)
	d := classes(n, k, 2)
	for i := 0; i < n; i++ {
		c := i % k
		r := rng.Float64()
		t := 4*r + 2*math.Pi*float64(c)/float64(k) + noise*rng.NormFloat64()
		d.X[2*i] = r * math.Sin(t)
		d.X[2*i+1] = r * math.Cos(t)
		d.Y[i] = float64(c)
	}
	return d, nil
}
