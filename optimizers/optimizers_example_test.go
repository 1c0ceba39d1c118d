package optimizers_test

import (
	"fmt"

	"github.com/descentlab/descent/optimizers"
)

// Minimise f(x) = (x-3)² with Adam built by name, torch's hyper-parameter names.
func ExampleNew() {
	opt, err := optimizers.New("adam", map[string]any{"lr": 0.1, "betas": []float64{0.9, 0.99}})
	if err != nil {
		fmt.Println(err)
		return
	}
	x, g := []float64{0}, []float64{0}
	for i := 0; i < 500; i++ {
		g[0] = 2 * (x[0] - 3)
		if err := opt.Step(x, g); err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Printf("x = %.3f after %d steps\n", x[0], opt.State().Steps)

	_, err = optimizers.New("adam", map[string]any{"betas": []float64{0.9, 1.5}})
	fmt.Println(err)
	// Output:
	// x = 3.000 after 500 steps
	// Adam: invalid betas[1] 1.5: must be in [0, 1)
}

// A factory registered at run time (a notebook can do the same with an interpreted one)
// is built by New like the built-ins.
func ExampleRegister() {
	err := optimizers.Register("slow_sgd", func(hyper map[string]any) (optimizers.Optimizer, error) {
		o := optimizers.NewSGD(1e-4)
		return o, o.Hyper().SetAll(hyper)
	})
	fmt.Println(err)
	o, err := optimizers.New("Slow-SGD", map[string]any{"momentum": 0.5})
	fmt.Println(o.Name(), o.Hyper(), err)
	// Output:
	// <nil>
	// SGD dampening=0 lr=0.0001 maximize=false momentum=0.5 nesterov=false weight_decay=0 <nil>
}

// Weights and bias trained with different settings, as torch's param_groups.
func ExampleNewGroups() {
	w := optimizers.NewSGD(0.1)
	b := optimizers.NewSGD(0.5)
	opt, err := optimizers.NewGroups([]optimizers.Group{{Size: 2, Opt: w}, {Size: 1, Opt: b}})
	if err != nil {
		fmt.Println(err)
		return
	}
	params := []float64{1, 1, 1}
	_ = opt.Step(params, []float64{1, 1, 1})
	fmt.Println(params, len(optimizers.HypersOf(opt)))
	// Output:
	// [0.9 0.9 0.5] 2
}
