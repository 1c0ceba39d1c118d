package optimizers

import (
	"math"
	"math/rand"
	"strings"
	"testing"
)

// extBuiltins lists the optimizers beyond torch.optim with hyper-parameters that switch
// on their optional branches. shaped cases get a matrix layout (see extShapes).
var extBuiltins = []struct {
	name   string
	hyper  map[string]any
	shaped bool
}{
	{"Lamb", nil, true},
	{"Lamb", map[string]any{"debias": true, "weight_decay": 0.01, "clamp_value": 1.0}, true},
	{"Lamb", map[string]any{"adam": true}, false},
	{"LARS", map[string]any{"weight_decay": 0.01, "momentum": 0.9, "dampening": 0.1}, true},
	{"LARS", map[string]any{"weight_decay": 0.01, "momentum": 0.9, "nesterov": true}, false},
	{"Yogi", nil, false},
	{"Yogi", map[string]any{"weight_decay": 0.01, "initial_accumulator": 0.1}, false},
	{"AdaBound", nil, false},
	{"AdaBound", map[string]any{"amsbound": true, "weight_decay": 0.01}, false},
	{"MADGRAD", nil, false},
	{"MADGRAD", map[string]any{"momentum": 0.0, "weight_decay": 0.01}, false},
	{"NovoGrad", map[string]any{"grad_averaging": true, "amsgrad": true, "weight_decay": 0.01, "betas": []float64{0.9, 0.5}}, true},
	{"QHAdam", map[string]any{"nus": []float64{0.7, 0.9}}, false},
	{"QHAdam", map[string]any{"decouple_weight_decay": true, "weight_decay": 0.1}, false},
	{"Lookahead", map[string]any{"k": 3, "alpha": 0.8, "optimizer": "adam"}, false},
	{"Lookahead", map[string]any{"optimizer": "sgd", "inner": map[string]any{"lr": 0.1, "momentum": 0.9}}, false},
	{"AdamWScheduleFree", nil, false},
	{"AdamWScheduleFree", map[string]any{"warmup_steps": 3, "weight_decay": 0.01, "decay_at_z": true, "inner_momentum": 0.9, "r": 1.0}, false},
	{"SGDScheduleFree", map[string]any{"lr": 0.1, "weight_decay": 0.01, "warmup_steps": 2}, false},
	{"Adafactor", nil, true},
	{"Adafactor", map[string]any{"lr": 0.01, "relative_step": false, "beta1": 0.9, "weight_decay": 0.01, "scale_parameter": false}, true},
	{"Adafactor", map[string]any{"warmup_init": true, "clip_threshold": 0.5, "factored": false}, true},
	{"Shampoo", map[string]any{"momentum": 0.9, "weight_decay": 0.01, "update_freq": 2}, true},
	{"Muon", map[string]any{"weight_decay": 0.01, "adam_weight_decay": 0.01}, true},
	{"Muon", map[string]any{"nesterov": false, "ns_steps": 3}, true},
}

// extShapes lays a vector of n elements out as a 2x(n/4) matrix, a vector, and a scalar
// left to the gap filling.
func extShapes(n int) []Tensor {
	c := n / 4
	return []Tensor{
		{Name: "W", Offset: 0, Shape: []int{2, c}},
		{Name: "b", Offset: 2 * c, Shape: []int{c}},
	}
}

func newExt(t testing.TB, name string, hyper map[string]any, shaped bool, n int) Optimizer {
	t.Helper()
	o := mustNew(t, name, hyper)
	if shaped {
		if err := SetShapes(o, extShapes(n)); err != nil {
			t.Fatalf("%s: SetShapes: %v", name, err)
		}
	}
	return o
}

