// Package data holds data sets for training: seeded synthetic sets for teaching, a CSV
// loader, train/test splitting and standardization.
//
// A Dataset stores its rows flat and row-major, the layout models and losses take, so a
// training loop copies rows into batches without converting anything. Every generator is
// seeded: the same seed gives bit-identical data on every machine.
package data

import "fmt"

// Dataset is N rows of Features inputs and Targets outputs.
type Dataset struct {
	// X holds N*Features inputs, row by row.
	X []float64
	// Y holds N*Targets targets, row by row. For classification sets Targets is 1 and Y
	// holds class labels 0..Classes-1.
	Y []float64
	// N, Features and Targets give the shape.
	N, Features, Targets int
	// Classes is the number of classes of a classification set, 0 for regression.
	Classes int
	// FeatureNames and TargetName name the columns when they are known (CSV files).
	FeatureNames []string
	TargetName   string
}

// Validate checks that the slices match the shape.
func (d *Dataset) Validate() error {
	if d == nil {
		return fmt.Errorf("data: nil data set")
	}
	if d.N <= 0 || d.Features <= 0 || d.Targets <= 0 {
		return fmt.Errorf("data: shape %d rows x %d features -> %d targets, want all positive", d.N, d.Features, d.Targets)
	}
	if len(d.X) != d.N*d.Features {
		return fmt.Errorf("data: X has %d values, want %d (%d rows x %d features)", len(d.X), d.N*d.Features, d.N, d.Features)
	}
	if len(d.Y) != d.N*d.Targets {
		return fmt.Errorf("data: Y has %d values, want %d (%d rows x %d targets)", len(d.Y), d.N*d.Targets, d.N, d.Targets)
	}
	return nil
}

// Row returns views of row i's inputs and targets.
func (d *Dataset) Row(i int) (x, y []float64) {
	return d.X[i*d.Features : (i+1)*d.Features], d.Y[i*d.Targets : (i+1)*d.Targets]
}

// Subset returns a new data set holding copies of the rows at idx, in that order.
func (d *Dataset) Subset(idx []int) (*Dataset, error) {
	s := &Dataset{N: len(idx), Features: d.Features, Targets: d.Targets, Classes: d.Classes,
		FeatureNames: d.FeatureNames, TargetName: d.TargetName,
		X: make([]float64, 0, len(idx)*d.Features), Y: make([]float64, 0, len(idx)*d.Targets)}
	for _, i := range idx {
		if i < 0 || i >= d.N {
			return nil, fmt.Errorf("data: Subset row %d, want 0..%d", i, d.N-1)
		}
		x, y := d.Row(i)
		s.X = append(s.X, x...)
		s.Y = append(s.Y, y...)
	}
	return s, nil
}

// Clone returns a deep copy.
func (d *Dataset) Clone() *Dataset {
	c := *d
	c.X = append([]float64(nil), d.X...)
	c.Y = append([]float64(nil), d.Y...)
	c.FeatureNames = append([]string(nil), d.FeatureNames...)
	return &c
}

// String describes the shape, such as "1000 rows, 2 features -> 2 classes".
func (d *Dataset) String() string {
	if d.Classes > 0 {
		return fmt.Sprintf("%d rows, %d features -> %d classes", d.N, d.Features, d.Classes)
	}
	return fmt.Sprintf("%d rows, %d features -> %d targets", d.N, d.Features, d.Targets)
}
