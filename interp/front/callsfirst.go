package front

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
)

// Calls first. Within a statement Go's compiler evaluates the function calls first, in
// order, and most other operands afterwards (the spec leaves that order open; gc's is what
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
// Some operands gc evaluates in order with the calls, as the interpreter does, and they
// move with them: built-in calls (len(h), max(a, b)), type assertions to a type that is no
// pointer, []byte(s) and []rune(s), map literals, and what goes into an interface by a
// copy (a bool, a one-byte or 16-byte number, a struct literal: fmt.Println(n == 0, f())
// reads n first, where bs := []bool{n == 0, f() > 0} reads it after). A call that cannot change a
// cell's variables (a function of math, strings or strconv given numbers and strings)
// does not make a statement need it, but is evaluated first with the others. Left as
// they are: statements whose calls sit in the right operand of && or || (evaluated only
// sometimes), the header statements of if, for and switch, labeled statements, the
// arguments of a defer, the bodies of literals deferred or started by go in a loop,
// statements that call recover, and calls with several results.

// callItem is an operand met in a statement: one that gc evaluates in order (a call,
// see above), listed after the ones inside it, or a read of memory, listed where the
// interpreter reads it. in is the innermost operand evaluated in order around it.
type callItem struct {
	expr  ast.Expr  // an operand evaluated in order, or nil for a read
	at    token.Pos // where a read is
	reads bool      // a read that a call may change
	in    ast.Expr
}

// callsFirst lowers st, a simple statement of a function body lowered by the edits since
// the first n, as above.
func (l *lowerer) callsFirst(st ast.Stmt, f *frame, n int, depth int) {
	if _, ret := st.(*ast.ReturnStmt); ret && f.rf != nil || l.keptStmts[st] || l.labelOf(st) != "" || l.laterLits > 0 || callsRecoverExcept(l.info(), st, nil) {
		// (A return in the body of a range-over-func loop is its loop's, see branch. A
		// literal deferred or started by go in a loop has its loop's variables
		// rewritten in its body, which the moved text would not follow; a recover is
		// moved before its statement in a block of its own.)
		return
	}
	// A top-level statement may run in the interpreter's global scope, where the
	// variables would stay: one that declares none runs in a function literal then.
	global := !f.fn && depth == 0
	switch s := st.(type) {
	case *ast.ExprStmt, *ast.SendStmt:
	case *ast.AssignStmt:
		if global && s.Tok == token.DEFINE {
			return
		}
	default:
		if global {
			return
		}
	}
	exprs, intos, outer, ok := l.statementOperands(st, f)
	if !ok {
		return
	}
	var items []callItem
	for i, e := range exprs {
		var into types.Type
		if i < len(intos) {
			into = intos[i]
		}
		ok = ok && l.callItems(e, into, ast.Unparen(outer), &items)
	}
	if !ok || !l.needsCallsFirst(items) {
		return
	}
	l.hoistOperands(st, items, n, depth, global)
}

