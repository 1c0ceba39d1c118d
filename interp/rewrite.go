package interp

// Rewrites of a cell's source before the interpreter sees it. They keep every line where
// it was; only columns after an edit on its line shift.

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

// edit replaces src[at:at+del] with text.
type edit struct {
	at, del int
	text    string
}

// applyEdits applies non-overlapping edits to src.
func applyEdits(src string, edits []edit) string {
	sort.Slice(edits, func(i, j int) bool { return edits[i].at > edits[j].at })
	for _, e := range edits {
		src = src[:e.at] + e.text + src[e.at+e.del:]
	}
	return src
}

// goGuard returns the edits that add a recover to every function literal started by a
// go statement; the nodes were parsed from a file in which src starts at byte offset base.
func goGuard(base int, fset *token.FileSet, nodes []ast.Node) []edit {
	var edits []edit
	for _, n := range nodes {
		ast.Inspect(n, func(n ast.Node) bool {
			if g, ok := n.(*ast.GoStmt); ok {
				if lit, ok := ast.Unparen(g.Call.Fun).(*ast.FuncLit); ok {
					edits = append(edits, edit{at: fset.Position(lit.Body.Lbrace).Offset - base + 1, text: goRecover})
				}
			}
			return true
		})
	}
	return edits
}

// mainName is what a cell's func main is renamed to: the interpreter runs a function
// called main after every later evaluation, whereas a pasted program should run once.
const mainName = "ᐅmain"

// renameMain returns the edit that renames a func main declared by decls, if any.
func renameMain(base int, fset *token.FileSet, decls []ast.Decl) []edit {
	if fd := mainDecl(decls); fd != nil {
		return []edit{{at: fset.Position(fd.Name.Pos()).Offset - base, del: len("main"), text: mainName}}
	}
	return nil
}

// mainDecl returns the declaration of func main among decls, or nil.
func mainDecl(decls []ast.Decl) *ast.FuncDecl {
	for _, d := range decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" {
			return fd
		}
	}
	return nil
}
