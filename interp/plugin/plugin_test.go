package plugin

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/schedule"
)

// header starts every test plugin; its last line is line 11.
const header = `package plugins

import (
	"math"

	opt "github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/schedule"
)

var _, _, _, _ = math.Pi, opt.New, loss.New, schedule.New
`

// good registers one optimizer, one schedule and one loss that all pass their trials.
const good = header + `
// Plain is gradient descent.
type Plain struct{ *opt.Base }

func (p *Plain) Step(x, g []float64) error {
	for i := range x {
		x[i] -= p.Hyper().Float("lr") * g[i]
	}
	return nil
}

// Halving halves the lr every step.
type Halving struct {
	o  opt.Optimizer
	lr float64
}

func (h *Halving) Step()         { h.lr /= 2; h.o.Hyper().Set("lr", h.lr) }
func (h *Halving) LR() []float64 { return []float64{h.lr} }

// Sq is the sum of squared errors.
type Sq struct{}

func (Sq) Name() string { return "%[1]s_sq" }
func (Sq) Eval(p, t, g []float64, n int) (float64, error) {
	s := 0.0
	for i := range p {
		d := p[i] - t[i]
		s += d * d
		g[i] = 2 * d
	}
	return s, nil
}

func init() {
	opt.Register("%[1]s_plain", func(h map[string]any) (opt.Optimizer, error) {
		p := &Plain{Base: opt.NewBase("Plain", map[string]any{"lr": 0.1})}
		return p, p.Hyper().SetAll(h)
	})
	schedule.Register("%[1]s_halving", func(o opt.Optimizer, args map[string]any) (schedule.Scheduler, error) {
		return &Halving{o: o, lr: o.Hyper().Float("lr")}, nil
	})
	loss.Register("%[1]s_sq", func(args map[string]any) (loss.Loss, error) { return Sq{}, nil })
}
`

// named fills the names of a plugin source with prefix, so that tests do not share names
// in the process-wide registries.
func named(src, prefix string) string { return strings.ReplaceAll(src, "%[1]s", prefix) }

