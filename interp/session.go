package interp

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/scanner"
	"io"
	"path"
	"reflect"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"time"

	yaegi "github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/descentlab/descent/interp/display"
	"github.com/descentlab/descent/interp/internal/hub"
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
	// rather than after eating gigabytes. 0 means 256 MB; negative leaves it unchanged.
	MaxStack int
}

// Session is one interpreter with the preloaded packages and the state of every cell run
// so far. Its methods may be called from any goroutine, but Execute runs one cell at a
// time in the whole process (see Execute).
type Session struct {
	opts    Options
	cap     *capture
	it      *yaegi.Interpreter
	filter  *stderrFilter
	imports map[string]string // import name → path, for this interpreter
	decls   *tracker
	result  []any // values of the final expression, set through the result hook
	gotRes  bool
	out     *lockedOutput // the executing cell's output, or nil
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

// hookPath is the import path of the private package through which the value of a
// cell's final expression reaches the session; cells never see it by name.
const (
	hookPath   = "descent.internal/hook"
	hookName   = "ᐅdescent"
	resultHook = hookName + ".Result"
	resultVar  = "ᐅresult"
)

// hookResult receives the values of a cell's final expression.
func hookResult(values ...any) {
	if h := hub.Current(); h != nil {
		h.Result(values)
	}
}

// valueFuncs are the compiled functions that receive cell values to show. The interpreter
// wraps values of cell-declared types that they receive in the wrapper of the first of
// mimeInterfaces they implement, so that the compiled side sees their methods.
var valueFuncs = []any{hookResult, display.Show, display.ShowID, display.Update, display.MIME, display.Text}

var mimeInterfaces = []reflect.Type{
	reflect.TypeOf((*display.StringBundler)(nil)).Elem(),
	reflect.TypeOf((*display.Bundler)(nil)).Elem(),
	reflect.TypeOf((*fmt.Stringer)(nil)).Elem(),
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
		symbols.Symbols,
		{
			hookPath + "/hook": {"Result": reflect.ValueOf(hookResult)},
			".":                {"MapTypes": reflect.ValueOf(mt)},
			// Cells read os.Stdin through the session (see inputReader), so it is an
			// io.Reader rather than an *os.File; os.Stderr bypasses the traceback filter.
			"os/os": {"Stdin": reflect.ValueOf(&stdin).Elem(), "Stderr": reflect.ValueOf(&stderr).Elem()},
		},
	} {
		if err := it.Use(e); err != nil {
			return fmt.Errorf("interp: loading symbols: %w", err)
		}
	}
	s.it = it
	s.imports = map[string]string{}
	s.decls = newTracker()
	specs := append([]string{hookName + ` "` + hookPath + `"`}, s.opts.Preimports...)
	src := "import (\n" + strings.Join(specs, "\n") + "\n)"
	if _, err := s.eval(context.Background(), src); err != nil {
		return fmt.Errorf("interp: preimports: %w", err)
	}
	units, err := splitCell(0, src)
	if err != nil {
		return fmt.Errorf("interp: preimports: %w", err)
	}
	for _, sp := range units[0].imports {
		s.imports[s.importName(sp)] = sp.path
	}
	return nil
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

// importName is the name an import spec binds.
func (s *Session) importName(sp importSpec) string {
	if sp.name != "" {
		return sp.name
	}
	if n, ok := packages[sp.path]; ok {
		return n
	}
	return path.Base(sp.path)
}

// eval runs src in the interpreter, turning any panic that escapes it into an error.
func (s *Session) eval(ctx context.Context, src string) (v reflect.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = yaegi.Panic{Value: r, Stack: debug.Stack()}
		}
	}()
	return s.it.EvalWithContext(ctx, src)
}

// Result is the outcome of executing a cell.
type Result struct {
	// Data and Metadata are the execute_result content: the MIME bundle of the cell's
	// final expression. Both are nil when there is nothing to show.
	Data, Metadata map[string]any
	// Err is why the cell failed, or nil.
	Err *Error
}

// Error is a failed cell, in the terms of a Jupyter error reply.
type Error struct {
	Name      string   // ename: CompileError, RedefinitionError, ImportError, panic, runtime error, Interrupted, UsageError, InternalError
	Value     string   // evalue: the message, with cell[N]:line:col where known
	Traceback []string // lines to show, the last being "Name: Value"
}

func (e *Error) Error() string { return e.Name + ": " + e.Value }

func newError(name, value string, trace ...string) *Error {
	return &Error{Name: name, Value: value, Traceback: append(trace, name+": "+value)}
}

