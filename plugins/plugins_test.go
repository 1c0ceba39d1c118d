package plugins_test

import (
	"context"
	"flag"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/descentlab/descent"
	"github.com/descentlab/descent/interp/plugin"
	opt "github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/data"
	"github.com/descentlab/descent/optimizers/golden"
	"github.com/descentlab/descent/optimizers/gradcheck"
	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/model"
	"github.com/descentlab/descent/optimizers/schedule"
	"github.com/descentlab/descent/optimizers/testfunc"
	"github.com/descentlab/descent/optimizers/train"
)

var goldenExt = flag.String("golden-ext", "../../shared/golden/ext/ext-dev.json", "reference trajectories beyond torch.optim, with AdaBelief's cases")

// load loads the shipped plugins once per test binary, failing on any problem.
var load = sync.OnceValue(func() []*plugin.Report {
	sub, err := fs.Sub(descent.Plugins, "plugins")
	if err != nil {
		panic(err)
	}
	return plugin.LoadFS(sub, "plugins")
})

func loaded(t *testing.T) {
	t.Helper()
	for _, r := range load() {
		if !r.OK() {
			t.Fatalf("%s: %s", r.File, strings.Join(r.Errors, "\n"))
		}
	}
}

// Every plugin file in the folder is embedded in the kernel, loads, registers something,
// keeps out of Go builds and documents its rule and reference.
func TestShippedPluginsLoad(t *testing.T) {
	loaded(t)
	embedded := map[string]bool{}
	for _, r := range load() {
		if len(r.Plugins) == 0 {
			t.Errorf("%s registers nothing", r.File)
		}
		embedded[strings.TrimPrefix(r.File, "plugins/")] = true
	}
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		if !embedded[f] {
			t.Errorf("%s is not embedded: add it to the go:embed line of ../plugins.go", f)
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src := string(b)
		if !strings.HasPrefix(src, "//go:build ignore\n") {
			t.Errorf("%s does not start with //go:build ignore: Go would compile it, and its init would register a compiled copy", f)
		}
		if !strings.Contains(src, "\n// Reference: ") {
			t.Errorf("%s has no \"// Reference: \" line in a doc comment", f)
		}
	}
}

// Each shipped optimizer is used by name in Minimize, and gets close to the minimum of a
// convex quadratic and down Rosenbrock's valley (but for signSGD, whose constant steps
// zigzag in the valley without momentum to average them).
func TestOptimizersMinimize(t *testing.T) {
	loaded(t)
	quad, err := testfunc.Quadratic([][]float64{{3, 0.5}, {0.5, 1}}, []float64{1, -2})
	if err != nil {
		t.Fatal(err)
	}
	quad.Start = []float64{4, -3}
	rosen := testfunc.Rosenbrock()
	for _, c := range []struct {
		name string
		lr   float64
	}{{"adabelief", 0.05}, {"adamod", 0.05}, {"signum", 0.01}, {"signsgd", 0.01}} {
		for _, p := range []opt.Problem{quad, rosen} {
			if c.name == "signsgd" && p.Name == rosen.Name {
				continue
			}
			o, err := opt.New(c.name, map[string]any{"lr": c.lr})
			if err != nil {
				t.Fatal(err)
			}
			start := p.Func(p.Start)
			res, err := opt.Minimize(p, p.Start, o, opt.Settings{MaxIter: 3000, Quiet: true})
			if err != nil {
				t.Fatalf("%s on %s: %v", c.name, p.Name, err)
			}
			gap, gap0 := res.F-p.MinValue, start-p.MinValue
			if p.Name == quad.Name {
				gap = res.F - quadMin(t, quad)
				gap0 = start - quadMin(t, quad)
			}
			if !(gap < 1e-2*gap0) {
				t.Errorf("%s on %s: f went from %.4g to %.4g (gap %.3g of %.3g), want 100 times closer to the minimum", c.name, p.Name, start, res.F, gap, gap0)
			}
		}
	}
}

