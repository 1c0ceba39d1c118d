package train

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/data"
	"github.com/descentlab/descent/optimizers/internal/hosttest"
	"github.com/descentlab/descent/optimizers/internal/progress"
	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/model"
)

// TestFitProgressStream: in a notebook, Fit shows a bar by itself: a display at the first
// step, updates at most ten a second, then the final state, which stays; each message has
// a one-line text/plain for terminals and kernel run.
func TestFitProgressStream(t *testing.T) {
	rec := hosttest.Install(t)
	all := mustData(data.Moons(400, 0.1, 1))
	tr, va, _ := data.Split(all, 0.25, 1)
	m := mustNet(model.NewMLP(model.MLPConfig{Sizes: []int{2, 8, 2}, Seed: 1, Classes: 2}))
	start := time.Now()
	h, err := Fit(context.Background(), m, loss.CrossEntropy{}, tr, adam(t, 0.01), Options{Epochs: 5, BatchSize: 4,
		Validation: va, Metrics: []Metric{Accuracy()},
		OnStep: func(StepInfo) error { time.Sleep(time.Millisecond); return nil }})
	elapsed := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	msgs := rec.Messages()
	last := hosttest.CheckProgress(t, msgs, progress.Every)
	if max := 2 + int(elapsed/progress.Every); len(msgs) > max || len(msgs) < 4 {
		t.Errorf("%d messages in %v, want 4..%d", len(msgs), elapsed, max)
	}
	if first := msgs[0].Text(); !strings.Contains(first, "epoch 1/5 · step 1/375") || !strings.HasPrefix(first, "Fit Adam(lr=0.01) [") {
		t.Errorf("first message %q", first)
	}
	for _, want := range []string{"completed", "epoch 5/5", "step 375/375", "loss " + fmtNum(h.Loss[4]),
		"val_loss " + fmtNum(h.ValLoss[4]), "val_accuracy " + fmtNum(h.Metrics["val_accuracy"][4])} {
		if !strings.Contains(last.Text(), want) {
			t.Errorf("final text %q lacks %q", last.Text(), want)
		}
	}
	if !strings.Contains(last.HTML(), "width:100.0%") || strings.Contains(last.Text(), "left") {
		t.Errorf("final state not complete: %s", last.Text())
	}
	// Updates in between show the running epoch and the last validation values.
	if mid := msgs[len(msgs)/2].Text(); !strings.Contains(mid, " left") || !strings.Contains(mid, "steps/s") {
		t.Errorf("middle message %q lacks the ETA or rate", mid)
	}
}

func fmtNum(v float64) string { return strings.TrimSpace(fmtView(v)) }

// TestFitProgressFastRun: a run shorter than the update interval sends exactly its first
// display and its final state.
func TestFitProgressFastRun(t *testing.T) {
	rec := hosttest.Install(t)
	d := mustData(data.Moons(200, 0.1, 1))
	m := mustNet(model.NewSoftmax(2, 2))
	if _, err := Fit(context.Background(), m, loss.CrossEntropy{}, d, adam(t, 0.01), Options{Epochs: 3, BatchSize: 50}); err != nil {
		t.Fatal(err)
	}
	msgs := rec.Messages()
	if len(msgs) != 2 || !strings.Contains(msgs[0].Text(), "step 1/12") || !strings.Contains(msgs[1].Text(), "completed") {
		t.Fatalf("%d messages: %v", len(msgs), msgs)
	}
}

// TestFitQuiet: Quiet shows nothing, and the Progress callback still gets its events.
func TestFitQuiet(t *testing.T) {
	rec := hosttest.Install(t)
	d := mustData(data.Moons(200, 0.1, 1))
	events := 0
	_, err := Fit(context.Background(), mustNet(model.NewSoftmax(2, 2)), loss.CrossEntropy{}, d, adam(t, 0.01),
		Options{Epochs: 2, Quiet: true, Progress: func(Progress) { events++ }})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(rec.Messages()); n != 0 || events < 2 {
		t.Errorf("quiet run: %d messages, %d progress events; want none and at least 2", n, events)
	}
}

// TestFitDivergedShowsInBar: the final state of a diverged run says so.
func TestFitDivergedShowsInBar(t *testing.T) {
	rec := hosttest.Install(t)
	d := mustData(data.Linear(100, []float64{3, -2}, 1, 0.1, 2))
	_, err := Fit(context.Background(), mustNet(model.NewLinear(2, 1)), loss.MSE{}, d, optimizers.NewSGD(1e3), Options{Epochs: 50})
	if !errors.Is(err, ErrDiverged) {
		t.Fatal(err)
	}
	msgs := rec.Messages()
	if last := msgs[len(msgs)-1]; !strings.Contains(last.Text(), "diverged") || !strings.Contains(last.HTML(), "#d9534f") {
		t.Errorf("final state %q", last.Text())
	}
}

