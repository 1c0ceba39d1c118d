package optimizers

import (
	"math"
	"testing"
)

// pluginGD is an optimizer as a notebook would write one: plain gradient descent on a
// Base, registered by name.
type pluginGD struct{ *Base }

func (o *pluginGD) Step(params, grads []float64) error {
	lr := o.Hyper().Float("lr")
	for i := range params {
		params[i] -= lr * grads[i]
	}
	o.State().Steps++
	return nil
}

// TestLookaheadAroundPlugin wraps an optimizer registered later by name and checks the
// trajectory against Lookahead's rule computed by hand, that the inner lr is what
// HypersOf (and so a schedule) drives, and the memory figure.
func TestLookaheadAroundPlugin(t *testing.T) {
	if err := Register("plugin-gd", func(h map[string]any) (Optimizer, error) {
		o := &pluginGD{NewBase("PluginGD", map[string]any{"lr": 0.1})}
		return o, o.Hyper().SetAll(h)
	}); err != nil {
		t.Fatal(err)
	}
	o := mustNew(t, "lookahead", map[string]any{"optimizer": "plugin_gd", "inner": map[string]any{"lr": 0.2}, "k": 2, "alpha": 0.25})
	if o.Name() != "Lookahead(PluginGD)" {
		t.Errorf("Name() = %q", o.Name())
	}
	hs := HypersOf(o)
	if len(hs) != 1 || hs[0].Float("lr") != 0.2 {
		t.Fatalf("HypersOf(lookahead) = %v, want the inner lr 0.2", hs)
	}
	// f(x) = x²/2 from x = 1: fast steps x -= lr*x; syncs after steps 1, 3, 5.
	x := []float64{1}
	want, slow := 1.0, 0.0
	for k := 1; k <= 6; k++ {
		if k == 4 {
			if err := hs[0].Set("lr", 0.1); err != nil { // as a schedule would
				t.Fatal(err)
			}
		}
		lr := 0.2
		if k >= 4 {
			lr = 0.1
		}
		if err := o.Step(x, []float64{x[0]}); err != nil {
			t.Fatal(err)
		}
		want -= lr * want
		if k%2 == 1 {
			if k == 1 {
				slow = want
			}
			want = math.FMA(0.75, slow, want*0.25)
			slow = want
		}
		if x[0] != want {
			t.Fatalf("step %d: x = %v, want %v", k, x[0], want)
		}
	}
	if got := StateWords(o); got != 2 { // slow_param and the counter; plain GD keeps nothing
		t.Errorf("StateWords = %d, want 2", got)
	}
	// An Optimizer value works too, and the name of a missing plugin is an error.
	if _, err := New("lookahead", map[string]any{"optimizer": NewSGD(0.1)}); err != nil {
		t.Error(err)
	}
}
