package interp

import (
	"go/ast"
	"go/token"
	"sort"
)

// A panic in a goroutine that nobody recovers kills the whole process, and with it the
// kernel and every variable of the session. So the session adds a deferred recover to
// each function literal that a cell starts as a goroutine,
//
//	go func(n int) { work(n) }(i)
//
// becomes
//
//	go func(n int) { defer func() { ...recover, report... }(); work(n) }(i)
//
// which changes nothing else: not the evaluation of the arguments, nor lines (only the
// columns after the insertion on its line). A go statement calling a named function,
// go work(i), stays unguarded: wrapping it would need the argument types, and yaegi
// loses function values captured by a closure that outlives its frame.

// goPanicHook is the hook function that reports a recovered goroutine panic.
const goPanicHook = hookName + ".GoPanic"

const goRecover = " defer func() { if ᐅr := recover(); ᐅr != nil { " + goPanicHook + "(ᐅr) } }();"

// goGuard returns src with a recover added to every function literal started by a go
// statement; the nodes were parsed from a file in which src starts at byte offset base.
func goGuard(src string, base int, fset *token.FileSet, nodes []ast.Node) string {
	var at []int
	for _, n := range nodes {
		ast.Inspect(n, func(n ast.Node) bool {
			if g, ok := n.(*ast.GoStmt); ok {
				if lit, ok := ast.Unparen(g.Call.Fun).(*ast.FuncLit); ok {
					at = append(at, fset.Position(lit.Body.Lbrace).Offset-base+1)
				}
			}
			return true
		})
	}
	sort.Sort(sort.Reverse(sort.IntSlice(at)))
	for _, i := range at {
		src = src[:i] + goRecover + src[i:]
	}
	return src
}
