package front

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Calls first. Within a statement Go's compiler evaluates the function calls first, in
// order, and the other operands afterwards (the spec leaves that order open; gc's is what
// go run prints). The interpreter evaluates strictly left to right, so an operand read
// before a call that changes what it reads had the old value:
//
//	x := 1; inc := func() int { x++; return 10 }
//	fmt.Println(x%100, inc())   printed 1 10, Go prints 2 10
//	return n*2 + bump(&n)       read n before bump changed it
//
// Where a statement reads, before such a call, a variable that the call may change (one
// of the package, one a function literal captures or whose address is taken, or memory
// through a pointer, slice or map), its calls are evaluated first into variables, in
// order, before the statement:
//
//	fmt.Println(x%100, inc())  →  ᐅc1 := inc(); fmt.Println(x%100, ᐅc1)
//
// A call that cannot change a cell's variables (a function of math, strings or strconv
// given no function) does not make a statement need it, but is evaluated first with the
// others. Left as they are: statements whose calls sit in the right operand of && or ||
// (evaluated only sometimes), the header statements of if, for and switch, labeled
// statements, and calls with several results.

// callItem is a call or a read met in a statement, in the order the interpreter meets
// them.
type callItem struct {
	call  *ast.CallExpr // a call to evaluate first, or nil for a read
	reads bool          // a read that a call may change
}

// callsFirst lowers st, a simple statement of a function body lowered by the edits since
// the first n, as above.
func (l *lowerer) callsFirst(st ast.Stmt, f *frame, n int, depth int) {
	if f.rf != nil || l.keptStmts[st] || l.labelOf(st) != "" {
		return
	}
	// A top-level statement may run in the interpreter's global scope, where the
	// variables would stay: one that declares none runs in a function literal then.
	global := !f.fn && depth == 0
	if a, ok := st.(*ast.AssignStmt); global && (ok && a.Tok != token.ASSIGN || !ok && !isExprStmt(st)) {
		return
	}
	var exprs []ast.Expr // in the interpreter's order
	var outer ast.Expr   // the statement's own call, which stays
	switch s := st.(type) {
	case *ast.ExprStmt:
		if _, call := ast.Unparen(s.X).(*ast.CallExpr); !call || st == l.shown && !noValue(l.typeOf(s.X)) {
			return // (a cell's final expression, whose value it shows)
		}
		outer = s.X
		exprs = []ast.Expr{s.X}
	case *ast.AssignStmt:
		if s.Tok != token.DEFINE {
			for _, e := range s.Lhs {
				if _, plain := ast.Unparen(e).(*ast.Ident); !plain || s.Tok != token.ASSIGN {
					exprs = append(exprs, e) // an operand (x += …) or where it is stored (xs[i] = …)
				}
			}
		}
		if len(s.Rhs) == 1 && len(s.Lhs) == 1 && len(exprs) == 0 {
			outer = s.Rhs[0] // (stored in a variable, after the call)
		}
		exprs = append(exprs, s.Rhs...)
	case *ast.ReturnStmt:
		if len(s.Results) == 1 {
			outer = s.Results[0]
		}
		exprs = s.Results
	case *ast.DeclStmt:
		g, ok := s.Decl.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR || len(g.Specs) != 1 {
			return
		}
		vs := g.Specs[0].(*ast.ValueSpec)
		if len(vs.Values) == 1 && len(vs.Names) == 1 {
			outer = vs.Values[0]
		}
		exprs = vs.Values
	default:
		return
	}
	var items []callItem
	ok := true
	for _, e := range exprs {
		ok = ok && l.callItems(e, ast.Unparen(outer), &items)
	}
	if !ok || !l.needsCallsFirst(items) {
		return
	}
	line := l.src.fileset().Position(st.Pos()).Line
	var calls []*ast.CallExpr
	for _, it := range items {
		if it.call == nil {
			continue
		}
		if l.src.fileset().Position(it.call.Pos()).Line != line {
			return // (its lines would move)
		}
		if t, tuple := l.typeOf(it.call).(*types.Tuple); tuple && t.Len() != 1 || l.typeOf(it.call) == nil {
			return
		}
		a, b := l.off(it.call.Pos()), l.off(it.call.End())
		for i, e := range l.edits {
			if i < n && e.at+e.del > a && e.at < b && !(e.del == 0 && (e.at == a || e.at == b)) {
				return // (an edit of the statement's context inside it)
			}
			if i >= n && (e.at+e.del > a && e.at < a || e.at < b && e.at+e.del > b || e.del == 0 && (e.at == a || e.at == b)) {
				return // an edit of a larger expression begins or ends there
			}
		}
		calls = append(calls, it.call)
	}
	var decls []string
	for _, c := range calls {
		name := "ᐅc" + itoa(l.k.uid())
		// The call moves with the edits of the statement's lowering inside it.
		a, b := l.off(c.Pos()), l.off(c.End())
		within := editsWithin(a, b)
		var moved, kept []edit
		for _, e := range withoutBlanked(l.edits[n:]) {
			if within(e) {
				e.at -= a
				moved = append(moved, e)
			}
		}
		for i, e := range l.edits {
			if i < n || !within(e) {
				kept = append(kept, e)
			}
		}
		l.edits = kept
		decls = append(decls, name+" := "+applyEdits(l.src.code(c.Pos())[a:b], moved))
		l.add(a, b-a, name, depth)
	}
	if global {
		l.add(l.off(st.Pos()), 0, "func() { "+strings.Join(decls, "; ")+"; ", depth-1)
		l.add(l.off(st.End()), 0, " }()", closing(depth-1))
		return
	}
	l.add(l.off(st.Pos()), 0, strings.Join(decls, "; ")+"; ", depth-1)
}

