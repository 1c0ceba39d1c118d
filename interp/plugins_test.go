package interp

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// pluginV1 and pluginV2 are two versions of one plugin file whose struct changes: the
// second adds a field and steps twice as far.
const pluginV1 = `package plugins

import opt "github.com/descentlab/descent/optimizers"

// Walker steps against the gradient by lr.
type Walker struct{ *opt.Base }

func (w *Walker) Step(p, g []float64) error {
	for i := range p {
		p[i] -= w.Hyper().Float("lr") * g[i]
	}
	return nil
}

func init() {
	opt.Register("walker", func(h map[string]any) (opt.Optimizer, error) {
		w := &Walker{Base: opt.NewBase("Walker", map[string]any{"lr": 0.5})}
		return w, w.Hyper().SetAll(h)
	})
}
`

const pluginV2 = `package plugins

import opt "github.com/descentlab/descent/optimizers"

// Walker steps against the gradient by scale·lr.
type Walker struct {
	*opt.Base
	scale float64
}

func (w *Walker) Step(p, g []float64) error {
	for i := range p {
		p[i] -= w.scale * w.Hyper().Float("lr") * g[i]
	}
	return nil
}

func init() {
	opt.Register("walker", func(h map[string]any) (opt.Optimizer, error) {
		w := &Walker{Base: opt.NewBase("Walker", map[string]any{"lr": 0.5}), scale: 2}
		return w, w.Hyper().SetAll(h)
	})
}
`

// writePlugin writes a plugin file in a fresh folder and returns its path.
func writePlugin(t *testing.T, name, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// A plugin file loaded with %load is registered through the session's real evaluator:
// used by name in a cell, listed by %plugins with its FILE:LINE and doc, and remembered
// for a fresh interpreter through OnPluginLoad.
func TestLoadPluginFile(t *testing.T) {
	var remembered []string
	s, err := New(Options{OnPluginLoad: func(p string) { remembered = append(remembered, p) }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	path := writePlugin(t, "walker_load.go", strings.ReplaceAll(pluginV1, `"walker"`, `"walker_load"`))
	res, rec := run(t, s, "%load "+path)
	if res.Err != nil || !strings.Contains(rec.stream("stdout"), "loaded optimizer walker_load") {
		t.Fatalf("%%load: %v, output %q", res.Err, rec.stream("stdout"))
	}
	if len(remembered) != 1 || remembered[0] != path {
		t.Errorf("OnPluginLoad got %v, want [%s]", remembered, path)
	}
	res, _ = run(t, s, `o, _ := opt.New("walker_load", map[string]any{"lr": 0.25})
p := []float64{1, 2}
o.Step(p, []float64{4, -4})
fmt.Sprint(p, o)`)
	if res.Err != nil || plain(res.Data) != `"[0 3] Walker(lr=0.25)"` {
		t.Errorf("using the plugin: %v %v", res.Data, res.Err)
	}
	_, rec = run(t, s, "%plugins")
	line := lineWith(rec.stream("stdout"), "walker_load ")
	if !strings.Contains(line, "walker_load.go:16") || !strings.Contains(line, "Walker steps against the gradient by lr.") {
		t.Errorf("%%plugins line %q, want the Register call's FILE:LINE and the type's doc", line)
	}
	if l := lineWith(rec.stream("stdout"), "  adam "); !strings.Contains(l, "built-in") {
		t.Errorf("%%plugins line for adam %q, want built-in", l)
	}
}

// A broken file is refused with its FILE:LINE in Go's words, as the cell's error.
func TestLoadBrokenFile(t *testing.T) {
	s := newSession(t)
	path := writePlugin(t, "nostep.go", strings.ReplaceAll(strings.ReplaceAll(pluginV1, "func (w *Walker) Step(", "func (w *Walker) Stop("), `"walker"`, `"nostep"`))
	res, _ := run(t, s, "%load "+path)
	if res.Err == nil || res.Err.Name != "PluginError" || !strings.Contains(res.Err.Value, "nostep.go:18:") ||
		!strings.Contains(res.Err.Value, "missing method Step") {
		t.Fatalf("got %v, want a PluginError at nostep.go:18 about the missing Step", res.Err)
	}
	res, _ = run(t, s, `_, err := opt.New("nostep", nil)
err != nil`)
	if plain(res.Data) != "true" {
		t.Errorf("a broken plugin got registered: %v %v", res.Data, res.Err)
	}
}

// Editing a loaded file, even its struct, reloads it before the next cell with one
// stderr line; objects made from the old version keep working as they did.
func TestReloadChangedFile(t *testing.T) {
	s := newSession(t)
	path := writePlugin(t, "walker_reload.go", strings.ReplaceAll(pluginV1, `"walker"`, `"walker_reload"`))
	run(t, s, "%load "+path, `old, _ := opt.New("walker_reload", nil)`)
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(pluginV2, `"walker"`, `"walker_reload"`)), 0o644); err != nil {
		t.Fatal(err)
	}
	res, rec := run(t, s, `nw, _ := opt.New("walker_reload", nil)
p, q := []float64{1}, []float64{1}
old.Step(p, []float64{1})
nw.Step(q, []float64{1})
fmt.Sprint(p, q)`)
	if res.Err != nil || plain(res.Data) != `"[0.5] [0]"` {
		t.Errorf("old and new objects stepped to %v (%v), want [0.5] (old: lr) and [0] (new: 2·lr)", res.Data, res.Err)
	}
	stderr := rec.stream("stderr")
	if strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "walker_reload.go changed on disk: reloaded optimizer walker_reload") {
		t.Errorf("stderr %q, want one line saying the file was reloaded", stderr)
	}
	_, rec = run(t, s, "1")
	if rec.stream("stderr") != "" {
		t.Errorf("an unchanged file was reloaded again: %q", rec.stream("stderr"))
	}
}