// hoistOperands evaluates the operands of st that items lists as evaluated in order into
// variables before it, in that order (see callsFirst); in a function literal of its own
// where global. It leaves st as it is where the text cannot move.
func (l *lowerer) hoistOperands(st ast.Stmt, items []callItem, n, depth int, global bool) {
	line := l.src.fileset().Position(st.Pos()).Line
	var calls []callItem // in the order gc evaluates them
	for _, it := range items {
		if it.expr == nil {
			continue
		}
		if l.src.fileset().Position(it.expr.Pos()).Line != line {
			return // (its lines would move)
		}
		if t, tuple := l.typeOf(it.expr).(*types.Tuple); tuple && t.Len() != 1 || l.typeOf(it.expr) == nil {
			return
		}
		a, b := l.off(it.expr.Pos()), l.off(it.expr.End())
		for i, e := range l.edits {
			if i < n && e.at+e.del > a && e.at < b && !(e.del == 0 && (e.at == a || e.at == b)) {
				return // (an edit of the statement's context inside it)
			}
			if i >= n && (e.at+e.del > a && e.at < a || e.at < b && e.at+e.del > b || e.at == a && e.del > b-a) {
				return // an edit of a larger expression crosses it
			}
		}
		calls = append(calls, it)
	}
	// Each operand becomes a variable, its text with the statement's edits inside it
	// and the variables of the operands inside it in their place. An insertion at either
	// end of an operand may be its own lowering's (max(a, b) → float64(…(a, b))) or the
	// construct's around it (IfaceEqual(f(), …)): it moves with the operand where the
	// text is one expression with it, else stays.
	inner := withoutBlanked(l.edits[n:])
	names := map[ast.Expr]string{}
	whole := map[ast.Expr]bool{}
	owns := func(c callItem) func(edit) bool {
		a, b := l.off(c.expr.Pos()), l.off(c.expr.End())
		return func(e edit) bool {
			return e.at >= a && e.at+e.del <= b && (whole[c.expr] || !(e.del == 0 && (e.at == a || e.at == b)))
		}
	}
	ownedBy := func(e edit, in ast.Expr) bool { // by an operand whose innermost one around it is in
		for _, c := range calls {
			if c.in == in && owns(c)(e) {
				return true
			}
		}
		return false
	}
	var decls []string
	for _, c := range calls {
		names[c.expr] = "ᐅc" + itoa(l.k.uid())
		a, b := l.off(c.expr.Pos()), l.off(c.expr.End())
		text := func() string {
			var es []edit
			for _, e := range inner {
				if !owns(c)(e) || ownedBy(e, c.expr) {
					continue
				}
				e.at -= a
				es = append(es, e)
			}
			for _, d := range calls {
				if d.in == c.expr {
					da, db := l.off(d.expr.Pos()), l.off(d.expr.End())
					es = append(es, edit{at: da - a, del: db - da, text: names[d.expr], rank: depth})
				}
			}
			return applyEdits(l.src.code(c.expr.Pos())[a:b], es)
		}
		whole[c.expr] = true
		t := text()
		if !oneExpr(t) {
			whole[c.expr] = false
			if t = text(); !oneExpr(t) {
				return
			}
		}
		decls = append(decls, names[c.expr]+" := "+t)
	}
	var kept []edit
	for i, e := range l.edits {
		if i < n || !ownedBy(e, nil) {
			kept = append(kept, e)
		}
	}
	l.edits = kept
	for _, c := range calls {
		if c.in == nil {
			a, b := l.off(c.expr.Pos()), l.off(c.expr.End())
			l.add(a, b-a, names[c.expr], depth)
		}
	}
	if global {
		l.add(l.off(st.Pos()), 0, "func() { "+strings.Join(decls, "; ")+"; ", depth-1)
		l.add(l.off(st.End()), 0, " }()", closing(depth-1))
		return
	}
	l.add(l.off(st.Pos()), 0, strings.Join(decls, "; ")+"; ", depth-1)
}

