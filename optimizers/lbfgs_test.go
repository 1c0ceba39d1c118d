package optimizers

import (
	"errors"
	"strings"
	"testing"
)

// lbRosen is golden rosenbrock as a Closure.
func lbRosen(calls *int) Closure {
	return func(p, g []float64) float64 {
		*calls++
		x, y := p[0], p[1]
		d := 1.0 - x
		t := y - x*x
		g[0] = (-2.0 * d) - ((400.0 * x) * t)
		g[1] = 200.0 * t
		return (d * d) + ((100.0 * t) * t)
	}
}

func TestNewLBFGSHyper(t *testing.T) {
	cases := []struct {
		name     string
		hyper    map[string]any
		maxIter  int
		maxEval  int
		lineSrch string
	}{
		{"torch defaults", nil, 20, 25, ""},
		{"max_eval follows max_iter", map[string]any{"max_iter": 8}, 8, 10, ""},
		{"max_eval nil as from JSON null", map[string]any{"max_iter": 8.0, "max_eval": nil}, 8, 10, ""},
		{"explicit max_eval", map[string]any{"max_iter": 8, "max_eval": 30}, 8, 30, ""},
		{"strong wolfe", map[string]any{"line_search_fn": "strong_wolfe"}, 20, 25, "strong_wolfe"},
		{"line search nil", map[string]any{"line_search_fn": nil}, 20, 25, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o, err := NewLBFGS(c.hyper)
			if err != nil {
				t.Fatal(err)
			}
			h := o.Hyper()
			if h.Int("max_iter") != c.maxIter || h.Int("max_eval") != c.maxEval || o.LineSearch() != c.lineSrch {
				t.Errorf("max_iter %d max_eval %d line search %q, want %d %d %q", h.Int("max_iter"), h.Int("max_eval"), o.LineSearch(), c.maxIter, c.maxEval, c.lineSrch)
			}
			if h.Float("lr") != 1 && c.hyper["lr"] == nil {
				t.Errorf("lr %v, want torch's default 1", h.Float("lr"))
			}
			if h.Float("tolerance_grad") != 1e-7 || h.Float("tolerance_change") != 1e-9 || h.Int("history_size") != 100 {
				t.Errorf("tolerances/history %v, want torch's defaults", h)
			}
		})
	}
}

func TestNewLBFGSErrors(t *testing.T) {
	cases := []struct {
		hyper map[string]any
		want  string
	}{
		{map[string]any{"line_search_fn": "armijo"}, "strong_wolfe"},
		{map[string]any{"line_search_fn": 3}, "line_search_fn"},
		{map[string]any{"history_size": 0}, "history_size"},
		{map[string]any{"lr": -1.0}, "lr"},
		{map[string]any{"max_iter": 2.5}, "whole"},
		{map[string]any{"momentum": 0.9}, "tolerance_grad"}, // lists the valid names
	}
	for _, c := range cases {
		if _, err := NewLBFGS(c.hyper); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("NewLBFGS(%v): err %v, want one mentioning %q", c.hyper, err, c.want)
		}
	}
}

func TestLBFGSStepNeedsClosure(t *testing.T) {
	o, _ := NewLBFGS(nil)
	if err := o.Step([]float64{1}, []float64{1}); !errors.Is(err, ErrNeedsClosure) {
		t.Errorf("Step: %v, want ErrNeedsClosure", err)
	}
	if _, err := o.StepClosure([]float64{1}, nil); err == nil {
		t.Error("StepClosure(nil closure) succeeded")
	}
}

// TestLBFGSStrongWolfeRosenbrock: torch's LBFGS with the strong-Wolfe line search solves
// Rosenbrock from (-1.2, 1) to (1, 1) in a few outer steps. With the default
// tolerance_change of 1e-9 it stalls once the loss changes less than that per iteration
// (f ~ 1e-10, one iteration per outer step), as torch does; a tighter tolerance goes on
// to machine precision.
func TestLBFGSStrongWolfeRosenbrock(t *testing.T) {
	cases := []struct {
		hyper      map[string]any
		xTol, fTol float64
	}{
		{map[string]any{"line_search_fn": "strong_wolfe"}, 1e-4, 1e-8},
		{map[string]any{"line_search_fn": "strong_wolfe", "tolerance_change": 1e-20, "tolerance_grad": 1e-12}, 1e-10, 1e-20},
	}
	for _, c := range cases {
		o, err := NewLBFGS(c.hyper)
		if err != nil {
			t.Fatal(err)
		}
		x := []float64{-1.2, 1}
		calls := 0
		cl := lbRosen(&calls)
		for k := 0; k < 10; k++ {
			if _, err := o.StepClosure(x, cl); err != nil {
				t.Fatal(err)
			}
		}
		g := make([]float64, 2)
		f := cl(x, g)
		calls--
		if !tfNear(x[0], 1, c.xTol) || !tfNear(x[1], 1, c.xTol) || f > c.fTol {
			t.Errorf("%v: ended at %v with f=%v, want (1, 1) within %v and f <= %v", c.hyper, x, f, c.xTol, c.fTol)
		}
		if o.FuncEvals() != calls {
			t.Errorf("%v: func_evals %d, closure called %d times", c.hyper, o.FuncEvals(), calls)
		}
		if calls > 150 {
			t.Errorf("%v: %d evaluations; strong-Wolfe LBFGS needs far fewer on Rosenbrock", c.hyper, calls)
		}
	}
}