// quadMin is the minimum of the quadratic, found by a long run of the built-in L-BFGS.
func quadMin(t *testing.T, p opt.Problem) float64 {
	o, err := opt.New("lbfgs", nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := opt.Minimize(p, p.Start, o, opt.Settings{MaxIter: 200, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	return res.F
}

// Plugin optimizers, schedules and losses are used by name in Fit, together and with
// built-ins, and training lowers the loss.
func TestFit(t *testing.T) {
	loaded(t)
	lin, err := data.Linear(200, []float64{2, -3}, 0.5, 0.1, 7)
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := data.Blobs(200, 2, 2, 1, 7)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		opt, sched, loss string
		classify         bool
	}{
		{"adabelief", "inverse_sqrt", "logcosh", false},
		{"adamod", "", "mse", false},
		{"signum", "transformer", "logcosh", false},
		{"adam", "inverse_sqrt", "focal", true},
		{"adabelief", "", "focal", true},
	} {
		name := c.opt + "+" + c.sched + "+" + c.loss
		var m *model.Net
		d := lin
		if c.classify {
			m, err = model.NewLogistic(2)
			d = blobs
		} else {
			m, err = model.NewLinear(2, 1)
		}
		if err != nil {
			t.Fatal(err)
		}
		o, err := opt.New(c.opt, map[string]any{"lr": 0.05})
		if err != nil {
			t.Fatal(err)
		}
		options := train.Options{Epochs: 30, BatchSize: 20, Seed: 1, Quiet: true}
		if c.sched != "" {
			s, err := schedule.New(c.sched, o, map[string]any{"warmup": 20})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			options.Schedule, options.Every = s, train.PerStep
		}
		l, err := loss.New(c.loss, nil)
		if err != nil {
			t.Fatal(err)
		}
		h, err := train.Fit(context.Background(), m, l, d, o, options)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		first, last := h.Loss[0], h.Loss[len(h.Loss)-1]
		if !(last < 0.5*first) {
			t.Errorf("%s: loss went from %.4g to %.4g, want it at least halved", name, first, last)
		}
		if c.sched != "" && !(h.LR[0] < h.LR[19] && h.LR[19] > h.LR[len(h.LR)-1]) {
			t.Errorf("%s: lr %v, %v, %v at steps 0, 19 and last: want a warm-up to step 20, then a decay", name, h.LR[0], h.LR[19], h.LR[len(h.LR)-1])
		}
	}
	// By name throughout, as a notebook would.
	m, _ := model.NewLinear(2, 1)
	h, err := train.FitNamed(context.Background(), m, "logcosh", lin, "adabelief", map[string]any{"lr": 0.05}, train.Options{Epochs: 20, BatchSize: 20, Quiet: true})
	if err != nil || !(h.Loss[len(h.Loss)-1] < 0.5*h.Loss[0]) {
		t.Errorf("FitNamed(logcosh, adabelief): %v, history %v", err, h)
	}
}

// AdaBelief replays torch_optimizer.AdaBelief's reference trajectories, through the
// registry, as the built-ins replay theirs.
func TestAdaBeliefGolden(t *testing.T) {
	loaded(t)
	f, err := golden.Load(*goldenExt)
	if err != nil {
		t.Fatalf("%v (set -golden-ext=PATH)", err)
	}
	n := 0
	for _, c := range f.Optimizers {
		if c.Optimizer != "AdaBelief" {
			continue
		}
		n++
		t.Run(c.ID, func(t *testing.T) {
			res, err := golden.ReplayCase(f, c)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("worst trajectory deviation %.3g (tolerance %g), state %.3g (%g)", res.Worst, res.Tolerance, res.WorstState, res.StateTolerance)
		})
	}
	if n == 0 {
		t.Fatalf("%s has no AdaBelief case", *goldenExt)
	}
}

// Signum's first steps, worked out by hand: the momentum of a constant gradient is
// (1-β^t)g, whose sign is g's, so every parameter moves by lr per step.
func TestSignumSteps(t *testing.T) {
	loaded(t)
	o, err := opt.New("signum", map[string]any{"lr": 0.5, "momentum": 0.5})
	if err != nil {
		t.Fatal(err)
	}
	p := []float64{1, 1, 1}
	g := []float64{2, -0.001, 0}
	for i := 0; i < 2; i++ {
		if err := o.Step(p, g); err != nil {
			t.Fatal(err)
		}
	}
	if want := []float64{0, 2, 1}; !slices.Equal(p, want) {
		t.Errorf("after two steps p = %v, want %v", p, want)
	}
	if m := o.State().Buffers["momentum_buffer"]; !slices.Equal(m, []float64{1.5, -0.00075, 0}) {
		t.Errorf("momentum_buffer = %v, want [1.5 -0.00075 0]", m)
	}
	// signSGD has no momentum: a sign change of the gradient reverses the step at once.
	s, _ := opt.New("signsgd", map[string]any{"lr": 0.25})
	p = []float64{0}
	s.Step(p, []float64{3})
	s.Step(p, []float64{-1e-9})
	if p[0] != 0 || s.State().Has("momentum_buffer") {
		t.Errorf("signsgd: p = %v after +0.25 and -0.25 steps, buffers %v", p, s.State().Names())
	}
	if _, err := opt.New("signum", map[string]any{"momentum": 1.0}); err == nil {
		t.Error("signum accepted momentum 1")
	}
}

// AdaMod against a per-element transcription of torch_optimizer.AdaMod, over blocks of
// several sizes (so that vec.Blocks splits the vectors).
func TestAdaModMatchesReference(t *testing.T) {
	loaded(t)
	for _, n := range []int{3, 20000, 40001} {
		o, err := opt.New("adamod", map[string]any{"lr": 0.01, "beta3": 0.9, "weight_decay": 0.1})
		if err != nil {
			t.Fatal(err)
		}
		p := make([]float64, n)
		for i := range p {
			p[i] = math.Sin(float64(i))
		}
		want := slices.Clone(p)
		m, v, s := make([]float64, n), make([]float64, n), make([]float64, n)
		g := make([]float64, n)
		for step := 1; step <= 4; step++ {
			for i := range g {
				g[i] = math.Cos(float64(i*step)) + p[i]
			}
			if err := o.Step(p, g); err != nil {
				t.Fatal(err)
			}
			b1, b2, b3, lr, eps, wd := 0.9, 0.999, 0.9, 0.01, 1e-8, 0.1
			size := lr * math.Sqrt(1-math.Pow(b2, float64(step))) / (1 - math.Pow(b1, float64(step)))
			for i := range want {
				gi := math.Cos(float64(i*step)) + want[i]
				gi = gi + wd*want[i]
				m[i] = m[i]*b1 + (1-b1)*gi
				v[i] = v[i]*b2 + ((1-b2)*gi)*gi
				eta := size / (math.Sqrt(v[i]) + eps)
				s[i] = s[i]*b3 + (1-b3)*eta
				want[i] -= math.Min(eta, s[i]) * m[i]
			}
		}
		for i := range p {
			if d := math.Abs(p[i] - want[i]); d > 1e-15*math.Max(1, math.Abs(want[i])) {
				t.Fatalf("n=%d: p[%d] = %.17g, reference %.17g", n, i, p[i], want[i])
			}
		}
	}
}

// The inverse-square-root schedule at a few steps, from its formula: warm-up to the base
// lr at step warmup, then lr·√(warmup/t).
func TestInverseSqrtRates(t *testing.T) {
	loaded(t)
	o := opt.NewSGD(0.2)
	s, err := schedule.New("inverse_sqrt", o, map[string]any{"warmup": 4.0})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{0.05, 0.1, 0.15, 0.2, 0.2 * math.Sqrt(4.0/5), 0.2 * math.Sqrt(4.0/6)}
	for i, w := range want {
		if got := s.LR()[0]; math.Abs(got-w) > 1e-15 {
			t.Errorf("step %d: lr %v, want %v", i, got, w)
		}
		s.Step()
	}
	for _, args := range []map[string]any{{"warmup": 0}, {"warmup": 2.5}, {"warm": 3}} {
		if _, err := schedule.New("transformer", o, args); err == nil {
			t.Errorf("transformer accepted %v", args)
		}
	}
}

// The two losses against values computed from their definitions, and their gradients
// against finite differences.
func TestLosses(t *testing.T) {
	loaded(t)
	focal, err := loss.New("focal", nil)
	if err != nil {
		t.Fatal(err)
	}
	// x = 0: p = 1/2, CE = log 2, (1-p_t)^2 = 1/4; α_t is 0.25 for y = 1, 0.75 for y = 0.
	grad := make([]float64, 2)
	v, err := focal.Eval([]float64{0, 0}, []float64{1, 0}, grad, 2)
	if err != nil {
		t.Fatal(err)
	}
	if want := (0.25 + 0.75) * 0.25 * math.Ln2 / 2; math.Abs(v-want) > 1e-15 {
		t.Errorf("focal at logit 0: %v, want %v", v, want)
	}
	// With gamma 0 and no alpha, focal is binary cross-entropy on logits.
	bce, _ := loss.New("bce", nil)
	plain, _ := loss.New("focal", map[string]any{"gamma": 0, "alpha": -1})
	x, y := []float64{-2, 0.3, 4}, []float64{1, 0, 1}
	g1, g2 := make([]float64, 3), make([]float64, 3)
	a, _ := bce.Eval(x, y, g1, 3)
	b, _ := plain.Eval(x, y, g2, 3)
	if math.Abs(a-b) > 1e-15 {
		t.Errorf("focal(gamma=0, alpha=-1) = %v, bce = %v", b, a)
	}
	lc, err := loss.New("logcosh", nil)
	if err != nil {
		t.Fatal(err)
	}
	d := []float64{0.5, -3, 40}
	grad = make([]float64, 3)
	v, _ = lc.Eval(d, []float64{0, 0, 0}, grad, 3)
	want := (math.Log(math.Cosh(0.5)) + math.Log(math.Cosh(3)) + (40 - math.Ln2)) / 3
	if math.Abs(v-want) > 1e-14 {
		t.Errorf("logcosh = %v, want %v", v, want)
	}
	for _, l := range []loss.Loss{focal, lc} {
		r, err := gradcheck.Loss(l, []float64{-1.5, 0.2, 2.5, 0.7}, []float64{1, 0, 0, 1}, 4, gradcheck.Options{})
		if err != nil || !r.OK {
			t.Errorf("%s: gradient check %v %v", l.Name(), r, err)
		}
	}
	if _, err := loss.New("focal", map[string]any{"beta": 1}); err == nil {
		t.Error("focal accepted an unknown argument")
	}
}

// Plugin optimizers go wherever built-ins go: parameter groups (beside a built-in),
// HypersOf, built-in schedules, and the displays of their hyper-parameters and rule.
func TestUsedLikeBuiltins(t *testing.T) {
	loaded(t)
	belief, err := opt.New("adabelief", map[string]any{"lr": 0.1})
	if err != nil {
		t.Fatal(err)
	}
	adam, _ := opt.New("adam", map[string]any{"lr": 0.2})
	groups, err := opt.NewGroups([]opt.Group{{Size: 2, Opt: belief}, {Size: 1, Opt: adam}})
	if err != nil {
		t.Fatal(err)
	}
	hs := opt.HypersOf(groups)
	if len(hs) != 2 || hs[0].Float("lr") != 0.1 || hs[1].Float("lr") != 0.2 {
		t.Fatalf("HypersOf: %v", hs)
	}
	s, err := schedule.New("StepLR", groups, map[string]any{"step_size": 1, "gamma": 0.5})
	if err != nil {
		t.Fatal(err)
	}
	p := []float64{1, 2, 3}
	if err := groups.Step(p, []float64{1, 1, 1}); err != nil {
		t.Fatal(err)
	}
	s.Step()
	if lrs := s.LR(); lrs[0] != 0.05 || lrs[1] != 0.1 || belief.Hyper().Float("lr") != 0.05 {
		t.Errorf("StepLR on a plugin's group: %v", lrs)
	}
	// At step one AdaBelief's bias-corrected m is g and √ŝ is 0.9·g, so the step is
	// lr/0.9 (up to eps); Adam's is lr.
	if math.Abs(p[0]-(1-0.1/0.9)) > 1e-5 || math.Abs(p[1]-(2-0.1/0.9)) > 1e-5 || math.Abs(p[2]-2.8) > 1e-7 {
		t.Errorf("grouped step: %v, want [1-1/9 2-1/9 2.8]", p)
	}
	if got := opt.Describe(belief); got != "AdaBelief(lr=0.05, betas=(0.9, 0.999), eps=1e-08, weight_decay=0, amsgrad=False, weight_decouple=False, fixed_decay=False, rectify=False)" {
		t.Errorf("Describe: %s", got)
	}
	b, ok := belief.(interface{ MIMEBundle() map[string]any })
	if !ok {
		t.Fatal("a plugin optimizer is not a display.Bundler to compiled code")
	}
	html, _ := b.MIMEBundle()["text/html"].(string)
	if !strings.Contains(html, `\frac{m_t}{\sqrt{s_t}`) || !strings.Contains(html, "1 step taken; state exp_avg, exp_avg_var") {
		t.Errorf("rich display lacks the rule or the state:\n%s", html)
	}
}
