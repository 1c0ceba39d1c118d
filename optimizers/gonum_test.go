package optimizers

import (
	"context"
	"errors"
	"strings"
	"testing"

	"gonum.org/v1/gonum/optimize"
)

// tfFailing is an optimizer whose every Step fails.
type tfFailing struct{ *tfGD }

func (tfFailing) Step(params, grads []float64) error { return errors.New("boom") }

func tfRosenbrock() Problem {
	return Problem{
		Name: "rosenbrock",
		Func: func(p []float64) float64 {
			d, t := 1-p[0], p[1]-p[0]*p[0]
			return d*d + 100*t*t
		},
		Grad: func(g, p []float64) {
			d, t := 1-p[0], p[1]-p[0]*p[0]
			g[0], g[1] = -2*d-400*p[0]*t, 200*t
		},
	}
}

// TestGonumMethodRunsOurOptimizer: our optimizer inside gonum's own optimize.Minimize,
// reaching Rosenbrock's minimum; momentum-free GD needs many small steps there.
func TestGonumMethodRunsOurOptimizer(t *testing.T) {
	m := NewGonumMethod(newTfGD(1e-3))
	res, err := optimize.Minimize(tfRosenbrock().Gonum(), []float64{-1.2, 1},
		&optimize.Settings{MajorIterations: 200000, GradientThreshold: 1e-6, Converger: optimize.NeverTerminate{}}, m)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != optimize.GradientThreshold || !tfNear(res.X[0], 1, 1e-5) || !tfNear(res.X[1], 1, 1e-5) {
		t.Errorf("status %v at %v after %d iterations, want (1, 1)", res.Status, res.X, res.MajorIterations)
	}
	if steps := m.Optimizer.State().Steps; steps != res.MajorIterations-1 {
		t.Errorf("optimizer took %d steps for %d gonum major iterations (the start counts as one)", steps, res.MajorIterations)
	}
}

// TestGonumMethodBuiltins: the built-in SGD (with momentum) and Adam reach Rosenbrock's
// minimum under gonum's driver.
func TestGonumMethodBuiltins(t *testing.T) {
	sgd := NewSGD(1e-3)
	if err := sgd.Hyper().Set("momentum", 0.9); err != nil {
		t.Fatal(err)
	}
	adam := NewAdam()
	if err := adam.Hyper().Set("lr", 0.02); err != nil {
		t.Fatal(err)
	}
	for _, o := range []Optimizer{sgd, adam} {
		res, err := optimize.Minimize(tfRosenbrock().Gonum(), []float64{-1.2, 1},
			&optimize.Settings{MajorIterations: 100000, GradientThreshold: 1e-6, Converger: optimize.NeverTerminate{}}, NewGonumMethod(o))
		if err != nil {
			t.Fatal(err)
		}
		if !tfNear(res.X[0], 1, 1e-4) || !tfNear(res.X[1], 1, 1e-4) {
			t.Errorf("%s: status %v at %v after %d iterations, want (1, 1)", o.Name(), res.Status, res.X, res.MajorIterations)
		}
	}
}

func TestGonumMethodOwnThresholdAndErrors(t *testing.T) {
	m := NewGonumMethod(newTfGD(0.05))
	m.GradStopThreshold = 1e-3
	res, err := optimize.Minimize(tfBooth().Gonum(), []float64{0, 0}, &optimize.Settings{Converger: optimize.NeverTerminate{}}, m)
	if err != nil || res.Status != optimize.GradientThreshold || lbMaxAbs(res.Gradient) >= 1e-3 {
		t.Errorf("status %v err %v gradient %v, want the method's own 1e-3 threshold", res.Status, err, res.Gradient)
	}
	if _, err := m.Uses(optimize.Available{}); !errors.Is(err, optimize.ErrMissingGrad) {
		t.Errorf("Uses without gradient: %v", err)
	}
	// A failing Step must come back as an error, not hang the channels.
	res, err = optimize.Minimize(tfBooth().Gonum(), []float64{0, 0}, nil, NewGonumMethod(tfFailing{newTfGD(0.1)}))
	if err == nil || !strings.Contains(err.Error(), "boom") || res.Status != optimize.Failure {
		t.Errorf("failing Step: status %v err %v", res.Status, err)
	}
}

