package explore

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/data"
	"github.com/descentlab/descent/optimizers/internal/hosttest"
	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/model"
	"github.com/descentlab/descent/optimizers/schedule"
	"github.com/descentlab/descent/optimizers/testfunc"
	"github.com/descentlab/descent/optimizers/train"
)

func minimizeDirect(t *testing.T, p optimizers.Problem, name string, hyper map[string]any, s optimizers.Settings) *optimizers.Result {
	t.Helper()
	o, err := optimizers.New(name, hyper)
	if err != nil {
		t.Fatal(err)
	}
	res, _ := optimizers.Minimize(p, p.Start, o, s)
	return res
}

// TestCompareProblem: every run starts at the same point with the same budget and gives
// exactly what Minimize gives alone; a diverging run is recorded, not fatal.
func TestCompareProblem(t *testing.T) {
	p := testfunc.Rosenbrock()
	s := optimizers.Settings{MaxIter: 2000}
	specs := []Spec{
		Opt("sgd", map[string]any{"lr": 0.001}),
		Opt("sgd", map[string]any{"lr": 0.001, "momentum": 0.9}),
		Opt("sgd", map[string]any{"lr": 0.01}).Named("too fast"),
	}
	c, err := Compare(p, nil, specs, s)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Runs) != 3 || c.Problem != "rosenbrock" || c.Budget != "2000 iterations" {
		t.Fatalf("comparison %+v", c)
	}
	labels := []string{c.Runs[0].Label, c.Runs[1].Label, c.Runs[2].Label}
	if !slices.Equal(labels, []string{"SGD(lr=0.001)", "SGD(lr=0.001, momentum=0.9)", "too fast"}) {
		t.Errorf("labels %q", labels)
	}
	for i, sp := range specs {
		r := c.Runs[i]
		want := minimizeDirect(t, p, sp.Optimizer, sp.Hyper, s)
		if r.Final != want.F || r.Steps != want.Iterations || r.Status != want.Status.String() || len(r.Loss) != len(want.Fs) {
			t.Errorf("run %d: final %v after %d (%s), alone %v after %d (%s)", i, r.Final, r.Steps, r.Status, want.F, want.Iterations, want.Status)
		}
		if !slices.Equal(r.Path[0], p.Start) || r.Loss[0] != p.Func(p.Start) {
			t.Errorf("run %d starts at %v with f=%v", i, r.Path[0], r.Loss[0])
		}
		if r.Best != slices.Min(r.Loss) && r.Err == nil {
			t.Errorf("run %d: best %v, min of losses %v", i, r.Best, slices.Min(r.Loss))
		}
	}
	fast := c.Run("too fast")
	if fast == nil || fast.Status != "Diverged" || !errors.Is(fast.Err, optimizers.ErrDiverged) || fast.Best != p.Func(p.Start) {
		t.Fatalf("diverged run %+v", fast)
	}
	if b := c.Best(); b == nil || b.Label != "SGD(lr=0.001, momentum=0.9)" {
		t.Errorf("best run %v", b)
	}

	text := c.String()
	if lines := strings.Split(text, "\n"); len(lines) != 5 || !strings.Contains(lines[4], "Diverged") || !strings.HasPrefix(lines[2], "SGD(lr=0.001) ") {
		t.Errorf("text table:\n%s", text)
	}
	html := c.MIMEBundle()["text/html"].(string)
	for _, want := range []string{"<b>SGD(lr=0.001, momentum=0.9) ★</b>", "too fast: lower the learning rate", `alt="Loss per step: rosenbrock"`, `alt="Paths: rosenbrock"`} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if strings.Count(html, "<tr>") != 4 {
		t.Errorf("%d table rows, want a header and 3 runs", strings.Count(html, "<tr>"))
	}
	lp := c.LossPlot()
	if _, err := lp.SVG(); err != nil || lp.Plot.Y.Max != 10*p.Func(p.Start) {
		t.Errorf("loss plot: %v, y max %v", err, lp.Plot.Y.Max)
	}
	pp := c.PathPlot()
	if _, err := pp.SVG(); err != nil || pp.Plot.X.Min != -2 || pp.Plot.X.Max != 2 {
		t.Errorf("path plot: %v, x range [%v, %v]; want the map's [-2, 2] despite the diverged path", err, pp.Plot.X.Min, pp.Plot.X.Max)
	}
}

