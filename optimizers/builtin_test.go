package optimizers

import (
	"math/rand"
	"strings"
	"testing"
)

// builtins lists a constructor per built-in, with hyper-parameters that switch on every
// optional branch, so the shared tests below cover each code path.
var builtins = []struct {
	name  string
	hyper map[string]any
}{
	{"SGD", map[string]any{"lr": 0.1}},
	{"SGD", map[string]any{"lr": 0.1, "momentum": 0.9, "dampening": 0.1, "weight_decay": 0.01}},
	{"SGD", map[string]any{"lr": 0.1, "momentum": 0.9, "nesterov": true, "maximize": true}},
	{"Adam", nil},
	{"Adam", map[string]any{"amsgrad": true, "weight_decay": 0.1}},
	{"AdamW", map[string]any{"amsgrad": true}},
	{"RMSprop", nil},
	{"RMSprop", map[string]any{"centered": true, "momentum": 0.5, "weight_decay": 0.1}},
	{"Adagrad", map[string]any{"lr_decay": 0.01, "initial_accumulator_value": 0.1}},
	{"Adadelta", map[string]any{"weight_decay": 0.1}},
	{"Adamax", map[string]any{"weight_decay": 0.1}},
	{"NAdam", map[string]any{"weight_decay": 0.1}},
	{"RAdam", nil},
	{"Lion", map[string]any{"weight_decay": 0.1}},
	{"Rprop", nil},
	{"ASGD", map[string]any{"t0": 2.0, "weight_decay": 0.1}},
}

func mustNew(t testing.TB, name string, hyper map[string]any) Optimizer {
	t.Helper()
	o, err := New(name, hyper)
	if err != nil {
		t.Fatalf("New(%q, %v): %v", name, hyper, err)
	}
	return o
}

func randVec(r *rand.Rand, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = r.NormFloat64()
	}
	return x
}

// TestCloneRestoreReplays checks that a checkpoint (Hyper and State clones) taken after
// some steps reproduces the following steps bit for bit when restored.
func TestCloneRestoreReplays(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	const n = 7
	for _, b := range builtins {
		o := mustNew(t, b.name, b.hyper)
		p := randVec(r, n)
		grads := make([][]float64, 6)
		for i := range grads {
			grads[i] = randVec(r, n)
		}
		for _, g := range grads[:3] {
			if err := o.Step(p, append([]float64(nil), g...)); err != nil {
				t.Fatal(err)
			}
		}
		saved, savedP := o.State().Clone(), append([]float64(nil), p...)
		var first [][]float64
		for _, g := range grads[3:] {
			_ = o.Step(p, append([]float64(nil), g...))
			first = append(first, append([]float64(nil), p...))
		}
		if err := o.State().Restore(saved); err != nil {
			t.Fatalf("%s: restore: %v", b.name, err)
		}
		copy(p, savedP)
		for k, g := range grads[3:] {
			_ = o.Step(p, append([]float64(nil), g...))
			for i := range p {
				if p[i] != first[k][i] {
					t.Fatalf("%s %v: step %d after restore: p[%d] = %v, first run %v", b.name, b.hyper, k+4, i, p[i], first[k][i])
				}
			}
		}
		if o.State().Steps != 6 {
			t.Errorf("%s: Steps = %d after 3+3 steps with a restore at 3, want 6", b.name, o.State().Steps)
		}
	}
}

func TestStepLengthErrors(t *testing.T) {
	for _, b := range builtins {
		o := mustNew(t, b.name, b.hyper)
		err := o.Step(make([]float64, 3), make([]float64, 2))
		if err == nil || !strings.Contains(err.Error(), "3 params but 2 grads") {
			t.Errorf("%s: params 3, grads 2: err = %v", b.name, err)
		}
		if err := o.Step(make([]float64, 3), []float64{1, 2, 3}); err != nil {
			t.Fatalf("%s: %v", b.name, err)
		}
		if len(o.State().Buffers) == 0 {
			continue // plain SGD keeps no per-parameter state to disagree with
		}
		p := []float64{1, 2, 3, 4}
		err = o.Step(p, []float64{1, 1, 1, 1})
		if err == nil || !strings.Contains(err.Error(), "changed size") {
			t.Errorf("%s: grads grew from 3 to 4: err = %v", b.name, err)
		}
		if p[0] != 1 || o.State().Steps != 1 {
			t.Errorf("%s: a refused step changed params or Steps: %v, %d", b.name, p, o.State().Steps)
		}
	}
}

// TestSplitMatchesSerial checks that a step long enough to be split across the worker
// pool computes exactly what separate optimizers compute serially on short pieces: every
// built-in is elementwise, so the two must agree bit for bit.
func TestSplitMatchesSerial(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	const piece = 1000
	n := 4*parallelMin + 13
	for _, b := range builtins {
		o := mustNew(t, b.name, b.hyper)
		var refs []Optimizer
		for lo := 0; lo < n; lo += piece {
			refs = append(refs, mustNew(t, b.name, b.hyper))
		}
		p := randVec(r, n)
		pr := append([]float64(nil), p...)
		for k := 0; k < 3; k++ {
			g := randVec(r, n)
			if err := o.Step(p, append([]float64(nil), g...)); err != nil {
				t.Fatal(err)
			}
			for j, ref := range refs {
				lo, hi := j*piece, (j+1)*piece
				if hi > n {
					hi = n
				}
				if err := ref.Step(pr[lo:hi], g[lo:hi]); err != nil {
					t.Fatal(err)
				}
			}
		}
		for i := range p {
			if p[i] != pr[i] {
				t.Fatalf("%s %v: split p[%d] = %v, serial %v", b.name, b.hyper, i, p[i], pr[i])
			}
		}
	}
}

func TestStructLiteralIsAnErrorNotAPanic(t *testing.T) {
	for _, o := range []Optimizer{&SGD{}, &Adam{}, &AdamW{}, &RMSprop{}, &Adagrad{}, &Adadelta{}, &Adamax{}, &NAdam{}, &RAdam{}, &Lion{}, &Rprop{}, &ASGD{}} {
		if err := o.Step([]float64{1}, []float64{1}); err == nil || !strings.Contains(err.Error(), "constructor") {
			t.Errorf("%T{}.Step: err = %v, want a pointer to the constructor", o, err)
		}
	}
}