// statementOperands returns the operands of st in the interpreter's order, the type of
// where each goes (an interface matters, see copiedIntoInterface), and the statement's
// own call, which stays; ok is false for a statement left as it is.
func (l *lowerer) statementOperands(st ast.Stmt, f *frame) (exprs []ast.Expr, intos []types.Type, outer ast.Expr, ok bool) {
	switch s := st.(type) {
	case *ast.ExprStmt:
		if _, call := ast.Unparen(s.X).(*ast.CallExpr); !call || st == l.shown && !noValue(l.typeOf(s.X)) {
			return nil, nil, nil, false // (a cell's final expression, whose value it shows)
		}
		outer = s.X
		exprs = []ast.Expr{s.X}
	case *ast.SendStmt:
		exprs = []ast.Expr{s.Chan, s.Value}
		if ch, ok := l.applied(l.typeOf(s.Chan)).Underlying().(*types.Chan); ok {
			intos = []types.Type{nil, ch.Elem()}
		}
	case *ast.AssignStmt:
		if len(s.Lhs) != len(s.Rhs) {
			return nil, nil, nil, false // the results of one call, a comma-ok form
		}
		if s.Tok != token.DEFINE {
			for _, e := range s.Lhs {
				if _, plain := ast.Unparen(e).(*ast.Ident); !plain || s.Tok != token.ASSIGN {
					exprs = append(exprs, e) // an operand (x += …) or where it is stored (xs[i] = …)
					intos = append(intos, nil)
				}
			}
		}
		if len(s.Rhs) == 1 && len(s.Lhs) == 1 && len(exprs) == 0 {
			outer = s.Rhs[0] // (stored in a variable, after the call)
		}
		for i, e := range s.Rhs {
			exprs = append(exprs, e)
			var into types.Type
			if s.Tok == token.ASSIGN || s.Tok == token.DEFINE {
				into = l.typeOf(s.Lhs[i])
			}
			intos = append(intos, into)
		}
	case *ast.ReturnStmt:
		if len(s.Results) == 1 {
			outer = s.Results[0]
		}
		exprs = s.Results
		if f.results != nil && f.results.Len() == len(s.Results) {
			for i := range s.Results {
				intos = append(intos, f.results.At(i).Type())
			}
		}
	case *ast.DeclStmt:
		g, ok := s.Decl.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR || len(g.Specs) != 1 {
			return nil, nil, nil, false
		}
		vs := g.Specs[0].(*ast.ValueSpec)
		if len(vs.Names) != len(vs.Values) {
			return nil, nil, nil, false
		}
		if len(vs.Values) == 1 && len(vs.Names) == 1 {
			outer = vs.Values[0]
		}
		exprs = vs.Values
		for _, name := range vs.Names {
			var into types.Type
			if obj := l.info().Defs[name]; obj != nil {
				into = obj.Type()
			}
			intos = append(intos, into)
		}
	default:
		return nil, nil, nil, false
	}
	return exprs, intos, outer, true
}

