package model

import (
	"fmt"
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

// activationNames are the names of the activations by value. The matrix kernels apply an
// activation (and its derivative) by value as gemm.Act, which numbers them alike.
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
