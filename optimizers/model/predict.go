package model

import (
	"fmt"
	"math"
)

// chunkRows bounds the rows passed to one Forward by the helpers below, so predicting on a
// large data set does not grow the model's workspaces to the whole set.
const chunkRows = 1024

// Predict returns m's outputs for every row of x (len(x)/m.Inputs() rows): logits for
// classifiers, values for regression.
func Predict(m Model, x []float64) ([]float64, error) {
	in, out := m.Inputs(), m.Outputs()
	if in <= 0 || len(x)%in != 0 {
		return nil, fmt.Errorf("model: Predict got %d input values, want a multiple of %d (features per row)", len(x), in)
	}
	n := len(x) / in
	y := make([]float64, n*out)
	for r := 0; r < n; r += chunkRows {
		h := min(chunkRows, n-r)
		if err := m.Forward(x[r*in:(r+h)*in], h, y[r*out:(r+h)*out]); err != nil {
			return nil, err
		}
	}
	return y, nil
}

// Classify returns the predicted class of every row of x: argmax of the logits, or for a
// single-logit model 1 when the logit is positive and 0 otherwise.
func Classify(m Model, x []float64) ([]float64, error) {
	y, err := Predict(m, x)
	if err != nil {
		return nil, err
	}
	return ArgMax(y, m.Outputs()), nil
}

// ArgMax turns rows of k logits into class labels; for k == 1 it thresholds at zero.
func ArgMax(logits []float64, k int) []float64 {
	n := len(logits) / k
	labels := make([]float64, n)
	for r := range labels {
		labels[r] = float64(argmax(logits[r*k : (r+1)*k]))
	}
	return labels
}

func argmax(row []float64) int {
	if len(row) == 1 {
		if row[0] > 0 {
			return 1
		}
		return 0
	}
	best := 0
	for j, v := range row {
		if v > row[best] {
			best = j
		}
	}
	return best
}

// Accuracy returns the fraction of rows of x whose predicted class equals labels.
func Accuracy(m Model, x, labels []float64) (float64, error) {
	pred, err := Classify(m, x)
	if err != nil {
		return 0, err
	}
	if len(labels) != len(pred) {
		return 0, fmt.Errorf("model: Accuracy got %d labels for %d rows", len(labels), len(pred))
	}
	if len(pred) == 0 {
		return 0, fmt.Errorf("model: Accuracy on no rows")
	}
	correct := 0
	for i, p := range pred {
		if p == labels[i] {
			correct++
		}
	}
	return float64(correct) / float64(len(pred)), nil
}

// Probabilities returns class probabilities for every row of x: the sigmoid of a single
// logit (the probability of class 1), or the softmax of several.
func Probabilities(m Model, x []float64) ([]float64, error) {
	y, err := Predict(m, x)
	if err != nil {
		return nil, err
	}
	k := m.Outputs()
	for r := 0; r < len(y)/k; r++ {
		row := y[r*k : (r+1)*k]
		if k == 1 {
			row[0] = 1 / (1 + math.Exp(-row[0]))
			continue
		}
		mx := row[0]
		for _, v := range row {
			mx = math.Max(mx, v)
		}
		var tot float64
		for j, v := range row {
			row[j] = math.Exp(v - mx)
			tot += row[j]
		}
		for j := range row {
			row[j] /= tot
		}
	}
	return y, nil
}
