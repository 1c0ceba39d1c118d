package interp

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/descentlab/descent/interp/front"
	"github.com/descentlab/descent/interp/internal/hub"
	libhost "github.com/descentlab/descent/optimizers/host"
)

// Result is the outcome of executing a cell.
type Result struct {
	// Data and Metadata are the execute_result content: the MIME bundle of the cell's
	// final expression. Both are nil when there is nothing to show.
	Data, Metadata map[string]any
	// Err is why the cell failed, or nil.
	Err *Error
	// Payload holds execute_reply payloads, such as the pager page of %doc.
	Payload []map[string]any
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
	s.out.Store(lo)
	s.cap.begin(lo)
	hub.Set(h)
	libhost.Set(h) // library calls (Minimize, Fit) stop when this cell is interrupted
	defer func() {
		if r := recover(); r != nil {
			res = &Result{Err: newError("InternalError", fmt.Sprint(r), strings.Split(string(debug.Stack()), "\n")...)}
		}
		hub.Set(nil)
		libhost.Set(nil)
		s.cap.end()
		s.out.Store(nil)
	}()
	s.filter.take() // traceback lines of panics recovered earlier are stale
	s.recovers.reset()
	s.witnesses.reset()
	s.beforeCell(count, code)
	code, magics, err := parseMagics(code)
	if err != nil {
		return &Result{Err: err}
	}
	timed := false
	var payload []map[string]any
	for _, m := range magics {
		switch m.name {
		case "time":
			timed = true
		case "doc":
			text, err := s.page(m.args)
			if err != nil {
				return &Result{Err: err}
			}
			payload = append(payload, map[string]any{"source": "page", "data": map[string]any{"text/plain": text}, "start": 0})
		default:
			if err := s.runMagic(m); err != nil {
				return &Result{Err: err}
			}
		}
	}
	if mayWake(code) {
		s.mayBeWoken = true
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	s.goPanics.running(cancel)
	defer s.goPanics.running(nil)
	stop := s.watchDeadlock(cancel)
	start := time.Now()
	goroutines := runtime.NumGoroutine()
	res = s.run(ctx, count, code)
	stop()
	if res.Err == nil {
		// A goroutine that panicked as the cell ended ends it too, as it ends a Go program.
		e := s.goPanics.take()
		if e == nil && runtime.NumGoroutine() > goroutines {
			e = s.goPanics.settle()
		}
		if e != nil {
			res = &Result{Err: e}
		}
	}
	if timed {
		fmt.Fprintf(s.cap.outW, "Wall time: %v\n", time.Since(start).Round(time.Microsecond))
	}
	res.Payload = payload
	return res
}

// run executes the code of a cell, magics removed.
func (s *Session) run(ctx context.Context, cell int, code string) *Result {
	s.deferred = nil
	res := s.runCell(ctx, cell, code)
	if res.Err != nil && res.Err.Name == exitName {
		s.deferred = nil // os.Exit runs no deferred calls
		if res.Err.Value == "exit status 0"+exitNote {
			res = &Result{}
		}
	}
	if len(s.deferred) > 0 {
		// The cell's top-level defers, made when it ends as main's are when main returns.
		if res.Err != nil && res.Err.Name == "panic" {
			s.unwinding = res.Err
		}
		_, err := s.eval(ctx, hookName+".RunDeferred()")
		if s.recoveredCell {
			res = &Result{}
		}
		s.unwinding, s.recoveredCell = nil, false
		if err != nil && res.Err == nil {
			res = &Result{Err: s.convert(ctx, err)}
		}
	}
	if res.Err != nil {
		s.hint(res.Err)
	}
	return res
}

// runCell checks and lowers the cell with the front end, then runs its chunks in order.
// The front end learns what the interpreter accepted, failed at run time or not, so that
// later cells are checked against what really exists.
func (s *Session) runCell(ctx context.Context, cell int, code string) *Result {
	plan, err := s.front.Check(cell, code)
	if err != nil {
		return &Result{Err: compileError(err)}
	}
	ran := 0
	s.plan = plan
	defer func() {
		s.front.Commit(plan, ran)
		s.plan = nil
		for n, p := range s.front.Imports() {
			s.imports[n] = p // the generic packages, which the interpreter never imports, too
		}
	}()
	for _, imp := range plan.Imports {
		if e := s.importOne(ctx, cell, imp); e != nil {
			return &Result{Err: e}
		}
	}
	for i, c := range plan.Chunks {
		if c.Kind == front.Expr {
			res, compiled := s.runExpr(ctx, c)
			if compiled {
				ran = i + 1
			}
			if res.Err != nil && res.Err.Name == "panic" {
				s.callerFrame(res.Err, cell, c)
			}
			return res
		}
		if _, err := s.eval(ctx, c.Src); err != nil {
			if returned(err) {
				s.filter.take() // the frames the interpreter wrote while unwinding it
				ran = i + 1
				return &Result{} // a return at the top level: the cell ends, as main does
			}
			e := s.convert(ctx, err)
			if e.Name != "CompileError" {
				ran = i + 1 // compiled, then failed: its declarations exist
			}
			return &Result{Err: e}
		}
		ran = i + 1
	}
	if plan.Main {
		// A pasted program: run it once, as go run would.
		if _, err := s.eval(ctx, front.MainName+"()"); err != nil {
			return &Result{Err: s.convert(ctx, err)}
		}
		_ = s.cap.sync() // what main printed comes first
		fmt.Fprintln(s.cap.errW, "(ran func main once, as go run would)")
	}
	return &Result{}
}

// hint adds to an "undefined: strings" error the import that would define the name.
func (s *Session) hint(e *Error) {
	i := strings.LastIndex(e.Value, "undefined: ")
	if e.Name != "CompileError" || i < 0 {
		return
	}
	name := e.Value[i+len("undefined: "):]
	if _, imported := s.imports[name]; imported {
		return
	}
	var paths []string
	for p, n := range packages {
		if n == name && p != hookPath {
			paths = append(paths, strconv.Quote(p))
		}
	}
	if len(paths) == 0 {
		return
	}
	sort.Strings(paths)
	e.Value += " (missing import " + strings.Join(paths, " or ") + "?)"
	e.Traceback[len(e.Traceback)-1] = e.Name + ": " + e.Value
}

// importOne makes one import of a cell in the interpreter.
func (s *Session) importOne(ctx context.Context, cell int, imp front.Import) *Error {
	src := "import " + imp.Name + " " + strconv.Quote(imp.Path) + "\n"
	if imp.Line > 0 {
		src = front.Directive(cell, imp.Line, imp.Col) + src
	}
	if _, err := s.eval(ctx, src); err != nil {
		e := s.convert(ctx, err)
		if strings.Contains(e.Value, "unable to find source related to") {
			e = newError("ImportError", fmt.Sprintf("%s:%d:%d: package %q is not available in this kernel; %%help lists the importable packages", front.CellName(cell), imp.Line, imp.Col, imp.Path))
		}
		return e
	}
	s.imports[imp.Name] = imp.Path
	return nil
}

// packageList returns the import paths cells can use, sorted.
func packageList() []string {
	l := make([]string, 0, len(packages))
	for p := range packages {
		if p != hookPath && p != "." && p != "" {
			l = append(l, p)
		}
	}
	sort.Strings(l)
	return l
}
