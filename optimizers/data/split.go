package data

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Split shuffles the rows with seed and returns the first (1-testFraction) of them as the
// training set and the rest as the test set; each gets at least one row.
func Split(d *Dataset, testFraction float64, seed uint64) (train, test *Dataset, err error) {
	if err := d.Validate(); err != nil {
		return nil, nil, err
	}
	if !(testFraction > 0 && testFraction < 1) {
		return nil, nil, fmt.Errorf("data: Split test fraction %v, want a number strictly between 0 and 1", testFraction)
	}
	if d.N < 2 {
		return nil, nil, fmt.Errorf("data: Split needs at least 2 rows, have %d", d.N)
	}
	nTest := int(math.Round(testFraction * float64(d.N)))
	nTest = max(1, min(d.N-1, nTest))
	perm := rand.New(rand.NewPCG(seed, 0x73706c6974)).Perm(d.N)
	if train, err = d.Subset(perm[:d.N-nTest]); err != nil {
		return nil, nil, err
	}
	if test, err = d.Subset(perm[d.N-nTest:]); err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// Scaler standardizes features to zero mean and unit variance with statistics fitted on
// one data set (the training set) and applied to others, so test data never leaks into
// training.
type Scaler struct {
	// Mean and Std are per feature; a constant feature gets Std 1 so it maps to 0.
	Mean, Std []float64
}

// FitScaler computes per-feature means and population standard deviations of d.
func FitScaler(d *Dataset) (*Scaler, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	s := &Scaler{Mean: make([]float64, d.Features), Std: make([]float64, d.Features)}
	for i := 0; i < d.N; i++ {
		x, _ := d.Row(i)
		for j, v := range x {
			s.Mean[j] += v
		}
	}
	for j := range s.Mean {
		s.Mean[j] /= float64(d.N)
	}
	for i := 0; i < d.N; i++ {
		x, _ := d.Row(i)
		for j, v := range x {
			dv := v - s.Mean[j]
			s.Std[j] += dv * dv
		}
	}
	for j := range s.Std {
		s.Std[j] = math.Sqrt(s.Std[j] / float64(d.N))
		if s.Std[j] == 0 {
			s.Std[j] = 1
		}
	}
	return s, nil
}

// Transform standardizes d's features in place.
func (s *Scaler) Transform(d *Dataset) error {
	if err := d.Validate(); err != nil {
		return err
	}
	if d.Features != len(s.Mean) {
		return fmt.Errorf("data: Scaler fitted on %d features, data set has %d", len(s.Mean), d.Features)
	}
	for i := 0; i < d.N; i++ {
		x, _ := d.Row(i)
		for j := range x {
			x[j] = (x[j] - s.Mean[j]) / s.Std[j]
		}
	}
	return nil
}

// Standardize fits a Scaler on train and applies it to train and to every other set given,
// returning the scaler so new inputs can be transformed the same way.
func Standardize(train *Dataset, others ...*Dataset) (*Scaler, error) {
	s, err := FitScaler(train)
	if err != nil {
		return nil, err
	}
	for _, d := range append([]*Dataset{train}, others...) {
		if err := s.Transform(d); err != nil {
			return nil, err
		}
	}
	return s, nil
}
