package optimizers_test

import (
	"fmt"

	"github.com/descentlab/descent/optimizers"
)

// Clip the gradient, then soft-threshold the weights (but not the bias, the last
// parameter) after every SGD step: small weights become exactly zero.
func ExampleTransformed() {
	target := []float64{2, 0.03, -0.05, 0.5} // three weights and a bias
	clip := optimizers.ClipGradNorm(1, 2)
	o := optimizers.Transformed(optimizers.NewSGD(0.5), clip, optimizers.Only(0, 3, optimizers.ProxL1(0.1)))
	x := make([]float64, 4)
	g := make([]float64, 4)
	for k := 0; k < 100; k++ {
		for i := range x {
			g[i] = x[i] - target[i] // gradient of ½‖x − target‖²
		}
		if err := o.Step(x, g); err != nil {
			fmt.Println(err)
			return
		}
	}
	// At the fixed point the gradient is x − target = (−0.1, −0.03, 0.05, 0), whose norm
	// √0.0134 the clipper reports.
	fmt.Printf("%.4f, last gradient norm %.4f\n", x, clip.(*optimizers.NormClipper).LastNorm())
	// Output: [1.9000 0.0000 0.0000 0.5000], last gradient norm 0.1158
}
