package front

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Assignments of several values. The interpreter loses values in a := or = of two or
// more expressions when one is a composite literal (xs, n := []int{1, 2}, 5 leaves n 0),
// and at a cell's top level when one is a call (a, b := 2, sq(3) leaves a 0); it panics
// when they go into interface variables (var a, b Node = n1, n1). Returned
// from a call, the same values arrive intact, so such an assignment gets its values
// from a function literal of the assigned variables' types:
//
//	c, n := C{0.1}, 10  →  c, n := func() (C, int) { return C{0.1}, 10 }()

// Returns of several values lose one that a built-in makes, after the first
// (return 5, len(xs) returns 5, 5; return []string{"x"}, len(s) panics), so such a
// value is made in a function literal of its own:
//
//	return best, len(xs)  →  return best, func() int { return len(xs) }()

// Of several values, one that calls a function value (a func-typed field or variable,
// not a declared function or method) came out as its type's zero: return p.H(x), p.G(x)
// returned 0, 0. In parentheses it arrives:
//
//	return p.H(x), p.G(x)  →  return (p.H(x)), (p.G(x))

// multiReturn lowers the results of r, a return from a function with results, as above.
func (l *lowerer) multiReturn(r *ast.ReturnStmt, results *types.Tuple, depth int) {
	if len(r.Results) >= 2 {
		l.builtinResults(r.Results[1:], depth)
		l.funcValueCalls(r.Results, depth)
		l.namedResultsRead(r, results, depth)
	}
}

// namedResultsRead lowers r, a return of several values of a function with named
// results, where a value reads a result that comes before it: the interpreter sets each
// result in turn, so return b, a gave a the value of b and then b that same value. The
// values are made first, by a function literal of the results' types:
//
//	return b, a  →  return func() (int, int) { return b, a }()
func (l *lowerer) namedResultsRead(r *ast.ReturnStmt, results *types.Tuple, depth int) {
	if results == nil || results.Len() != len(r.Results) || results.At(0).Name() == "" {
		return
	}
	named := map[types.Object]int{}
	for i := range results.Len() {
		named[results.At(i)] = i
	}
	clobbered := false
	for i, e := range r.Results {
		ast.Inspect(e, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if j, ok := named[l.info().Uses[id]]; ok && j < i {
					clobbered = true
				}
			}
			return !clobbered
		})
	}
	if !clobbered {
		return
	}
	var resultTypes []string
	for i := range results.Len() {
		t := l.typ(results.At(i).Type())
		if t == "interface{}" && !isAny(results.At(i).Type()) {
			return // a type declared in a function, which has no name here
		}
		resultTypes = append(resultTypes, t)
	}
	l.add(l.off(r.Results[0].Pos()), 0, "func() ("+strings.Join(resultTypes, ", ")+") { return ", depth-1)
	l.add(l.off(r.Results[len(r.Results)-1].End()), 0, " }()", closing(depth-1))
}

// funcValueCalls puts the calls of function values among es in parentheses.
func (l *lowerer) funcValueCalls(es []ast.Expr, depth int) {
	for _, e := range es {
		if c, ok := e.(*ast.CallExpr); ok && l.callsFuncValue(c) {
			l.add(l.off(c.Pos()), 0, "(", depth)
			l.add(l.off(c.End()), 0, ")", closing(depth))
		}
	}
}

// callsFuncValue reports whether c calls a function value: not a declared function or
// method, a built-in or a conversion.
func (l *lowerer) callsFuncValue(c *ast.CallExpr) bool {
	if tv, ok := l.info().Types[c.Fun]; !ok || tv.IsType() || tv.IsBuiltin() {
		return false
	}
	switch f := ast.Unparen(c.Fun).(type) {
	case *ast.Ident:
		_, isFunc := l.info().Uses[f].(*types.Func)
		return !isFunc && !l.cellFunc(f)
	case *ast.SelectorExpr:
		if sel := l.info().Selections[f]; sel != nil {
			return sel.Kind() == types.FieldVal
		}
		_, isFunc := l.info().Uses[f.Sel].(*types.Func)
		return !isFunc // a package's variable
	case *ast.IndexExpr, *ast.IndexListExpr:
		return false // an element, or an instance of a generic function
	}
	return true
}

