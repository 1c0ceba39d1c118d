package interp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"reflect"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	yaegi "github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/descentlab/descent/interp/compose"
	"github.com/descentlab/descent/interp/front"
	"github.com/descentlab/descent/interp/plugin"
	"github.com/descentlab/descent/interp/symbols"
)

// DefaultPreimports are imported into every fresh interpreter, so cells can use these
// names without importing them. Importing one of them again in a cell is harmless. They
// are the packages almost every notebook needs; data, loss, model, plots, stat and the
// rest of the standard library are one import away, and stay unimported so that their
// names remain free for variables (such as data := ... or model := ...).
var DefaultPreimports = []string{
	`"fmt"`,
	`"math"`,
	`opt "github.com/descentlab/descent/optimizers"`,
	`"github.com/descentlab/descent/optimizers/schedule"`,
	`"github.com/descentlab/descent/optimizers/vec"`,
	`"github.com/descentlab/descent/interp/display"`,
	`"github.com/descentlab/descent/interp/kernel"`,
	`"gonum.org/v1/gonum/floats"`,
	`"gonum.org/v1/gonum/mat"`,
}

// Options configures a Session. The zero value is ready to use.
type Options struct {
	// Preimports are import specs (`"fmt"`, `opt "github.com/..."`) made in every fresh
	// interpreter. Nil means DefaultPreimports; an empty non-nil slice imports nothing.
	Preimports []string
	// MaxStack bounds each goroutine's stack in bytes (runtime/debug.SetMaxStack, which is
	// process-wide), so that runaway recursion in a cell kills the kernel within a second
	// rather than after eating gigabytes. 0 means 256 MB (runaway recursion dies in 0.9 s,
	// using 0.5 GB), which allows interpreted recursion 400,000 calls deep through a
	// function, and 70,000 through a closure or method, each of whose calls goes through
	// reflect; negative leaves it unchanged.
	MaxStack int
	// Notice, if set, is written to the stderr of the first cell: problems found while
	// loading plugins at start-up, say.
	Notice string
	// OnPluginLoad, if set, is called with the absolute path given to %load after it
	// loaded, so that a supervising process can load it again in a fresh interpreter.
	OnPluginLoad func(path string)
}

// Session is one interpreter with the preloaded packages and the state of every cell run
// so far. Its methods may be called from any goroutine, but Execute runs one cell at a
// time in the whole process (see Execute).
type Session struct {
	opts     Options
	cap      *capture
	it       *yaegi.Interpreter
	filter   *stderrFilter
	imports  map[string]string // import name → path, for this interpreter
	decls    tracker
	front    *front.Checker
	plan     *front.Plan // of the cell executing, for explaining its runtime errors
	deferred []func()    // the calls the cell's top-level defer statements made, to make when it ends
	// While those run after the cell panicked: its panic, and whether one of them
	// recovered it.
	unwinding     *Error
	recoveredCell bool
	result        []any // values of the final expression, set through the result hook
	gotRes        bool
	errorLast     bool                         // the final expression's last value is an error (see resultOf)
	out           atomic.Pointer[lockedOutput] // the executing cell's output, or nil (read by stdin from any goroutine)
	plugins       pluginState
	// The deadlock watchdog (see deadlock.go): off once a cell used what may wake a
	// goroutine from outside; the waits it found when it stopped a cell.
	mayBeWoken bool
	deadlock   string
	goPanics   goPanics  // the running cell's stop for a goroutine's panic (see gopanic.go)
	recovers   recovers  // the values the running cell's recovers returned (see repanic.go)
	witnesses  witnesses // the operands of the running cell's top-level indexes (see witness.go)
}

// New starts a session.
func New(opts Options) (*Session, error) {
	if opts.Preimports == nil {
		opts.Preimports = DefaultPreimports
	}
	switch {
	case opts.MaxStack == 0:
		debug.SetMaxStack(256 << 20)
	case opts.MaxStack > 0:
		debug.SetMaxStack(opts.MaxStack)
	}
	c, err := newCapture()
	if err != nil {
		return nil, err
	}
	s := &Session{opts: opts, cap: c}
	s.plugins.notice = opts.Notice
	if err := s.reset(); err != nil {
		c.close()
		return nil, err
	}
	return s, nil
}

