package plugin

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"reflect"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	yaegi "github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/descentlab/descent/interp/compose"
	"github.com/descentlab/descent/interp/front"
	"github.com/descentlab/descent/interp/symbols"
	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/schedule"
)

// LoadTimeout bounds the time one file may take to run its initialization and have its
// registrations tried out: a plugin stuck in an endless loop is stopped and reported, and
// the kernel starts anyway.
var LoadTimeout = 5 * time.Second

// importer builds the types of the packages plugins can import, once per process.
var importer = sync.OnceValue(func() *front.Importer {
	return front.NewImporter(front.Symbols(stdlib.Symbols), front.Symbols(symbols.Symbols))
})

// unit is one file running in its own interpreter.
type unit struct {
	name    string
	file    *front.File
	it      *yaegi.Interpreter
	calls   []call // the file's Register calls, for positions and docs
	pending []pending
	stderr  *traceWriter
}

// pending is a registration the file made, held until it has been tried out.
type pending struct {
	kind    Kind
	name    string
	factory any // optimizers.Factory, schedule.Factory or loss.Factory
	at      string
	doc     string
	err     error // from the trial
}

// run checks, runs and tries out the file name with text src. A file that does not
// compile or fails while running is an error (with its positions); registrations that
// fail their trial carry their error in pending.
func run(name, src string) (*unit, error) {
	f, err := front.CheckFile(importer(), name, src)
	if err != nil {
		return nil, err
	}
	u := &unit{name: name, file: f, calls: parseCalls(name, src), stderr: &traceWriter{}}
	if err := u.start(f.Plan.Imports); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), LoadTimeout)
	defer cancel()
	for _, imp := range f.Plan.Imports {
		src := "import " + imp.Name + " " + strconv.Quote(imp.Path) + "\n"
		if err := u.eval(ctx, src); err != nil {
			return nil, err
		}
	}
	for _, c := range f.Plan.Chunks {
		if err := u.eval(ctx, c.Src); err != nil {
			return nil, err
		}
	}
	for _, init := range f.Inits {
		if err := u.eval(ctx, init+"()"); err != nil {
			return nil, err
		}
	}
	// The trials run inside the interpreter's evaluation too, so that the timeout can
	// stop a plugin's endless loop.
	if err := u.eval(ctx, front.HookName+".Try()"); err != nil {
		return nil, err
	}
	u.stderr.loaded(func(line string) string {
		if at, fn, ok := u.frame(line); ok {
			return fmt.Sprintf("%s: panic in %s", at, fn)
		}
		return ""
	})
	return u, nil
}

// start makes the file's interpreter, with the packages the file imports (of those cells
// can use), the Register functions that hold registrations back for their trial, and the
// composed wrappers that show compiled code the methods of interpreted types.
func (u *unit) start(imports []front.Import) error {
	u.it = yaegi.New(yaegi.Options{Stdout: stdout{}, Stderr: u.stderr})
	// fmt always: its presence makes the interpreter send fmt's and log's output to its
	// own streams and turn log.Fatal into a panic, whatever else the file imports.
	paths := map[string]bool{"fmt": true}
	for _, imp := range imports {
		paths[imp.Path] = true
	}
	hooks := front.Hooks()
	hooks["GoPanic"] = reflect.ValueOf(func(v any) {
		fmt.Fprintf(os.Stderr, "panic in a goroutine started by plugin %s (recovered): %v\n", u.name, v)
	})
	hooks["Try"] = reflect.ValueOf(u.tryAll)
	for _, e := range []yaegi.Exports{
		only(stdlib.Symbols, paths),
		only(symbols.Symbols, paths),
		{
			front.HookPath + "/hook": hooks,
			"github.com/descentlab/descent/optimizers/optimizers": {"Register": reflect.ValueOf(func(name string, f optimizers.Factory) error {
				return u.register(Optimizer, name, f, f == nil)
			})},
			"github.com/descentlab/descent/optimizers/schedule/schedule": {"Register": reflect.ValueOf(func(name string, f schedule.Factory) error {
				return u.register(Schedule, name, f, f == nil)
			})},
			"github.com/descentlab/descent/optimizers/loss/loss": {"Register": reflect.ValueOf(func(name string, f loss.Factory) error {
				return u.register(Loss, name, f, f == nil)
			})},
			".": {"MapTypes": reflect.ValueOf(compose.MapTypes())},
		},
	} {
		if err := u.it.Use(e); err != nil {
			return fmt.Errorf("%s: loading symbols: %w", u.name, err)
		}
	}
	return u.eval(context.Background(), "import "+front.HookName+" "+strconv.Quote(front.HookPath))
}

// only returns the packages of e whose import paths are in paths: an interpreter that
// loads only what its file imports starts in a fraction of the time.
func only(e yaegi.Exports, paths map[string]bool) yaegi.Exports {
	out := yaegi.Exports{}
	for k, v := range e {
		if paths[path.Dir(k)] {
			out[k] = v
		}
	}
	return out
}