// builtinResults makes each of es that is a call of a built-in in a function literal.
func (l *lowerer) builtinResults(es []ast.Expr, depth int) {
	for _, e := range es {
		c, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok || l.callsRecover(e) {
			continue
		}
		if _, ok := l.info().Uses[nameOf(c.Fun)].(*types.Builtin); !ok {
			continue
		}
		tv, ok := l.info().Types[e]
		if !ok || tv.Type == nil {
			continue
		}
		if tv.Value != nil {
			// len("abc"): its value.
			text := constLiteral(tv.Value, tv.Type)
			if bt, ok := tv.Type.(*types.Basic); !ok || bt.Info()&types.IsUntyped == 0 {
				text = l.spellType(tv.Type) + "(" + text + ")"
			}
			l.replace(e, text, depth)
			continue
		}
		t := l.applied(tv.Type)
		s := l.typ(t)
		if s == "interface{}" && !types.IsInterface(t) {
			continue
		}
		l.add(l.off(e.Pos()), 0, "func() "+s+" { return ", depth)
		l.add(l.off(e.End()), 0, " }()", closing(depth))
	}
}

// multiAssign lowers n, an assignment statement or a var spec, as above when it needs it.
func (l *lowerer) multiAssign(n ast.Node, depth int) {
	// (A loop's init and post statements lose values as any other: for i, s := 0, 1; …;
	// i, s = i+1, sq(s) never ended.)
	if a, ok := n.(*ast.AssignStmt); ok && (a.Tok != token.DEFINE && a.Tok != token.ASSIGN || l.keptStmts[a] && !l.loopHeads[a]) {
		return
	}
	lhs, rhs, ok := assignSides(n)
	if !ok {
		return
	}
	if len(rhs) < 2 || len(lhs) != len(rhs) {
		return
	}
	l.funcValueCalls(rhs, depth)
	if !l.loses(rhs) && !l.intoInterfaces(lhs, rhs) {
		a, ok := n.(*ast.AssignStmt)
		if !ok || a.Tok != token.ASSIGN {
			return
		}
		targets := make([]types.Type, len(lhs))
		for i, x := range lhs {
			targets[i] = l.typeOf(x)
		}
		if l.typedNils(targets, rhs, depth) {
			return
		}
		// A nil that cannot be typed: the values are made in a function literal,
		// unless one goes into a map element, which such a call would not reach (see
		// tupleIntoMap).
		for _, x := range lhs {
			if l.mapElement(x) != nil {
				return
			}
		}
	}
	for _, r := range rhs {
		if l.callsRecover(r) {
			return
		}
	}
	results := make([]string, len(lhs))
	for i, x := range lhs {
		t := l.typeOf(x)
		if id, ok := x.(*ast.Ident); ok && id.Name == "_" || t == nil {
			t = l.typeOf(rhs[i])
		}
		if t == nil {
			return
		}
		t = l.applied(t)
		if b, ok := t.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
			t = types.Default(t)
		}
		s := l.typ(t)
		if s == "interface{}" && !types.IsInterface(t) {
			return // a type declared in a function: no name to give it
		}
		results[i] = s
	}
	// Around the whole list: outside what wraps its first or last value alone.
	l.add(l.off(rhs[0].Pos()), 0, "func() ("+strings.Join(results, ", ")+") { return ", depth-1)
	l.builtinResults(rhs[1:], depth)
	l.add(l.off(rhs[len(rhs)-1].End()), 0, " }()", closing(depth-1))
}

// intoInterfaces reports whether an assignment puts a value of a cell's type, or of an
// interface, into a variable of an interface type: several at once, the interpreter
// panics in reflect.Set (var a, b Node = n1, n1; a, b = b, a of two any).
func (l *lowerer) intoInterfaces(lhs, rhs []ast.Expr) bool {
	for i, x := range lhs {
		t := l.typeOf(x)
		if t == nil || !types.IsInterface(l.applied(t)) {
			continue
		}
		if rt := l.typeOf(rhs[i]); rt != nil && (types.IsInterface(l.applied(rt)) || cellValue(l.applied(rt))) && !isNil(l, rhs[i]) {
			return true
		}
	}
	return false
}

// loses reports whether the interpreter may lose one of the values rhs assigns: one of
// them is a composite literal or a call (a conversion included).
func (l *lowerer) loses(rhs []ast.Expr) bool {
	for _, r := range rhs {
		r = ast.Unparen(r)
		if u, ok := r.(*ast.UnaryExpr); ok && u.Op == token.AND {
			r = ast.Unparen(u.X)
		}
		switch r.(type) {
		case *ast.CompositeLit, *ast.CallExpr:
			return true
		}
	}
	return false
}

