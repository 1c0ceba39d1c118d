package optimizers

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
)

// tfBooth is (x+2y−7)² + (2x+y−5)², minimum 0 at (1, 3); its Hessian has eigenvalues 4
// and 36, so gradient descent with lr 0.05 contracts by 0.8 per step.
func tfBooth() Problem {
	return Problem{
		Name: "booth",
		Func: func(p []float64) float64 {
			a, b := p[0]+2*p[1]-7, 2*p[0]+p[1]-5
			return a*a + b*b
		},
		Grad: func(g, p []float64) {
			a, b := p[0]+2*p[1]-7, 2*p[0]+p[1]-5
			g[0], g[1] = 2*a+4*b, 4*a+2*b
		},
	}
}

func TestMinimizeStoppingRules(t *testing.T) {
	cases := []struct {
		name      string
		s         Settings
		status    Status
		wantIters int // -1: any
	}{
		{"gradient", Settings{}, GradConverged, -1},
		{"iterations", Settings{MaxIter: 5}, IterationLimit, 5},
		{"evaluations", Settings{MaxEvals: 4}, EvaluationLimit, 3},
		{"function change", Settings{FuncTol: 1e-6, GradTol: -1}, FuncConverged, -1},
		{"step", Settings{StepTol: 1e-5, GradTol: -1}, StepConverged, -1},
		{"loose gradient first", Settings{GradTol: 1e-2, StepTol: 1e-12}, GradConverged, -1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x0 := []float64{0, 0}
			res, err := Minimize(tfBooth(), x0, newTfGD(0.05), c.s)
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != c.status {
				t.Fatalf("status %v, want %v (%v)", res.Status, c.status, res)
			}
			if c.wantIters >= 0 && res.Iterations != c.wantIters {
				t.Errorf("%d iterations, want %d", res.Iterations, c.wantIters)
			}
			if x0[0] != 0 || x0[1] != 0 {
				t.Errorf("x0 modified to %v", x0)
			}
			if len(res.Xs) != res.Iterations+1 || len(res.Fs) != res.Iterations+1 || len(res.GradNorms) != res.Iterations+1 {
				t.Errorf("trajectory lengths %d/%d/%d for %d iterations", len(res.Xs), len(res.Fs), len(res.GradNorms), res.Iterations)
			}
			if res.Fs[0] != 74 || res.Xs[0][0] != 0 { // f(0,0) = 49 + 25
				t.Errorf("trajectory starts at %v with f=%v, want (0,0) and 74", res.Xs[0], res.Fs[0])
			}
			last := len(res.Fs) - 1
			if res.Fs[last] != res.F || res.Xs[last][0] != res.X[0] || res.Xs[last][1] != res.X[1] {
				t.Error("last trajectory point differs from the result")
			}
			if res.FuncEvals != res.Iterations+1 {
				t.Errorf("%d evaluations for %d iterations, want one per iteration plus the start", res.FuncEvals, res.Iterations)
			}
			switch c.status {
			case GradConverged:
				if tol := c.s.gradTol(); res.GradNorm > tol {
					t.Errorf("stopped with max|g| %v > %v", res.GradNorm, tol)
				}
			case FuncConverged:
				if d := math.Abs(res.Fs[last] - res.Fs[last-1]); d > 1e-6 {
					t.Errorf("last change %v > FuncTol", d)
				}
			}
		})
	}
}

func TestMinimizeConverges(t *testing.T) {
	res, err := Minimize(tfBooth(), []float64{0, 0}, newTfGD(0.05), Settings{GradTol: 1e-10})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Status.Converged() || !tfNear(res.X[0], 1, 1e-10) || !tfNear(res.X[1], 3, 1e-10) {
		t.Errorf("%v, want convergence to (1, 3)", res)
	}
}

