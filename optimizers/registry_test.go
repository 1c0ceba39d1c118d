package optimizers

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestNewValidation(t *testing.T) {
	tests := []struct {
		name  string
		hyper map[string]any
		want  []string // substrings the error must contain; nil means no error
	}{
		{"SGD", nil, nil},
		{"sgd", map[string]any{"lr": -0.1}, []string{"SGD", "lr", "-0.1", ">= 0"}},
		{"SGD", map[string]any{"momentum": -1.0}, []string{"momentum", "-1"}},
		{"SGD", map[string]any{"nesterov": true}, []string{"nesterov", "momentum > 0"}},
		{"SGD", map[string]any{"nesterov": true, "momentum": 0.9, "dampening": 0.1}, []string{"nesterov", "dampening = 0"}},
		{"SGD", map[string]any{"lr": "fast"}, []string{`"lr"`, "want a number", "string"}},
		{"SGD", map[string]any{"nesterov": 1}, []string{`"nesterov"`, "want a bool"}},
		{"SGD", map[string]any{"betas": []float64{0.9, 0.99}}, []string{`unknown hyper-parameter "betas"`, "valid: dampening, lr, maximize, momentum, nesterov, weight_decay"}},
		{"Adam", map[string]any{"betas": []any{0.9, 1.0}}, []string{"Adam", "betas[1]", "[0, 1)"}},
		{"Adam", map[string]any{"betas": []float64{-0.1, 0.9}}, []string{"betas[0]", "-0.1"}},
		{"Adam", map[string]any{"betas": []float64{0.9}}, []string{"betas", "pair"}},
		{"Adam", map[string]any{"eps": -1e-8}, []string{"eps", "-1e-08"}},
		{"AdamW", map[string]any{"weight_decay": -0.01}, []string{"AdamW", "weight_decay"}},
		{"Adam", map[string]any{"lr": nan()}, []string{"lr", "NaN"}},
		{"RMSprop", map[string]any{"alpha": -0.5}, []string{"alpha"}},
		{"Adagrad", map[string]any{"initial_accumulator_value": -1.0}, []string{"initial_accumulator_value"}},
		{"Adadelta", map[string]any{"rho": 1.5}, []string{"rho", "[0, 1]"}},
		{"Adamax", map[string]any{"betas": []float64{1, 0.9}}, []string{"betas[0]"}},
		{"NAdam", map[string]any{"momentum_decay": -1.0}, []string{"momentum_decay"}},
		{"NAdam", map[string]any{"maximize": true}, []string{`unknown hyper-parameter "maximize"`}},
		{"RAdam", map[string]any{"lr": -1.0}, []string{"RAdam", "lr"}},
		{"Lion", map[string]any{"betas": []float64{0.9, 1.01}}, []string{"Lion", "betas[1]"}},
		{"Rprop", map[string]any{"etas": []float64{1.2, 0.5}}, []string{"etas", "etaminus < 1 < etaplus"}},
		{"Rprop", map[string]any{"step_sizes": []float64{1, 0.5}}, []string{"step_sizes", "min <= max"}},
		{"Rprop", map[string]any{"step_sizes": []float64{1e-6, 50}, "etas": []float64{0.5, 1.2}}, nil},
	}
	for _, tt := range tests {
		o, err := New(tt.name, tt.hyper)
		if tt.want == nil {
			if err != nil || o == nil {
				t.Errorf("New(%q, %v) = %v, %v; want an optimizer", tt.name, tt.hyper, o, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("New(%q, %v) succeeded; want an error mentioning %q", tt.name, tt.hyper, tt.want)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("New(%q, %v): error %q does not mention %q", tt.name, tt.hyper, err, w)
			}
		}
	}
}

func nan() float64 { var z float64; return z / z }

// TestSetIsValidated checks that Check guards later changes too, and that a refused change
// leaves the old values in force.
func TestSetIsValidated(t *testing.T) {
	o := NewAdam()
	if err := o.Hyper().Set("betas", []float64{0.5, 1.5}); err == nil || !strings.Contains(err.Error(), "betas[1]") {
		t.Errorf("Set betas (0.5, 1.5): err = %v", err)
	}
	if b1, b2 := o.Hyper().Pair("betas"); b1 != 0.9 || b2 != 0.999 {
		t.Errorf("refused Set changed betas to (%v, %v)", b1, b2)
	}
	s := NewSGD(0.1)
	if err := s.Hyper().Set("nesterov", true); err == nil {
		t.Error("nesterov without momentum was accepted by Set")
	}
	if err := s.Hyper().SetAll(map[string]any{"nesterov": true, "momentum": 0.9}); err != nil {
		t.Errorf("nesterov with momentum 0.9: %v", err)
	}
	// NewSGD takes lr unchecked; Step re-validates rather than running with a bad value.
	bad := NewSGD(-1)
	if err := bad.Step([]float64{1}, []float64{1}); err == nil || !strings.Contains(err.Error(), "lr") {
		t.Errorf("Step with lr -1: err = %v", err)
	}
}

func TestAliases(t *testing.T) {
	tests := []struct {
		alias string
		kind  string
		want  map[string]any
	}{
		{"gd", "SGD", map[string]any{"lr": DefaultSGDLR, "momentum": 0.0}},
		{"Gradient_Descent", "SGD", map[string]any{"momentum": 0.0}},
		{"momentum", "SGD", map[string]any{"momentum": 0.9, "nesterov": false}},
		{"heavy-ball", "SGD", map[string]any{"momentum": 0.9}},
		{"nesterov", "SGD", map[string]any{"momentum": 0.9, "nesterov": true}},
		{"ADAMW", "AdamW", map[string]any{"weight_decay": 0.01}},
		{"adam_w", "AdamW", nil},
		{"RMSProp", "RMSprop", map[string]any{"lr": 0.01, "alpha": 0.99}},
		{"rms", "RMSprop", nil},
	}
	for _, tt := range tests {
		o := mustNew(t, tt.alias, nil)
		if o.Name() != tt.kind {
			t.Errorf("New(%q).Name() = %q, want %q", tt.alias, o.Name(), tt.kind)
		}
		for k, v := range tt.want {
			if got, _ := o.Hyper().Get(k); got != v {
				t.Errorf("New(%q): %s = %v, want %v", tt.alias, k, got, v)
			}
		}
	}
	// The caller's values override an alias's presets.
	o := mustNew(t, "momentum", map[string]any{"momentum": 0.5, "lr": 0.2})
	if m, lr := o.Hyper().Float("momentum"), o.Hyper().Float("lr"); m != 0.5 || lr != 0.2 {
		t.Errorf("momentum alias with overrides: momentum %v lr %v, want 0.5 0.2", m, lr)
	}
}

func TestRegistry(t *testing.T) {
	calls := 0
	f := func(h map[string]any) (Optimizer, error) {
		calls++
		if v, ok := h["fail"]; ok {
			return nil, errors.New("factory refused: " + v.(string))
		}
		return NewSGD(0.5), nil
	}
	if err := Register("My-Opt", f); err != nil {
		t.Fatal(err)
	}
	for _, builtin := range []string{"adam", "Heavy_Ball", "LBFGS"} {
		if err := Register(builtin, f); err == nil || !strings.Contains(err.Error(), "built-in") {
			t.Errorf("Register over the built-in %s: err = %v", builtin, err)
		}
	}
	if err := Register("", f); err == nil {
		t.Error("Register with an empty name succeeded")
	}
	if err := Register("nilfactory", nil); err == nil {
		t.Error("Register with a nil factory succeeded")
	}
	o, err := New("MYOPT", nil)
	if err != nil || calls != 1 || o.Hyper().Float("lr") != 0.5 {
		t.Errorf("New(MYOPT) = %v, %v after %d factory calls", o, err, calls)
	}
	if _, err := New("myopt", map[string]any{"fail": "no"}); err == nil || !strings.Contains(err.Error(), "factory refused: no") {
		t.Errorf("factory error not passed on: %v", err)
	}
	names := Names()
	for _, want := range []string{"adam", "adamw", "myopt", "sgd", "lion", "rprop", "nesterov"} {
		found := false
		for _, n := range names {
			found = found || n == want
		}
		if !found {
			t.Errorf("Names() = %v lacks %q", names, want)
		}
	}
	_, err = New("adamm", nil)
	if err == nil || !strings.Contains(err.Error(), `unknown optimizer "adamm"`) || !strings.Contains(err.Error(), "adamw, adamax") && !strings.Contains(err.Error(), "adamax, adamw") {
		t.Errorf("unknown name: err = %v, want the known names listed", err)
	}
	// Re-running the cell that registers a plugin replaces it.
	if err := Register("my_opt", func(map[string]any) (Optimizer, error) { return NewSGD(0.25), nil }); err != nil {
		t.Fatalf("registering my_opt again: %v", err)
	}
	if o, err := New("myopt", nil); err != nil || o.Hyper().Float("lr") != 0.25 || calls != 2 {
		t.Errorf("after re-registering, New(myopt) = %v, %v (old factory called %d times)", o, err, calls)
	}
	if err := Register("returnsnil", func(map[string]any) (Optimizer, error) { return nil, nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := New("returnsnil", nil); err == nil {
		t.Error("a factory returning (nil, nil) gave no error")
	}
}

// TestLBFGSByName builds LBFGS through the registry and checks that Minimize drives it
// through its closure on a quadratic with minimum at (1, -2).
func TestLBFGSByName(t *testing.T) {
	if _, err := New("lbfgs", map[string]any{"line_search_fn": "bogus"}); err == nil {
		t.Error("an unknown line_search_fn was accepted")
	}
	o, err := New("LBFGS", map[string]any{"history_size": 5, "line_search_fn": "strong_wolfe"})
	if err != nil {
		t.Fatal(err)
	}
	p := Problem{
		Name: "bowl",
		Func: func(x []float64) float64 { return (x[0]-1)*(x[0]-1) + 3*(x[1]+2)*(x[1]+2) },
		Grad: func(g, x []float64) { g[0], g[1] = 2*(x[0]-1), 6*(x[1]+2) },
	}
	res, err := Minimize(p, []float64{4, 4}, o, Settings{MaxIter: 50})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(res.X[0]-1) > 1e-6 || math.Abs(res.X[1]+2) > 1e-6 {
		t.Errorf("LBFGS by name ended at %v, want (1, -2)", res.X)
	}
}
