package front

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Range loops that assign. The interpreter declares new variables for a range clause
// with = as for one with :=, so the variables outside were never assigned: after
//
//	var i int
//	for i = range xs { if xs[i] > 5 { break } }
//
// i was still 0. The loop declares variables of its own, and assigns them to the
// operands first thing in each iteration, as Go's range clause does:
//
//	for k, v = range x { body }  →  for ᐅk1, ᐅv1 := range x { k, v = ᐅk1, ᐅv1; body }
//
// (an operand _ keeps its place; range over an integer and over a function have
// lowerings of their own; over a string, the loop walks the offsets and runes that
// rangestring.go describes). Over a slice, array or map of channels, the value is read by
// the key: for _, c = range chans  →  for ᐅk1 := range chans { c = (chans)[ᐅk1]; … }.

// rangeAssign lowers s, a range statement with =, and reports whether it did.
func (l *lowerer) rangeAssign(s *ast.RangeStmt, depth int) bool {
	if s.Tok != token.ASSIGN || s.Key == nil {
		return false
	}
	// The interpreter's range with a value over channels panics (see rangechan.go): the
	// value is read by the key.
	byKey := false
	if v, ok := s.Value.(*ast.Ident); s.Value != nil && !(ok && v.Name == "_") {
		switch t := l.applied(l.typeOf(s.X)).Underlying().(type) {
		case *types.Slice, *types.Array, *types.Map:
			if _, ok := t.(interface{ Elem() types.Type }).Elem().Underlying().(*types.Chan); ok {
				if !sideEffectFree(s.X) {
					return false
				}
				byKey = true
			}
		}
	}
	id := itoa(l.k.uid())
	runes := l.overString(s) // over the offsets and runes Go decodes (see rangestring.go)
	var fresh, lhs, rhs []string
	if runes {
		fresh = []string{"_", "ᐅr" + id}
	}
	for i, e := range []ast.Expr{s.Key, s.Value} {
		if e == nil {
			continue
		}
		if b, ok := e.(*ast.Ident); ok && b.Name == "_" {
			if !runes {
				fresh = append(fresh, "_")
			}
			continue
		}
		v := fmt.Sprintf("ᐅk%s", id)
		if i == 1 {
			v = fmt.Sprintf("ᐅv%s", id)
		}
		if runes {
			v = "ᐅr" + id + [2]string{".Pos", ".Rune"}[i]
		} else {
			fresh = append(fresh, v)
		}
		lhs = append(lhs, l.text(e.Pos(), e.End()))
		if n := l.boxable(l.rangeType(s, i)); n != nil && isAny(l.applied(l.typeOf(e))) {
			open, close := l.boxCall(n) // into an any, boxed (see box.go)
			v = open + v + close
		}
		rhs = append(rhs, v)
	}
	if len(lhs) == 0 {
		return false // for _, _ = range x: nothing to assign
	}

	if byKey {
		k := "ᐅk" + id
		fresh = []string{k}
		rhs[len(rhs)-1] = "(" + l.text(s.X.Pos(), s.X.End()) + ")[" + k + "]"
		if len(rhs) == 2 {
			rhs[0] = k
		}
	}
	if strings.Contains(strings.Join(lhs, ""), "\n") {
		return false // an operand over several lines would move the lines after it
	}
	l.add(l.off(s.Key.Pos()), l.off(s.TokPos)+len("=")-l.off(s.Key.Pos()), strings.Join(fresh, ", ")+" :=", depth)
	if runes {
		l.add(l.off(s.X.Pos()), 0, HookName+".Runes(", depth)
		l.add(l.off(s.X.End()), 0, ")", closing(depth))
	}
	l.add(l.off(s.Body.Lbrace)+1, 0, " "+strings.Join(lhs, ", ")+" = "+strings.Join(rhs, ", ")+";", depth)
	return true
}

// rangeType returns the type of the key (i == 0) or value (i == 1) that s ranges over.
func (l *lowerer) rangeType(s *ast.RangeStmt, i int) types.Type {
	t := l.applied(l.typeOf(s.X))
	if t == nil {
		return nil
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return [2]types.Type{types.Typ[types.Int], u.Elem()}[i]
	case *types.Array:
		return [2]types.Type{types.Typ[types.Int], u.Elem()}[i]
	case *types.Map:
		return [2]types.Type{u.Key(), u.Elem()}[i]
	case *types.Chan:
		if i == 0 {
			return u.Elem()
		}
	case *types.Basic:
		return [2]types.Type{types.Typ[types.Int], types.Typ[types.Rune]}[i]
	}
	return nil
}
