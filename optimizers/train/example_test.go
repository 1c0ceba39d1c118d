package train_test

import (
	"context"
	"fmt"

	"github.com/descentlab/descent/optimizers/data"
	"github.com/descentlab/descent/optimizers/model"
	"github.com/descentlab/descent/optimizers/train"
)

// A notebook cell trains a classifier on two moons and reports its test accuracy.
func ExampleFitNamed() {
	all, _ := data.Moons(600, 0.1, 1)
	tr, te, _ := data.Split(all, 0.25, 2)
	m, _ := model.NewMLP(model.MLPConfig{Sizes: []int{2, 16, 16, 2}, Activations: []string{"tanh"}, Seed: 3, Classes: 2})
	h, err := train.FitNamed(context.Background(), m, "cross_entropy", tr, "adam", map[string]any{"lr": 0.02},
		train.Options{Epochs: 40, Validation: te, EarlyStopping: train.EarlyStopping{Patience: 5, RestoreBest: true}})
	if err != nil {
		fmt.Println(err)
		return
	}
	acc, _ := model.Accuracy(m, te.X, te.Y)
	fmt.Println(h.Epochs > 0, acc >= 0.95)
	// Output: true true
}