// tupleIntoMap lowers a, an assignment of a call's results or of a comma-ok form to
// several operands of which one is a map element: the interpreter leaves the map
// unchanged (m["a"], err = strconv.Atoi("42"); m["a"], ok = src["a"]). Assigned from
// variables, the elements are set, so the values go into variables first:
//
//	m["a"], err = strconv.Atoi(s)  →  { ᐅt1_0, ᐅt1_1 := strconv.Atoi(s); m["a"], err = ᐅt1_0, ᐅt1_1 }
//
// So is one of several values that multiAssign makes in a function literal (m["a"],
// m["b"] = math.Sqrt(4), 3 dropped both).
//
// A comma-ok lookup or assertion also sets its value to zero when it failed, which
// commaOkStmt would otherwise do after the assignment (see mapindex.go).
//
// The operands' text moves after the call, so an assignment whose operands another
// lowering edited (edits from first on) is left as it is.
func (l *lowerer) tupleIntoMap(a *ast.AssignStmt, first int, depth int) {
	if !l.intoMapElem(a) {
		return
	}
	from, to := l.off(a.Pos()), l.off(a.Rhs[0].Pos())
	for _, e := range l.edits[first:] {
		if e.at >= from && e.at < to || e.at == to && e.del > 0 || e.at < from && e.at+e.del > from {
			return
		}
	}
	id := itoa(l.k.uid())
	var vars []string
	for i := range a.Lhs {
		vars = append(vars, "ᐅt"+id+"_"+itoa(i))
	}
	zero := ""
	if t := l.commaOk(a); t != nil {
		if spelled := l.typ(t); spelled != "interface{}" || types.IsInterface(t) {
			zero = "; if !" + vars[1] + " { " + vars[0] + " = " + zeroOf(t, spelled) + " }"
		}
	}
	// Go evaluates the operands of the map indexes on the left before the right side:
	// non-constant keys go into variables first. The values are then assigned one by
	// one, left to right, as Go does (a map element of interface type takes no several
	// at once either).
	var keys, assigns []string
	for i, x := range a.Lhs {
		target := l.text(x.Pos(), x.End())
		if ix, ok := ast.Unparen(x).(*ast.IndexExpr); ok && l.mapElement(x) != nil {
			m := l.text(ix.X.Pos(), ix.X.End())
			if !sideEffectFree(ix.X) {
				// m[f()][k]: the map it indexes first (a map is a reference).
				mv := "ᐅm" + id + "_" + itoa(i)
				keys = append(keys, mv+" := "+m+"; ")
				m = mv
			}
			k := l.text(ix.Index.Pos(), ix.Index.End())
			if tv := l.info().Types[ix.Index]; tv.Value == nil && !tv.IsNil() {
				kv := "ᐅk" + id + "_" + itoa(i)
				keys = append(keys, kv+" := "+k+"; ")
				k = kv
			}
			target = m + "[" + k + "]"
		}
		value := vars[i] // (boxed already, see tupleBoxes)
		if m := l.mapElement(x); m != nil && isAny(l.applied(m.Elem())) && len(a.Rhs) == 1 {
			if t := l.applied(l.tupleAt(a.Rhs[0], i)); t != nil && types.IsInterface(t) && !isAny(t) {
				// A value of an interface with methods goes into the any as the front
				// converts one (see rebox): a nil one as nil.
				value = "func(ᐅi " + l.typ(t) + ") any { if " + HookName + ".IsNil(ᐅi) { return nil }; return ᐅi }(" + value + ")"
			}
		}
		assigns = append(assigns, target+" = "+value)
	}
	l.add(from, to-from, "{ "+strings.Join(keys, "")+strings.Join(vars, ", ")+" := ", depth)
	// Made as if before the statement's other edits, so that it closes outside what
	// multiAssign closes there.
	end := edit{at: l.off(a.End()), text: zero + "; " + strings.Join(assigns, "; ") + " }", rank: closing(depth - 1)}
	l.edits = append(l.edits[:first], append([]edit{end}, l.edits[first:]...)...)
}

// intoMapElem reports whether tupleIntoMap lowers a: an assignment (not a definition) of
// one call or comma-ok form to several operands, one of them a map element.
func (l *lowerer) intoMapElem(a *ast.AssignStmt) bool {
	if a.Tok != token.ASSIGN || len(a.Lhs) < 2 || l.keptStmts[a] {
		return false
	}
	for _, r := range a.Rhs {
		if l.callsRecover(r) {
			return false
		}
	}
	if len(a.Rhs) > 1 {
		// Several values that multiAssign makes in a function literal, whose results
		// the interpreter does not store in map elements either.
		if len(a.Rhs) != len(a.Lhs) || !l.loses(a.Rhs) && !l.intoInterfaces(a.Lhs, a.Rhs) && !l.keyAssigned(a) {
			return false
		}
	} else {
		switch r := ast.Unparen(a.Rhs[0]).(type) {
		case *ast.CallExpr, *ast.IndexExpr, *ast.TypeAssertExpr:
		case *ast.UnaryExpr:
			if r.Op != token.ARROW {
				return false
			}
		default:
			return false
		}
	}
	intoMap := false
	for i, x := range a.Lhs {
		if m := l.mapElement(x); m != nil {
			if t := l.tupleAt(a.Rhs[0], i); types.IsInterface(m.Elem()) && len(a.Rhs) == 1 && (t == nil || l.typ(l.applied(t)) == "interface{}" && !types.IsInterface(l.applied(t))) {
				return false // a value whose type cannot be named
			}
			intoMap = true
		}
	}
	return intoMap
}

