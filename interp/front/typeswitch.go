package front

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"
)

// Type switches with interface cases. The interpreter often fails to match a case that
// names an interface type (case error on an errors.New value; case S on a value of a cell
// type held in a local variable), or a cell type with methods (case Circle on an any
// holding a Circle), and falls to default, silently. Its comma-ok assertion
// is right, so such a switch becomes an expression switch over assertions made first:
//
//	switch v := x.(type) {         { ᐅx1 := x; ᐅn1 := ᐅdescent.IsNil(ᐅx1); var ᐅok1_0, ᐅok1_1, ᐅok1_2 bool;
//	case error:                      ᐅok1_1 = ᐅn1; if !ᐅn1 { _, ᐅok1_0 = ᐅx1.(error); _, ᐅok1_2 = ᐅx1.(int) }; switch {
//	case nil, int:             →   case ᐅok1_0: v := ᐅx1.(error); _ = v
//	default:                       case ᐅok1_1 || ᐅok1_2: v := ᐅx1; _ = v
//	}                              default: v := ᐅx1; _ = v
//	                               } }
//
// A case of a cell's interface tests, and binds its value, as a lowered assertion does (see
// ifaceassert.go); one that names an interface no cell type implements, bound and used, is
// left to the interpreter.

// defaultOnly lowers s, a type switch with only a default clause that binds a variable,
// into the expression switch it is: the interpreter bound the variable to nil there.
//
//	switch v := x.(type) { default: … }        →  switch v := x; { default: … }
//	switch n := f(); v := x.(type) { … }  →  { n := f(); switch v := x; { … } }
//
// It reports whether it did.
func (l *lowerer) defaultOnly(s *ast.TypeSwitchStmt, depth int) bool {
	if len(s.Body.List) != 1 || s.Body.List[0].(*ast.CaseClause).List != nil {
		return false
	}
	if s.Init != nil && l.labelOf(s) != "" {
		return false // (a label would go on the block)
	}
	a, ok := s.Assign.(*ast.AssignStmt)
	if !ok || len(a.Rhs) != 1 {
		return false
	}
	ta, ok := a.Rhs[0].(*ast.TypeAssertExpr)
	if !ok {
		return false
	}
	if s.Init != nil {
		// Its own init statement first, in a block around: a switch takes one.
		l.add(l.off(s.Switch), len("switch"), "{", depth)
		l.add(l.off(s.Assign.Pos()), 0, "switch ", depth)
		l.add(l.off(s.End()), 0, " }", closing(depth))
	}
	l.add(l.off(ta.X.End()), l.off(ta.End())-l.off(ta.X.End()), ";", depth)
	return true
}

// compiledOrEmpty reports whether t is the empty interface or an interface of compiled
// code (error, fmt.Stringer, a library's), to which the interpreter can assert a value.
func compiledOrEmpty(t types.Type) bool {
	if t == types.Universe.Lookup("error").Type() || compiledInterface(t) {
		return true
	}
	it, ok := t.Underlying().(*types.Interface)
	return ok && it.Empty()
}

