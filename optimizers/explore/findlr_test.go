package explore

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/data"
	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/model"
	"github.com/descentlab/descent/optimizers/testfunc"
	"github.com/descentlab/descent/optimizers/train"
)

// checkSweep verifies what every sweep must satisfy: rates rising geometrically from the
// start and the smoothed loss being the bias-corrected moving average of the losses.
func checkSweep(t *testing.T, s *LRSweep, o LROptions) {
	t.Helper()
	o, _ = o.withDefaults()
	if len(s.LR) < 5 || len(s.LR) != len(s.Loss) || len(s.LR) != len(s.Smoothed) || len(s.LR) > o.Steps+1 {
		t.Fatalf("lengths %d %d %d", len(s.LR), len(s.Loss), len(s.Smoothed))
	}
	factor := math.Pow(o.End/o.Start, 1/float64(o.Steps-1))
	avg := 0.0
	for k := range s.LR {
		if want := o.Start * math.Pow(factor, float64(k)); math.Abs(s.LR[k]-want) > 1e-9*want {
			t.Fatalf("lr %d = %v, want %v", k, s.LR[k], want)
		}
		avg = o.Smooth*avg + (1-o.Smooth)*s.Loss[k]
		if want := avg / (1 - math.Pow(o.Smooth, float64(k+1))); math.Abs(s.Smoothed[k]-want) > 1e-12*math.Abs(want) && !math.IsNaN(want) {
			t.Fatalf("smoothed %d = %v, want %v", k, s.Smoothed[k], want)
		}
	}
	if !(s.Suggested >= o.Start && s.Suggested <= o.End) || s.MinLR < s.Suggested {
		t.Errorf("suggested %v, lowest loss at %v", s.Suggested, s.MinLR)
	}
}

// TestFindLRProblem: on f = (100x² + y²)/2 plain gradient descent diverges above lr 0.02;
// the sweep runs into that, stops, and suggests a rate below it.
func TestFindLRProblem(t *testing.T) {
	q, err := testfunc.Quadratic([][]float64{{100, 0}, {0, 1}}, []float64{0, 0})
	if err != nil {
		t.Fatal(err)
	}
	o := LROptions{Start: 1e-6, End: 1, Steps: 200}
	s, err := FindLRProblem(q, nil, "sgd", nil, o)
	if err != nil {
		t.Fatal(err)
	}
	checkSweep(t, s, o)
	if s.Stopped != "diverged" || s.LR[len(s.LR)-1] < 0.02 {
		t.Errorf("stopped %q at lr %v; want a divergence past the stable bound 0.02", s.Stopped, s.LR[len(s.LR)-1])
	}
	if !(s.Suggested > 2e-4 && s.Suggested < 0.02) {
		t.Errorf("suggested lr %v, want below the stable bound 0.02 and within 100x of it", s.Suggested)
	}
	if s.Loss[0] != q.Func(q.Start) {
		t.Errorf("first loss %v, want the objective at the start", s.Loss[0])
	}
	b := s.MIMEBundle()
	if html := b["text/html"].(string); !strings.Contains(html, "suggested lr ≈ ") || !strings.Contains(html, `alt="Learning-rate range test"`) {
		t.Errorf("HTML %s", html)
	}
	if !strings.HasPrefix(b["text/plain"].(string), "learning-rate range test of SGD(lr=1e-06") {
		t.Errorf("text %q", b["text/plain"])
	}
	if _, err := s.Plot().SVG(); err != nil {
		t.Error(err)
	}
}

// TestFindLR: on a model the sweep leaves the parameters as they were, and the rate it
// suggests trains better than rates a hundred times smaller or larger.
func TestFindLR(t *testing.T) {
	d, _ := data.Moons(600, 0.15, 5)
	net := func() *model.Net {
		m, _ := model.NewMLP(model.MLPConfig{Sizes: []int{2, 16, 2}, Activations: []string{"tanh"}, Seed: 3, Classes: 2})
		return m
	}
	m := net()
	before := slices.Clone(m.Params())
	o := LROptions{Seed: 1}
	s, err := FindLR(context.Background(), m, loss.CrossEntropy{}, d, "adam", nil, o)
	if err != nil {
		t.Fatal(err)
	}
	checkSweep(t, s, o)
	if !slices.Equal(m.Params(), before) {
		t.Fatal("FindLR changed the model")
	}
	if (s.Stopped == "completed") != (len(s.LR) == 100) {
		t.Errorf("stopped %q after %d steps", s.Stopped, len(s.LR))
	}
	final := func(lr float64) float64 {
		h, err := train.FitNamed(context.Background(), net(), "cross_entropy", d, "adam", map[string]any{"lr": lr}, train.Options{Epochs: 5, Seed: 2, Quiet: true})
		if err != nil {
			return math.Inf(1)
		}
		return h.Loss[len(h.Loss)-1]
	}
	got, small, large := final(s.Suggested), final(s.Suggested/100), final(s.Suggested*100)
	t.Logf("suggested lr %.3g: loss %.4g after 5 epochs; /100: %.4g; x100: %.4g", s.Suggested, got, small, large)
	if !(got < small && got < large) {
		t.Errorf("suggested lr %v trains to %v, worse than lr/100 (%v) or lr*100 (%v)", s.Suggested, got, small, large)
	}
}

// TestSuggestFindsTheSteepestFall: on a smooth logistic drop centred at lr = 1e-2 the
// steepest fall against log(lr) is at the centre.
func TestSuggestFindsTheSteepestFall(t *testing.T) {
	var lrs, sm []float64
	for k := 0; k <= 120; k++ {
		lr := 1e-6 * math.Pow(10, float64(k)/20) // 1e-6 .. 1
		lrs = append(lrs, lr)
		z := math.Log10(lr) + 2
		sm = append(sm, 1/(1+math.Exp(3*z))+0.05*math.Max(0, math.Log10(lr)+0.5)) // drops around 1e-2, rises after 0.3
	}
	steep, atMin := suggest(lrs, sm)
	if math.Abs(math.Log10(steep)+2) > 0.051 {
		t.Errorf("steepest at %v, want 1e-2", steep)
	}
	if !(atMin > 0.1 && atMin < 0.5) {
		t.Errorf("minimum at %v, want about 0.3", atMin)
	}
	flat := []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}
	if s, m := suggest(lrs[:10], flat); s != m/10 {
		t.Errorf("a flat curve: %v, %v; want the minimum's rate / 10", s, m)
	}
}

func TestFindLRErrors(t *testing.T) {
	p := testfunc.Booth()
	for _, tc := range []struct {
		name string
		opt  string
		o    LROptions
		want string
	}{
		{"bad range", "sgd", LROptions{Start: 1, End: 0.1}, "0 < Start < End"},
		{"unknown optimizer", "sgdd", LROptions{}, `unknown optimizer "sgdd"`},
		{"no lr", "lbfgsnolr", LROptions{}, `has no "lr"`},
	} {
		_, err := FindLRProblem(p, nil, tc.opt, nil, tc.o)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

func init() {
	optimizers.Register("lbfgsnolr", func(map[string]any) (optimizers.Optimizer, error) {
		return &halfStep{optimizers.NewBase("NoLR", map[string]any{"beta": 0.5})}, nil
	})
}