// keyAssigned reports whether a, an assignment of several values, assigns a variable
// that the key of a map element on its left reads (x, m[x] = 2, "a" stores under the old
// x; the interpreter used the new one).
func (l *lowerer) keyAssigned(a *ast.AssignStmt) bool {
	assigned := map[types.Object]bool{}
	for _, x := range a.Lhs {
		if id, ok := ast.Unparen(x).(*ast.Ident); ok {
			if obj := l.info().Uses[id]; obj != nil {
				assigned[obj] = true
			}
		}
	}
	if len(assigned) == 0 {
		return false
	}
	found := false
	for _, x := range a.Lhs {
		if ix, ok := ast.Unparen(x).(*ast.IndexExpr); ok && l.mapElement(x) != nil {
			ast.Inspect(ix.Index, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && assigned[l.info().Uses[id]] {
					found = true
				}
				return !found
			})
		}
	}
	return found
}

// tupleAt returns the type of the i'th value of e, a call of several results or a
// comma-ok form, or nil.
func (l *lowerer) tupleAt(e ast.Expr, i int) types.Type {
	t := l.typeOf(e)
	if tuple, ok := t.(*types.Tuple); ok {
		if i < tuple.Len() {
			return tuple.At(i).Type()
		}
		return nil
	}
	if i == 1 {
		return types.Typ[types.Bool] // the ok of a comma-ok form
	}
	if ta, ok := ast.Unparen(e).(*ast.TypeAssertExpr); ok {
		return l.typeOf(ta.Type)
	}
	return t
}

// mapElement returns the map type of x if it is an element of a map (m[k]), else nil.
func (l *lowerer) mapElement(x ast.Expr) *types.Map {
	ix, ok := ast.Unparen(x).(*ast.IndexExpr)
	if !ok {
		return nil
	}
	t := l.typeOf(ix.X)
	if t == nil {
		return nil
	}
	m, _ := l.applied(t).Underlying().(*types.Map)
	return m
}

// assignSides returns the operands of n, an assignment statement or a var spec, on each
// side, and whether n is one.
func assignSides(n ast.Node) (lhs, rhs []ast.Expr, ok bool) {
	switch n := n.(type) {
	case *ast.AssignStmt:
		return n.Lhs, n.Rhs, true
	case *ast.ValueSpec:
		for _, id := range n.Names {
			lhs = append(lhs, id)
		}
		return lhs, n.Values, true
	}
	return nil, nil, false
}

// typedNils gives each nil among several values rhs assigns the type of its target in
// targets: the interpreter panics with "reflect: New(nil)" on an untyped nil among
// several values (n, err = 2, nil), and takes a typed one.
//
//	n, err = 2, nil  →  n, err = 2, (error)(nil)
//
// It reports false, changing nothing, when a nil goes into a variable whose type cannot
// be given so (an empty interface, where the interpreter refuses a typed nil too, or a
// type declared in a function); such an assignment is lowered by multiAssign.
func (l *lowerer) typedNils(targets []types.Type, rhs []ast.Expr, depth int) bool {
	if len(rhs) < 2 || len(targets) != len(rhs) {
		return true
	}
	nils := map[int]string{}
	for i, r := range rhs {
		if !isNil(l, r) {
			continue
		}
		t := targets[i]
		if t == nil {
			return false
		}
		text, ok := l.typedNil(t)
		if !ok {
			return false
		}
		nils[i] = text
	}
	for i, text := range nils {
		r := rhs[i]
		l.add(l.off(r.Pos()), l.off(r.End())-l.off(r.Pos()), text, depth)
	}
	return true
}

// typedNil returns nil converted to t, if the interpreter can assign it among others.
func (l *lowerer) typedNil(t types.Type) (string, bool) {
	t = l.applied(t)
	if it, ok := t.Underlying().(*types.Interface); ok && it.Empty() {
		return "", false
	}
	s := l.typ(t)
	if s == "interface{}" {
		return "", false
	}
	return "(" + s + ")(nil)", true
}