// TestMinimizeGonumMethods runs gonum's methods on our Problem and gets our Result with a
// trajectory.
func TestMinimizeGonumMethods(t *testing.T) {
	cases := []struct {
		name string
		m    optimize.Method
		tol  float64
	}{
		{"BFGS", &optimize.BFGS{}, 1e-6},
		{"LBFGS", &optimize.LBFGS{}, 1e-6},
		{"CG", &optimize.CG{}, 1e-5},
		{"NelderMead", &optimize.NelderMead{}, 1e-3},
		{"our GD", NewGonumMethod(newTfGD(0.05)), 1e-6},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := tfRosenbrock()
			x0 := []float64{-1.2, 1}
			if c.name == "our GD" {
				p = tfBooth()
				x0 = []float64{0, 0}
			}
			res, err := MinimizeGonum(p, x0, c.m, Settings{MaxIter: 100000})
			if err != nil {
				t.Fatal(err)
			}
			want := []float64{1, 1}
			if c.name == "our GD" {
				want = []float64{1, 3}
			}
			if !tfNear(res.X[0], want[0], c.tol) || !tfNear(res.X[1], want[1], c.tol) {
				t.Errorf("%v", res)
			}
			if len(res.Xs) != res.Iterations+1 || len(res.Fs) != len(res.Xs) || res.Xs[0][0] != x0[0] {
				t.Errorf("trajectory of %d points for %d iterations, starting at %v", len(res.Xs), res.Iterations, res.Xs[0])
			}
			if res.FuncEvals == 0 || (c.name != "NelderMead" && res.GradEvals == 0) {
				t.Errorf("evaluation counts %d/%d", res.FuncEvals, res.GradEvals)
			}
			if !strings.Contains(res.Method, map[string]string{"our GD": "GD"}[c.name]) {
				t.Errorf("method name %q", res.Method)
			}
		})
	}
}

func TestMinimizeGonumErrors(t *testing.T) {
	noGrad := tfRosenbrock()
	noGrad.Grad = nil
	if _, err := MinimizeGonum(noGrad, []float64{0, 0}, &optimize.BFGS{}, Settings{}); err == nil || !strings.Contains(err.Error(), "cannot solve") {
		t.Errorf("BFGS without gradient: %v", err)
	}
	if _, err := MinimizeGonum(tfRosenbrock(), []float64{0, 0}, nil, Settings{}); err == nil {
		t.Error("nil method accepted")
	}
	var nilBFGS *optimize.BFGS
	if _, err := MinimizeGonum(tfRosenbrock(), []float64{0, 0}, nilBFGS, Settings{}); err == nil {
		t.Error("typed nil method accepted")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := MinimizeGonumContext(ctx, tfRosenbrock(), []float64{-1.2, 1}, &optimize.BFGS{}, Settings{})
	if !errors.Is(err, context.Canceled) || res == nil || res.Status != Cancelled {
		t.Errorf("cancelled: err %v result %v", err, res)
	}
}

func TestMinimizeGonumCallback(t *testing.T) {
	calls := 0
	res, err := MinimizeGonum(tfRosenbrock(), []float64{-1.2, 1}, &optimize.BFGS{}, Settings{
		Callback: func(iter int, x []float64, f float64) bool { calls++; return iter == 3 },
	})
	if err != nil || res.Status != Stopped || calls != 4 || res.Iterations != 3 {
		t.Errorf("err %v status %v, %d callbacks, %d iterations; want Stopped after 3", err, res.Status, calls, res.Iterations)
	}
}

// TestGonumMethodLBFGS: our LBFGS, closure-driven, under gonum's driver, both when it
// stops by itself and when gonum's iteration limit cuts a step short.
func TestGonumMethodLBFGS(t *testing.T) {
	o, err := NewLBFGS(map[string]any{"line_search_fn": "strong_wolfe"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := MinimizeGonum(tfRosenbrock(), []float64{-1.2, 1}, NewGonumMethod(o), Settings{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Status.Converged() || !tfNear(res.X[0], 1, 1e-4) || !tfNear(res.X[1], 1, 1e-4) {
		t.Errorf("%v, want convergence to (1, 1)", res)
	}
	if o.FuncEvals() < res.FuncEvals-1 || o.FuncEvals() > res.FuncEvals+res.Iterations {
		t.Errorf("LBFGS made %d closure calls, gonum counted %d evaluations over %d iterations", o.FuncEvals(), res.FuncEvals, res.Iterations)
	}
	res, err = MinimizeGonum(tfRosenbrock(), []float64{-1.2, 1}, NewGonumMethod(o), Settings{MaxEvals: 7})
	if err != nil || res.Status != EvaluationLimit {
		t.Errorf("evaluation limit inside a step: err %v, status %v", err, res.Status)
	}
}