// TestLBFGSStopsAtOptimum: a zero gradient ends the step after the first evaluation.
func TestLBFGSStopsAtOptimum(t *testing.T) {
	o, _ := NewLBFGS(nil)
	x := []float64{1, 1}
	calls := 0
	loss, err := o.StepClosure(x, lbRosen(&calls))
	if err != nil || calls != 1 || loss != 0 || x[0] != 1 || x[1] != 1 {
		t.Errorf("at the optimum: loss %v err %v, %d calls, x %v; want one evaluation and no move", loss, err, calls, x)
	}
}

func TestCubicInterpolate(t *testing.T) {
	cases := []struct {
		name                   string
		x1, f1, g1, x2, f2, g2 float64
		lo, hi, want           float64
	}{
		// (x-1)² through x=0 and x=3: the cubic fit is the parabola itself.
		{"parabola", 0, 1, -2, 3, 4, 4, 0, 3, 1},
		{"parabola, reversed points", 3, 4, 4, 0, 1, -2, 0, 3, 1},
		{"clamped to bounds", 0, 1, -2, 3, 4, 4, 1.5, 2, 1.5},
		// d1 = 1, d1² - g1*g2 = -3 < 0: no real minimiser, bisect.
		{"no minimum", 0, 0, 2, 1, 1, 2, 0, 1, 0.5},
	}
	for _, c := range cases {
		if got := cubicInterpolate(c.x1, c.f1, c.g1, c.x2, c.f2, c.g2, c.lo, c.hi); !tfNear(got, c.want, 1e-15) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// TestLBFGSStateResumes: everything LBFGS needs is in State, so a restored clone continues
// bit for bit where the original goes.
func TestLBFGSStateResumes(t *testing.T) {
	for _, hyper := range []map[string]any{
		{"line_search_fn": "strong_wolfe", "max_iter": 3, "history_size": 2},
		{"lr": 0.02, "max_iter": 4},
	} {
		a, _ := NewLBFGS(hyper)
		x := []float64{-1.2, 1}
		calls := 0
		for k := 0; k < 3; k++ {
			a.StepClosure(x, lbRosen(&calls))
		}
		saved, xSaved := a.State().Clone(), append([]float64(nil), x...)
		for k := 0; k < 3; k++ {
			a.StepClosure(x, lbRosen(&calls))
		}
		b, _ := NewLBFGS(hyper)
		if err := b.State().Restore(saved); err != nil {
			t.Fatal(err)
		}
		y := xSaved
		for k := 0; k < 3; k++ {
			b.StepClosure(y, lbRosen(&calls))
		}
		if x[0] != y[0] || x[1] != y[1] {
			t.Errorf("%v: original at %v, restored copy at %v", hyper, x, y)
		}
		if n := b.State().Scalar("num_old", -1); n < 1 || n > float64(b.Hyper().Int("history_size")) {
			t.Errorf("%v: num_old %v outside [1, history_size]", hyper, n)
		}
	}
}

func TestLBFGSSteadyStateDoesNotAllocate(t *testing.T) {
	o, _ := NewLBFGS(map[string]any{"line_search_fn": "strong_wolfe", "history_size": 3, "max_iter": 5})
	x := []float64{-1.2, 1}
	calls := 0
	cl := lbRosen(&calls)
	for k := 0; k < 3; k++ { // fill the history
		o.StepClosure(x, cl)
	}
	if a := testing.AllocsPerRun(20, func() {
		x[0], x[1] = -1.2, 1 // keep it away from the optimum so every step works
		o.StepClosure(x, cl)
	}); a != 0 {
		t.Errorf("%v allocations per StepClosure, want 0", a)
	}
}