// TestCompareWithScheduleAndPlugin: a spec's schedule steps after every iteration, and a
// registered optimizer is found by name like a built-in.
func TestCompareWithScheduleAndPlugin(t *testing.T) {
	if err := optimizers.Register("halfstep", func(h map[string]any) (optimizers.Optimizer, error) {
		o := &halfStep{optimizers.NewBase("HalfStep", map[string]any{"lr": 0.1})}
		return o, o.Hyper().SetAll(h)
	}); err != nil {
		t.Fatal(err)
	}
	p := testfunc.Booth()
	s := optimizers.Settings{MaxIter: 50, GradTol: -1}
	c, err := Compare(p, nil, []Spec{
		Opt("adam", map[string]any{"lr": 0.5}).WithSchedule("StepLR", map[string]any{"step_size": 10, "gamma": 0.5}),
		Opt("halfstep", map[string]any{"lr": 0.05}),
	}, s)
	if err != nil {
		t.Fatal(err)
	}
	// The same by hand.
	o := optimizers.NewAdam()
	o.Hyper().Set("lr", 0.5)
	sched, _ := schedule.NewStepLR(o, 10, 0.5)
	hand := s
	hand.Callback = func(iter int, x []float64, f float64) bool {
		if iter > 0 {
			sched.Step()
		}
		return false
	}
	want, _ := optimizers.Minimize(p, p.Start, o, hand)
	if c.Runs[0].Final != want.F || c.Runs[0].Label != "Adam(lr=0.5) + StepLR(step_size=10, gamma=0.5)" {
		t.Errorf("scheduled run: %v (%q), by hand %v", c.Runs[0].Final, c.Runs[0].Label, want.F)
	}
	if r := c.Runs[1]; r.Label != "HalfStep(lr=0.05)" || r.Optimizer != "HalfStep(lr=0.05)" || r.Steps != 50 || !(r.Final < r.Loss[0]) {
		t.Errorf("plugin run %+v", r)
	}
	if !strings.Contains(c.Runs[0].Optimizer, "Adam(lr=0.5, betas=(0.9, 0.999)") {
		t.Errorf("optimizer %q", c.Runs[0].Optimizer)
	}
}

type halfStep struct{ *optimizers.Base }

func (h *halfStep) Step(p, g []float64) error {
	lr := h.Hyper().Float("lr")
	for i := range p {
		p[i] -= lr * g[i] / 2
	}
	return nil
}

func TestCompareErrors(t *testing.T) {
	p := testfunc.Booth()
	for _, tc := range []struct {
		specs []Spec
		want  string
	}{
		{nil, "no optimizers"},
		{[]Spec{Opt("adam", nil), Opt("adamm", nil)}, `unknown optimizer "adamm"`},
		{[]Spec{Opt("adam", map[string]any{"lr": -1})}, "lr"},
		{[]Spec{Opt("adam", nil).WithSchedule("cosinus", nil)}, `unknown schedule "cosinus"`},
	} {
		c, err := Compare(p, nil, tc.specs, optimizers.Settings{})
		if err == nil || !strings.Contains(err.Error(), tc.want) || c != nil {
			t.Errorf("specs %v: %v, want an error containing %q before any run", tc.specs, err, tc.want)
		}
	}
	noStart := p
	noStart.Start = nil
	if _, err := Compare(noStart, nil, []Spec{Opt("adam", nil)}, optimizers.Settings{}); err == nil || !strings.Contains(err.Error(), "no Start") {
		t.Errorf("no start: %v", err)
	}
}

