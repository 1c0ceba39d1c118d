package front

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Expression switches the interpreter gets wrong (see also fallthrough.go): in a case list, an expression after
// the first that is a call or an index never matches (case f(1), f(2)), and a tag of
// interface type panics against constant cases (switch v { case 3: } with v an any), and
// case nil never matches a nil pointer, slice, map or func.
// Such a switch compares its tag, evaluated once, in a switch without one:
//
//	switch x { case f(1), f(2): ... }  →  switch ᐅt1 := x; { case (ᐅt1 == f(1)) || (ᐅt1 == f(2)): ... }
func (l *lowerer) switchTag(s *ast.SwitchStmt, depth int) {
	if s.Init != nil && l.labelOf(s) != "" {
		return
	}
	d := l.movedDefault(s)
	if s.Tag == nil {
		if d != nil {
			l.movedDefaultCase(s, d, "", depth)
		}
		l.caseLists(s, depth)
		return
	}
	if d == nil && !l.tagGoesWrong(s) {
		return
	}
	t := "ᐅt" + itoa(l.k.uid())
	if d != nil {
		l.movedDefaultCase(s, d, t, depth)
	}
	iface := types.IsInterface(l.applied(l.typeOf(s.Tag)))
	fields, byFields := l.fieldsEqualBody(l.applied(l.typeOf(s.Tag)))
	l.add(l.off(s.Tag.Pos()), 0, t+" := ", depth)
	l.add(l.off(s.Tag.End()), 0, "; ", closing(depth))
	for _, c := range s.Body.List {
		cc := c.(*ast.CaseClause)
		for i, e := range cc.List {
			// (t == e): e in parentheses only where its operator binds no tighter than
			// ==, since the interpreter misreads a constant in parentheses there; nil as
			// a compiled test, since it compares interfaces with nil wrongly.
			open, close := "("+t+" == ", ")"
			if b, ok := ast.Unparen(e).(*ast.BinaryExpr); ok && b.Op.Precedence() <= token.EQL.Precedence() {
				open, close = "("+t+" == (", "))"
			}
			if iface {
				// Compared as ifaceEqual compares: an error holding a cell's value too.
				open, close = "("+HookName+".IfaceEqual("+t+", ", "))"
			}
			if byFields {
				// A struct or array holding interfaces: as == compares it (see
				// structequal.go).
				open, close = "(func() bool { ᐅa := "+t+"; ᐅb := ", "; "+fields+"return true }())"
			}
			if isNil(l, e) && iface {
				open, close = "("+HookName+".IsNil("+t+")", ")"
				l.add(l.off(e.Pos()), l.off(e.End())-l.off(e.Pos()), "", depth-1)
			}
			if i == 0 && len(cc.List) > 1 && l.keyedNeedsTrue(e) {
				// The left operand of || (see logicstart.go).
				open, close = "(true && "+open, close+")"
			}
			if i == 0 {
				l.add(l.off(e.Pos()), 0, open, depth-1)
			} else {
				prev := cc.List[i-1].End()
				l.add(l.off(prev), l.off(e.Pos())-l.off(prev), " || "+open, depth-1)
			}
			l.add(l.off(e.End()), 0, close, closing(depth-1))
			if iface {
				l.boxOperand(e, l.typeOf(s.Tag), depth)
				// A value of a cell's type against an error (or another compiled
				// interface) is compared as that interface holds it, as == does (see
				// ifaceEqual): case ErrNotFound, a DictErr constant, matched nothing.
				tt, et := l.applied(l.typeOf(s.Tag)), l.applied(l.typeOf(e))
				if et != nil && !types.IsInterface(et) && !isAny(tt) && needsCopy(et) && l.typ(et) != "interface{}" {
					l.convertIn(e, et, tt, depth)
				}
			}
		}
	}
}

// tagGoesWrong reports whether the interpreter would get s wrong (see switchTag).
// caseLists joins the conditions a case of s, a switch without a tag, lists into one: the
// interpreter evaluates only the first, so a later one never held (switch { case x < 0,
// x > 10: } did nothing for x = 11). Go tries them in order until one holds, as || does:
//
//	switch { case a, b: … }  →  switch { case a || b: … }
//
// (|| binds less tightly than any other operator, and is associative.)
func (l *lowerer) caseLists(s *ast.SwitchStmt, depth int) {
	for _, c := range s.Body.List {
		list := c.(*ast.CaseClause).List
		if len(list) < 2 {
			continue
		}
		if l.keyedNeedsTrue(list[0]) { // the left operand of || (see logicstart.go)
			l.add(l.off(list[0].Pos()), 0, "(true && ", depth-1)
			l.add(l.off(list[0].End()), 0, ")", closing(depth-1))
		}
		for i := 1; i < len(list); i++ {
			prev := list[i-1].End()
			l.add(l.off(prev), l.off(list[i].Pos())-l.off(prev), " || ", depth-1)
		}
	}
}

func (l *lowerer) tagGoesWrong(s *ast.SwitchStmt) bool {
	if _, byFields := l.fieldsEqualBody(l.applied(l.typeOf(s.Tag))); byFields {
		return true
	}
	iface := types.IsInterface(l.applied(l.typeOf(s.Tag)))
	for _, c := range s.Body.List {
		for i, e := range c.(*ast.CaseClause).List {
			if iface || isNil(l, e) {
				return true // (case nil never matched a nil pointer, slice, map or func)
			}
			if i == 0 {
				continue
			}
			if tv, ok := l.info().Types[e]; ok && tv.Value != nil {
				continue
			}
			if _, ok := ast.Unparen(e).(*ast.Ident); !ok {
				return true
			}
		}
	}
	return false
}

// switchConstCases converts the untyped constant cases of s, a switch whose tag is a
// float or complex number or of a type parameter, to the tag's type: the interpreter
// compared the tag with the constant in its default type, so a float32 0.1 never equaled
// case 0.1, a float64 0.5 matched case 0 (truncated to an int), a complex128 panicked
// against it, and case 1 << 63 overflowed for a T that is a uint64.
//
//	switch lr { case 0.1: }  →  switch lr { case float32(0.1): }
func (l *lowerer) switchConstCases(s *ast.SwitchStmt, depth int) {
	if s.Tag == nil {
		return
	}
	raw := l.typeOf(s.Tag)
	t := l.applied(raw)
	if t == nil {
		return
	}
	_, generic := raw.(*types.TypeParam)
	b, ok := t.Underlying().(*types.Basic)
	if !ok || b.Info()&(types.IsFloat|types.IsComplex) == 0 && !generic {
		return
	}
	ts := l.typ(t)
	if ts == "interface{}" {
		return
	}
	for _, c := range s.Body.List {
		for _, e := range c.(*ast.CaseClause).List {
			tv, ok := l.info().Types[e]
			if !ok || tv.Value == nil {
				continue
			}
			if !types.Identical(tv.Type, raw) {
				continue // (go/types records an untyped case as converted to the tag's type)
			}
			l.add(l.off(e.Pos()), 0, ts+"(", depth)
			l.add(l.off(e.End()), 0, ")", closing(depth))
		}
	}
}
