package schedule

import (
	"strings"
	"testing"

	"github.com/descentlab/descent/optimizers"
)

func TestNewByNameAndAlias(t *testing.T) {
	cases := []struct {
		name string
		args map[string]any
		want []float64 // lr after construction and one step, from lr 1
	}{
		{"StepLR", map[string]any{"step_size": 1.0}, []float64{1, 0.1}},
		{"steplr", map[string]any{"step_size": 1, "gamma": 0.5}, []float64{1, 0.5}},
		{"step", map[string]any{"step_size": int64(1), "gamma": float32(0.5)}, []float64{1, 0.5}},
		{"multi_step", map[string]any{"milestones": []any{1.0, 1.0}, "gamma": 0.5}, []float64{1, 0.25}},
		{"MultiStepLR", map[string]any{"milestones": []int{1}}, []float64{1, 0.1}},
		{"MultiStepLR", map[string]any{"milestones": []float64{1}}, []float64{1, 0.1}},
		{"constant", nil, []float64{1.0 / 3, 1.0 / 3}},
		{"Linear", map[string]any{"total_iters": 2.0, "start_factor": 0.5}, []float64{0.5, 0.75}},
		{"exp", map[string]any{"gamma": 0.5}, []float64{1, 0.5}},
		{"poly", map[string]any{"total_iters": 2}, []float64{1, 0.5}},
		{"cosine", map[string]any{"T_max": 1}, []float64{1, 0}},
		{"Cosine-Annealing", map[string]any{"T_max": 2, "eta_min": 0.5}, []float64{1, 0.75}},
		{"sgdr", map[string]any{"T_0": 1}, []float64{1, 1}},
		{"cyclic", map[string]any{"base_lr": 0.5, "max_lr": 1.5, "step_size_up": 1, "cycle_momentum": false}, []float64{0.5, 1.5}},
		{"1cycle", map[string]any{"max_lr": 2.5, "total_steps": 10}, []float64{0.1, 1.3}},
		{"plateau", map[string]any{"mode": "max", "verbose": false}, []float64{1, 1}},
		{"lambda", map[string]any{"lr_lambda": func(e int) float64 { return float64(e + 1) }}, []float64{1, 2}},
		{"multiplicative", map[string]any{"lr_lambda": []any{func(e int) float64 { return 0.5 }}}, []float64{1, 0.5}},
		{"time_decay", map[string]any{"decay_rate": 1}, []float64{1, 0.5}},
		{"InverseTimeDecay", map[string]any{"decay": 1, "decay_steps": 2, "staircase": true}, []float64{1, 1}},
		{"warmup", map[string]any{"warmup_steps": 2, "last_epoch": -1}, []float64{0, 0.5}},
		{"sequential", map[string]any{"schedulers": []any{[]any{"constant", map[string]any{"factor": 0.5, "total_iters": 1}}, map[string]any{"name": "exp", "args": map[string]any{"gamma": 0.5}}}, "milestones": []any{2}}, []float64{0.5, 1}},
		{"chained", map[string]any{"schedulers": []any{map[string]any{"type": "exp", "args": map[string]any{"gamma": 0.5}}}}, []float64{1, 0.5}},
		{"chained", map[string]any{"schedulers": []any{[]any{"exp", map[string]any{"gamma": 0.5}}, []any{"step", map[string]any{"step_size": 1}}}}, []float64{1, 0.05}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := check(New(c.name, sgdLike(1), c.args))(t)
			assertSeq(t, "lr", trajectory(s, 1), c.want)
		})
	}
}

