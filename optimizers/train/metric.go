package train

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/optimizers"
)

// Metric accumulates a measure of prediction quality over the batches of an epoch.
// A notebook type can implement it with exported methods alone.
type Metric interface {
	// Name is the metric's key in History.Metrics, such as "accuracy".
	Name() string
	// Reset starts a new epoch.
	Reset()
	// Update adds a batch of n predictions (model outputs) and their targets.
	Update(pred, target []float64, n int)
	// Value returns the measure over everything added since Reset (NaN if nothing).
	Value() float64
}

// NewMetric returns the built-in metric called name: "accuracy" (or "acc"), "mae", "mse"
// or "rmse". Names compare as optimizers.FoldName folds them, ignoring case, '-', '_' and
// spaces, like optimizer, schedule and loss names.
func NewMetric(name string) (Metric, error) {
	switch optimizers.FoldName(name) {
	case "accuracy", "acc":
		return Accuracy(), nil
	case "mae":
		return &errMetric{name: "mae", abs: true}, nil
	case "mse":
		return &errMetric{name: "mse"}, nil
	case "rmse":
		return &errMetric{name: "rmse", root: true}, nil
	}
	return nil, fmt.Errorf("train: unknown metric %q; valid: accuracy, mae, mse, rmse", name)
}

// Metrics returns the built-in metrics with the given names.
func Metrics(names ...string) ([]Metric, error) {
	ms := make([]Metric, 0, len(names))
	for _, n := range names {
		m, err := NewMetric(n)
		if err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	return ms, nil
}

// Accuracy returns the classification accuracy metric: predictions are logits (argmax
// of each row, or a positive single logit meaning class 1) and targets class labels.
func Accuracy() Metric { return &accuracy{} }

type accuracy struct{ correct, total int }

// Name returns "accuracy".
func (a *accuracy) Name() string { return "accuracy" }

// Reset forgets the counts.
func (a *accuracy) Reset() { a.correct, a.total = 0, 0 }

// Value returns the fraction of rows classified correctly.
func (a *accuracy) Value() float64 {
	if a.total == 0 {
		return math.NaN()
	}
	return float64(a.correct) / float64(a.total)
}

// Update counts the rows of a batch whose predicted class is the target.
func (a *accuracy) Update(pred, target []float64, n int) {
	if n <= 0 || len(pred)%n != 0 || len(target)%n != 0 {
		return
	}
	k, tw := len(pred)/n, len(target)/n
	for r := 0; r < n; r++ {
		row := pred[r*k : (r+1)*k]
		c := 0
		if k == 1 {
			if row[0] > 0 {
				c = 1
			}
		} else {
			for j, v := range row {
				if v > row[c] {
					c = j
				}
			}
		}
		if float64(c) == target[r*tw] {
			a.correct++
		}
		a.total++
	}
}

// errMetric is the mean absolute or squared error over all outputs.
type errMetric struct {
	name      string
	abs, root bool
	sum       float64
	count     int
}

// Name returns "mae", "mse" or "rmse".
func (e *errMetric) Name() string { return e.name }

// Reset forgets the sums.
func (e *errMetric) Reset() { e.sum, e.count = 0, 0 }

// Value returns the mean error so far (its root for rmse).
func (e *errMetric) Value() float64 {
	if e.count == 0 {
		return math.NaN()
	}
	v := e.sum / float64(e.count)
	if e.root {
		v = math.Sqrt(v)
	}
	return v
}

// Update adds a batch's errors.
func (e *errMetric) Update(pred, target []float64, n int) {
	if len(pred) != len(target) {
		return
	}
	for i, p := range pred {
		d := p - target[i]
		if e.abs {
			e.sum += math.Abs(d)
		} else {
			e.sum += d * d
		}
	}
	e.count += len(pred)
}