// callItems appends the operands of e evaluated in order and the reads to items (see
// callItem); into is the type of where e goes, and outer the statement's own call, whose
// function and operands count but not itself. It reports false where the statement is
// left as it is.
func (l *lowerer) callItems(e ast.Expr, into types.Type, outer ast.Expr, items *[]callItem) bool {
	ok := true
	var walk func(e ast.Expr, into types.Type, in ast.Expr)
	read := func(at token.Pos, may bool, in ast.Expr) {
		*items = append(*items, callItem{at: at, reads: may, in: in})
	}
	// into is the type of where e goes, when it is an interface: a value of some types
	// goes into one by a copy that gc makes in order.
	walk = func(e ast.Expr, into types.Type, in ast.Expr) {
		if e == nil || !ok {
			return
		}
		if tv, isConst := l.info().Types[e]; isConst && tv.Value != nil {
			return
		}
		ordered := l.inOrder(e) || into != nil && types.IsInterface(into) && l.copiedIntoInterface(e)
		if c, call := e.(*ast.CallExpr); call && c == outer {
			ordered = false
		}
		sub := in
		if ordered {
			sub = e
		}
		if lit, isLit := e.(*ast.CompositeLit); isLit && ordered && l.holdsMapLit(lit) {
			// Go builds a map literal entry by entry, a call in one after the entries
			// before it, as the interpreter does: whole, nothing in it moves.
			*items = append(*items, callItem{expr: e, in: in})
			return
		}
		switch x := e.(type) {
		case *ast.ParenExpr:
			walk(x.X, into, sub)
		case *ast.Ident:
			if v, isVar := l.info().Uses[x].(*types.Var); isVar {
				read(x.Pos(), l.mayChange(v), sub)
			}
		case *ast.BasicLit, *ast.FuncLit:
		case *ast.CompositeLit:
			t := l.applied(l.typeOf(x))
			if t == nil {
				ok = false
				return
			}
			for i, el := range x.Elts {
				var elem types.Type
				switch u := t.Underlying().(type) {
				case *types.Slice:
					elem = u.Elem()
				case *types.Array:
					elem = u.Elem()
				case *types.Map:
					elem = u.Elem()
				case *types.Struct:
					if kv, isKV := el.(*ast.KeyValueExpr); isKV {
						if id, isID := kv.Key.(*ast.Ident); isID {
							if f, isField := l.info().Uses[id].(*types.Var); isField {
								elem = f.Type()
							}
						}
					} else if i < u.NumFields() {
						elem = u.Field(i).Type()
					}
				}
				if kv, isKV := el.(*ast.KeyValueExpr); isKV {
					if _, st := t.Underlying().(*types.Struct); !st {
						walk(kv.Key, nil, sub)
					}
					walk(kv.Value, elem, sub)
				} else {
					walk(el, elem, sub)
				}
			}
		case *ast.SelectorExpr:
			if s := l.info().Selections[x]; s != nil {
				walk(x.X, nil, sub)
				if s.Indirect() || pointerTyped(l.typeOf(x.X)) {
					read(x.Pos(), true, sub)
				}
			}
		case *ast.IndexExpr:
			if tv, ok := l.info().Types[x]; ok && !tv.IsValue() || l.typeOf(x.X) != nil && isGenericFunc(l.typeOf(x.X)) {
				return // a type or a generic function's instance
			}
			walk(x.X, nil, sub)
			walk(x.Index, nil, sub)
			if _, arr := l.typeOf(x.X).Underlying().(*types.Array); !arr {
				read(x.Pos(), true, sub) // through a slice, map or pointer
			}
		case *ast.SliceExpr:
			walk(x.X, nil, sub)
			walk(x.Low, nil, sub)
			walk(x.High, nil, sub)
			walk(x.Max, nil, sub)
		case *ast.StarExpr:
			walk(x.X, nil, sub)
			read(x.Pos(), true, sub)
		case *ast.UnaryExpr:
			if x.Op == token.ARROW {
				ok = false // a receive: left as it is
				return
			}
			walk(x.X, nil, sub)
		case *ast.BinaryExpr:
			walk(x.X, nil, sub)
			if x.Op == token.LAND || x.Op == token.LOR {
				if hasCall(l, x.Y) {
					ok = false
				}
			}
			walk(x.Y, nil, sub)
		case *ast.TypeAssertExpr:
			walk(x.X, nil, sub)
		case *ast.KeyValueExpr:
			walk(x.Value, nil, sub)
		case *ast.CallExpr:
			conv := l.isConversion(x)
			if !conv {
				walk(x.Fun, nil, sub)
			}
			var sig *types.Signature
			if t := l.typeOf(x.Fun); t != nil && !conv && !l.isBuiltin(x) {
				sig, _ = l.applied(t).Underlying().(*types.Signature)
			}
			for i, a := range x.Args {
				var param types.Type
				switch {
				case conv:
					param = l.typeOf(x.Fun)
				case sig == nil:
				case sig.Variadic() && i >= sig.Params().Len()-1 && !x.Ellipsis.IsValid():
					if sl, isSlice := sig.Params().At(sig.Params().Len() - 1).Type().Underlying().(*types.Slice); isSlice {
						param = sl.Elem()
					}
				case i < sig.Params().Len():
					param = sig.Params().At(i).Type()
				}
				walk(a, param, sub)
			}
		default:
			ok = false
		}
		if ordered {
			*items = append(*items, callItem{expr: e, in: in})
		}
	}
	walk(e, into, nil)
	return ok
}

// inOrder reports whether gc evaluates e in order with the calls (see above).
func (l *lowerer) inOrder(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.CallExpr:
		if !l.isConversion(x) {
			return true // (built-in calls too)
		}
		// []byte(s) and []rune(s): the runtime copies the string.
		if sl, ok := l.applied(l.typeOf(x.Fun)).Underlying().(*types.Slice); ok && len(x.Args) == 1 {
			b, isBasic := l.applied(l.typeOf(x.Args[0])).Underlying().(*types.Basic)
			_, elemBasic := sl.Elem().Underlying().(*types.Basic)
			return isBasic && b.Info()&types.IsString != 0 && elemBasic
		}
	case *ast.TypeAssertExpr:
		return x.Type != nil && !pointerShaped(l.applied(l.typeOf(x)))
	case *ast.CompositeLit:
		// A map literal, or one holding map literals whose type is elided (which
		// cannot stand alone: the literal that spells it goes in order whole).
		return x.Type != nil && l.holdsMapLit(x)
	}
	return false
}