func TestMinimizeNaNNamesIteration(t *testing.T) {
	p := Problem{
		Name: "sqrt",
		Func: func(x []float64) float64 { return math.Sqrt(x[0]) }, // NaN once x < 0
		Grad: func(g, x []float64) { g[0] = 1 },
	}
	res, err := Minimize(p, []float64{1}, newTfGD(0.6), Settings{})
	if err == nil || !strings.Contains(err.Error(), "iteration 2") {
		t.Fatalf("err %v, want one naming iteration 2 (x: 1, 0.4, -0.2)", err)
	}
	if res == nil || res.Status != Diverged || res.Iterations != 2 || len(res.Fs) != 3 || !errors.Is(err, ErrDiverged) {
		t.Errorf("result %v, error %v; want the diverged run's 2 iterations", res, err)
	}
	pg := p
	pg.Func = func(x []float64) float64 { return x[0] }
	pg.Grad = func(g, x []float64) { g[0] = math.Inf(1) }
	if _, err := Minimize(pg, []float64{1}, newTfGD(0.1), Settings{}); err == nil || !strings.Contains(err.Error(), "gradient[0] is +Inf at iteration 0") {
		t.Errorf("Inf gradient at the start: %v", err)
	}
}

func TestMinimizeCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := tfBooth()
	evals := 0
	f := p.Func
	p.Func = func(x []float64) float64 {
		evals++
		if evals == 4 { // the start and three steps
			cancel()
		}
		return f(x)
	}
	res, err := MinimizeContext(ctx, p, []float64{0, 0}, newTfGD(0.05), Settings{})
	if !errors.Is(err, context.Canceled) || res == nil || res.Status != Cancelled {
		t.Fatalf("err %v, result %v; want a Cancelled partial result", err, res)
	}
	if res.Iterations != 3 || len(res.Xs) != 4 {
		t.Errorf("%d iterations, %d points; want the 3 iterations done before the cancel", res.Iterations, len(res.Xs))
	}
}

func TestMinimizePanicBecomesError(t *testing.T) {
	p := tfBooth()
	p.Grad = func(g, x []float64) { _ = g[5] }
	res, err := Minimize(p, []float64{0, 0}, newTfGD(0.05), Settings{})
	if err == nil || !strings.Contains(err.Error(), "panic") || res == nil || res.Status != Failure {
		t.Errorf("err %v, result %v; want a Failure naming the panic", err, res)
	}
}

func TestMinimizeValidates(t *testing.T) {
	noGrad := tfBooth()
	noGrad.Grad = nil
	cases := []struct {
		name string
		p    Problem
		x0   []float64
		o    Optimizer
		want string
	}{
		{"nil optimizer", tfBooth(), []float64{0, 0}, nil, "nil optimizer"},
		{"no gradient", noGrad, []float64{0, 0}, newTfGD(0.1), "MinimizeGonum"},
		{"no func", Problem{Name: "empty"}, []float64{0}, newTfGD(0.1), "no Func"},
		{"empty x0", tfBooth(), nil, newTfGD(0.1), "empty starting point"},
		{"x0 of the wrong dimension", Problem{Name: "b", Func: tfBooth().Func, Grad: tfBooth().Grad, Start: []float64{0, 0}}, []float64{0, 0, 0}, newTfGD(0.1), "dimension 2"},
	}
	for _, c := range cases {
		if _, err := Minimize(c.p, c.x0, c.o, Settings{}); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err %v, want one mentioning %q", c.name, err, c.want)
		}
	}
}

