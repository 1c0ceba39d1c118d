package optimizers

import (
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/descentlab/descent/optimizers/internal/hosttest"
)

// stiff is f = (100x² + y²)/2: curvature 100 along x, so gradient descent is stable
// only below lr = 2/100.
func stiff() Problem {
	return Problem{
		Name:  "stiff",
		Func:  func(p []float64) float64 { return (100*p[0]*p[0] + p[1]*p[1]) / 2 },
		Grad:  func(g, p []float64) { g[0], g[1] = 100*p[0], p[1] },
		Start: []float64{1, 1},
	}
}

var stableRE = regexp.MustCompile(`largest stable rate, about ([0-9.e+-]+)`)

// TestMinimizeDiverged: SGD above its stable rate diverges with its own status, an error
// wrapping ErrDiverged, and a hint that estimates the largest stable rate from the
// curvature, which the theory for a quadratic puts at 2/L, 2(1+μ)/L with heavy-ball
// momentum and 2(1+μ)/((1+2μ)L) with Nesterov's.
func TestMinimizeDiverged(t *testing.T) {
	tests := []struct {
		name   string
		hyper  map[string]any
		stable float64
	}{
		{"plain", map[string]any{"lr": 0.03}, 0.02},
		{"momentum", map[string]any{"lr": 0.05, "momentum": 0.9}, 2 * 1.9 / 100},
		{"nesterov", map[string]any{"lr": 0.02, "momentum": 0.9, "nesterov": true}, 2 * 1.9 / (2.8 * 100)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := New("sgd", tt.hyper)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Minimize(stiff(), []float64{1, 1}, o, Settings{MaxIter: 100000})
			if !errors.Is(err, ErrDiverged) || res.Status != Diverged {
				t.Fatalf("err %v, status %v; want Diverged", err, res.Status)
			}
			if res.Iterations > 2000 || math.IsInf(res.F, 0) || res.F <= ExplodeFactor {
				t.Errorf("stopped after %d iterations at f=%v; want it stopped once f exploded past %g, before overflow", res.Iterations, res.F, ExplodeFactor)
			}
			m := stableRE.FindStringSubmatch(res.Hint)
			if m == nil {
				t.Fatalf("hint %q names no stable rate", res.Hint)
			}
			got, _ := strconv.ParseFloat(m[1], 64)
			if math.Abs(got-tt.stable) > 0.02*tt.stable {
				t.Errorf("estimated stable rate %v, theory %v (hint %q)", got, tt.stable, res.Hint)
			}
			if !strings.Contains(err.Error(), "objective rose from 50.5 to") || !strings.Contains(err.Error(), res.Hint) {
				t.Errorf("error %q, want the explosion and the hint", err)
			}
			if !strings.Contains(res.String(), res.Hint) {
				t.Errorf("String %q lacks the hint", res.String())
			}
		})
	}
	// Just below the bound it converges.
	res, err := Minimize(stiff(), []float64{1, 1}, NewSGD(0.0199), Settings{MaxIter: 100000})
	if err != nil || res.Status != GradConverged {
		t.Errorf("lr 0.0199: %v, %v; want convergence", res, err)
	}
}

// TestMinimizeDivergedHints: other optimizers get a generic hint; an objective falling
// to -Inf is not a learning rate problem.
func TestMinimizeDivergedHints(t *testing.T) {
	res, err := Minimize(stiff(), []float64{1, 1}, newTfGD(0.05), Settings{MaxIter: 10000})
	if !errors.Is(err, ErrDiverged) || res.Hint != "lower the learning rate (lr=0.05 now; try 0.005)" {
		t.Errorf("GD plugin: %v; hint %q", err, res.Hint)
	}
	// Rosenbrock thrown far out of its valley is not locally quadratic where it explodes:
	// no stable rate is claimed from that curvature.
	rosen := Problem{
		Name: "rosenbrock",
		Func: func(p []float64) float64 { return (1-p[0])*(1-p[0]) + 100*(p[1]-p[0]*p[0])*(p[1]-p[0]*p[0]) },
		Grad: func(g, p []float64) {
			g[0] = -2*(1-p[0]) - 400*p[0]*(p[1]-p[0]*p[0])
			g[1] = 200 * (p[1] - p[0]*p[0])
		},
	}
	res, err = Minimize(rosen, []float64{-1.2, 1}, NewSGD(0.01), Settings{MaxIter: 3000})
	if !errors.Is(err, ErrDiverged) || res.Hint != "lower the learning rate (lr=0.01 now; try 0.001)" {
		t.Errorf("SGD on Rosenbrock: %v; hint %q", err, res.Hint)
	}
	down := Problem{
		Name: "down",
		Func: func(p []float64) float64 { return -p[0] * p[0] },
		Grad: func(g, p []float64) { g[0] = -2 * p[0] },
	}
	res, err = Minimize(down, []float64{1}, NewSGD(0.5), Settings{MaxIter: 100000})
	if !errors.Is(err, ErrDiverged) || !strings.Contains(res.Hint, "unbounded below") || !strings.Contains(err.Error(), "objective is -Inf") {
		t.Errorf("f to -Inf: %v; hint %q", err, res.Hint)
	}
	// NaN at the start is the problem's fault: a Failure, not a divergence.
	bad := stiff()
	bad.Func = func([]float64) float64 { return math.NaN() }
	if res, err := Minimize(bad, []float64{1, 1}, NewSGD(0.01), Settings{}); errors.Is(err, ErrDiverged) || res.Status != Failure {
		t.Errorf("NaN at the start: %v, %v; want a Failure", res.Status, err)
	}
}