// TestFitExplodingLoss: a loss that grows a hundred million times while staying finite
// is divergence too, reported before it overflows, and the summary says "diverged".
func TestFitExplodingLoss(t *testing.T) {
	d := mustData(data.Linear(200, []float64{1, -1}, 0.5, 0.1, 3))
	m := mustNet(model.NewLinear(2, 1))
	h, err := Fit(context.Background(), m, loss.MSE{}, d, optimizers.NewSGD(3), Options{Epochs: 1000, BatchSize: 200})
	var div *DivergedError
	if !errors.As(err, &div) || !errors.Is(err, optimizers.ErrDiverged) {
		t.Fatalf("error %v, want a DivergedError", err)
	}
	if math.IsInf(div.Value, 0) || math.IsNaN(div.Value) || div.Value <= optimizers.ExplodeFactor*div.First {
		t.Errorf("stopped at loss %v from %v; want a finite loss past the explosion bound", div.Value, div.First)
	}
	if !strings.Contains(err.Error(), "the loss exploded from") || !strings.Contains(err.Error(), "learning rate 3 is probably too large") {
		t.Errorf("message %q", err)
	}
	if h.Stopped != "diverged" || !strings.Contains(h.String(), "(diverged)") || h.Steps > 100 {
		t.Errorf("history %v after %d steps", h, h.Steps)
	}
}

// TestFitTarget stops after the first epoch whose monitored loss reaches the target.
func TestFitTarget(t *testing.T) {
	all := mustData(data.Linear(300, []float64{2, -1}, 0.5, 0.05, 4))
	tr, va, _ := data.Split(all, 0.3, 4)
	for _, withVal := range []bool{false, true} {
		o := Options{Epochs: 500, BatchSize: 16, Target: 0.01, Seed: 1}
		if withVal {
			o.Validation = va
		}
		h, err := Fit(context.Background(), mustNet(model.NewLinear(2, 1)), loss.MSE{}, tr, optimizers.NewSGD(0.01), o)
		if err != nil {
			t.Fatal(err)
		}
		mon := h.Loss
		if withVal {
			mon = h.ValLoss
		}
		n := len(mon)
		if h.Stopped != "target reached" || n < 2 || n == 500 || mon[n-1] > 0.01 || mon[n-2] <= 0.01 {
			t.Errorf("validation %v: stopped %q after %d epochs, monitored %v then %v", withVal, h.Stopped, n, mon[max(n-2, 0)], mon[n-1])
		}
	}
}

// TestStepWithBarDoesNotAllocate: a step with a live progress bar, between updates,
// allocates nothing: the bar only counts and now and then reads the clock.
func TestStepWithBarDoesNotAllocate(t *testing.T) {
	hosttest.Install(t)
	m, d := moonsSetup(t, 1000)
	tr, err := newTrainer(context.Background(), m, loss.CrossEntropy{}, d, adam(t, 1e-3), Options{Epochs: 100, BatchSize: 256, Metrics: []Metric{Accuracy()}})
	if err != nil {
		t.Fatal(err)
	}
	tr.bar = progress.Start("Fit", tr.totalSteps, "step", 0)
	tr.epoch = 1
	s := 0
	step := func() {
		s = s%tr.stepsPerEpoch + 1
		if err := tr.step(s); err != nil {
			t.Fatal(err)
		}
	}
	step() // shows the bar: the next update is 100 ms away, beyond the 20 steps measured
	start := time.Now()
	a := testing.AllocsPerRun(20, step)
	if time.Since(start) >= progress.Every {
		t.Skip("the machine is too slow to take 20 steps between two updates")
	}
	if a != 0 || tr.bar.Sent() != 1 {
		t.Errorf("%v allocations per step with a bar (%d messages sent)", a, tr.bar.Sent())
	}
}

// BenchmarkProgressOverhead trains a tiny model, where a step costs about a
// microsecond and any per-step overhead would show, with and without a notebook host:
// the ratio is the cost of the live progress bar.
func BenchmarkProgressOverhead(b *testing.B) {
	d := mustData(data.Moons(20000, 0.1, 1))
	run := func(withHost bool) time.Duration {
		if withHost {
			hosttest.Install(b)
		}
		m := mustNet(model.NewSoftmax(2, 2))
		start := time.Now()
		if _, err := Fit(context.Background(), m, loss.CrossEntropy{}, d, optimizers.NewSGD(0.01), Options{Epochs: 5, BatchSize: 8}); err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	var quiet, shown time.Duration
	for i := 0; i < b.N; i++ {
		quiet += run(false)
		shown += run(true)
	}
	steps := float64(b.N * 5 * 2500)
	b.ReportMetric(float64(quiet.Nanoseconds())/steps, "ns/step-no-host")
	b.ReportMetric(float64(shown.Nanoseconds())/steps, "ns/step-bar")
	b.ReportMetric(float64(shown)/float64(quiet), "ratio")
}