// Execute runs a cell. count is its execution count, used in positions (cell[count]).
// Everything the cell prints or displays, from interpreted code, compiled code or
// goroutines it started, goes to out before Execute returns. Cancelling ctx interrupts
// the cell; the session stays usable.
//
// While a cell runs, the process's os.Stdout, os.Stderr and the standard logger write
// to the session, and other Execute calls in the process wait.
func (s *Session) Execute(ctx context.Context, code string, count int, out Output) (res *Result) {
	execMu.Lock()
	defer execMu.Unlock()
	lo := &lockedOutput{out: out}
	h := &host{s: s, ctx: ctx, out: lo}
	s.out = lo
	s.cap.begin(lo)
	hub.Set(h)
	defer func() {
		if r := recover(); r != nil {
			res = &Result{Err: newError("InternalError", fmt.Sprint(r), strings.Split(string(debug.Stack()), "\n")...)}
		}
		hub.Set(nil)
		s.cap.end()
		s.out = nil
	}()
	code, magics, err := parseMagics(code)
	if err != nil {
		return &Result{Err: err}
	}
	timed := false
	for _, m := range magics {
		switch m.name {
		case "time":
			timed = true
		default:
			if err := s.runMagic(m); err != nil {
				return &Result{Err: err}
			}
		}
	}
	start := time.Now()
	res = s.run(ctx, count, code)
	if timed {
		fmt.Fprintf(s.cap.outW, "Wall time: %v\n", time.Since(start).Round(time.Microsecond))
	}
	return res
}

// run executes the code of a cell, magics removed.
func (s *Session) run(ctx context.Context, cell int, code string) *Result {
	units, err := splitCell(cell, code)
	if err != nil {
		return &Result{Err: compileError(err)}
	}
	if e := s.decls.check(units); e != nil {
		return &Result{Err: e}
	}
	if e := s.importAll(ctx, cell, units); e != nil {
		return &Result{Err: e}
	}
	for _, c := range chunks(cell, code, units) {
		if c.kind == kindExpr {
			return s.runExpr(ctx, cell, c)
		}
		_, err := s.eval(ctx, c.src)
		if err != nil {
			e := s.convert(ctx, err)
			s.decls.record(c.units, false, errorLine(e.Value))
			return &Result{Err: e}
		}
		s.decls.record(c.units, true, 0)
	}
	return &Result{}
}

// runExpr evaluates a cell's final expression and shows its values. An expression
// with no value (a call of a function without results) cannot be an argument of the
// result hook, so it fails to compile there and runs plainly instead: nothing ran yet.
func (s *Session) runExpr(ctx context.Context, cell int, c chunk) *Result {
	u := c.units[0]
	s.result, s.gotRes = nil, false
	if form := s.exprForm(u); form != formPlain {
		_, err := s.eval(ctx, exprSource(cell, u, form == formAssign))
		if err == nil {
			return s.resultOf()
		}
		if e := s.convert(ctx, err); e.Name != "CompileError" {
			return &Result{Err: e}
		}
	}
	if _, err := s.eval(ctx, c.src); err != nil {
		return &Result{Err: s.convert(ctx, err)}
	}
	return &Result{}
}

// How a final expression is evaluated (see exprSource).
const (
	formDirect = iota // pass it to the result hook
	formAssign        // assign it to a variable, then pass that
	formPlain         // just run it: it has no value worth showing
)

// exprForm chooses how to evaluate the final expression u. Calls that print (fmt.Print*,
// log.Print*, print, println) or cannot have a value (panic, close, delete, clear) run
// plainly; conversions are assigned; everything else, including calls that may return
// several values, goes to the result hook directly.
func (s *Session) exprForm(u unit) int {
	x := ast.Unparen(u.stmts[0].(*ast.ExprStmt).X)
	call, ok := x.(*ast.CallExpr)
	if !ok {
		return formDirect
	}
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		switch fun.Name {
		case "panic", "print", "println", "close", "delete", "clear":
			return formPlain
		}
		if g, ok := s.decls.globals[fun.Name]; ok && g.kind == "type" {
			return formAssign
		}
		for _, b := range builtins {
			if b == fun.Name && fun.Name != "append" && fun.Name != "len" && fun.Name != "cap" &&
				fun.Name != "make" && fun.Name != "new" && fun.Name != "complex" && fun.Name != "real" &&
				fun.Name != "imag" && fun.Name != "copy" && fun.Name != "recover" {
				return formAssign // a conversion such as float64(x)
			}
		}
	case *ast.SelectorExpr:
		pkg, ok := fun.X.(*ast.Ident)
		if !ok {
			break
		}
		path, ok := s.imports[pkg.Name]
		if !ok {
			break
		}
		name := fun.Sel.Name
		if (path == "fmt" || path == "log") && (strings.HasPrefix(name, "Print") || strings.HasPrefix(name, "Fprint")) {
			return formPlain
		}
		if v, ok := pkgSymbols(path)[name]; ok && v.Kind() == reflect.Pointer && v.IsNil() {
			return formAssign // a conversion to a compiled type, such as display.HTML(s)
		}
	case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.InterfaceType, *ast.StarExpr:
		return formAssign
	}
	return formDirect
}

func (s *Session) resultOf() *Result {
	if !s.gotRes || len(s.result) == 0 {
		return &Result{}
	}
	if len(s.result) == 1 {
		return &Result{Data: display.MIME(s.result[0]), Metadata: map[string]any{}}
	}
	parts := make([]string, len(s.result))
	for i, v := range s.result {
		parts[i] = display.Text(v)
	}
	return &Result{Data: map[string]any{"text/plain": strings.Join(parts, ", ")}, Metadata: map[string]any{}}
}