// Close releases the session's pipes. Output printed after Close is lost.
func (s *Session) Close() error {
	s.cap.close()
	return nil
}

// reset replaces the interpreter with a fresh one; only the execution count, kept by
// the caller, survives.
func (s *Session) reset() error {
	s.filter = &stderrFilter{w: s.cap.errW}
	var stdin io.Reader = &inputReader{s: s}
	stderr := s.cap.errW
	it := yaegi.New(yaegi.Options{Stdin: stdin, Stdout: s.cap.outW, Stderr: s.filter})
	mt := map[reflect.Value][]reflect.Type{}
	for _, f := range valueFuncs {
		mt[reflect.ValueOf(f)] = mimeInterfaces
	}
	for _, e := range []yaegi.Exports{
		stdlib.Symbols,
		yaegi.Exports(front.ExitSymbols), // os.Exit and log.Fatal end the cell, not the kernel
		loggerExports(s.filter, mt),      // log.Default is the logger of log.Println
		symbols.Symbols,
		{
			hookPath + "/hook": s.hooks(),
			".":                {"MapTypes": reflect.ValueOf(mt)},
			// Cells read os.Stdin through the session (see inputReader), so it is an
			// io.Reader rather than an *os.File; os.Stderr bypasses the traceback filter.
			"os/os": {"Stdin": reflect.ValueOf(&stdin).Elem(), "Stderr": reflect.ValueOf(&stderr).Elem()},
		},
		// Registrations from cells are tried out and guarded (see package plugin), and
		// compiled code sees the optional methods of cells' optimizers and schedules.
		plugin.CellExports(s),
		{".": {"MapTypes": reflect.ValueOf(compose.MapTypes())}},
	} {
		if err := it.Use(e); err != nil {
			return fmt.Errorf("interp: loading symbols: %w", err)
		}
	}
	s.it = it
	s.imports = map[string]string{}
	specs := append([]string{hookName + ` "` + hookPath + `"`}, s.opts.Preimports...)
	src := "import (\n" + strings.Join(specs, "\n") + "\n)"
	if _, err := s.eval(context.Background(), src); err != nil {
		return fmt.Errorf("interp: preimports: %w", err)
	}
	for _, spec := range s.opts.Preimports {
		name, quoted, _ := strings.Cut(strings.TrimSpace(spec), " ")
		if quoted == "" {
			name, quoted = "", name
		}
		p, err := strconv.Unquote(quoted)
		if err != nil {
			return fmt.Errorf("interp: preimport %s: %w", spec, err)
		}
		if name == "" {
			name = packages[p]
		}
		s.imports[name] = p
	}
	s.front = front.NewChecker(importer, s.imports)
	s.decls = tracker{s.front}
	return nil
}

// importer builds the types of the packages cells can import, once per process.
var importer = front.NewImporter(front.Symbols(stdlib.Symbols), front.ExitSymbols, front.Symbols(symbols.Symbols))

// Use makes more compiled packages importable by cells, in this session's interpreter
// (and its type checks, in every session of the process).
func (s *Session) Use(e yaegi.Exports) error {
	if err := s.it.Use(e); err != nil {
		return err
	}
	importer.Add(front.Symbols(e))
	return nil
}