// callItems appends the calls and reads of e to items, in the interpreter's order; outer
// is the statement's own call, whose function and operands count but not itself. It
// reports false where the statement is left as it is.
func (l *lowerer) callItems(e ast.Expr, outer ast.Expr, items *[]callItem) bool {
	ok := true
	var walk func(e ast.Expr)
	walk = func(e ast.Expr) {
		if e == nil || !ok {
			return
		}
		if tv, isConst := l.info().Types[e]; isConst && tv.Value != nil {
			return
		}
		switch x := e.(type) {
		case *ast.ParenExpr:
			walk(x.X)
		case *ast.Ident:
			if v, isVar := l.info().Uses[x].(*types.Var); isVar {
				*items = append(*items, callItem{reads: l.mayChange(v)})
			}
		case *ast.BasicLit, *ast.FuncLit:
		case *ast.CompositeLit:
			for _, el := range x.Elts {
				if kv, isKV := el.(*ast.KeyValueExpr); isKV {
					if _, field := l.typeOf(x).Underlying().(*types.Struct); !field {
						walk(kv.Key)
					}
					walk(kv.Value)
				} else {
					walk(el)
				}
			}
		case *ast.SelectorExpr:
			if s := l.info().Selections[x]; s != nil {
				walk(x.X)
				if s.Indirect() || pointerTyped(l.typeOf(x.X)) {
					*items = append(*items, callItem{reads: true})
				}
			}
		case *ast.IndexExpr:
			if tv, ok := l.info().Types[x]; ok && !tv.IsValue() || l.typeOf(x.X) != nil && isGenericFunc(l.typeOf(x.X)) {
				return // a type or a generic function's instance
			}
			walk(x.X)
			walk(x.Index)
			if _, arr := l.typeOf(x.X).Underlying().(*types.Array); !arr {
				*items = append(*items, callItem{reads: true}) // through a slice, map or pointer
			}
		case *ast.SliceExpr:
			walk(x.X)
			walk(x.Low)
			walk(x.High)
			walk(x.Max)
		case *ast.StarExpr:
			walk(x.X)
			*items = append(*items, callItem{reads: true})
		case *ast.UnaryExpr:
			if x.Op == token.ARROW {
				ok = false // a receive: left as it is
				return
			}
			walk(x.X)
		case *ast.BinaryExpr:
			walk(x.X)
			if x.Op == token.LAND || x.Op == token.LOR {
				if hasCall(l, x.Y) {
					ok = false
				}
			}
			walk(x.Y)
		case *ast.TypeAssertExpr:
			walk(x.X)
		case *ast.KeyValueExpr:
			walk(x.Value)
		case *ast.CallExpr:
			if l.isConversion(x) || l.isBuiltin(x) || x == outer {
				if !l.isConversion(x) {
					walk(x.Fun)
				}
				for _, a := range x.Args {
					walk(a)
				}
				return
			}
			*items = append(*items, callItem{call: x})
		default:
			ok = false
		}
	}
	walk(e)
	return ok
}

// needsCallsFirst reports whether a read that a call may change comes before that call
// among items.
func (l *lowerer) needsCallsFirst(items []callItem) bool {
	read := false
	for _, it := range items {
		switch {
		case it.call == nil:
			read = read || it.reads
		case read && l.mayChangeState(it.call):
			return true
		}
	}
	return false
}

// mayChange reports whether a call may change v: v is a variable of a package, or one
// that a function literal uses from outside it or whose address is taken.
func (l *lowerer) mayChange(v *types.Var) bool {
	if v.Pkg() == nil || v.Parent() == nil || v.Parent().Parent() == types.Universe {
		return true
	}
	return l.k.escaping()[v]
}