// importAll makes the cell's imports, dropping the ones this interpreter already has.
func (s *Session) importAll(ctx context.Context, cell int, units []unit) *Error {
	for _, u := range units {
		for _, sp := range u.imports {
			name := s.importName(sp)
			pos := fmt.Sprintf("%s:%d:%d", cellName(cell), sp.line, sp.col)
			if p, ok := s.imports[name]; ok && name != "_" && name != "." {
				if p == sp.path {
					continue
				}
				return newError("ImportError", fmt.Sprintf("%s: %s is already imported as %s; import %s under another name, such as %s2 %q", pos, p, name, sp.path, name, sp.path))
			}
			src := lineDirective(cell, sp.line, sp.col) + "import " + name + " " + strconv.Quote(sp.path) + "\n"
			if _, err := s.eval(ctx, src); err != nil {
				e := s.convert(ctx, err)
				if strings.Contains(e.Value, "unable to find source related to") {
					e = newError("ImportError", fmt.Sprintf("%s: package %q is not available in this kernel; %%help lists the importable packages", pos, sp.path))
				}
				return e
			}
			s.imports[name] = sp.path
		}
	}
	return nil
}

// packageList returns the import paths cells can use, sorted.
func packageList() []string {
	l := make([]string, 0, len(packages))
	for p := range packages {
		if p != hookPath {
			l = append(l, p)
		}
	}
	sort.Strings(l)
	return l
}

// convert describes an error returned by the interpreter.
func (s *Session) convert(ctx context.Context, err error) *Error {
	trace := s.filter.take()
	if ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		// Frames that were running when the interpreter stopped compare their run id
		// with the interpreter's; a fresh evaluation lets globals work again.
		waitAbandoned(2 * time.Second)
		_, _ = s.eval(context.Background(), "_ = 0")
		return newError("Interrupted", "execution was interrupted; objects created inside functions that were running may be unusable (see the kernel docs)")
	}
	var p yaegi.Panic
	if errors.As(err, &p) {
		if e, ok := p.Value.(error); ok && len(trace) == 0 && positioned(e.Error()) {
			return compileError(e) // the interpreter panicked while compiling
		}
		name := "panic"
		if _, ok := p.Value.(interface{ RuntimeError() }); ok {
			name = "runtime error"
		}
		return newError(name, fmt.Sprint(p.Value), tracebackLines(trace)...)
	}
	return compileError(err)
}

// errorLine returns the line of the "cell[N]:line:col: " prefix of msg, or -1.
func errorLine(msg string) int {
	var n, line, col int
	if _, err := fmt.Sscanf(msg, "cell[%d]:%d:%d:", &n, &line, &col); err != nil {
		return -1
	}
	return line
}

// positioned reports whether msg starts with a source position, as compile errors do.
func positioned(msg string) bool {
	i := strings.Index(msg, ": ")
	if i < 0 {
		return false
	}
	f := strings.Split(msg[:i], ":")
	return len(f) >= 2 && strings.Trim(f[len(f)-1], "0123456789") == "" && strings.Trim(f[len(f)-2], "0123456789") == ""
}

// tracebackLines turns the interpreter's "cell[3]:2:1: panic: main.f(...)" lines,
// innermost first, into "cell[3]:2:1: in f".
func tracebackLines(trace []string) []string {
	out := make([]string, 0, len(trace))
	for _, l := range trace {
		l = cellPositions(l)
		i := strings.Index(l, ": panic: ")
		if i < 0 || !strings.HasPrefix(l, "cell[") {
			continue // a frame of the kernel's own wrapper code
		}
		fn := strings.TrimSuffix(l[i+len(": panic: "):], "(...)")
		fn = strings.TrimPrefix(fn, "main.")
		if fn == "main" {
			fn = "cell"
		}
		out = append(out, l[:i]+": in "+fn)
	}
	return out
}

func compileError(err error) *Error {
	msg := cellPositions(err.Error())
	if strings.HasSuffix(msg, ": constant definition loop") {
		// What the interpreter says about an undefined name in a global initializer.
		msg += " (is a name on the right-hand side undefined?)"
	}
	var trace []string
	if l, ok := err.(scanner.ErrorList); ok && len(l) > 1 {
		for _, e := range l[1:] {
			trace = append(trace, cellPositions(e.Error()))
		}
		msg = cellPositions(l[0].Error())
	}
	return newError("CompileError", msg, trace...)
}

// host is the executing session as seen by compiled code (display, kernel).
type host struct {
	s   *Session
	ctx context.Context
	out *lockedOutput
}

func (h *host) Context() context.Context { return h.ctx }

func (h *host) Display(data, metadata map[string]any, id string, update bool) {
	_ = h.s.cap.sync() // what the cell printed before comes first
	h.out.Display(data, metadata, id, update)
}

func (h *host) ClearOutput(wait bool) {
	_ = h.s.cap.sync()
	h.out.ClearOutput(wait)
}

func (h *host) Result(values []any) {
	h.s.result, h.s.gotRes = values, true
}