// A cell's registration is tried out like a file's: one whose Step does nothing is
// refused at its cell[N]:LINE, and nothing is registered.
func TestCellRegistrationTried(t *testing.T) {
	s := newSession(t)
	res, rec := run(t, s, `type Lazy struct{ *opt.Base }

func (l *Lazy) Step(p, g []float64) error { return nil }`, `
err := opt.Register("lazy", func(h map[string]any) (opt.Optimizer, error) {
	return &Lazy{Base: opt.NewBase("Lazy", nil)}, nil
})
_, err2 := opt.New("lazy", nil)
fmt.Sprint(err != nil, err2 != nil)`)
	if res.Err != nil || plain(res.Data) != `"true true"` {
		t.Errorf("got %v %v, want the registration refused and the name unknown", res.Data, res.Err)
	}
	if got := rec.stream("stderr"); !strings.HasPrefix(got, `cell[2]:2: optimizer "lazy" not registered: 5 steps on a quadratic left the parameters where they were`) {
		t.Errorf("stderr %q", got)
	}
}

// After a hard interrupt, an optimizer a cell's factory made before refuses to step with
// a message saying to make it again, instead of returning zeros; the factory itself,
// which the cell made inside a function the interrupt stopped, says to run its cell
// again, after which new optimizers work. One from a plugin file keeps working: its
// interpreter was not interrupted.
func TestHardInterruptLeavesNoZeroPlugin(t *testing.T) {
	if raceEnabled {
		t.Skip("yaegi's cancellation is not race-clean; see race_test.go")
	}
	s := newSession(t)
	path := writePlugin(t, "walker_intr.go", strings.ReplaceAll(pluginV1, `"walker"`, `"walker_intr"`))
	register := `
opt.Register("half", func(h map[string]any) (opt.Optimizer, error) {
	return &Half{Base: opt.NewBase("Half", map[string]any{"lr": 0.5})}, nil
})`
	run(t, s, "%load "+path, `type Half struct{ *opt.Base }

func (h *Half) Step(p, g []float64) error { return vec.Axpy(p, -0.5, g) }`, register+`
before, _ := opt.New("half", nil)
file, _ := opt.New("walker_intr", nil)`)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	res := s.Execute(ctx, "for {}", 4, &recorder{})
	cancel()
	if res.Err == nil || res.Err.Name != "Interrupted" {
		t.Fatalf("the loop was not interrupted: %v", res.Err)
	}
	res, _ = run(t, s, `p := []float64{1}
err := before.Step(p, []float64{1})
fmt.Sprint(p, err)`)
	if got := plain(res.Data); !strings.Contains(got, `[1] optimizer \"half\" (registered by cell[3]:2) was made before an interrupt stopped the interpreter`) ||
		!strings.Contains(got, `Make it again with opt.New(\"half\", ...)`) {
		t.Errorf("stepping an optimizer made before the interrupt: %s %v", got, res.Err)
	}
	res, _ = run(t, s, `_, err = opt.New("half", nil)
err`)
	if got := plain(res.Data); !strings.Contains(got, `its factory returned nothing after an interrupt stopped the interpreter; run the cell that registers it (cell[3]:2) again`) {
		t.Errorf("the factory after the interrupt: %s %v", got, res.Err)
	}
	res, _ = run(t, s, register, `after, _ := opt.New("half", nil)
q, r := []float64{1}, []float64{1}
fmt.Sprint(after.Step(q, []float64{1}), q, file.Step(r, []float64{1}), r)`)
	if got := plain(res.Data); got != `"<nil> [0.5] <nil> [0.5]"` || res.Err != nil {
		t.Errorf("after the interrupt: %s %v, want both optimizers to step by 0.5", got, res.Err)
	}
}

