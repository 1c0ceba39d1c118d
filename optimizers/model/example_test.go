package model_test

import (
	"fmt"

	"github.com/descentlab/descent/optimizers/model"
)

func ExampleNewPolynomial() {
	m, _ := model.NewPolynomial(2)
	m.SetParams([]float64{1, -2, 3}) // y = x^2 - 2x + 3
	y, _ := model.Predict(m, []float64{0, 1, 2})
	fmt.Println(y, m)
	// Output: [3 2 3] polynomial degree 2: 1-1(identity), 3 params
}

func ExampleNewMLP() {
	m, _ := model.NewMLP(model.MLPConfig{Sizes: []int{2, 64, 64, 2}, Activations: []string{"relu"}, Seed: 1, Classes: 2})
	fmt.Println(m)
	// Output: mlp 2-64(relu)-64(relu)-2(identity), 4482 params
}
