package optimizers_test

import (
	"fmt"

	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/testfunc"
)

func ExampleMinimize() {
	p := testfunc.Booth()
	res, err := optimizers.Minimize(p, p.Start, optimizers.NewSGD(0.05), optimizers.Settings{GradTol: 1e-6})
	if err != nil {
		fmt.Println(err)
		return
	}
	// The slow direction of Booth's Hessian (eigenvalue 2) contracts by 0.9 per step, so
	// the gradient's 2·0.9^k falls below 1e-6 after 138 steps: 139 points with the start.
	fmt.Printf("%v at (%.4f, %.4f), %d points to plot\n", res.Status, res.X[0], res.X[1], len(res.Xs))
	// Output: GradConverged at (1.0000, 3.0000), 139 points to plot
}

func ExampleLBFGS() {
	o, err := optimizers.NewLBFGS(map[string]any{"line_search_fn": "strong_wolfe", "tolerance_change": 1e-15})
	if err != nil {
		fmt.Println(err)
		return
	}
	p := testfunc.Rosenbrock()
	res, err := optimizers.Minimize(p, p.Start, o, optimizers.Settings{})
	if err != nil {
		fmt.Println(err)
		return
	}
	// LBFGS stops by its own tolerance_grad (1e-7) before Minimize's GradTol (1e-8).
	fmt.Printf("%v at (%.6f, %.6f)\n", res.Status, res.X[0], res.X[1])
	// Output: MethodConverged at (1.000000, 1.000000)
}