// typeSwitch lowers s as described above. It reports false when it left s as it was.
func (l *lowerer) typeSwitch(s *ast.TypeSwitchStmt, depth int) bool {
	if l.labelOf(s) != "" {
		return false
	}
	var ta *ast.TypeAssertExpr
	var bound *ast.Ident
	switch a := s.Assign.(type) {
	case *ast.AssignStmt:
		ta, _ = a.Rhs[0].(*ast.TypeAssertExpr)
		bound = a.Lhs[0].(*ast.Ident)
	case *ast.ExprStmt:
		ta, _ = a.X.(*ast.TypeAssertExpr)
	}
	if ta == nil {
		return false
	}
	interfaces := false
	for _, c := range s.Body.List {
		cc := c.(*ast.CaseClause)
		for _, e := range cc.List {
			if isNil(l, e) {
				continue
			}
			t := types.Unalias(l.applied(l.info().Types[e].Type)) // (case PEP, with type PEP = *ParseErr)
			if !types.IsInterface(t) {
				// A value of a cell type with methods, in an interface, fails its own
				// case too (it is held in a wrapper); its comma-ok assertion holds.
				if p, ok := t.(*types.Pointer); ok {
					t = p.Elem()
				}
				if n := cellNamed(t); n != nil && types.NewMethodSet(types.NewPointer(n)).Len() > 0 || l.boxable(t) != nil {
					interfaces = true // or a boxed value (see box.go)
				}
				if bound == nil && holdsStruct(l.info().Types[e].Type, nil) {
					interfaces = true // the interpreter's switch without a variable misses these
				}
				continue
			}
			interfaces = true
			if _, _, cell := l.cellAssertion(l.typeOf(ta.X), t, false); !cell && !compiledOrEmpty(t) && len(cc.List) == 1 && bound != nil && l.uses(cc, l.info().Implicits[cc]) {
				return false
			}
		}
	}
	if !interfaces {
		return false
	}

	id := l.k.uid()
	x := fmt.Sprintf("ᐅx%d", id)
	nilVar := fmt.Sprintf("ᐅn%d", id)
	if s.Init != nil {
		// The init statement goes first in the block (switch x := f(); x.(type)).
		l.add(l.off(s.Switch), l.off(s.Init.Pos())-l.off(s.Switch), "{ ", depth)
		l.add(l.off(s.Init.End()), l.off(ta.X.Pos())-l.off(s.Init.End()), "; "+x+" := ", depth)
	} else {
		l.add(l.off(s.Switch), l.off(ta.X.Pos())-l.off(s.Switch), "{ "+x+" := ", depth)
	}
	var oks, nils, asserts []string
	n := 0
	for _, c := range s.Body.List {
		cc := c.(*ast.CaseClause)
		var clause []string
		for _, e := range cc.List {
			ok := fmt.Sprintf("ᐅok%d_%d", id, n)
			n++
			oks = append(oks, ok)
			clause = append(clause, ok)
			t := l.applied(l.info().Types[e].Type)
			if it, isIface := t.Underlying().(*types.Interface); isIface && it.Empty() {
				// The interpreter's assertion to an empty interface fails; any value is one.
				asserts = append(asserts, ok+" = true")
			} else if isNil(l, e) {
				nils = append(nils, ok)
			} else {
				if bn := l.boxable(t); bn != nil {
					asserts = append(asserts, fmt.Sprintf("_, %s = func() (%s, bool) { ᐅx := %s; %s; return ᐅv, ᐅok }()", ok, l.typ(bn), x, l.boxAssertion(l.typeOf(ta.X), bn)))
				} else if pre, post, cell := l.cellAssertion(l.typeOf(ta.X), l.info().Types[e].Type, true); cell {
					// A cell's interface: by its types (see ifaceassert.go).
					asserts = append(asserts, fmt.Sprintf("_, %s = %s%s%s", ok, pre, x, post))
				} else if pre, post, late := l.nilSafeAssertion(t, nil, true); late && lateTarget(t) {
					// error or fmt.Stringer: also by later cells' types (see lateassert.go).
					asserts = append(asserts, fmt.Sprintf("_, %s = %s%s%s", ok, pre, x, post))
				} else {
					asserts = append(asserts, fmt.Sprintf("_, %s = %s.(%s)", ok, l.promotedOperand(x, l.typeOf(ta.X), t), l.typ(l.info().Types[e].Type)))
				}
			}
		}
		if len(cc.List) > 0 {
			// One test per case: the interpreter looks at only the first of a case's list
			// in a switch without a tag.
			from, to := cc.List[0].Pos(), cc.List[len(cc.List)-1].End()
			l.add(l.off(from), l.off(to)-l.off(from), strings.Join(clause, " || "), depth)
		}
		if bound == nil {
			continue
		}
		value := x
		if len(cc.List) == 1 && !isNil(l, cc.List[0]) {
			t := l.applied(l.info().Types[cc.List[0]].Type)
			if bn := l.boxable(t); bn != nil {
				value = fmt.Sprintf("func() %s { ᐅx := %s; %s; return ᐅv }()", l.typ(bn), x, l.boxAssertion(l.typeOf(ta.X), bn))
			} else if pre, post, cell := l.cellAssertion(l.typeOf(ta.X), t, false); cell {
				value = pre + x + post // by the cell's types (see ifaceassert.go)
			} else if pre, post, late := l.nilSafeAssertion(t, nil, false); late && lateTarget(t) {
				value = pre + x + post // and later cells' (see lateassert.go)
			} else if it, ok := t.Underlying().(*types.Interface); !ok || !it.Empty() && compiledOrEmpty(t) {
				value = l.promotedOperand(x, l.typeOf(ta.X), t) + ".(" + l.typ(l.info().Types[cc.List[0]].Type) + ")"
			}
		}
		l.add(l.off(cc.Colon)+1, 0, fmt.Sprintf(" %s := %s; _ = %s;", bound.Name, value, bound.Name), depth+1)
	}
	// default becomes the case that no other case holds: the interpreter tests the cases
	// after a default in a switch without a tag in reverse order.
	for _, c := range s.Body.List {
		if cc := c.(*ast.CaseClause); cc.List == nil {
			l.add(l.off(cc.Case), len("default"), "case !("+strings.Join(oks, " || ")+")", depth)
		}
	}
	// An assertion on a nil interface panics in the interpreter: the tests run only on
	// a value.
	var tests strings.Builder
	fmt.Fprintf(&tests, "; %s := %s.IsNil(%s)", nilVar, HookName, x)
	if len(oks) > 0 {
		fmt.Fprintf(&tests, "; var %s bool", strings.Join(oks, ", "))
	}
	for _, ok := range nils {
		fmt.Fprintf(&tests, "; %s = %s", ok, nilVar)
	}
	if len(asserts) > 0 {
		fmt.Fprintf(&tests, "; if !%s { %s }", nilVar, strings.Join(asserts, "; "))
	}
	l.add(l.off(ta.X.End()), l.off(ta.Rparen+1)-l.off(ta.X.End()), tests.String()+"; switch", depth)
	l.add(l.off(s.End()), 0, " }", closing(depth))
	return true
}