// register holds back a registration of the file until it has been tried out.
func (u *unit) register(kind Kind, name string, factory any, isNil bool) error {
	at, doc := u.site(kind, name)
	switch {
	case optimizers.FoldName(name) == "":
		return fmt.Errorf("%s: %s.Register: empty name", at, kind)
	case isNil:
		return fmt.Errorf("%s: %s.Register %q: nil factory", at, kind, name)
	}
	u.pending = append(u.pending, pending{kind: kind, name: name, factory: factory, at: at, doc: doc})
	return nil
}

// site returns the position and doc of the Register call that registers name: the one
// with that name as a constant, else the only call of its kind, else the file.
func (u *unit) site(kind Kind, name string) (at, doc string) {
	var same []call
	for _, c := range u.calls {
		if c.kind != kind {
			continue
		}
		if c.name == name {
			return fmt.Sprintf("%s:%d", u.name, c.line), c.doc
		}
		if c.name == "" {
			same = append(same, c)
		}
	}
	if len(same) == 1 {
		return fmt.Sprintf("%s:%d", u.name, same[0].line), same[0].doc
	}
	return u.name, ""
}

// tryAll tries out every pending registration, recording each one's error.
func (u *unit) tryAll() {
	for i := range u.pending {
		p := &u.pending[i]
		u.stderr.take()
		p.err = try(p.kind, p.factory)
		if p.err != nil {
			var un unchecked
			if !errors.As(p.err, &un) {
				p.err = u.located(p.err)
			}
		}
	}
}

// located adds to a trial's error where the plugin's code was when it failed, from the
// interpreter's traceback, if it wrote one.
func (u *unit) located(err error) error {
	for _, l := range u.stderr.take() {
		if at, fn, ok := u.frame(l); ok {
			return fmt.Errorf("%v (at %s in %s)", err, at, fn)
		}
	}
	return err
}

// frame parses a line of the interpreter's panic traceback into the file's position and
// the function, when the line is about this file.
func (u *unit) frame(line string) (at, fn string, ok bool) {
	l := u.file.Positions(line)
	i := strings.Index(l, ": panic: ")
	if i < 0 || !strings.HasPrefix(l, u.name+":") {
		return "", "", false
	}
	fn = strings.TrimSuffix(l[i+len(": panic: "):], "(...)")
	fn = strings.TrimPrefix(fn, "main.")
	if slices.Contains(u.file.Inits, fn) {
		fn = "init"
	}
	return l[:i], fn, true
}

// eval runs src in the file's interpreter, turning a failure into an error positioned
// in the file.
func (u *unit) eval(ctx context.Context, src string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = yaegi.Panic{Value: r, Stack: debug.Stack()}
		}
		if err != nil {
			err = u.explain(ctx, err)
		}
	}()
	_, err = u.it.EvalWithContext(ctx, src)
	return err
}

// explain turns an interpreter error into one naming the file's position.
func (u *unit) explain(ctx context.Context, err error) error {
	if ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		return fmt.Errorf("%s: still running after %v (an endless loop in its initialization or in a method its trial called?); not loaded", u.name, LoadTimeout)
	}
	var p yaegi.Panic
	if errors.As(err, &p) {
		v := p.Value
		if rv, ok := v.(reflect.Value); ok && rv.IsValid() && rv.CanInterface() {
			v = rv.Interface()
		}
		return u.located(fmt.Errorf("%s: panic while loading: %v", u.name, v))
	}
	msg := u.file.Positions(err.Error())
	if !strings.HasPrefix(msg, u.name) {
		msg = u.name + ": " + msg
	}
	return errors.New(msg)
}

// traceWriter is a plugin interpreter's stderr. While the file loads, it keeps the
// pseudo-traceback lines the interpreter writes for a panic, for the positions of
// errors; once loaded, it writes them as "FILE:LINE:COL: panic in F" to the process's
// stderr of the moment (a cell's output, while one runs), where everything else goes.
type traceWriter struct {
	mu     sync.Mutex
	lines  []string
	format func(string) string // once loaded
}

// loaded switches w from keeping traceback lines to writing them, formatted by format.
func (w *traceWriter) loaded(format func(string) string) {
	w.mu.Lock()
	w.lines, w.format = nil, format
	w.mu.Unlock()
}

// panicLine matches a line of the interpreter's panic traceback, such as
// "_.go:10735000012:3: panic: main.(*X).Step(...)".
var panicLine = regexp.MustCompile(`^(\S+:)?\d+:\d+: panic: .*\(\.\.\.\)\n?$`)

func (w *traceWriter) Write(b []byte) (int, error) {
	if panicLine.Match(b) {
		line := string(bytes.TrimRight(b, "\n"))
		w.mu.Lock()
		format := w.format
		if format == nil && len(w.lines) < 64 {
			w.lines = append(w.lines, line)
		}
		w.mu.Unlock()
		if format != nil {
			if l := format(line); l != "" {
				fmt.Fprintln(os.Stderr, l)
			}
		}
		return len(b), nil
	}
	return os.Stderr.Write(b)
}

// take returns the traceback lines written since the last take.
func (w *traceWriter) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	l := w.lines
	w.lines = nil
	return l
}

// stdout writes to the process's stdout of the moment, which a running cell captures.
type stdout struct{}

func (stdout) Write(b []byte) (int, error) { return os.Stdout.Write(b) }

var _ io.Writer = stdout{}