// holdsMapLit reports whether x is a map literal, or holds one among its elements whose
// type is elided.
func (l *lowerer) holdsMapLit(x *ast.CompositeLit) bool {
	if _, isMap := l.applied(l.typeOf(x)).Underlying().(*types.Map); isMap {
		return true
	}
	for _, el := range x.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			el = kv.Value
		}
		if inner, ok := ast.Unparen(el).(*ast.CompositeLit); ok && inner.Type == nil && l.holdsMapLit(inner) {
			return true
		}
	}
	return false
}

// copiedIntoInterface reports whether gc copies e, going into an interface, in order: a
// value that is not addressable, of a type the runtime converts by its address (a
// bool, a one-byte or 16-byte number, a struct or array of other sizes than 2, 4 or 8
// bytes that holds more than a string or a slice).
func (l *lowerer) copiedIntoInterface(e ast.Expr) bool {
	t := l.applied(l.typeOf(e))
	if t == nil || types.IsInterface(t) || l.addressable(e) {
		return false
	}
	if b, ok := t.Underlying().(*types.Basic); ok && b.Kind() == types.UntypedBool {
		t = types.Typ[types.Bool]
	}
	if pointerShaped(t) {
		return false
	}
	sizes := types.SizesFor("gc", "amd64")
	switch u := t.Underlying().(type) {
	case *types.Basic:
		if u.Info()&types.IsUntyped != 0 || u.Info()&types.IsString != 0 {
			return false
		}
	case *types.Slice:
		return false
	case *types.Struct:
		if u.NumFields() == 1 {
			if _, ok := u.Field(0).Type().Underlying().(*types.Slice); ok {
				return false
			}
			if b, ok := u.Field(0).Type().Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 {
				return false
			}
		}
	case *types.Array:
	default:
		return false
	}
	switch sz := sizes.Sizeof(t); sz {
	case 0:
		return false
	case 2, 4, 8:
		return sizes.Alignof(t) != sz // (convT16, 32 and 64 take the value)
	}
	return true
}

// addressable reports whether e is a variable, or reached from one by fields, indexes
// of arrays and slices, or a pointer.
func (l *lowerer) addressable(e ast.Expr) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := l.info().Uses[x].(*types.Var)
		if ok && l.k.escaping()[v] && !l.k.addrTaken[v] && !l.k.heapCaptured[v] && l.isLocal(v) {
			// A local that function literals capture, which do not outlive their
			// call, and whose address is never taken: gc copies it in order where it
			// goes into an interface, as measured (one on the heap it reads after).
			return false
		}
		return ok
	case *ast.StarExpr:
		return true
	case *ast.SelectorExpr:
		s := l.info().Selections[x]
		return s != nil && s.Kind() == types.FieldVal && (s.Indirect() || pointerTyped(l.typeOf(x.X)) || l.addressable(x.X))
	case *ast.IndexExpr:
		switch l.applied(l.typeOf(x.X)).Underlying().(type) {
		case *types.Slice, *types.Pointer:
			return true
		case *types.Array:
			return l.addressable(x.X)
		}
	}
	return false
}

// pointerShaped reports whether an interface holds a value of type t as it is: a
// pointer, map, channel or function.
func pointerShaped(t types.Type) bool {
	if t == nil {
		return false
	}
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Map, *types.Chan, *types.Signature:
		return true
	}
	return false
}