// TestMinimizeTarget stops at the first iterate at or below the target (gonum's
// FunctionThreshold), and at the start when it is already there.
func TestMinimizeTarget(t *testing.T) {
	res, err := Minimize(tfBooth(), []float64{0, 0}, newTfGD(0.05), Settings{Target: 1e-6, MaxIter: 10000})
	if err != nil || res.Status != TargetReached || !res.Status.Converged() {
		t.Fatalf("%v, %v; want TargetReached", res, err)
	}
	n := len(res.Fs)
	if res.F > 1e-6 || res.Fs[n-2] <= 1e-6 || res.Iterations != n-1 {
		t.Errorf("stopped at f=%v after f=%v (%d iterations); want the first f <= 1e-6", res.F, res.Fs[n-2], res.Iterations)
	}
	res, _ = Minimize(tfBooth(), []float64{1, 3}, newTfGD(0.05), Settings{Target: 1e-300})
	if res.Status != TargetReached || res.Iterations != 0 {
		t.Errorf("starting at the minimum: %v after %d iterations", res.Status, res.Iterations)
	}
}

// TestMinimizeProgress: a run longer than the delay shows a bar in the cell, updated at
// most ten times a second, whose final state stays; a short run and a quiet one show
// nothing.
func TestMinimizeProgress(t *testing.T) {
	slow := tfBooth()
	f := slow.Func
	slow.Func = func(p []float64) float64 { time.Sleep(time.Millisecond); return f(p) }
	settings := Settings{MaxIter: 400, GradTol: -1}

	rec := hosttest.Install(t)
	defer func(d time.Duration) { minimizeDelay = d }(minimizeDelay)
	minimizeDelay = 150 * time.Millisecond
	start := time.Now()
	res, err := Minimize(slow, []float64{0, 0}, newTfGD(0.01), settings)
	elapsed := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	msgs := rec.Messages()
	last := hosttest.CheckProgress(t, msgs, 100*time.Millisecond)
	if first := msgs[0].At.Sub(start); first < minimizeDelay {
		t.Errorf("first display %v after the start, want none before the %v delay", first, minimizeDelay)
	}
	if max := 2 + int(elapsed/(100*time.Millisecond)); len(msgs) > max {
		t.Errorf("%d messages in %v, want at most %d", len(msgs), elapsed, max)
	}
	if len(msgs) < 3 {
		t.Errorf("%d messages in %v: want a display, updates and the final state", len(msgs), elapsed)
	}
	for _, want := range []string{"Minimize GD on booth", "IterationLimit", "iteration 400/400", "f " + strconv.FormatFloat(res.F, 'g', 5, 64)} {
		if !strings.Contains(last.Text(), want) {
			t.Errorf("final text %q lacks %q", last.Text(), want)
		}
	}
	if !strings.Contains(last.HTML(), "width:100.0%") {
		t.Errorf("final HTML bar is not full: %s", last.HTML())
	}

	rec = hosttest.Install(t)
	minimizeDelay = time.Second
	if _, err := Minimize(tfBooth(), []float64{0, 0}, newTfGD(0.01), Settings{MaxIter: 100}); err != nil {
		t.Fatal(err)
	}
	settings.Quiet = true
	minimizeDelay = 0
	if _, err := Minimize(slow, []float64{0, 0}, newTfGD(0.01), settings); err != nil {
		t.Fatal(err)
	}
	if n := len(rec.Messages()); n != 0 {
		t.Errorf("a short run and a quiet one sent %d messages, want none", n)
	}
}
