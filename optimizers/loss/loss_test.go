package loss

import (
	"math"
	"strings"
	"testing"
)

func TestEval(t *testing.T) {
	ln2 := math.Log(2)
	tests := []struct {
		name         string
		l            Loss
		pred, target []float64
		n            int
		want         float64
		grad         []float64
	}{
		{"mse mean", MSE{}, []float64{1, 2}, []float64{0, 0}, 2, 2.5, []float64{1, 2}},
		{"mse sum", MSE{Sum}, []float64{1, 2}, []float64{0, 0}, 2, 5, []float64{2, 4}},
		{"mse two outputs", MSE{}, []float64{1, 0, 0, 1}, []float64{0, 0, 0, 0}, 2, 0.5, []float64{0.5, 0, 0, 0.5}},
		{"mae", MAE{}, []float64{1, -2}, []float64{0, 0}, 2, 1.5, []float64{0.5, -0.5}},
		{"huber both sides", Huber{Delta: 1}, []float64{0.5, 3}, []float64{0, 0}, 2, (0.125 + 2.5) / 2, []float64{0.25, 0.5}},
		{"huber delta 2", Huber{Delta: 2}, []float64{-3}, []float64{0}, 1, 2 * (3 - 1), []float64{-2}},
		{"quantile 0.9", Quantile{Q: 0.9}, []float64{0, 0}, []float64{1, -1}, 2, 0.5, []float64{-0.45, 0.05}},
		{"bce at zero", BCE{}, []float64{0}, []float64{1}, 1, ln2, []float64{-0.5}},
		{"bce huge logit stays finite", BCE{}, []float64{1000, -1000}, []float64{0, 1}, 2, 1000, []float64{0.5, -0.5}},
		{"hinge 0/1 labels", Hinge{}, []float64{0.5, 2}, []float64{1, 0}, 2, 1.75, []float64{-0.5, 0.5}},
		{"hinge beyond margin", Hinge{}, []float64{3}, []float64{1}, 1, 0, []float64{0}},
		{"cross entropy uniform", CrossEntropy{}, []float64{0, 0}, []float64{1}, 1, ln2, []float64{0.5, -0.5}},
		{"cross entropy huge logits", CrossEntropy{}, []float64{1000, 0, 0, 1000}, []float64{1, 1}, 2, 500, []float64{0.5, -0.5, 0, 0}},
		{"cross entropy sum", CrossEntropy{Sum}, []float64{0, 0, 0, 0}, []float64{0, 1}, 2, 2 * ln2, []float64{-0.5, 0.5, 0.5, -0.5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := make([]float64, len(tt.pred))
			v, err := tt.l.Eval(tt.pred, tt.target, g, tt.n)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(v-tt.want) > 1e-12 {
				t.Errorf("value %v, want %v", v, tt.want)
			}
			for i := range g {
				if math.Abs(g[i]-tt.grad[i]) > 1e-12 {
					t.Errorf("grad %v, want %v", g, tt.grad)
					break
				}
			}
		})
	}
}

func TestEvalErrors(t *testing.T) {
	tests := []struct {
		name         string
		l            Loss
		pred, target []float64
		n, grad      int
		want         string
	}{
		{"target length", MSE{}, []float64{1, 2}, []float64{1}, 2, 2, "1 targets for 2 predictions"},
		{"grad length", MAE{}, []float64{1, 2}, []float64{1, 2}, 2, 1, "gradient buffer has length 1"},
		{"rows", Huber{}, []float64{1, 2, 3}, []float64{1, 2, 3}, 2, 3, "do not split into 2 rows"},
		{"zero rows", MSE{}, []float64{1}, []float64{1}, 0, 1, "batch size 0"},
		{"bce target", BCE{}, []float64{1}, []float64{2}, 1, 1, "want a value in [0, 1]"},
		{"hinge target", Hinge{}, []float64{1}, []float64{0.5}, 1, 1, "want -1, 0 or 1"},
		{"ce label range", CrossEntropy{}, []float64{1, 2}, []float64{2}, 1, 2, "label 2 in row 0, want a whole number in 0..1"},
		{"ce fractional label", CrossEntropy{}, []float64{1, 2}, []float64{0.5}, 1, 2, "label 0.5"},
		{"ce targets per row", CrossEntropy{}, []float64{1, 2}, []float64{0, 1}, 1, 2, "want one class label per row"},
		{"quantile q", Quantile{Q: 1.5}, []float64{1}, []float64{1}, 1, 1, "strictly between 0 and 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.l.Eval(tt.pred, tt.target, make([]float64, tt.grad), tt.n)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestNew(t *testing.T) {
	tests := []struct {
		name string
		args map[string]any
		want Loss
		err  string
	}{
		{"mse", nil, MSE{}, ""},
		{"MSE", map[string]any{"reduction": "sum"}, MSE{Sum}, ""},
		{"huber", map[string]any{"delta": 2}, Huber{Delta: 2}, ""},
		{"quantile", map[string]any{"q": 0.1}, Quantile{Q: 0.1}, ""},
		{"pinball", nil, Quantile{}, ""},
		{"cross_entropy", nil, CrossEntropy{}, ""},
		{"CrossEntropy", nil, CrossEntropy{}, ""},
		{"cross-entropy", nil, CrossEntropy{}, ""},
		{" Cross Entropy ", map[string]any{"reduction": "sum"}, CrossEntropy{Sum}, ""},
		{"Softmax-Cross-Entropy", nil, CrossEntropy{}, ""},
		{"BCE_Logits", nil, BCE{}, ""},
		{"huber", map[string]any{"delta": int32(2)}, Huber{Delta: 2}, ""},
		{"huber", map[string]any{"delta": uint8(2)}, Huber{Delta: 2}, ""},
		{"huber", map[string]any{"delta": float32(0.5)}, Huber{Delta: 0.5}, ""},
		{"quantile", map[string]any{"q": int8(2)}, nil, "strictly between 0 and 1"},
		{"bce", map[string]any{"delta": 1}, nil, `unknown argument "delta"; valid: reduction`},
		{"mse", map[string]any{"reduction": "max"}, nil, `want "mean" or "sum"`},
		{"huber", map[string]any{"delta": "big"}, nil, `argument "delta" is string`},
		{"huber", map[string]any{"delta": -1}, nil, "want a positive number"},
		{"quantile", map[string]any{"q": 2}, nil, "strictly between 0 and 1"},
		{"nope", nil, nil, `unknown loss "nope"; registered: `},
	}
	for _, tt := range tests {
		l, err := New(tt.name, tt.args)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("New(%q, %v): error %v, want %q", tt.name, tt.args, err, tt.err)
			}
			continue
		}
		if err != nil || l != tt.want {
			t.Errorf("New(%q, %v) = %#v, %v; want %#v", tt.name, tt.args, l, err, tt.want)
		}
	}
}

