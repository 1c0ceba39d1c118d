package front

// Rewrites of a cell's source before the interpreter sees it. They keep every line where
// it was; only columns after an edit on its line shift.

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strconv"
)

// A panic in a goroutine that nobody recovers kills the whole process, and with it the
// kernel and every variable of the session. So the session adds a deferred recover to
// each function literal that a cell starts as a goroutine,
//
//	go func(n int) { work(n) }(i)
//
// becomes
//
//	go func(n int) { defer func() { ...recover, report with the go statement's place... }(); work(n) }(i)
//
// which changes nothing else: not the evaluation of the arguments, nor lines (only the
// columns after the insertion on its line). A go statement calling a cell's function,
// function variable or method is made a call of such a literal, which takes the function
// and the arguments as parameters (see goValue, goMethod).

// goPanicHook is the hook function that reports a recovered goroutine panic.
const goPanicHook = HookName + ".GoPanic"

// goGuard returns the deferred recover of a goroutine started by the go statement at.
func (l *lowerer) goGuard(at token.Pos) string {
	return l.goGuardOf(at, "ᐅr")
}

// goGuardOf is goGuard reporting value, an expression of the recovered ᐅr.
func (l *lowerer) goGuardOf(at token.Pos, value string) string {
	return " defer func() { if ᐅr := recover(); ᐅr != nil { " + goPanicHook + "(" + value + ", " +
		strconv.Quote(Positions(l.src.fileset().Position(at).String())) + ") } }();"
}

// guardBody guards lit, the function a goroutine started at runs (see goGuard). Its body
// runs in a literal of its own inside the guard, so that a panic leaves it, and the
// traceback names the line that panicked, before the guard recovers it.
func (l *lowerer) guardBody(lit *ast.FuncLit, at token.Pos, depth int) {
	l.guardBodyWith(lit, l.goGuard(at), depth)
}

// guardBodyWith is guardBody with guard, a goGuard.
func (l *lowerer) guardBodyWith(lit *ast.FuncLit, guard string, depth int) {
	if lit.Type.Results.NumFields() > 0 {
		// (go func() int {…}(): what it returns goes nowhere, but its returns need it.)
		l.add(l.off(lit.Body.Lbrace)+1, 0, guard, depth)
		return
	}
	l.add(l.off(lit.Body.Lbrace)+1, 0, guard+" func() {", depth)
	l.add(l.off(lit.Body.Rbrace), 0, "}()", closing(depth))
}

// goroutineRunners are the compiled functions that run the function they are given on a
// goroutine of their own, by types.Func.FullName.
var goroutineRunners = map[string]bool{"(*sync.WaitGroup).Go": true, "time.AfterFunc": true, "context.AfterFunc": true}

// libraryGoroutine guards the function that c, a call of a goroutineRunner, hands over,
// as a go statement's is guarded: a panic in it would end the kernel's process.
//
//	wg.Go(func() { work() })  →  wg.Go(func() { defer func() { …report… }(); work() })
//	time.AfterFunc(d, f)      →  time.AfterFunc(d, func(ᐅf func()) func() { return func() { defer …; ᐅf() } }(f))
func (l *lowerer) libraryGoroutine(c *ast.CallExpr, depth int) {
	fn, ok := l.info().Uses[nameOf(c.Fun)].(*types.Func)
	if !ok || !goroutineRunners[fn.FullName()] || len(c.Args) == 0 || c.Ellipsis.IsValid() {
		return
	}
	arg := c.Args[len(c.Args)-1]
	guard := l.goGuard(c.Pos())
	if fn.FullName() == "(*sync.WaitGroup).Go" {
		// Go's WaitGroup.Go recovers a panic of the function and raises it again, which
		// the runtime's message says: "panic: boom [recovered, repanicked]".
		guard = l.goGuardOf(c.Pos(), HookName+".Repanicked(ᐅr)")
	}
	if lit, ok := ast.Unparen(arg).(*ast.FuncLit); ok {
		l.guardBodyWith(lit, guard, depth)
		return
	}
	if !types.Identical(l.typeOf(arg), types.NewSignatureType(nil, nil, nil, nil, nil, false)) {
		return
	}
	l.add(l.off(arg.Pos()), 0, "func(ᐅf func()) func() { return func() {"+guard+" ᐅf() } }(", depth)
	l.add(l.off(arg.End()), 0, ")", closing(depth))
}

// edit replaces src[at:at+del] with text. Insertions (del 0) at one offset end up in the
// order of their rank: an edit that opens a construct ranks by its depth, one that closes
// it after everything deeper (see closing).
type edit struct {
	at, del int
	text    string
	rank    int
	blank   bool // it blanks out text (see check.blank): no other edit may fall inside it
	weak    bool // a rename, dropped where another edit replaces the text around it
}

// closing is the rank of an insertion that closes a construct opened at depth d.
func closing(d int) int { return 1<<20 - d }

// applyEdits applies non-overlapping edits to src. Of two insertions at one offset with
// the same rank, the one made first belongs to the outer construct (lowering visits a
// construct before what it holds): it opens before the other and closes after it.
func applyEdits(src string, edits []edit) string {
	order := make([]int, len(edits))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := edits[order[i]], edits[order[j]]
		if a.at != b.at {
			return a.at > b.at
		}
		if (a.del > 0) != (b.del > 0) {
			return a.del > 0 // replace first, then insert in front of what replaced it
		}
		if a.rank != b.rank {
			return a.rank > b.rank
		}
		if a.rank < closing(1<<10) {
			return order[i] > order[j] // openings: the outer one is inserted last, in front
		}
		return order[i] < order[j]
	})
	for _, i := range order {
		e := edits[i]
		src = src[:e.at] + e.text + src[e.at+e.del:]
	}
	return src
}

// mainName is what a cell's func main is renamed to: the interpreter runs a function
// called main after every later evaluation, whereas a pasted program should run once.
const MainName = "ᐅmain"

// mainDecl returns the declaration of func main among decls, or nil.
func mainDecl(decls []ast.Decl) *ast.FuncDecl {
	for _, d := range decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" {
			return fd
		}
	}
	return nil
}