// Compiled code sees the optional methods of a cell's types: the rich display of an
// optimizer embedding *opt.Base, SetShapes (optimizers.SetShapes finds it) and a
// schedule's StepMetric (train.Fit finds it and feeds it the epoch loss).
func TestCellTypesOptionalMethods(t *testing.T) {
	s := newSession(t)
	res, _ := run(t, s, `import (
	"github.com/descentlab/descent/optimizers/data"
	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/model"
	"github.com/descentlab/descent/optimizers/train"
)`, `type Shapely struct {
	*opt.Base
	shapes int
}

func (s *Shapely) Step(p, g []float64) error          { return vec.Axpy(p, -0.1, g) }
func (s *Shapely) SetShapes(ts []opt.Tensor) error     { s.shapes = len(ts); return nil }

type Watch struct{ metrics []float64 }

func (w *Watch) Step()                { }
func (w *Watch) LR() []float64        { return []float64{0.1} }
func (w *Watch) StepMetric(m float64) { w.metrics = append(w.metrics, m) }`, `
sh := &Shapely{Base: opt.NewBase("Shapely", map[string]any{"lr": 0.1})}
var o opt.Optimizer
o = sh
err := opt.SetShapes(o, []opt.Tensor{{Name: "w", Shape: []int{2}}, {Name: "b", Shape: []int{1}, Offset: 2}})
w := &Watch{}
options := train.Options{Epochs: 3, Quiet: true}
options.Schedule = w
d, _ := data.Linear(20, []float64{1, 2}, 0, 0, 1)
m, _ := model.NewLinear(2, 1)
_, err2 := train.Fit(kernel.Context(), m, loss.MSE{}, d, opt.NewSGD(0.01), options)
fmt.Sprint(err, sh.shapes, err2, len(w.metrics))`, "o")
	if res.Err != nil || !strings.Contains(res.Data["text/html"].(string), "Shapely") {
		t.Errorf("display of a cell's optimizer: %v %v", res.Data, res.Err)
	}
	res, _ = run(t, s, `fmt.Sprint(err, sh.shapes, err2, len(w.metrics))`)
	if plain(res.Data) != `"<nil> 2 <nil> 3"` {
		t.Errorf("got %s (%v), want SetShapes to see 2 tensors and StepMetric 3 epochs", plain(res.Data), res.Err)
	}
}

func lineWith(text, s string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

// A plugin file's panic in a cell's call is the cell's error, and the plugin's frame is
// named on stderr at its FILE:LINE:COL.
func TestPluginPanicNamesItsFile(t *testing.T) {
	s := newSession(t)
	path := writePlugin(t, "walker_panic.go", strings.ReplaceAll(pluginV1, `"walker"`, `"walker_panic"`))
	run(t, s, "%load "+path)
	res, rec := run(t, s, `o, _ := opt.New("walker_panic", nil)
o.Step([]float64{1, 2}, []float64{1})`)
	if res.Err == nil || !strings.Contains(res.Err.Value, "index out of range") {
		t.Errorf("error %v, want the index out of range", res.Err)
	}
	if got := rec.stream("stderr"); !strings.Contains(got, "walker_panic.go:9:17: panic in Step\n") {
		t.Errorf("stderr %q, want the plugin's frame", got)
	}
}
