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
// *log.Logger refused it). The session's versions (ExitSymbols) panic with an exit status
// instead, which the session takes for the end of the cell without its deferred calls, as
// a Go program ends; log.New is the real one, and a call of a *log.Logger's Fatal,
// Fatalf or Fatalln becomes a call of a helper that logs and exits the same way:
//
//	l.Fatalf("bad: %v", err)  →  ᐅdescent.LoggerFatalf(l, "bad: %v", err)

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

// ExitSymbols are the session's os.Exit, log.Fatal, log.Fatalf, log.Fatalln and log.New,
// in place of the interpreter's.
var ExitSymbols = Symbols{
	"os/os": {"Exit": reflect.ValueOf(exit)},
	"log/log": {
		"New":     reflect.ValueOf(log.New),
		"Logger":  reflect.ValueOf((*log.Logger)(nil)),
		"Fatal":   reflect.ValueOf(func(v ...any) { loggerFatal(log.Default(), fmt.Sprint(v...)) }),
		"Fatalf":  reflect.ValueOf(func(f string, v ...any) { loggerFatal(log.Default(), fmt.Sprintf(f, v...)) }),
		"Fatalln": reflect.ValueOf(func(v ...any) { loggerFatal(log.Default(), fmt.Sprintln(v...)) }),
	},
}

// loggerFatal logs s with l and exits with status 1, as l.Fatal does.
func loggerFatal(l *log.Logger, s string) {
	_ = l.Output(3, s)
	exit(1)
}

// The helpers of the lowering above.
func loggerFatalHook(l *log.Logger, v ...any)            { loggerFatal(l, fmt.Sprint(v...)) }
func loggerFatalfHook(l *log.Logger, f string, v ...any) { loggerFatal(l, fmt.Sprintf(f, v...)) }
func loggerFatallnHook(l *log.Logger, v ...any)          { loggerFatal(l, fmt.Sprintln(v...)) }

// loggerFatalCall lowers c, a call, when it calls the Fatal, Fatalf or Fatalln method of a
// *log.Logger, and reports whether it did.
func (l *lowerer) loggerFatalCall(c *ast.CallExpr, depth int) bool {
	s, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
	if !ok || c.Ellipsis.IsValid() {
		return false
	}
	switch s.Sel.Name {
	case "Fatal", "Fatalf", "Fatalln":
	default:
		return false
	}
	sel := l.info().Selections[s]
	if sel == nil || sel.Kind() != types.MethodVal {
		return false
	}
	fn, ok := sel.Obj().(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "log" {
		return false
	}
	open, close := "", ""
	if _, isPtr := l.applied(l.typeOf(s.X)).(*types.Pointer); !isPtr {
		open, close = "&(", ")" // an addressable log.Logger
	}
	if len(c.Args) > 0 {
		close += ", "
	}
	l.add(l.off(s.X.Pos()), 0, HookName+".Logger"+s.Sel.Name+"("+open, depth)
	l.add(l.off(s.X.End()), l.off(c.Lparen)+1-l.off(s.X.End()), close, depth)
	return true
}
