package front

import (
	"flag"
	"go/ast"
	"go/types"
)

// Flags defined again. Running a cell that defines a flag a second time panicked ("flag
// redefined: n"), where a program defines it once. The name a definition of the flag
// package's command line gets goes through a helper that first takes an earlier flag of
// that name off it, keeping the others:
//
//	var n = flag.Int("n", 5, "rounds")  →  var n = flag.Int(ᐅdescent.FreeFlag("n"), 5, "rounds")

// flagNameArg is the index of the name among the arguments of the flag package's
// definitions, by function.
var flagNameArg = map[string]int{
	"Bool": 0, "Duration": 0, "Float64": 0, "Int": 0, "Int64": 0, "String": 0, "Uint": 0,
	"Uint64": 0, "Func": 0, "BoolFunc": 0,
	"BoolVar": 1, "DurationVar": 1, "Float64Var": 1, "IntVar": 1, "Int64Var": 1,
	"StringVar": 1, "UintVar": 1, "Uint64Var": 1, "TextVar": 1, "Var": 1,
}

// flagDefinition lowers c if it defines a flag of the command line.
func (l *lowerer) flagDefinition(c *ast.CallExpr, depth int) {
	id := nameOf(c.Fun)
	if id == nil {
		return
	}
	fn, ok := l.info().Uses[id].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "flag" || fn.Type().(*types.Signature).Recv() != nil {
		return
	}
	i, ok := flagNameArg[fn.Name()]
	if !ok || i >= len(c.Args) {
		return
	}
	a := c.Args[i]
	l.add(l.off(a.Pos()), 0, HookName+".FreeFlag(", depth)
	l.add(l.off(a.End()), 0, ")", closing(depth))
}

// freeFlag takes the flag name off the command line, if it is defined, and returns name.
func freeFlag(name string) string {
	old := flag.CommandLine
	if old.Lookup(name) == nil {
		return name
	}
	fs := flag.NewFlagSet(old.Name(), old.ErrorHandling())
	fs.SetOutput(old.Output())
	old.VisitAll(func(f *flag.Flag) {
		if f.Name != name {
			fs.Var(f.Value, f.Name, f.Usage)
		}
	})
	flag.CommandLine = fs
	return name
}