// holdsStruct reports whether t is, or is made of, a struct type that is a cell's or a
// type literal, or is made of interfaces or functions: the interpreter's type switch
// without a variable matched no case of Point, *Point, []Point, struct{ A int }, []any or
// map[string]any (its comma-ok assertion is right).
func holdsStruct(t types.Type, seen map[types.Type]bool) bool {
	t = types.Unalias(t)
	if seen[t] {
		return false
	}
	if seen == nil {
		seen = map[types.Type]bool{}
	}
	seen[t] = true
	if compiledNamed(t) {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Struct:
		return true
	case *types.Pointer:
		return holdsStruct(u.Elem(), seen)
	case *types.Slice:
		return holdsStruct(u.Elem(), seen)
	case *types.Array:
		return holdsStruct(u.Elem(), seen)
	case *types.Chan:
		return holdsStruct(u.Elem(), seen)
	case *types.Map:
		return holdsStruct(u.Key(), seen) || holdsStruct(u.Elem(), seen)
	case *types.Interface, *types.Signature:
		return true // below a composite ([]any, map[string]any, func(any) any): missed too
	}
	return false
}

// applied is t with the type arguments of the instance being lowered, if any.
func (l *lowerer) applied(t types.Type) types.Type {
	if l.subst != nil {
		return l.subst.apply(t)
	}
	return t
}

// uses reports whether obj is used in the body of cc.
func (l *lowerer) uses(cc *ast.CaseClause, obj types.Object) bool {
	if obj == nil {
		return false
	}
	used := false
	for _, st := range cc.Body {
		ast.Inspect(st, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && l.info().Uses[id] == obj {
				used = true
			}
			return !used
		})
	}
	return used
}

// clauseVar gives c, a clause of a type switch left to the interpreter, a variable of its
// own where a closure captures it or its address is taken: the interpreter has one
// variable for all clauses and all times the switch runs, so closures made in a loop all
// saw the last value. (In blocks: the body may declare the name again.)
//
//	case int: fs = append(fs, func() int { return x })  →  case int: { x := x; { fs = append(…) } }
func (l *lowerer) clauseVar(c *ast.CaseClause, depth int) {
	v := l.info().Implicits[c]
	if v == nil || v.Name() == "_" || len(c.Body) == 0 || !l.captured(&ast.BlockStmt{List: c.Body}, map[types.Object]bool{v: true}) {
		return
	}
	l.add(l.off(c.Colon)+1, 0, " { "+v.Name()+" := "+v.Name()+"; {", depth)
	l.add(l.off(c.Body[len(c.Body)-1].End()), 0, "} }", closing(depth))
}