func TestExtNewValidation(t *testing.T) {
	tests := []struct {
		name  string
		hyper map[string]any
		want  []string // substrings the error must contain; nil means no error
	}{
		{"Lamb", map[string]any{"lr": -0.1}, []string{"Lamb", "lr"}},
		{"Lamb", map[string]any{"betas": []float64{0.9, 1.0}}, []string{"betas[1]"}},
		{"Lamb", map[string]any{"clamp_value": -1.0}, []string{"clamp_value"}},
		{"LARS", map[string]any{"trust_coefficient": -0.1}, []string{"LARS", "trust_coefficient"}},
		{"LARS", map[string]any{"nesterov": true}, []string{"nesterov", "momentum > 0"}},
		{"Yogi", map[string]any{"initial_accumulator": -1.0}, []string{"initial_accumulator"}},
		{"Yogi", map[string]any{"momentum": 0.9}, []string{`unknown hyper-parameter "momentum"`, "initial_accumulator"}},
		{"AdaBound", map[string]any{"gamma": 1.0}, []string{"gamma", "[0, 1)"}},
		{"AdaBound", map[string]any{"final_lr": -0.1}, []string{"final_lr"}},
		{"MADGRAD", map[string]any{"momentum": 1.0}, []string{"MADGRAD", "momentum"}},
		{"NovoGrad", map[string]any{"betas": []float64{0.95, -0.1}}, []string{"NovoGrad", "betas[1]"}},
		{"QHAdam", map[string]any{"nus": []float64{nan(), 1}}, []string{"nus[0]", "finite"}},
		{"Lookahead", map[string]any{"alpha": 1.5}, []string{"Lookahead", "alpha", "[0, 1]"}},
		{"Lookahead", map[string]any{"k": 0}, []string{"k", ">= 1"}},
		{"Lookahead", map[string]any{"optimizer": "nosuch"}, []string{"Lookahead", "inner", `unknown optimizer "nosuch"`}},
		{"Lookahead", map[string]any{"optimizer": 3}, []string{"Lookahead", `"optimizer"`, "registered name"}},
		{"Lookahead", map[string]any{"optimizer": "adam", "inner": map[string]any{"lr": -1.0}}, []string{"inner", "Adam", "lr"}},
		{"AdamWScheduleFree", map[string]any{"warmup_steps": -1}, []string{"warmup_steps", ">= 0"}},
		{"SGDScheduleFree", map[string]any{"momentum": 1.0}, []string{"momentum", "(0, 1)"}},
		{"Adafactor", map[string]any{"relative_step": false}, []string{"Adafactor", "relative_step=false needs lr > 0"}},
		{"Adafactor", map[string]any{"relative_step": false, "lr": 0.01}, nil},
		{"Adafactor", map[string]any{"lr": nil, "beta1": nil}, nil},
		{"Adafactor", map[string]any{"decay_rate": 0.5}, []string{"decay_rate", "<= 0"}},
		{"Adafactor", map[string]any{"clip_threshold": 0.0}, []string{"clip_threshold", "> 0"}},
		{"Adafactor", map[string]any{"eps2": []float64{-1, 1e-3}}, []string{"eps2"}},
		{"Shampoo", map[string]any{"update_freq": 0}, []string{"Shampoo", "update_freq", ">= 1"}},
		{"Shampoo", map[string]any{"epsilon": -1.0}, []string{"epsilon"}},
		{"Muon", map[string]any{"momentum": 1.0}, []string{"Muon", "momentum"}},
		{"Muon", map[string]any{"adam_betas": []float64{0.9, 1.5}}, []string{"adam group", "betas[1]"}},
		{"Muon", map[string]any{"ns_coefficients": []any{3.0, -4.0, 2.0}}, []string{"ns_coefficients", "fixed"}},
		{"SingleDeviceMuonWithAuxAdam", map[string]any{"ns_coefficients": []any{3.4445, -4.775, 2.0315}, "ns_norm_eps": 1e-7, "ns_dtype": "float64"}, nil},
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

func TestExtAliases(t *testing.T) {
	for alias, name := range map[string]string{
		"schedule_free_adamw": "AdamWScheduleFreeReference", "AdamW-ScheduleFree": "AdamWScheduleFreeReference",
		"sgd_schedule_free": "SGDScheduleFreeReference", "muon": "Muon", "MuonWithAuxAdam": "Muon",
		"Adafactor[unfactored]": "Adafactor",
	} {
		if o := mustNew(t, alias, nil); o.Name() != name {
			t.Errorf("New(%q).Name() = %q, want %q", alias, o.Name(), name)
		}
	}
	if o := mustNew(t, "adafactor[unfactored]", nil); o.Hyper().Bool("factored") {
		t.Error("adafactor[unfactored] factors")
	}
}

func TestExtStepDoesNotAllocate(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for _, n := range []int{100, 2*parallelMin + 4} {
		for _, b := range extBuiltins {
			o := newExt(t, b.name, b.hyper, b.shaped, n)
			if b.name == "Shampoo" && n > 1000 {
				continue // an (n/4)x(n/4) preconditioner: see TestShampooLargeNoAlloc
			}
			p, g := randVec(r, n), randVec(r, n)
			step := func() {
				if err := o.Step(p, g); err != nil {
					t.Fatal(err)
				}
			}
			step() // creates the state
			if a := testing.AllocsPerRun(5, step); a != 0 {
				t.Errorf("%s %v, n=%d: %v allocations per step, want 0", b.name, b.hyper, n, a)
			}
		}
	}
}

// TestShampooLargeNoAlloc checks Shampoo's steady state on matrices big enough for
// gonum's eigensolver to block.
func TestShampooLargeNoAlloc(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	o := NewShampoo()
	if err := o.SetShapes(Layout([]int{40, 70}, []int{70})); err != nil {
		t.Fatal(err)
	}
	p, g := randVec(r, 40*70+70), randVec(r, 40*70+70)
	step := func() {
		if err := o.Step(p, g); err != nil {
			t.Fatal(err)
		}
	}
	step()
	if a := testing.AllocsPerRun(3, step); a != 0 {
		t.Errorf("Shampoo on 40x70: %v allocations per step, want 0", a)
	}
}

// TestExtSplitMatchesSerial checks that the elementwise optimizers compute exactly what
// separate optimizers compute on short pieces, when the step is split across the pool.
func TestExtSplitMatchesSerial(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	const piece = 1000
	n := 4*parallelMin + 13
	for _, b := range extBuiltins {
		if b.shaped || b.name == "Lamb" || b.name == "LARS" || b.name == "NovoGrad" {
			continue // per tensor, not elementwise: see TestLayerwisePerTensor
		}
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
				lo, hi := j*piece, min((j+1)*piece, n)
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

// TestLayerwisePerTensor checks that the layer-wise optimizers treat each tensor given to
// SetShapes on its own: one optimizer over two tensors (one long enough to be summed in
// blocks on the pool) steps exactly as two optimizers, one per tensor, and differently
// from one optimizer that sees a single tensor.
func TestLayerwisePerTensor(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	na, nb := 3*sumBlock+17, 300
	for _, c := range []struct {
		name  string
		hyper map[string]any
	}{
		{"Lamb", map[string]any{"weight_decay": 0.01}},
		{"LARS", map[string]any{"weight_decay": 0.01, "momentum": 0.9}},
		{"NovoGrad", map[string]any{"betas": []float64{0.9, 0.5}}},
		{"Adafactor", nil},
	} {
		o := mustNew(t, c.name, c.hyper)
		if err := SetShapes(o, []Tensor{{Name: "a", Offset: 0, Shape: []int{na}}, {Name: "b", Offset: na, Shape: []int{nb}}}); err != nil {
			t.Fatal(err)
		}
		oa, ob, whole := mustNew(t, c.name, c.hyper), mustNew(t, c.name, c.hyper), mustNew(t, c.name, c.hyper)
		p := randVec(r, na+nb)
		pa, pb, pw := append([]float64(nil), p[:na]...), append([]float64(nil), p[na:]...), append([]float64(nil), p...)
		for k := 0; k < 3; k++ {
			g := randVec(r, na+nb)
			for _, s := range []struct {
				o    Optimizer
				p, g []float64
			}{{o, p, g}, {oa, pa, g[:na]}, {ob, pb, g[na:]}, {whole, pw, g}} {
				if err := s.o.Step(s.p, append([]float64(nil), s.g...)); err != nil {
					t.Fatal(err)
				}
			}
		}
		for i := range p {
			want := pa
			j := i
			if i >= na {
				want, j = pb, i-na
			}
			if p[i] != want[j] {
				t.Fatalf("%s: p[%d] = %v with two tensors, %v stepping the tensor alone", c.name, i, p[i], want[j])
			}
		}
		same := true
		for i := range p {
			same = same && p[i] == pw[i]
		}
		if same {
			t.Errorf("%s: two tensors step exactly as one; the tensors are ignored", c.name)
		}
	}
}

func TestExtCloneRestoreReplays(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	const n = 24
	for _, b := range extBuiltins {
		o := newExt(t, b.name, b.hyper, b.shaped, n)
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
		var saved []*State
		walkStates(o, map[*State]bool{}, func(st *State) { saved = append(saved, st.Clone()) })
		savedP := append([]float64(nil), p...)
		var first [][]float64
		for _, g := range grads[3:] {
			_ = o.Step(p, append([]float64(nil), g...))
			first = append(first, append([]float64(nil), p...))
		}
		i := 0
		walkStates(o, map[*State]bool{}, func(st *State) {
			if err := st.Restore(saved[i]); err != nil {
				t.Fatalf("%s: restore: %v", b.name, err)
			}
			i++
		})
		copy(p, savedP)
		for k, g := range grads[3:] {
			_ = o.Step(p, append([]float64(nil), g...))
			for i := range p {
				if p[i] != first[k][i] {
					t.Fatalf("%s %v: step %d after restore: p[%d] = %v, first run %v", b.name, b.hyper, k+4, i, p[i], first[k][i])
				}
			}
		}
	}
}

func TestExtStepLengthErrors(t *testing.T) {
	for _, b := range extBuiltins {
		o := newExt(t, b.name, b.hyper, b.shaped, 8)
		err := o.Step(make([]float64, 8), make([]float64, 7))
		if err == nil || !strings.Contains(err.Error(), "8 params but 7 grads") {
			t.Errorf("%s: params 8, grads 7: err = %v", b.name, err)
		}
		p := []float64{1, 2, 3, 4, 5, 6, 7, 8}
		if err := o.Step(p, []float64{1, 1, 1, 1, 1, 1, 1, 1}); err != nil {
			t.Fatalf("%s: %v", b.name, err)
		}
		p = make([]float64, 12)
		err = o.Step(p, make([]float64, 12))
		if b.shaped {
			continue // the tensors still cover 8 elements; gaps are filled: see TestShapesCover
		}
		if err == nil || !strings.Contains(err.Error(), "changed") {
			t.Errorf("%s: the vector grew from 8 to 12: err = %v", b.name, err)
		}
	}
}

func TestExtStructLiteralIsAnErrorNotAPanic(t *testing.T) {
	for _, o := range []Optimizer{&Lamb{}, &LARS{}, &Yogi{}, &AdaBound{}, &MADGRAD{}, &NovoGrad{}, &QHAdam{}, &Lookahead{},
		&AdamWScheduleFree{}, &SGDScheduleFree{}, &Adafactor{}, &Shampoo{}, &Muon{}} {
		if err := o.Step([]float64{1}, []float64{1}); err == nil {
			t.Errorf("%T{}.Step succeeded", o)
		}
	}
}

// TestExtConverge runs every new optimizer on a small badly scaled quadratic and
// requires progress: these are optimizers, whatever else the tests check.
func TestExtConverge(t *testing.T) {
	// Learning rates for a problem of this scale where the defaults are for large models.
	lrs := map[string]map[string]any{
		"Lamb": {"lr": 0.05}, "LARS": {"lr": 1.0}, "NovoGrad": {"lr": 0.05}, "QHAdam": {"lr": 0.05},
		"AdamWScheduleFree": {"lr": 0.05}, "Shampoo": {"epsilon": 0.1, "momentum": 0.0}, // its momentum mixes raw and preconditioned steps
	}
	for _, b := range extBuiltins {
		h := map[string]any{}
		for k, v := range b.hyper {
			h[k] = v
		}
		for k, v := range lrs[b.name] {
			h[k] = v
		}
		if b.name == "Lookahead" && h["inner"] == nil {
			h["inner"] = map[string]any{"lr": 0.05}
		}
		if h["warmup_init"] == true {
			continue // a step size of 1e-6*step by design
		}
		o := newExt(t, b.name, h, b.shaped, 8)
		p := []float64{1, -2, 0.5, 3, -1, 2, 1.5, -0.5}
		scale := []float64{1, 2, 0.5, 1, 3, 1, 0.7, 1.2}
		f := func(p []float64) float64 {
			s := 0.0
			for i := range p {
				s += scale[i] * p[i] * p[i]
			}
			return s
		}
		f0 := f(p)
		g := make([]float64, len(p))
		for k := 0; k < 300; k++ {
			for i := range p {
				g[i] = 2 * scale[i] * p[i]
			}
			if err := o.Step(p, g); err != nil {
				t.Fatal(err)
			}
		}
		ev := make([]float64, len(p))
		if err := EvalParams(o, ev, p); err != nil {
			t.Fatal(err)
		}
		if got := math.Min(f(p), f(ev)); !(got < 0.5*f0) {
			t.Errorf("%s %v: f went from %v to %v in 300 steps", b.name, b.hyper, f0, got)
		}
	}
}

// TestLearningRateMayWarmUpFromZero: a warm-up schedule starts these optimizers at lr 0,
// which torch's schedulers write without a check (the references refuse lr = 0 only in
// their constructors).
func TestLearningRateMayWarmUpFromZero(t *testing.T) {
	for _, name := range []string{"Lamb", "LARS", "AdaBound", "MADGRAD", "NovoGrad", "QHAdam", "Shampoo"} {
		o, err := New(name, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := o.Hyper().Set("lr", 0.0); err != nil {
			t.Errorf("%s refuses lr 0: %v", name, err)
		}
		if name == "MADGRAD" {
			continue // its reference steps with lr + eps, so it moves by eps at lr 0
		}
		p, g := []float64{1, 2}, []float64{0.5, -0.5}
		if err := o.Step(p, g); err != nil || p[0] != 1 || p[1] != 2 {
			t.Errorf("%s at lr 0 moved the parameters to %v (err %v)", name, p, err)
		}
	}
}
