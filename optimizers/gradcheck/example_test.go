package gradcheck_test

import (
	"fmt"

	"github.com/descentlab/descent/optimizers/gradcheck"
)

// A gradient of f(x) = x0^2 + 3*x1 with a sign error in the second entry is caught, and
// the report says where.
func ExampleFunc() {
	f := func(x, grad []float64) float64 {
		grad[0] = 2 * x[0]
		grad[1] = -3 // should be +3
		return x[0]*x[0] + 3*x[1]
	}
	r, _ := gradcheck.Func(f, []float64{1, 2}, gradcheck.Options{})
	fmt.Println(r.OK, r.Index)
	// Output: false 1
}