func TestMinimizeNoTrajectoryAndFuncGrad(t *testing.T) {
	p := tfBooth()
	f, g := p.Func, p.Grad
	both := 0
	p.Func, p.Grad = nil, nil
	p.FuncGrad = func(grad, x []float64) float64 { both++; g(grad, x); return f(x) }
	res, err := Minimize(p, []float64{0, 0}, newTfGD(0.05), Settings{MaxIter: 7, NoTrajectory: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Xs != nil || res.Fs != nil || both != 8 || res.FuncEvals != 8 || res.GradEvals != 8 {
		t.Errorf("trajectory %d points, FuncGrad called %d times (counted %d/%d); want none and 8", len(res.Xs), both, res.FuncEvals, res.GradEvals)
	}
}

// TestMinimizeLBFGS drives LBFGS, a ClosureStepper, through Minimize: one StepClosure per
// iteration, and the point Minimize just evaluated is not evaluated twice.
func TestMinimizeLBFGS(t *testing.T) {
	o, _ := NewLBFGS(map[string]any{"line_search_fn": "strong_wolfe", "tolerance_change": 1e-20, "tolerance_grad": 1e-12})
	calls := 0
	cl := lbRosen(&calls)
	p := Problem{
		Name: "rosenbrock",
		FuncGrad: func(g, x []float64) float64 {
			return cl(x, g)
		},
	}
	res, err := Minimize(p, []float64{-1.2, 1}, o, Settings{GradTol: 1e-10})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Status.Converged() || !tfNear(res.X[0], 1, 1e-9) || !tfNear(res.X[1], 1, 1e-9) {
		t.Errorf("%v, want convergence to (1, 1)", res)
	}
	if res.FuncEvals != calls {
		t.Errorf("problem evaluated %d times, result counts %d", calls, res.FuncEvals)
	}
	// Without the cache there would be 1 + Iterations evaluations on top of LBFGS's own;
	// with it, every StepClosure's first call reuses the point Minimize just evaluated.
	if calls > o.FuncEvals()+1 {
		t.Errorf("problem evaluated %d times for %d LBFGS closure calls over %d steps; want at most %d", calls, o.FuncEvals(), res.Iterations, o.FuncEvals()+1)
	}
}

func TestStatusString(t *testing.T) {
	if GradConverged.String() != "GradConverged" || Status(99).String() != "Status(99)" {
		t.Errorf("String: %v, %v", GradConverged, Status(99))
	}
}

func TestMinimizeCallback(t *testing.T) {
	var iters []int
	var fs []float64
	res, err := Minimize(tfBooth(), []float64{0, 0}, newTfGD(0.05), Settings{
		Callback: func(iter int, x []float64, f float64) bool {
			iters = append(iters, iter)
			fs = append(fs, f)
			return iter == 4
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != Stopped || res.Iterations != 4 || len(iters) != 5 || iters[4] != 4 || fs[0] != 74 {
		t.Errorf("status %v after %d iterations, callback saw %v; want Stopped after 4, called for 0..4", res.Status, res.Iterations, iters)
	}
	for i := range fs {
		if fs[i] != res.Fs[i] {
			t.Errorf("callback f[%d] = %v, trajectory %v", i, fs[i], res.Fs[i])
		}
	}
}

// TestMinimizeLargeProblemSkipsIterates: above TrajectoryMaxDim only the objective and
// gradient norms are kept, not a copy of x per iteration.
func TestMinimizeLargeProblemSkipsIterates(t *testing.T) {
	n := TrajectoryMaxDim + 1
	p := Problem{
		Name: "sphere",
		Func: func(x []float64) float64 {
			s := 0.0
			for _, v := range x {
				s += v * v
			}
			return s
		},
		Grad: func(g, x []float64) {
			for i, v := range x {
				g[i] = 2 * v
			}
		},
	}
	x0 := make([]float64, n)
	x0[0] = 1
	res, err := Minimize(p, x0, newTfGD(0.1), Settings{MaxIter: 3})
	if err != nil {
		t.Fatal(err)
	}
	if res.Xs != nil || len(res.Fs) != 4 || len(res.GradNorms) != 4 || !tfNear(res.Fs[1], 0.64, 1e-15) {
		t.Errorf("Xs %d points, Fs %v, GradNorms %v; want no iterates and the 4 objectives 1, 0.64, ...", len(res.Xs), res.Fs, res.GradNorms)
	}
}
