package model

import (
	"fmt"
	"math"
	"strings"

	"github.com/descentlab/descent/optimizers"
)

// Activation names a layer's element-wise non-linearity.
type Activation int

// The activations a layer can have.
const (
	Identity Activation = iota
	ReLU
	Tanh
	Sigmoid
)

var activationNames = []string{"identity", "relu", "tanh", "sigmoid"}

// String returns the activation's name, as ParseActivation reads it.
func (a Activation) String() string {
	if a >= 0 && int(a) < len(activationNames) {
		return activationNames[a]
	}
	return fmt.Sprintf("Activation(%d)", int(a))
}

// ParseActivation returns the activation called name ("linear", "none" and "" mean
// identity). Names compare as optimizers.FoldName folds them, ignoring case, '-', '_' and
// spaces, like optimizer, loss and schedule names.
func ParseActivation(name string) (Activation, error) {
	switch s := optimizers.FoldName(name); s {
	case "", "linear", "none":
		return Identity, nil
	default:
		for i, n := range activationNames {
			if s == n {
				return Activation(i), nil
			}
		}
	}
	return 0, fmt.Errorf("model: unknown activation %q; valid: %s", name, strings.Join(activationNames, ", "))
}

// apply writes act(z) into a.
func (act Activation) apply(z, a []float64) {
	switch act {
	case Identity:
		copy(a, z)
	case ReLU:
		for i, v := range z {
			// Written out rather than math.Max for speed; NaN still passes through so
			// that divergence is seen by the training loop.
			if v > 0 || v != v {
				a[i] = v
			} else {
				a[i] = 0
			}
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

// backprop turns da (gradient with respect to the activation a) into the gradient with
// respect to the pre-activation z, in place; it reads the saved z and a.
func (act Activation) backprop(z, a, da []float64) {
	switch act {
	case ReLU:
		for i, v := range z {
			if v <= 0 {
				da[i] = 0
			}
		}
	case Tanh:
		for i, v := range a {
			da[i] *= 1 - v*v
		}
	case Sigmoid:
		for i, v := range a {
			da[i] *= v * (1 - v)
		}
	}
}
