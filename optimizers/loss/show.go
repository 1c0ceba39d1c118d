package loss

import "fmt"

// Losses print as torch's constructors do: MSELoss(reduction='mean'), with the
// parameters that differ between losses.

// String returns "MSELoss(reduction='mean')".
func (l MSE) String() string { return fmt.Sprintf("MSELoss(reduction='%v')", l.Reduction) }

// String returns "L1Loss(reduction='mean')", torch's name for the mean absolute error.
func (l MAE) String() string { return fmt.Sprintf("L1Loss(reduction='%v')", l.Reduction) }

// String returns "HuberLoss(reduction='mean', delta=1)".
func (l Huber) String() string {
	d := l.Delta
	if d == 0 {
		d = 1
	}
	return fmt.Sprintf("HuberLoss(reduction='%v', delta=%v)", l.Reduction, d)
}

// String returns "QuantileLoss(q=0.5, reduction='mean')".
func (l Quantile) String() string {
	q := l.Q
	if q == 0 {
		q = 0.5
	}
	return fmt.Sprintf("QuantileLoss(q=%v, reduction='%v')", q, l.Reduction)
}

// String returns "BCELoss(reduction='mean')".
func (l BCE) String() string { return fmt.Sprintf("BCELoss(reduction='%v')", l.Reduction) }

// String returns "HingeLoss(reduction='mean')".
func (l Hinge) String() string { return fmt.Sprintf("HingeLoss(reduction='%v')", l.Reduction) }

// String returns "CrossEntropyLoss(reduction='mean')".
func (l CrossEntropy) String() string {
	return fmt.Sprintf("CrossEntropyLoss(reduction='%v')", l.Reduction)
}