func TestNewErrors(t *testing.T) {
	o := sgdLike(1)
	cases := []struct {
		name string
		o    optimizers.Optimizer
		args map[string]any
		want []string // substrings the error must contain
	}{
		{"NoSuchLR", o, nil, []string{`unknown schedule "NoSuchLR"`, "StepLR", "OneCycleLR"}},
		{"StepLR", o, map[string]any{}, []string{`"step_size"`, "required"}},
		{"StepLR", o, map[string]any{"step_size": 0}, []string{`"step_size"`, "positive"}},
		{"StepLR", o, map[string]any{"step_size": 2.5}, []string{`"step_size"`, "whole number"}},
		{"StepLR", o, map[string]any{"step_size": "10"}, []string{`"step_size"`, "string"}},
		{"StepLR", o, map[string]any{"step_size": 1, "gamma": 0}, []string{`"gamma"`, "positive"}},
		{"StepLR", o, map[string]any{"step_size": 1, "gama": 0.5}, []string{`unknown arg "gama"`, "gamma", "step_size"}},
		{"StepLR", o, map[string]any{"step_size": 1, "last_epoch": 5}, []string{`"last_epoch"`, "-1"}},
		{"StepLR", nil, map[string]any{"step_size": 1}, []string{"optimizer is nil"}},
		{"MultiStepLR", o, map[string]any{}, []string{`"milestones"`, "required"}},
		{"MultiStepLR", o, map[string]any{"milestones": []any{1, "x"}}, []string{`"milestones"`, "element 1"}},
		{"MultiStepLR", o, map[string]any{"milestones": 3}, []string{`"milestones"`}},
		{"ExponentialLR", o, map[string]any{}, []string{`"gamma"`, "required"}},
		{"ExponentialLR", o, map[string]any{"gamma": -1}, []string{`"gamma"`, "positive"}},
		{"ConstantLR", o, map[string]any{"factor": 1.5}, []string{`"factor"`, "(0, 1]"}},
		{"LinearLR", o, map[string]any{"start_factor": 0}, []string{`"start_factor"`}},
		{"LinearLR", o, map[string]any{"end_factor": 2}, []string{`"end_factor"`}},
		{"PolynomialLR", o, map[string]any{"total_iters": 0}, []string{`"total_iters"`}},
		{"CosineAnnealingLR", o, map[string]any{"T_max": 0}, []string{`"T_max"`, "positive"}},
		{"CosineAnnealingLR", o, map[string]any{}, []string{`"T_max"`, "required"}},
		{"CosineAnnealingWarmRestarts", o, map[string]any{"T_0": 1, "T_mult": 0}, []string{`"T_mult"`}},
		{"CosineAnnealingWarmRestarts", o, map[string]any{"T_0": -1}, []string{`"T_0"`}},
		{"CyclicLR", o, map[string]any{"max_lr": 1}, []string{`"base_lr"`, "required"}},
		{"CyclicLR", o, map[string]any{"base_lr": 0.1, "max_lr": 1, "mode": "square"}, []string{`"mode"`, `"triangular2"`}},
		{"CyclicLR", o, map[string]any{"base_lr": 0.1, "max_lr": []any{1, 2}}, []string{`"max_lr"`, "expected 1 values"}},
		{"CyclicLR", o, map[string]any{"base_lr": 0.1, "max_lr": 1, "step_size_up": 0}, []string{`"step_size_up"`}},
		{"CyclicLR", o, map[string]any{"base_lr": 0.1, "max_lr": 1, "scale_fn": 3}, []string{`"scale_fn"`}},
		{"CyclicLR", plainOpt(1), map[string]any{"base_lr": 0.1, "max_lr": 1}, []string{`"cycle_momentum"`, "momentum", "betas"}},
		{"OneCycleLR", o, map[string]any{"max_lr": 1}, []string{`"total_steps"`}},
		{"OneCycleLR", o, map[string]any{"max_lr": 1, "total_steps": 0}, []string{`"total_steps"`}},
		{"OneCycleLR", o, map[string]any{"max_lr": 1, "epochs": 2}, []string{`"steps_per_epoch"`}},
		{"OneCycleLR", o, map[string]any{"max_lr": 1, "total_steps": 10, "pct_start": 1.5}, []string{`"pct_start"`}},
		{"OneCycleLR", o, map[string]any{"max_lr": 1, "total_steps": 10, "anneal_strategy": "exp"}, []string{`"anneal_strategy"`, `"linear"`}},
		{"OneCycleLR", plainOpt(1), map[string]any{"max_lr": 1, "total_steps": 10}, []string{`"cycle_momentum"`}},
		{"ReduceLROnPlateau", o, map[string]any{"factor": 1}, []string{`"factor"`}},
		{"ReduceLROnPlateau", o, map[string]any{"mode": "up"}, []string{`"mode"`, `"min"`, `"max"`}},
		{"ReduceLROnPlateau", o, map[string]any{"threshold_mode": "pct"}, []string{`"threshold_mode"`}},
		{"ReduceLROnPlateau", o, map[string]any{"patience": -1}, []string{`"patience"`}},
		{"ReduceLROnPlateau", o, map[string]any{"min_lr": []any{0, 0}}, []string{`"min_lr"`, "expected 1"}},
		{"SequentialLR", o, map[string]any{"milestones": []any{}}, []string{`"schedulers"`, "required"}},
		{"SequentialLR", o, map[string]any{"schedulers": []any{[]any{"nope", nil}}, "milestones": []any{}}, []string{`"schedulers"`, `unknown schedule "nope"`}},
		{"SequentialLR", o, map[string]any{"schedulers": []any{42}, "milestones": []any{}}, []string{`"schedulers"`, "element 0"}},
		{"ChainedScheduler", o, map[string]any{"schedulers": "exp"}, []string{`"schedulers"`}},
		{"LambdaLR", o, map[string]any{}, []string{`"lr_lambda"`, "required"}},
		{"LambdaLR", o, map[string]any{"lr_lambda": func(float64) float64 { return 1 }}, []string{`"lr_lambda"`, "func(epoch int) float64"}},
		{"TimeDecay", o, map[string]any{}, []string{`"decay_rate"`, "required"}},
		{"TimeDecay", o, map[string]any{"decay_rate": 1, "decay_steps": 0}, []string{`"decay_steps"`}},
		{"LinearWarmup", o, map[string]any{"warmup_steps": 0}, []string{`"warmup_steps"`}},
		{"StepLR", o, map[string]any{"step_size": 1, "gamma": nanValue()}, []string{`"gamma"`, "finite"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := New(c.name, c.o, c.args)
			if err == nil {
				t.Fatalf("New(%q, %v) = %T, want an error", c.name, c.args, s)
			}
			if s != nil {
				t.Errorf("New returned a schedule %T together with the error", s)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func nanValue() float64 { z := 0.0; return z / z }

// TestFailedConstructionLeavesLR checks that validation happens before any write.
func TestFailedConstructionLeavesLR(t *testing.T) {
	o := sgdLike(0.3)
	if _, err := New("CyclicLR", o, map[string]any{"base_lr": 0.1, "max_lr": 1, "mode": "bad"}); err == nil {
		t.Fatal("want an error")
	}
	if lr, m := o.Hyper().Float("lr"), o.Hyper().Float("momentum"); lr != 0.3 || m != 0.9 {
		t.Errorf("lr, momentum = %v, %v after a refused construction, want 0.3, 0.9", lr, m)
	}
}

func TestRegistry(t *testing.T) {
	calls := 0
	f := func(o optimizers.Optimizer, args map[string]any) (Scheduler, error) {
		calls++
		return &halver{o.Hyper()}, nil
	}
	if err := Register("TestHalving", f); err != nil {
		t.Fatal(err)
	}
	s := check(New("test_halving", sgdLike(1), nil))(t)
	assertSeq(t, "lr", trajectory(s, 2), []float64{1, 0.5, 0.25})
	if calls != 1 {
		t.Errorf("factory called %d times, want 1", calls)
	}
	// Re-running a notebook cell registers the same name again.
	if err := Register("testhalving", f); err != nil {
		t.Errorf("re-registering a plugin name: %v", err)
	}

	names := Names()
	has := func(n string) bool {
		for _, x := range names {
			if x == n {
				return true
			}
		}
		return false
	}
	for _, n := range []string{"StepLR", "OneCycleLR", "ReduceLROnPlateau", "TimeDecay", "LinearWarmup", "testhalving"} {
		if !has(n) {
			t.Errorf("Names() = %v lacks %q", names, n)
		}
	}
	if has("cosine") {
		t.Errorf("Names() lists the alias \"cosine\"")
	}

	for _, c := range []struct {
		name string
		f    Factory
		want string
	}{
		{"steplr", f, "built-in StepLR"},
		{"Cosine", f, "built-in CosineAnnealingLR"},
		{"", f, "empty name"},
		{"other", nil, "nil factory"},
	} {
		if err := Register(c.name, c.f); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Register(%q): err = %v, want one containing %q", c.name, err, c.want)
		}
	}

	check(0, Register("TestPanics", func(optimizers.Optimizer, map[string]any) (Scheduler, error) { panic("bad plugin") }))(t)
	if _, err := New("TestPanics", sgdLike(1), nil); err == nil || !strings.Contains(err.Error(), "bad plugin") {
		t.Errorf("panicking factory: err = %v, want the panic as an error", err)
	}
	check(0, Register("TestNil", func(optimizers.Optimizer, map[string]any) (Scheduler, error) { return nil, nil }))(t)
	if _, err := New("TestNil", sgdLike(1), nil); err == nil {
		t.Error("factory returning no schedule: want an error")
	}
}