// TestCompareCancelled: interrupting the cell stops the comparison with the runs so far.
func TestCompareCancelled(t *testing.T) {
	rec := hosttest.Install(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rec.Ctx = ctx
	calls := 0
	s := optimizers.Settings{MaxIter: 1000, GradTol: -1, Callback: func(iter int, x []float64, f float64) bool {
		calls++
		if calls == 1001+50 { // after iteration 49 of the second run
			cancel()
		}
		return false
	}}
	c, err := Compare(testfunc.Booth(), nil, []Spec{Opt("sgd", nil), Opt("adam", nil), Opt("rmsprop", nil)}, s)
	if !errors.Is(err, context.Canceled) || c == nil || len(c.Runs) != 2 || c.Runs[1].Status != "Cancelled" || c.Runs[1].Steps != 49 {
		t.Fatalf("err %v, comparison %v", err, c)
	}
}

// TestCompareProgress: a comparison in a notebook shows one bar across all its runs.
func TestCompareProgress(t *testing.T) {
	rec := hosttest.Install(t)
	defer func(d time.Duration) { compareDelay = d }(compareDelay)
	compareDelay = 0
	slow := testfunc.Booth()
	f := slow.Func
	slow.Func = func(x []float64) float64 { time.Sleep(200 * time.Microsecond); return f(x) }
	if _, err := Compare(slow, nil, []Spec{Opt("sgd", nil), Opt("adam", nil)}, optimizers.Settings{MaxIter: 600, GradTol: -1}); err != nil {
		t.Fatal(err)
	}
	msgs := rec.Messages()
	last := hosttest.CheckProgress(t, msgs, 100*time.Millisecond)
	if len(msgs) < 3 || !strings.Contains(last.Text(), "iteration 1200/1200") || !strings.HasPrefix(last.Text(), "Compare 2 optimizers on booth") {
		t.Errorf("%d messages, last %q", len(msgs), last.Text())
	}
	if mid := msgs[1].Text(); !strings.Contains(mid, "run 1/2 SGD(lr=0.01)") && !strings.Contains(mid, "run 2/2 Adam(lr=0.001)") {
		t.Errorf("update %q does not name the run", mid)
	}
}

// TestQuietShowsNoBar: Settings.Quiet, Options.Quiet and LROptions.Quiet keep the
// comparisons and the range test from showing a bar, as they do for Minimize and Fit.
func TestQuietShowsNoBar(t *testing.T) {
	rec := hosttest.Install(t)
	defer func(d time.Duration) { compareDelay = d }(compareDelay)
	compareDelay = 0
	if _, err := Compare(testfunc.Booth(), nil, []Spec{Opt("sgd", nil)}, optimizers.Settings{MaxIter: 50, Quiet: true}); err != nil {
		t.Fatal(err)
	}
	all, _ := data.Moons(200, 0.15, 3)
	m, _ := model.NewMLP(model.MLPConfig{Sizes: []int{2, 8, 2}, Seed: 1})
	if _, err := CompareFit(context.Background(), m, loss.CrossEntropy{}, all, []Spec{Opt("adam", nil)}, train.Options{Epochs: 1, Quiet: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := FindLR(context.Background(), m, loss.CrossEntropy{}, all, "adam", nil, LROptions{Steps: 20, Quiet: true}); err != nil {
		t.Fatal(err)
	}
	if msgs := rec.Messages(); len(msgs) != 0 {
		t.Errorf("quiet runs showed %d messages, first %q", len(msgs), msgs[0].Text())
	}
}

// TestCompareFit: same initial parameters and shuffling for every run, results equal to
// Fit alone, and the model put back afterwards.
func TestCompareFit(t *testing.T) {
	all, _ := data.Moons(400, 0.15, 3)
	tr, va, _ := data.Split(all, 0.25, 3)
	newNet := func() *model.Net {
		m, _ := model.NewMLP(model.MLPConfig{Sizes: []int{2, 8, 2}, Seed: 2, Classes: 2})
		return m
	}
	m := newNet()
	before := slices.Clone(m.Params())
	o := train.Options{Epochs: 5, BatchSize: 16, Seed: 4, Validation: va}
	specs := []Spec{Opt("sgd", map[string]any{"lr": 0.1}), Opt("adam", map[string]any{"lr": 0.01}), Opt("lbfgs", nil)}
	c, err := CompareFit(context.Background(), m, loss.CrossEntropy{}, tr, specs, o)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.Params(), before) {
		t.Error("CompareFit left the model changed")
	}
	for i, sp := range specs[:2] {
		alone := newNet()
		opt, _ := optimizers.New(sp.Optimizer, sp.Hyper)
		h, err := train.Fit(context.Background(), alone, loss.CrossEntropy{}, tr, opt, o)
		if err != nil {
			t.Fatal(err)
		}
		r := c.Runs[i]
		if !slices.Equal(r.Params, alone.Params()) || r.Final != h.ValLoss[4] || r.Best != h.BestLoss || r.Steps != 95 || !slices.Equal(r.Loss, h.StepLoss) {
			t.Errorf("run %d differs from Fit alone: final %v vs %v, %d steps", i, r.Final, h.ValLoss[4], r.Steps)
		}
	}
	if r := c.Runs[2]; r.Status != "error" || !errors.Is(r.Err, optimizers.ErrNeedsClosure) {
		t.Errorf("LBFGS run: %s, %v", r.Status, r.Err)
	}
	if c.Best() != &c.Runs[1] && c.Best() != &c.Runs[0] {
		t.Errorf("best %v", c.Best())
	}
	if !strings.Contains(c.Problem, "mlp 2-8") || c.Budget != "5 epochs" {
		t.Errorf("problem %q, budget %q", c.Problem, c.Budget)
	}
	if pp := c.PathPlot(); pp.Err() == nil {
		t.Error("a model comparison has no path map")
	}
	if html := c.MIMEBundle()["text/html"].(string); strings.Contains(html, "Paths:") || !strings.Contains(html, "Loss per step") {
		t.Error("model comparison HTML: want the loss plot and no path map")
	}
}

func TestCompareSchedules(t *testing.T) {
	s, err := CompareSchedules(0.1, 60, []ScheduleSpec{Sched("StepLR", map[string]any{"step_size": 20, "gamma": 0.5}), {Label: "cos", Name: "cosine", Args: map[string]any{"T_max": 60}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Curves) != 2 || s.Curves[0].Label != "StepLR(step_size=20, gamma=0.5)" || s.Curves[1].Label != "cos" {
		t.Fatalf("curves %+v", s.Curves)
	}
	st := s.Curves[0].LR
	if st[0] != 0.1 || st[19] != 0.1 || st[20] != 0.05 || st[40] != 0.025 || len(st) != 60 {
		t.Errorf("StepLR curve %v", st)
	}
	cos := s.Curves[1].LR
	if cos[0] != 0.1 || math.Abs(cos[30]-0.05) > 1e-12 {
		t.Errorf("cosine at 0 and T_max/2: %v %v", cos[0], cos[30])
	}
	if b := s.MIMEBundle(); !strings.Contains(b["text/html"].(string), "<img") || !strings.Contains(b["text/plain"].(string), "StepLR(step_size=20, gamma=0.5): 0.1 → 0.05 → 0.025") {
		t.Errorf("bundle %v", b["text/plain"])
	}
	if _, err := CompareSchedules(0, 10, []ScheduleSpec{Sched("cosine", nil)}); err == nil {
		t.Error("lr 0: want an error")
	}
	if _, err := CompareSchedules(0.1, 10, []ScheduleSpec{Sched("cosine", nil)}); err == nil || !strings.Contains(err.Error(), "T_max") {
		t.Errorf("missing T_max: %v", err)
	}
}
