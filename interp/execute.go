package interp

import (
	"context"
	"fmt"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"time"

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
	start := time.Now()
	res = s.run(ctx, count, code)
	if timed {
		fmt.Fprintf(s.cap.outW, "Wall time: %v\n", time.Since(start).Round(time.Microsecond))
	}
	res.Payload = payload
	return res
}

// run executes the code of a cell, magics removed.
func (s *Session) run(ctx context.Context, cell int, code string) *Result {
	res := s.runCell(ctx, cell, code)
	if res.Err != nil {
		s.hint(res.Err)
	}
	return res
}

func (s *Session) runCell(ctx context.Context, cell int, code string) (res *Result) {
	units, err := splitCell(cell, code)
	if err != nil {
		return &Result{Err: compileError(err)}
	}
	if e := s.decls.check(units); e != nil {
		return &Result{Err: e}
	}
	later := findNewSyntax(units, newScope(units, s.decls.globals, s.imports))
	if e := languageError(later); e != nil {
		return &Result{Err: e}
	}
	defer func() {
		if res.Err != nil {
			languageHint(res.Err, later)
		}
	}()
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
		if declaresMain(c.units) {
			// A pasted program: run it once, as go run would.
			if _, err := s.eval(ctx, mainName+"()"); err != nil {
				return &Result{Err: s.convert(ctx, err)}
			}
		}
	}
	return &Result{}
}

// declaresMain reports whether units declare func main (renamed, see renameMain).
func declaresMain(units []unit) bool {
	for _, u := range units {
		if mainDecl(u.decls) != nil {
			return true
		}
	}
	return false
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