// mayChangeState reports whether c may change a cell's variables or memory: it calls
// the cell's code, a function value or method, or a library function that is given a
// function or a pointer, slice or map, or that may call a cell's methods.
func (l *lowerer) mayChangeState(c *ast.CallExpr) bool {
	changes := false
	ast.Inspect(c, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			changes = true
		case *ast.CallExpr:
			if !l.isConversion(x) && !l.isBuiltin(x) && !l.pureLibraryCall(x) {
				changes = true
			}
		}
		return !changes
	})
	return changes
}

// pureLibraries are the packages whose functions, given no function, change nothing of
// a cell's: their operands are numbers and strings.
var pureLibraries = map[string]bool{
	"math": true, "math/bits": true, "math/cmplx": true, "strconv": true, "strings": true,
	"unicode": true, "unicode/utf8": true,
}

// pureLibraryCall reports whether c calls a function of pureLibraries with no function
// among its operands.
func (l *lowerer) pureLibraryCall(c *ast.CallExpr) bool {
	sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
	if !ok || l.info().Selections[sel] != nil {
		return false
	}
	fn, ok := l.info().Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || !pureLibraries[fn.Pkg().Path()] {
		return false
	}
	for _, a := range c.Args {
		if _, fun := l.typeOf(a).Underlying().(*types.Signature); fun {
			return false
		}
	}
	return true
}

// isBuiltin reports whether c calls a built-in function.
func (l *lowerer) isBuiltin(c *ast.CallExpr) bool {
	id, ok := ast.Unparen(c.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	_, ok = l.info().Uses[id].(*types.Builtin)
	return ok
}

// hasCall reports whether e calls a function (not a conversion or built-in).
func hasCall(l *lowerer, e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && !l.isConversion(c) && !l.isBuiltin(c) {
			found = true
		}
		return !found
	})
	return found
}

// pointerTyped reports whether t is a pointer type, named or not.
func pointerTyped(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Pointer)
	return ok
}

// escaping returns the local variables of the check file that a function literal uses
// from outside it, or whose address is taken (by &, or a pointer method called on them).
func (k *check) escaping() map[*types.Var]bool {
	if k.escapes != nil {
		return k.escapes
	}
	k.escapes = map[*types.Var]bool{}
	root := func(e ast.Expr) *types.Var {
		for {
			switch x := ast.Unparen(e).(type) {
			case *ast.Ident:
				v, _ := k.tinfo.Uses[x].(*types.Var)
				return v
			case *ast.SelectorExpr:
				if s := k.tinfo.Selections[x]; s == nil || s.Indirect() || pointerTyped(k.tinfo.TypeOf(x.X)) {
					return nil
				}
				e = x.X
			case *ast.IndexExpr:
				if _, arr := k.tinfo.TypeOf(x.X).Underlying().(*types.Array); !arr {
					return nil
				}
				e = x.X
			default:
				return nil
			}
		}
	}
	var lits []*ast.FuncLit
	ast.Inspect(k.file, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			lits = append(lits, x)
		case *ast.UnaryExpr:
			if x.Op == token.AND {
				if v := root(x.X); v != nil {
					k.escapes[v] = true
				}
			}
		case *ast.SliceExpr:
			if v := root(x.X); v != nil {
				k.escapes[v] = true // an array sliced
			}
		case *ast.SelectorExpr:
			if s := k.tinfo.Selections[x]; s != nil && s.Kind() == types.MethodVal && !pointerTyped(k.tinfo.TypeOf(x.X)) {
				if sig, ok := s.Obj().Type().(*types.Signature); ok && sig.Recv() != nil && pointerTyped(sig.Recv().Type()) {
					if v := root(x.X); v != nil {
						k.escapes[v] = true
					}
				}
			}
		}
		return true
	})
	for _, lit := range lits {
		ast.Inspect(lit.Body, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if v, ok := k.tinfo.Uses[id].(*types.Var); ok && (v.Pos() < lit.Pos() || v.Pos() >= lit.End()) {
					k.escapes[v] = true
				}
			}
			return true
		})
	}
	return k.escapes
}

// isGenericFunc reports whether t is the type of a generic function.
func isGenericFunc(t types.Type) bool {
	sig, ok := t.(*types.Signature)
	return ok && sig.TypeParams().Len() > 0
}

func isExprStmt(st ast.Stmt) bool {
	_, ok := st.(*ast.ExprStmt)
	return ok
}

// noValue reports whether t, a call's type, is no single value: a call of it as a cell's
// final expression shows nothing.
func noValue(t types.Type) bool {
	tt, ok := t.(*types.Tuple)
	return t == nil || ok && tt.Len() != 1
}
