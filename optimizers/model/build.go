package model

import "fmt"

// NewLinear returns linear regression with in features and out targets, y = x*W + b,
// starting at zero as the closed-form solution would be reached from anywhere.
func NewLinear(in, out int) (*Net, error) {
	return newNet("linear", []int{in, out}, []Activation{Identity}, 0, Zeros)
}

// NewPolynomial returns polynomial regression of the given degree on one input,
// y = w1*x^degree + ... + w_degree*x + bias; Params lists the coefficients in that order.
func NewPolynomial(degree int) (*Net, error) {
	if degree < 1 {
		return nil, fmt.Errorf("model polynomial: degree %d, want at least 1", degree)
	}
	m, err := newNet("polynomial", []int{degree, 1}, []Activation{Identity}, 0, Zeros)
	if err != nil {
		return nil, err
	}
	m.degree = degree
	return m, nil
}

// NewLogistic returns logistic regression on in features: one logit per row, to train
// with the "bce" or "hinge" loss. Its outputs are logits; Probabilities applies the sigmoid.
func NewLogistic(in int) (*Net, error) {
	m, err := newNet("logistic", []int{in, 1}, []Activation{Identity}, 0, Zeros)
	if err == nil {
		m.classes = 2
	}
	return m, err
}

// NewSoftmax returns softmax (multinomial logistic) regression on in features over
// classes classes: one logit per class, to train with "cross_entropy".
func NewSoftmax(in, classes int) (*Net, error) {
	if classes < 2 {
		return nil, fmt.Errorf("model softmax: %d classes, want at least 2", classes)
	}
	m, err := newNet("softmax", []int{in, classes}, []Activation{Identity}, 0, Zeros)
	if err == nil {
		m.classes = classes
	}
	return m, err
}

// MLPConfig describes a multi-layer perceptron.
type MLPConfig struct {
	// Sizes lists the width of every layer, inputs first and outputs last: {2, 64, 64, 2}.
	Sizes []int
	// Activations names each hidden layer's activation (relu, tanh, sigmoid, identity):
	// one name for all hidden layers, or one per hidden layer. Empty means relu. The output
	// layer is identity, so the network returns logits or raw regression values.
	Activations []string
	// Init is "auto" (He for relu, Xavier otherwise; the default), "xavier", "he" or "zeros".
	Init string
	// Seed seeds the initialization; the same seed gives bit-identical weights.
	Seed uint64
	// Classes marks the network as a classifier over that many classes (its outputs are
	// logits): 2 with one output means a binary classifier. Zero means regression.
	Classes int
}

// NewMLP returns a multi-layer perceptron built from c.
func NewMLP(c MLPConfig) (*Net, error) {
	hidden := len(c.Sizes) - 2
	if hidden < 0 {
		return nil, fmt.Errorf("model mlp: Sizes %v, want at least inputs and outputs", c.Sizes)
	}
	names := c.Activations
	switch {
	case len(names) == 0:
		names = []string{"relu"}
		fallthrough
	case len(names) == 1:
		one := names[0]
		names = make([]string, hidden)
		for i := range names {
			names[i] = one
		}
	case len(names) != hidden:
		return nil, fmt.Errorf("model mlp: %d activations for %d hidden layers, want 1 or %d", len(names), hidden, hidden)
	}
	acts := make([]Activation, 0, hidden+1)
	for _, name := range names {
		a, err := ParseActivation(name)
		if err != nil {
			return nil, err
		}
		acts = append(acts, a)
	}
	acts = append(acts, Identity)
	init, err := ParseInit(c.Init)
	if err != nil {
		return nil, err
	}
	m, err := newNet("mlp", c.Sizes, acts, c.Seed, init)
	if err != nil {
		return nil, err
	}
	if c.Classes == 1 || c.Classes < 0 {
		return nil, fmt.Errorf("model mlp: Classes %d, want 0 (regression) or at least 2", c.Classes)
	}
	out := c.Sizes[len(c.Sizes)-1]
	if c.Classes > 0 && !(out == c.Classes || (c.Classes == 2 && out == 1)) {
		return nil, fmt.Errorf("model mlp: %d outputs for %d classes, want one output per class (or 1 for 2 classes)", out, c.Classes)
	}
	m.classes = c.Classes
	return m, nil
}
