package front

import (
	"fmt"
	"go/ast"
	"go/types"
	"log"
	"reflect"
	"strconv"
)

// Exits. A cell's os.Exit and log.Fatal must not end the kernel, so the interpreter's
// restricted standard library panics in their place, and its log.New returns a logger of
// its own type, which is no *log.Logger (l.SetPrefix was undefined, and a func taking a
// *log.Logger refused it). In the session, os.Exit (ExitSymbols) and the calls of
// log.Fatal, Fatalf and Fatalln panic with an exit status instead, which the session
// takes for the end of the cell without its deferred calls, as a Go program ends; log.New
// is the real one, and a call of a *log.Logger's Fatal methods logs and exits the same
// way. The package's functions log through the interpreter's own logger (which
// log.SetOutput sets), by its Output:
//
//	log.Fatal("bad")          →  ᐅdescent.Fatal(log.Output, "bad")
//	l.Fatalf("bad: %v", err)  →  ᐅdescent.LoggerFatalf(l, "bad: %v", err)
//
// Only calls: a Fatal method called through an interface or a method value is the real
// one, which ends the interpreter (the kernel then starts a fresh one).

// exitStatus is the panic value of os.Exit and log.Fatal in a cell.
type exitStatus int

// Error returns what go run prints for a program that exited with the status.
func (e exitStatus) Error() string { return "exit status " + strconv.Itoa(int(e)) }

// Exited reports whether v, a panic's value, is that of os.Exit or log.Fatal in a cell,
// and with which status.
func Exited(v any) (int, bool) {
	if rv, ok := v.(reflect.Value); ok && rv.IsValid() && rv.CanInterface() {
		v = rv.Interface()
	}
	e, ok := v.(exitStatus)
	return int(e), ok
}

func exit(code int) { panic(exitStatus(code)) }

// ExitSymbols are the session's os.Exit, log.New and log.Logger, in place of the
// interpreter's.
var ExitSymbols = Symbols{
	"os/os": {"Exit": reflect.ValueOf(exit)},
	"log/log": {
		"New":    reflect.ValueOf(log.New),
		"Logger": reflect.ValueOf((*log.Logger)(nil)),
	},
}

// fatal logs s by output, the Output of a logger, and exits with status 1, as Fatal does.
func fatal(output func(int, string) error, s string) {
	_ = output(3, s)
	exit(1)
}

// The helpers of the lowering above.
func fatalHook(out func(int, string) error, v ...any)            { fatal(out, fmt.Sprint(v...)) }
func fatalfHook(out func(int, string) error, f string, v ...any) { fatal(out, fmt.Sprintf(f, v...)) }
func fatallnHook(out func(int, string) error, v ...any)          { fatal(out, fmt.Sprintln(v...)) }
func loggerFatalHook(l *log.Logger, v ...any)                    { fatal(l.Output, fmt.Sprint(v...)) }
func loggerFatalfHook(l *log.Logger, f string, v ...any)         { fatal(l.Output, fmt.Sprintf(f, v...)) }
func loggerFatallnHook(l *log.Logger, v ...any)                  { fatal(l.Output, fmt.Sprintln(v...)) }

// loggerFatalCall lowers c, a call, when it calls log's Fatal, Fatalf or Fatalln, or a
// *log.Logger's, as described above.
func (l *lowerer) loggerFatalCall(c *ast.CallExpr, depth int) {
	s, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
	if !ok || c.Ellipsis.IsValid() {
		return
	}
	switch s.Sel.Name {
	case "Fatal", "Fatalf", "Fatalln":
	default:
		return
	}
	if id, ok := s.X.(*ast.Ident); ok {
		if pn, ok := l.info().Uses[id].(*types.PkgName); ok {
			if pn.Imported().Path() != "log" || l.later[c] != "" {
				return // (deferred or go'ed: the interpreter's, which panics)
			}
			sep := ""
			if len(c.Args) > 0 {
				sep = ", "
			}
			l.add(l.off(c.Fun.Pos()), l.off(c.Lparen)+1-l.off(c.Fun.Pos()), HookName+"."+s.Sel.Name+"("+id.Name+".Output"+sep, depth)
			return
		}
	}
	sel := l.info().Selections[s]
	if sel == nil || sel.Kind() != types.MethodVal {
		return
	}
	fn, ok := sel.Obj().(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "log" {
		return
	}
	if kw := l.later[c]; kw != "" {
		// The real method would end the interpreter, and the defer and go lowerings
		// spell the call out themselves.
		l.errorf(c.Pos(), "%s of a *log.Logger's %s is not supported by this kernel: call it inside a function literal (%s func() { ... }())", kw, s.Sel.Name, kw)
		return
	}
	// The receiver: s.X, or the embedded field that has the method (s.Logger).
	path, _, t, ok := l.embeddedPath(sel)
	if !ok {
		return
	}
	open, close := "", path
	if _, isPtr := t.(*types.Pointer); !isPtr {
		open, close = "&(", path+")" // an addressable log.Logger
	}
	if len(c.Args) > 0 {
		close += ", "
	}
	if c.Fun.Pos() < s.X.Pos() {
		l.add(l.off(c.Fun.Pos()), l.off(s.X.Pos())-l.off(c.Fun.Pos()), "", depth) // (l.Fatal)(...)
	}
	l.add(l.off(s.X.Pos()), 0, HookName+".Logger"+s.Sel.Name+"("+open, depth)
	l.add(l.off(s.X.End()), l.off(c.Lparen)+1-l.off(s.X.End()), close, depth)
}