func write(t *testing.T, dir, name, src string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// A good file registers its three plugins, with the Register calls' lines and their
// types' docs, and they build by name.
func TestLoadGood(t *testing.T) {
	dir := t.TempDir()
	r, err := LoadFile(write(t, dir, "good.go", named(good, "g1")))
	if err != nil || !r.OK() {
		t.Fatalf("%v %v", err, r.Errors)
	}
	want := []Plugin{
		{Optimizer, "g1_plain", "good.go:47", "Plain is gradient descent.", ""},
		{Schedule, "g1_halving", "good.go:51", "Halving halves the lr every step.", ""},
		{Loss, "g1_sq", "good.go:54", "Sq is the sum of squared errors.", ""},
	}
	for i := range r.Plugins {
		r.Plugins[i].Origin = filepath.Base(r.Plugins[i].Origin)
	}
	if !slices.Equal(r.Plugins, want) {
		t.Errorf("plugins\n%+v\nwant\n%+v", r.Plugins, want)
	}
	o, err := optimizers.New("g1_plain", map[string]any{"lr": 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := schedule.New("g1_halving", o, nil); err != nil {
		t.Error(err)
	}
	if _, err := loss.New("g1_sq", nil); err != nil {
		t.Error(err)
	}
	listed := map[string]Plugin{}
	for _, p := range Plugins() {
		listed[p.Name] = p
	}
	if p := listed["g1_plain"]; !strings.HasSuffix(p.Origin, "good.go:47") || p.Doc != "Plain is gradient descent." {
		t.Errorf("Plugins lists g1_plain as %+v", p)
	}
	if p := listed["adam"]; p.Origin != "built-in" || !strings.HasPrefix(p.Doc, "Adam is torch.optim.Adam") {
		t.Errorf("Plugins lists adam as %+v", p)
	}
}

// Broken plugins are refused with their FILE:LINE and a message in Go's words or naming
// what the trial saw, while the good registrations of the same file, and other files,
// load.
func TestBrokenPlugins(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // substrings of the errors, in order
		loads     []string // names that still load
	}{
		{"syntax", header + "\nfunc init() {\n\topt.Register(\"x\", nil\n}\n",
			[]string{"syntax.go:14:23: missing ',' before newline in argument list"}, nil},
		{"missing_method", named(strings.Replace(good, "func (p *Plain) Step(", "func (p *Plain) Stepp(", 1), "mm"),
			[]string{"missing_method.go:49:10: cannot use p (variable of type *Plain) as optimizers.Optimizer value in return statement: *Plain does not implement optimizers.Optimizer (missing method Step)"}, nil},
		{"panicking_step", named(strings.Replace(good, "x[i] -= p.Hyper()", "x[i+1] -= p.Hyper()", 1), "ps"),
			[]string{`panicking_step.go:47: optimizer "ps_plain" not registered: panicked: reflect: slice index out of range (at `, "panicking_step.go:1"},
			[]string{"ps_halving", "ps_sq"}},
		{"wrong_gradient", named(strings.Replace(good, "g[i] = 2 * d", "g[i] = d", 1), "wg"),
			[]string{`wrong_gradient.go:54: loss "wg_sq" not registered: gradient is wrong at pred=[0.3 0.8 0.6 0.15], target=[1 0 1 0]: d/dpred[1] is 0.8, finite differences give 1.6`},
			[]string{"wg_halving", "wg_plain"}},
		{"zero_rate", named(strings.Replace(good, "h.lr /= 2;", "h.lr = 0;", 1), "zr"),
			[]string{`zero_rate.go:51: schedule "zr_halving" not registered: step 1: LR() gave 0 from a base lr of 0.1`},
			[]string{"zr_plain", "zr_sq"}},
		{"init_panic", header + "\nfunc init() {\n\tvar m map[string]int\n\tm[\"a\"] = 1\n}\n",
			[]string{"init_panic.go: panic while loading: assignment to entry in nil map (at ", "init_panic.go:14:6 in init)"}, nil},
	}
	dir := t.TempDir()
	for _, tc := range tests {
		write(t, dir, tc.name+".go", tc.src)
	}
	write(t, dir, "zz_good.go", named(good, "zz"))
	reports, err := LoadPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	byFile := map[string]*Report{}
	for _, r := range reports {
		byFile[strings.TrimSuffix(filepath.Base(r.File), ".go")] = r
	}
	for _, tc := range tests {
		r := byFile[tc.name]
		if r == nil {
			t.Errorf("%s: no report", tc.name)
			continue
		}
		text := strings.Join(r.Errors, "\n")
		at := 0
		for _, w := range tc.want {
			i := strings.Index(text[at:], w)
			if i < 0 {
				t.Errorf("%s: errors\n%s\nwant %q", tc.name, text, w)
				break
			}
			at += i + len(w)
		}
		var got []string
		for _, p := range r.Plugins {
			got = append(got, p.Name)
		}
		slices.Sort(got)
		if !slices.Equal(got, tc.loads) {
			t.Errorf("%s: loaded %v, want %v", tc.name, got, tc.loads)
		}
	}
	if r := byFile["zz_good"]; r == nil || !r.OK() || len(r.Plugins) != 3 {
		t.Errorf("the good file beside the broken ones: %+v", r)
	}
	if _, err := optimizers.New("ps_plain", nil); err == nil {
		t.Error("the optimizer whose Step panicked got registered")
	}
	if n := len(Problems()); n < len(tests) {
		t.Errorf("Problems lists %d files, want at least %d", n, len(tests))
	}
}

// A plugin stuck in an endless loop is stopped after LoadTimeout and reported; the
// process goes on.
func TestEndlessLoopTimesOut(t *testing.T) {
	defer func(d time.Duration) { LoadTimeout = d }(LoadTimeout)
	LoadTimeout = 200 * time.Millisecond
	src := named(strings.Replace(good, "for i := range x {", "for {\n\t}\n\tfor i := range x {", 1), "loop")
	r, err := LoadFile(write(t, t.TempDir(), "loop.go", src))
	if err != nil {
		t.Fatal(err)
	}
	if r.OK() || !strings.Contains(r.Errors[0], "loop.go: still running after 200ms") {
		t.Errorf("errors %v", r.Errors)
	}
}

// Loading a changed file again replaces its registrations, even though its type
// changed; a name it stops registering says so; objects of the old version keep working.
func TestReloadReplaces(t *testing.T) {
	path := write(t, t.TempDir(), "rl.go", named(good, "rl"))
	if r, _ := LoadFile(path); !r.OK() {
		t.Fatal(r.Errors)
	}
	old, _ := optimizers.New("rl_plain", map[string]any{"lr": 1})
	// The struct gains a field, the step doubles, and the loss is gone.
	v2 := named(good, "rl")
	v2 = strings.Replace(v2, "type Plain struct{ *opt.Base }", "type Plain struct {\n\t*opt.Base\n\tk float64\n}", 1)
	v2 = strings.Replace(v2, `p := &Plain{Base: opt.NewBase("Plain", map[string]any{"lr": 0.1})}`, `p := &Plain{Base: opt.NewBase("Plain", map[string]any{"lr": 0.1}), k: 2}`, 1)
	v2 = strings.Replace(v2, "x[i] -= p.Hyper().Float(\"lr\") * g[i]", "x[i] -= p.k * p.Hyper().Float(\"lr\") * g[i]", 1)
	v2 = strings.Replace(v2, `loss.Register("rl_sq", func(args map[string]any) (loss.Loss, error) { return Sq{}, nil })`, "", 1)
	if got := Changed(); slices.Contains(got, r0name(path)) {
		t.Errorf("Changed before the edit: %v", got)
	}
	if err := os.WriteFile(path, []byte(v2), 0o644); err != nil {
		t.Fatal(err)
	}
	reports := mine(ReloadChanged(), path)
	if len(reports) != 1 || !reports[0].OK() || !reports[0].Reloaded {
		t.Fatalf("reload: %+v", reports)
	}
	nw, _ := optimizers.New("rl_plain", map[string]any{"lr": 1})
	x, y := []float64{0}, []float64{0}
	old.Step(x, []float64{1})
	nw.Step(y, []float64{1})
	if x[0] != -1 || y[0] != -2 {
		t.Errorf("old object stepped to %v, new to %v: want -1 (old version) and -2 (new)", x, y)
	}
	if _, err := loss.New("rl_sq", nil); err == nil || !strings.Contains(err.Error(), "rl.go, which no longer registers it") {
		t.Errorf("the dropped loss: %v", err)
	}
	if len(mine(ReloadChanged(), path)) != 0 {
		t.Error("an unchanged file was reloaded")
	}
	// A version that does not compile leaves the working one registered.
	os.WriteFile(path, []byte(v2+"\nfunc broken() { undefinedName() }\n"), 0o644)
	reports = mine(ReloadChanged(), path)
	if len(reports) != 1 || reports[0].OK() || !strings.Contains(reports[0].Errors[0], "undefined: undefinedName") {
		t.Fatalf("broken reload: %+v", reports)
	}
	if _, err := optimizers.New("rl_plain", nil); err != nil {
		t.Errorf("after a failed reload: %v", err)
	}
	os.Remove(path)
	if r := mine(ReloadChanged(), path); len(r) != 1 || !strings.Contains(r[0].Errors[0], "deleted since it was loaded") {
		t.Errorf("deleted file: %+v", r)
	}
	if r := mine(ReloadChanged(), path); len(r) != 0 {
		t.Errorf("a deleted file was reported twice: %+v", r)
	}
}

// r0name is how reports name the file at path.
func r0name(path string) string { return displayName(path) }

// mine keeps the reports about the file at path: the registries, and so what this
// package knows, are the process's, shared by every test.
func mine(reports []*Report, path string) []*Report {
	var out []*Report
	for _, r := range reports {
		if r.File == r0name(path) {
			out = append(out, r)
		}
	}
	return out
}

// Check tries a file out without registering anything.
func TestCheckRegistersNothing(t *testing.T) {
	r := Check("ck.go", named(good, "ck"))
	if !r.OK() || len(r.Plugins) != 3 {
		t.Fatalf("%+v", r)
	}
	if _, err := optimizers.New("ck_plain", nil); err == nil {
		t.Error("Check registered ck_plain")
	}
}

// A factory that fails without arguments is registered untried, with a note; a second
// file registering a name replaces the first's, with a note.
func TestUncheckedAndReplaced(t *testing.T) {
	dir := t.TempDir()
	src := named(good, "uc")
	src = strings.Replace(src, `return &Halving{o: o, lr: o.Hyper().Float("lr")}, nil`,
		`if args["every"] == nil { return nil, fmt.Errorf("every is required") }
		return &Halving{o: o, lr: o.Hyper().Float("lr")}, nil`, 1)
	src = strings.Replace(src, "import (\n", "import (\n\t\"fmt\"\n", 1)
	r, _ := LoadFile(write(t, dir, "uc.go", src))
	var note string
	for _, p := range r.Plugins {
		if p.Name == "uc_halving" {
			note = p.Note
		}
	}
	if !r.OK() || !strings.Contains(note, "registered untried: with no arguments the factory fails: every is required") {
		t.Errorf("report %+v", r)
	}
	r2, _ := LoadFile(write(t, dir, "uc2.go", src))
	if len(r2.Notes) != 3 || !strings.Contains(r2.Notes[0], `optimizer "uc_plain" replaces the one from `) {
		t.Errorf("notes %v", r2.Notes)
	}
}

// Missing folders are skipped; a path that is not a folder is reported.
func TestLoadDirs(t *testing.T) {
	dir := t.TempDir()
	file := write(t, dir, "f.txt", "x")
	reports := LoadDirs([]string{filepath.Join(dir, "missing"), filepath.Join(file, "sub")})
	if len(reports) != 1 || reports[0].OK() {
		t.Errorf("reports %+v", reports)
	}
}

// The shape the plugin documentation promises, as a user would write it.
func TestDocumentedShape(t *testing.T) {
	src := `package plugins

import (
	opt "github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/vec"
)

// SignSGD steps by the sign of the gradient.
type SignSGD struct{ *opt.Base }

func (s *SignSGD) Step(params, grads []float64) error {
	return vec.SignStep(params, s.Hyper().Float("lr"), grads)
}

func init() {
	opt.Register("shape_signsgd", func(h map[string]any) (opt.Optimizer, error) {
		s := &SignSGD{Base: opt.NewBase("SignSGD", map[string]any{"lr": 0.01})}
		return s, s.Hyper().SetAll(h)
	})
}
`
	r, err := LoadFile(write(t, t.TempDir(), "signsgd.go", src))
	if err != nil || !r.OK() || len(r.Plugins) != 1 || r.Plugins[0].Doc != "SignSGD steps by the sign of the gradient." {
		t.Fatalf("%v %+v", err, r)
	}
	o, _ := optimizers.New("shape_signsgd", map[string]any{"lr": 0.5})
	p := []float64{1, 1}
	o.Step(p, []float64{-3, 2})
	if !slices.Equal(p, []float64{1.5, 0.5}) {
		t.Errorf("step gave %v", p)
	}
}

// A reload in which one registration fails its trial keeps that name's previous version.
func TestReloadKeepsWhatFails(t *testing.T) {
	path := write(t, t.TempDir(), "kw.go", named(good, "kw"))
	LoadFile(path)
	os.WriteFile(path, []byte(named(strings.Replace(good, "x[i] -= p.Hyper()", "x[i+1] -= p.Hyper()", 1), "kw")), 0o644)
	reports := mine(ReloadChanged(), path)
	if len(reports) != 1 || reports[0].OK() || len(reports[0].Plugins) != 2 ||
		!strings.Contains(strings.Join(reports[0].Notes, "\n"), `optimizer "kw_plain" of the version loaded before stays registered`) {
		t.Fatalf("%+v", reports)
	}
	o, err := optimizers.New("kw_plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	x := []float64{1}
	if err := o.Step(x, []float64{1}); err != nil || x[0] != 0.9 {
		t.Errorf("the kept version stepped to %v (%v)", x, err)
	}
}
