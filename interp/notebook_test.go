package interp

import (
	"context"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestNotebookFlow runs the kind of cells a user writes: a cell-defined optimizer used by
// the compiled minimizer, whose Result is then shown.
func TestNotebookFlow(t *testing.T) {
	s := newSession(t)
	res, _ := run(t, s, `
import "github.com/descentlab/descent/optimizers/testfunc"
type Halving struct {
	*opt.Base
}
func (h *Halving) Step(params, grads []float64) error {
	floats.AddScaled(params, -h.Hyper().Float("lr"), grads)
	return nil
}
func newHalving() opt.Optimizer { return &Halving{opt.NewBase("Halving", map[string]interface{}{"lr": 0.1})} }
r, err := opt.Minimize(testfunc.Booth(), []float64{0, 0}, newHalving(), opt.Settings{MaxIter: 500})
if err != nil {
	panic(err)
}
fmt.Println(r.Method)
math.Round(r.F*1e6) / 1e6`)
	if res.Err != nil || plain(res.Data) != "0" {
		t.Fatalf("got %v %v, want the minimum 0", res.Data, res.Err)
	}
}

// TestInterruptCompiledLoopCooperatively interrupts a compiled minimization that watches
// kernel.Context() once it is running, and checks that it really stopped and the session
// still works.
func TestInterruptCompiledLoopCooperatively(t *testing.T) {
	if raceEnabled {
		t.Skip("yaegi's cancellation is not race-clean; see race_test.go")
	}
	s := newSession(t)
	g := useGate(t, s)
	run(t, s, "import (\"time\"; \"testgate\"; \"github.com/descentlab/descent/optimizers/testfunc\")\nx0 := []float64{-1.5, 2}")
	before := countEvals() // other tests may have left a sleeping evaluation behind
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		g.signalled() // the minimization runs (or the cell never got there: fail, not hang)
		cancel()
	}()
	res := s.Execute(ctx, `
p := testfunc.Rosenbrock()
f := p.Func
p.Func = func(x []float64) float64 { testgate.Signal(); time.Sleep(time.Millisecond); return f(x) }
r, err := opt.MinimizeContext(kernel.Context(), p, x0, opt.NewSGD(1e-4), opt.Settings{MaxIter: 1000000, GradTol: -1})
fmt.Println("not reached", r, err)`, 2, &recorder{})
	if res.Err == nil || res.Err.Name != "Interrupted" {
		t.Fatalf("got %v, want Interrupted", res.Err)
	}
	// Uncooperative, the loop would run for 1000 s; cooperative, it ends at the next step.
	n := countEvals()
	for deadline := time.Now().Add(patience); n > before && time.Now().Before(deadline); n = countEvals() {
		time.Sleep(5 * time.Millisecond)
	}
	if n > before {
		t.Errorf("%d evaluations still running %v after the interrupt", n-before, patience)
	}
	if res, _ := run(t, s, "x0[1]"); res.Err != nil || plain(res.Data) != "2" {
		t.Errorf("after interrupt: %v %v", res.Data, res.Err)
	}
}

func TestPlotFigureShowsAsImage(t *testing.T) {
	s := newSession(t)
	res, _ := run(t, s, "import \"github.com/descentlab/descent/optimizers/plots\"\nplots.New(\"loss\", \"step\", \"f\").Line(\"sgd\", []float64{0, 1, 2}, []float64{3, 2, 1})")
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if _, ok := res.Data["image/png"]; !ok {
		if _, ok := res.Data["image/svg+xml"]; !ok {
			t.Errorf("figure shown as %v, want an image", keys(res.Data))
		}
	}
}

func keys(m map[string]any) []string {
	var l []string
	for k := range m {
		l = append(l, k)
	}
	return l
}

// cpuTime is the CPU time this process has used so far.
func cpuTime(t *testing.T) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// quietestCPU returns the least CPU time the process used in any of n windows of length
// d. A loop that kept running would fill every window with a whole core's worth; garbage
// collection or another test's goroutine winding down fills one window, not all of them.
func quietestCPU(t *testing.T, n int, d time.Duration) time.Duration {
	least := time.Duration(1<<63 - 1)
	for range n {
		used := cpuTime(t)
		time.Sleep(d)
		least = min(least, cpuTime(t)-used)
	}
	return least
}

// TestInterruptStopsLibraryLoopsWithoutContext interrupts opt.Minimize and train.Fit
// called without the cell's context, each a single long compiled call that only the
// library's host hook can stop: afterwards the process must go idle and the parameters
// must stop changing, as the user who saw "Interrupted" expects.
func TestInterruptStopsLibraryLoopsWithoutContext(t *testing.T) {
	if raceEnabled {
		t.Skip("yaegi's cancellation is not race-clean; see race_test.go")
	}
	s := newSession(t)
	run(t, s, `import (
	"context"
	"github.com/descentlab/descent/optimizers/data"
	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/model"
	"github.com/descentlab/descent/optimizers/testfunc"
	"github.com/descentlab/descent/optimizers/train"
)
d, _ := data.Moons(2000, 0.1, 1)
m, _ := model.NewMLP(model.MLPConfig{Sizes: []int{2, 32, 2}, Seed: 1})
p := testfunc.Rosenbrock()`)
	for _, cell := range []string{
		`r, _ := opt.Minimize(p, p.Start, opt.NewSGD(1e-5), opt.Settings{MaxIter: 1 << 40, GradTol: -1, NoTrajectory: true}); r`,
		`h, _ := train.Fit(context.Background(), m, loss.CrossEntropy{}, d, opt.NewAdam(), train.Options{Epochs: 1 << 30, BatchSize: 16}); h`,
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		res := s.Execute(ctx, cell, 3, &recorder{})
		cancel()
		if res.Err == nil || res.Err.Name != "Interrupted" {
			t.Fatalf("%s: got %v, want Interrupted", cell, res.Err)
		}
		if strings.Contains(res.Err.Value, "still running") {
			t.Errorf("%s: the interrupt says the call is still running: %s", cell, res.Err.Value)
		}
		run(t, s, "before := append([]float64(nil), m.Params()...)")
		if used := quietestCPU(t, 4, 250*time.Millisecond); used > 100*time.Millisecond {
			t.Errorf("%s: the process used %v of CPU in each 250 ms window after the interrupt; want it idle", cell, used)
		}
		if res, _ := run(t, s, "floats.Equal(before, m.Params())"); res.Err != nil || plain(res.Data) != "true" {
			t.Errorf("%s: parameters changed after the interrupt: %v %v", cell, res.Data, res.Err)
		}
	}
}
