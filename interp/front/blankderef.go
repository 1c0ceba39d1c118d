package front

import (
	"go/ast"
	"go/token"
)

// Dereferences assigned to the blank identifier. Go evaluates _ = *p, and panics for a nil
// p; the interpreter skips the dereference, and the code after it ran as if p pointed
// somewhere. The dereference is made in a call, which the interpreter evaluates:
//
//	_ = *p  →  _ = func() int { return *p }()

// blankDeref lowers the dereferences that n, an assignment or a var declaration, assigns
// to the blank identifier, as above.
func (l *lowerer) blankDeref(n ast.Node, depth int) {
	var lhs, rhs []ast.Expr
	switch n := n.(type) {
	case *ast.AssignStmt:
		if n.Tok != token.ASSIGN && n.Tok != token.DEFINE {
			return
		}
		lhs, rhs = n.Lhs, n.Rhs
	case *ast.ValueSpec:
		for _, id := range n.Names {
			lhs = append(lhs, id)
		}
		rhs = n.Values
	}
	if len(rhs) != 1 || len(lhs) != 1 {
		return // (of several values, the call would be one the interpreter's multiple assignment loses the others to)
	}
	for i, e := range rhs {
		if !isBlank(lhs[i]) {
			continue
		}
		star, ok := ast.Unparen(e).(*ast.StarExpr)
		if !ok {
			continue
		}
		if tv, ok := l.info().Types[star]; !ok || !tv.IsValue() {
			continue
		}
		t := l.typ(l.applied(l.typeOf(star)))
		if t == "interface{}" {
			continue
		}
		l.add(l.off(e.Pos()), 0, "func() "+t+" { return ", depth)
		l.add(l.off(e.End()), 0, " }()", closing(depth))
	}
}
