package front

import (
	"go/ast"
	"go/types"
)

// Nils in places. The interpreter gives the bare nil no type where Go converts it to the
// one its place needs, and then fails at run time, in reflect, where that type matters: a
// map's key (counts[nil] with counts a map[error]int, parent[nil] = a, delete(m, nil)), a
// value sent in a select (case done <- nil on a chan error), and the slice spread into a
// variadic call (Sum(nil...) crashed compiling the cell). There nil is converted to that
// type:
//
//	counts[nil]  →  counts[error(nil)]
//	Sum(nil...)  →  Sum(([]float64)(nil)...)
//
// (A named type's conversion goes without parentheses, which crash the interpreter for a
// named func type.)

// placedNil converts e, where it is the bare nil, to t.
func (l *lowerer) placedNil(e ast.Expr, t types.Type, depth int) {
	if e == nil || t == nil || !isNil(l, e) {
		return
	}
	t = l.applied(t)
	spelled := l.typ(t)
	if spelled == "interface{}" || isAny(t) {
		return // a type the lowered code cannot spell, or any, which takes the bare nil
	}
	open := "(" + spelled + ")("
	if _, named := types.Unalias(t).(*types.Named); named {
		open = spelled + "("
	}
	l.add(l.off(e.Pos()), 0, open, depth)
	l.add(l.off(e.End()), 0, ")", closing(depth))
}

// placedNils converts the bare nils of n where the interpreter needs their type (see
// above).
func (l *lowerer) placedNils(n ast.Node, depth int) {
	under := func(e ast.Expr) types.Type {
		if t := l.applied(l.typeOf(e)); t != nil {
			return t.Underlying()
		}
		return nil
	}
	switch n := n.(type) {
	case *ast.IndexExpr:
		if m, ok := under(n.X).(*types.Map); ok {
			l.placedNil(n.Index, m.Key(), depth)
		}
	case *ast.CallExpr:
		if l.builtinCall(n, "delete") && len(n.Args) == 2 {
			if m, ok := under(n.Args[0]).(*types.Map); ok {
				l.placedNil(n.Args[1], m.Key(), depth)
			}
			return
		}
		if !n.Ellipsis.IsValid() || len(n.Args) == 0 {
			return
		}
		last := n.Args[len(n.Args)-1]
		if l.builtinCall(n, "append") {
			l.placedNil(last, l.typeOf(n.Args[0]), depth)
		} else if sig, ok := under(n.Fun).(*types.Signature); ok && sig.Variadic() {
			l.placedNil(last, sig.Params().At(sig.Params().Len()-1).Type(), depth)
		}
	case *ast.SendStmt:
		if ch, ok := under(n.Chan).(*types.Chan); ok {
			l.placedNil(n.Value, ch.Elem(), depth)
		}
	}
}