// cubed is a loss defined outside the package, as a notebook would.
type cubed struct{}

func (cubed) Name() string { return "cubed" }
func (cubed) Eval(p, t, g []float64, n int) (float64, error) {
	var s float64
	for i := range p {
		d := p[i] - t[i]
		s += d * d * d
		g[i] = 3 * d * d
	}
	return s, nil
}

func TestRegister(t *testing.T) {
	if err := Register("Cubed", func(map[string]any) (Loss, error) { return cubed{}, nil }); err != nil {
		t.Fatal(err)
	}
	l, err := New("cubed", nil)
	if err != nil || l.Name() != "cubed" {
		t.Fatalf("New(cubed) = %v, %v", l, err)
	}
	found := false
	for _, n := range Names() {
		found = found || n == "cubed"
	}
	if !found {
		t.Errorf("Names() = %v, want it to include cubed", Names())
	}
	if err := Register("Cubed", func(map[string]any) (Loss, error) { return MAE{}, nil }); err != nil {
		t.Fatalf("re-registering a plugin: %v", err)
	}
	if l, err := New("cubed", nil); err != nil || l.Name() != "mae" {
		t.Errorf("after re-registering, New(cubed) = %v, %v; want the new factory's loss", l, err)
	}
	for _, name := range []string{"MSE", "Cross-Entropy", "crossentropy", "Pin_Ball"} {
		if err := Register(name, func(map[string]any) (Loss, error) { return cubed{}, nil }); err == nil || !strings.Contains(err.Error(), "built-in") {
			t.Errorf("Register(%q) over a built-in: %v", name, err)
		}
	}
	// A plugin name folds like a built-in one, and any spelling of it replaces it.
	if err := Register("Log_Cosh", func(map[string]any) (Loss, error) { return cubed{}, nil }); err != nil {
		t.Fatal(err)
	}
	if err := Register("log-cosh", func(map[string]any) (Loss, error) { return MSE{}, nil }); err != nil {
		t.Fatalf("re-registering under another spelling: %v", err)
	}
	if l, err := New("LogCosh", nil); err != nil || l.Name() != "mse" {
		t.Errorf("New(LogCosh) = %v, %v; want the loss registered last", l, err)
	}
	if err := Register(" ", func(map[string]any) (Loss, error) { return cubed{}, nil }); err == nil {
		t.Error("Register with a blank name succeeded")
	}
	if err := Register("x", nil); err == nil {
		t.Error("Register with a nil factory succeeded")
	}
	if err := Register("broken", func(map[string]any) (Loss, error) { return nil, nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := New("broken", nil); err == nil || !strings.Contains(err.Error(), "returned no loss") {
		t.Errorf("New(broken) error %v", err)
	}
}

// TestNamesReadable: lookups fold names, but Names still lists them as written, so an
// error's list of choices shows "cross_entropy", not the folded "crossentropy".
func TestNamesReadable(t *testing.T) {
	have := map[string]int{}
	for _, n := range Names() {
		have[n]++
	}
	for _, want := range []string{"mse", "mae", "huber", "quantile", "pinball", "bce", "bce_logits", "hinge", "cross_entropy", "softmax_cross_entropy"} {
		if have[want] != 1 {
			t.Errorf("Names() lists %q %d times, want once: %v", want, have[want], Names())
		}
	}
	for _, folded := range []string{"crossentropy", "softmaxcrossentropy", "bcelogits"} {
		if have[folded] != 0 {
			t.Errorf("Names() lists the folded %q: %v", folded, Names())
		}
	}
}
