package interp

import (
	"fmt"
	"io"
	"log"
	"reflect"

	yaegi "github.com/traefik/yaegi/interp"
)

// loggerExports are the log package's functions of a session, all methods of one logger
// that writes to w, the interpreter's standard error. The interpreter gives its cells a
// logger of its own but not log.Default, which stayed the process's logger: after
// log.SetOutput(os.Stdout), log.Default().Println still wrote to standard error, and its
// output was lost. Here log.Default returns the logger the package's functions use, as
// in Go.
//
// mt is the session's table of interfaces that a function's operands keep (fmt.Stringer
// for the printing ones), which is keyed by the function's value, so the values exported
// are the ones entered there.
func loggerExports(w io.Writer, mt map[reflect.Value][]reflect.Type) yaegi.Exports {
	lg := log.New(w, "", log.LstdFlags)
	printing := []reflect.Type{
		reflect.TypeOf((*fmt.Formatter)(nil)).Elem(),
		reflect.TypeOf((*fmt.Stringer)(nil)).Elem(),
	}
	syms := map[string]reflect.Value{
		"Default":   reflect.ValueOf(func() *log.Logger { return lg }),
		"Flags":     reflect.ValueOf(lg.Flags),
		"Output":    reflect.ValueOf(lg.Output),
		"Prefix":    reflect.ValueOf(lg.Prefix),
		"SetFlags":  reflect.ValueOf(lg.SetFlags),
		"SetOutput": reflect.ValueOf(lg.SetOutput),
		"SetPrefix": reflect.ValueOf(lg.SetPrefix),
		"Writer":    reflect.ValueOf(lg.Writer),
	}
	for name, f := range map[string]any{
		"Print": lg.Print, "Printf": lg.Printf, "Println": lg.Println,
		"Panic": lg.Panic, "Panicf": lg.Panicf, "Panicln": lg.Panicln,
		// A cell's calls of Fatal end the cell (see front.ExitSymbols); these are
		// the values a cell takes of them, which panic, as the interpreter's do.
		"Fatal": lg.Panic, "Fatalf": lg.Panicf, "Fatalln": lg.Panicln,
	} {
		v := reflect.ValueOf(f)
		syms[name] = v
		mt[v] = printing
	}
	return yaegi.Exports{"log/log": syms}
}