// needsCallsFirst reports whether, among items, a read that a call may change comes
// before that call, where gc makes the call first: the read is not inside an operand
// evaluated in order, or that operand holds the call too.
func (l *lowerer) needsCallsFirst(items []callItem) bool {
	for i, r := range items {
		if r.expr != nil || !r.reads {
			continue
		}
		for _, c := range items[i+1:] {
			if c.expr == nil || c.expr.Pos() < r.at || !l.mayChangeState(c.expr) {
				continue
			}
			if r.in == nil || c.expr != r.in && r.in.Pos() <= c.expr.Pos() && c.expr.End() <= r.in.End() {
				return true // (the operand's own call reads it before it is made, as Go does)
			}
		}
	}
	return false
}

// mayChange reports whether a call may change v: v is a variable of a package (or of an
// earlier cell), or one that a function literal uses from outside it or whose address is
// taken.
func (l *lowerer) mayChange(v *types.Var) bool {
	return !l.isLocal(v) || l.k.escaping()[v] // (not local: of the package, or of an earlier cell)
}

// mayChangeState reports whether e, an operand evaluated in order, may change a cell's
// variables or memory: it calls the cell's code, a function value or method, or a library
// function other than pureLibraries' (given no function).
func (l *lowerer) mayChangeState(e ast.Expr) bool {
	if lit, ok := e.(*ast.CompositeLit); ok {
		return l.entryChanges(lit) // a map literal goes whole: by the calls in it
	}
	c, ok := e.(*ast.CallExpr)
	return ok && !l.isConversion(c) && !l.isBuiltin(c) && !l.pureLibraryCall(c)
}

// pureLibraries are the packages whose functions, given numbers and strings, change
// nothing of a cell's.
var pureLibraries = map[string]bool{
	"math": true, "math/bits": true, "math/cmplx": true, "strconv": true, "strings": true,
	"unicode": true, "unicode/utf8": true,
}

// pureLibraryCall reports whether c calls a function of pureLibraries with operands of
// basic types only.
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
		if _, basic := l.applied(l.typeOf(a)).Underlying().(*types.Basic); !basic {
			return false // (strconv.AppendInt writes into its slice)
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

// isLocal reports whether v is declared in a function or literal of the check file.
func (l *lowerer) isLocal(v *types.Var) bool { return l.k.localVar(v) }

// funcScopes returns the scopes of the check file's functions and function literals.
func (k *check) funcScopes() map[*types.Scope]bool {
	if k.fnScopes == nil {
		k.fnScopes = map[*types.Scope]bool{}
		for n, s := range k.tinfo.Scopes {
			if _, ok := n.(*ast.FuncType); ok {
				k.fnScopes[s] = true
			}
		}
	}
	return k.fnScopes
}

// escaping returns the local variables of the check file that a function literal uses
// from outside it, or whose address is taken (by &, or a pointer method called on them);
// those of the second kind are in k.addrTaken too.
func (k *check) escaping() map[*types.Var]bool {
	if k.escapes != nil {
		return k.escapes
	}
	k.escapes, k.addrTaken = map[*types.Var]bool{}, map[*types.Var]bool{}
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
					k.escapes[v], k.addrTaken[v] = true, true
				}
			}
		case *ast.SliceExpr:
			if v := root(x.X); v != nil {
				k.escapes[v], k.addrTaken[v] = true, true // an array sliced
			}
		case *ast.SelectorExpr:
			if s := k.tinfo.Selections[x]; s != nil && s.Kind() == types.MethodVal && !pointerTyped(k.tinfo.TypeOf(x.X)) {
				if sig, ok := s.Obj().Type().(*types.Signature); ok && sig.Recv() != nil && pointerTyped(sig.Recv().Type()) {
					if v := root(x.X); v != nil {
						k.escapes[v], k.addrTaken[v] = true, true
					}
				}
			}
		}
		return true
	})
	k.heapCaptured = map[*types.Var]bool{}
	escapes := k.escapingLits(lits)
	for _, lit := range lits {
		ast.Inspect(lit.Body, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if v, ok := k.tinfo.Uses[id].(*types.Var); ok && (v.Pos() < lit.Pos() || v.Pos() >= lit.End()) {
					k.escapes[v] = true
					k.heapCaptured[v] = k.heapCaptured[v] || escapes[lit]
				}
			}
			return true
		})
	}
	return k.escapes
}

