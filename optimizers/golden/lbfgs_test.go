package golden

import (
	"math"
	"testing"

	"github.com/descentlab/descent/optimizers"
)

// closeLBFGS is the README's tolerance for LBFGS: its line search and history amplify
// ulp-level differences (§7), so 1e-10 relative rather than 1e-12.
func closeLBFGS(got, want float64) bool {
	return math.Abs(got-want) <= 1e-10*math.Max(math.Abs(want), 1)
}

// TestLBFGSGolden replays every LBFGS case: step(closure) repeated, comparing parameters,
// losses and the cumulative number of closure calls after each step.
func TestLBFGSGolden(t *testing.T) {
	var cases []LBFGSCase
	for _, f := range coreFiles(t) {
		if len(f.LBFGS) == 0 {
			t.Fatalf("%s has no lbfgs cases", f.Path)
		}
		cases = append(cases, f.LBFGS...)
	}
	for _, c := range cases {
		c := c
		t.Run(c.ID, func(t *testing.T) {
			p := problem(t, c.Problem)
			o, err := optimizers.NewLBFGS(c.Hyper)
			if err != nil {
				t.Fatalf("NewLBFGS(%v): %v", c.Hyper, err)
			}
			if len(c.Params) != c.Steps+1 || len(c.ClosureEvals) != c.Steps+1 || len(c.Losses) != c.Steps+1 {
				t.Fatalf("case has %d params, %d losses, %d closure_evals for %d steps", len(c.Params), len(c.Losses), len(c.ClosureEvals), c.Steps)
			}
			x := append([]float64(nil), c.Params[0]...)
			calls := 0
			closure := func(params, grads []float64) float64 {
				calls++
				p.Grad(grads, params)
				return p.Loss(params)
			}
			for k := 1; k <= c.Steps; k++ {
				if _, err := o.StepClosure(x, closure); err != nil {
					t.Fatalf("step %d: %v", k, err)
				}
				for i := range x {
					if !closeLBFGS(x[i], c.Params[k][i]) {
						t.Fatalf("step %d: param[%d] = %.17g, torch %.17g (all: %v vs %v)", k, i, x[i], c.Params[k][i], x, c.Params[k])
					}
				}
				if got := p.Loss(x); !closeLBFGS(got, c.Losses[k]) {
					t.Errorf("step %d: loss %.17g, torch %.17g", k, got, c.Losses[k])
				}
				if calls != c.ClosureEvals[k] || o.FuncEvals() != c.ClosureEvals[k] {
					t.Fatalf("step %d: %d closure calls (func_evals %d), torch %d", k, calls, o.FuncEvals(), c.ClosureEvals[k])
				}
			}
		})
	}
}