// hooks returns the symbols of the hook package: the result hook, the goroutine panic
// reporter and the helpers that lowered cells call.
func (s *Session) hooks() map[string]reflect.Value {
	m := front.Hooks()
	m["Result"] = reflect.ValueOf(hookResult)
	m["GoPanic"] = reflect.ValueOf(s.goPanic)
	m["Pause"] = reflect.ValueOf(func() { time.Sleep(20 * time.Millisecond) })
	m["Defer"] = reflect.ValueOf(s.deferCall)
	m["Recovered"] = reflect.ValueOf(func(v any) any {
		if v != nil {
			// The panic ends here: the frames the interpreter wrote while unwinding it
			// are not those of a later one.
			s.filter.take()
		}
		v = recovered(v)
		if v != nil {
			s.recovers.reset() // what was raised again is caught: a later panic is another
			front.ForgetPanicMark()
		}
		if s.unwinding != nil && !s.recoveredCell {
			// A top-level defer of a cell that panicked: its recover stops the panic, as
			// a deferred call of main's would.
			s.recoveredCell = true
			if v == nil {
				v = s.unwinding.panicValue()
			}
		}
		return v
	})
	m["IndexWitness"] = reflect.ValueOf(s.witnesses.note)
	m["Repanicked"] = reflect.ValueOf(func(v any) any { s.recovers.note(v); return v })
	m["RunDeferred"] = reflect.ValueOf(func() {
		d := s.deferred
		s.deferred = nil
		runDeferred(d)
	})
	return m
}

// deferCall notes a call of f with args, evaluated at a defer statement at the top level
// of a cell, to make when the cell ends. A nil argument is the zero value of its parameter.
func (s *Session) deferCall(f any, args ...any) {
	fv := reflect.ValueOf(f)
	ft := fv.Type()
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		if a != nil {
			in[i] = reflect.ValueOf(a)
			continue
		}
		t := ft.In(min(i, ft.NumIn()-1))
		if ft.IsVariadic() && i >= ft.NumIn()-1 {
			t = t.Elem()
		}
		in[i] = reflect.Zero(t)
	}
	s.deferred = append(s.deferred, func() { fv.Call(in) })
}

// runDeferred calls d in reverse order, each even when a later one panicked, as Go runs a
// function's deferred calls; the first panic goes on once all have run.
func runDeferred(d []func()) {
	if len(d) == 0 {
		return
	}
	defer runDeferred(d[:len(d)-1])
	d[len(d)-1]()
}

// packages maps every import path cells can use to its package name.
var packages = func() map[string]string {
	m := map[string]string{}
	for _, e := range []yaegi.Exports{stdlib.Symbols, symbols.Symbols} {
		for k := range e {
			m[path.Dir(k)] = path.Base(k)
		}
	}
	return m
}()

// eval runs src in the interpreter, turning any panic that escapes it into an error.
func (s *Session) eval(ctx context.Context, src string) (v reflect.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = yaegi.Panic{Value: r, Stack: debug.Stack()}
		}
	}()
	if err := ctx.Err(); err != nil {
		return reflect.Value{}, err // interrupted before it began: do not begin
	}
	v, err = s.it.EvalWithContext(ctx, src)
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		// The interpreter stopped the evaluation before it returned (see goPanic).
		s.goPanics.halt()
		s.plugins.interrupts.Add(1) // objects made before may be dead (see plugin.CellExports)
	}
	return v, err
}

// host is the executing session as seen by compiled code (display, kernel).
type host struct {
	s   *Session
	ctx context.Context
	out *lockedOutput
}

func (h *host) Context() context.Context { return h.ctx }

// Recovered gives library code that recovers a panic of a cell's function (opt.Minimize
// of an objective that indexes out of range) the panic as recover in a cell sees it: a
// runtime error where the interpreter panicked in reflect's words, and what a cell's
// value's String or Error method said.
func (h *host) Recovered(r any) any {
	// The frames the interpreter wrote while the panic unwound to the library are
	// stale now: the next panic of the cell must not take them for its own.
	h.s.filter.take()
	v := recovered(r)
	if text, ok := front.PanicText(v); ok {
		return text // a cell's Stringer or error, which the value lost its methods on the way
	}
	return v
}

func (h *host) Display(data, metadata map[string]any, id string, update bool) {
	_ = h.s.cap.sync() // what the cell printed before comes first
	h.out.Display(data, metadata, id, update)
}

func (h *host) ClearOutput(wait bool) {
	_ = h.s.cap.sync()
	h.out.ClearOutput(wait)
}

func (h *host) Input(prompt string, password bool) (string, error) {
	_ = h.s.cap.sync()
	return h.out.Input(prompt, password)
}

func (h *host) Result(values []any) {
	h.s.result, h.s.gotRes = values, true
}