// escapingLits returns which of lits, the function literals of the check file, may
// outlive the call that makes them (so that the variables they capture live on the heap,
// see addressable). One does not where it is called on the spot, or assigned to a
// variable that is only ever called, outside defer and go statements and inside no
// literal that may; any other may (passed to a function, Go's inlining decides).
func (k *check) escapingLits(lits []*ast.FuncLit) map[*ast.FuncLit]bool {
	uses := map[types.Object][]*ast.Ident{}
	for id, obj := range k.tinfo.Uses {
		uses[obj] = append(uses[obj], id)
	}
	called := map[*ast.Ident]bool{}      // the function of a call (not deferred or started)
	onTheSpot := map[*ast.FuncLit]bool{} // the function of a call
	holder := map[*ast.FuncLit]types.Object{}
	later := map[*ast.CallExpr]bool{}
	ast.Inspect(k.file, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.DeferStmt:
			later[x.Call] = true
		case *ast.GoStmt:
			later[x.Call] = true
		case *ast.CallExpr:
			switch f := ast.Unparen(x.Fun).(type) {
			case *ast.Ident:
				called[f] = !later[x]
			case *ast.FuncLit:
				onTheSpot[f] = !later[x]
			}
		case *ast.AssignStmt:
			if len(x.Lhs) == len(x.Rhs) {
				for i, r := range x.Rhs {
					lit, ok := ast.Unparen(r).(*ast.FuncLit)
					if id, isID := x.Lhs[i].(*ast.Ident); ok && isID {
						if obj := k.tinfo.ObjectOf(id); obj != nil {
							holder[lit] = obj
						}
					}
				}
			}
		case *ast.ValueSpec:
			if len(x.Names) == len(x.Values) {
				for i, r := range x.Values {
					if lit, ok := ast.Unparen(r).(*ast.FuncLit); ok {
						if obj := k.tinfo.Defs[x.Names[i]]; obj != nil {
							holder[lit] = obj
						}
					}
				}
			}
		}
		return true
	})
	// The literal each identifier is in, innermost.
	enclosing := map[*ast.Ident]*ast.FuncLit{}
	for _, lit := range lits {
		ast.Inspect(lit.Body, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if in, seen := enclosing[id]; !seen || in.Pos() < lit.Pos() {
					enclosing[id] = lit
				}
			}
			return true
		})
	}
	escapes := map[*ast.FuncLit]bool{}
	for _, lit := range lits {
		v, held := holder[lit].(*types.Var)
		escapes[lit] = !onTheSpot[lit] && (!held || !k.localVar(v))
	}
	// A literal whose variable is called inside another literal escapes with it: until
	// nothing changes.
	for changed := true; changed; {
		changed = false
		for _, lit := range lits {
			v, held := holder[lit].(*types.Var)
			if escapes[lit] || onTheSpot[lit] || !held {
				continue
			}
			for _, id := range uses[v] {
				if in := enclosing[id]; !called[id] || in != nil && in != lit && escapes[in] {
					escapes[lit], changed = true, true
					break
				}
			}
		}
	}
	return escapes
}

// localVar reports whether v is declared in a function or literal of the check file.
func (k *check) localVar(v *types.Var) bool {
	for s := v.Parent(); s != nil; s = s.Parent() {
		if k.funcScopes()[s] {
			return true
		}
	}
	return false
}

// isGenericFunc reports whether t is the type of a generic function.
func isGenericFunc(t types.Type) bool {
	sig, ok := t.(*types.Signature)
	return ok && sig.TypeParams().Len() > 0
}

// noValue reports whether t, a call's type, is no single value: a call of it as a cell's
// final expression shows nothing.
func noValue(t types.Type) bool {
	tt, ok := t.(*types.Tuple)
	return t == nil || ok && tt.Len() != 1
}

// oneExpr reports whether text, Go source, is one expression.
func oneExpr(text string) bool {
	_, err := parser.ParseExpr(text)
	return err == nil
}
