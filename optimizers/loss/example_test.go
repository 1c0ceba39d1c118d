package loss_test

import (
	"fmt"

	"github.com/descentlab/descent/optimizers/loss"
)

func ExampleNew() {
	l, _ := loss.New("huber", map[string]any{"delta": 1.0})
	pred, target := []float64{0.5, 3}, []float64{0, 0}
	grad := make([]float64, 2)
	v, _ := l.Eval(pred, target, grad, 2)
	fmt.Println(v, grad)
	// Output: 1.3125 [0.25 0.5]
}
