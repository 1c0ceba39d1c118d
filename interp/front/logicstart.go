package front

import (
	"go/ast"
	"go/token"
	"go/types"
)

// The left operand of && and || when it holds a keyed composite literal. The interpreter
// turns the first node the left operand runs into the branch of the && or ||, assuming
// that node is the whole operand (a name or constant); with a keyed literal it is the
// literal's first key, so p == Pt{X: 1, Y: 2} || p.X > 3 branched on the key and was
// false whatever p was. A constant true in front gives the branch a node it handles:
//
//	p == Pt{X: 1, Y: 2} || q  →  (true && p == Pt{X: 1, Y: 2}) || q

// keyedLeftOperand lowers b as described above, where it is && or || and its left operand
// holds a keyed composite literal outside of function literals.
func (l *lowerer) keyedLeftOperand(b *ast.BinaryExpr, depth int) {
	if b.Op != token.LAND && b.Op != token.LOR || !l.keyedNeedsTrue(b.X) {
		return
	}
	l.add(l.off(b.X.Pos()), 0, "(true && ", depth)
	l.add(l.off(b.X.End()), 0, ")", closing(depth))
}

// keyedNeedsTrue reports whether e, a left operand of && or ||, needs a true in front
// (see above) and the constant true is in scope there.
func (l *lowerer) keyedNeedsTrue(e ast.Expr) bool {
	if !holdsKeyedLiteral(e) {
		return false
	}
	_, obj := l.k.pkg.Scope().Innermost(e.Pos()).LookupParent("true", e.Pos())
	return obj == types.Universe.Lookup("true") // not a cell's own true
}

// holdsKeyedLiteral reports whether e holds a composite literal with keys, outside of
// function literals.
func holdsKeyedLiteral(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.KeyValueExpr:
			found = true
		}
		return !found
	})
	return found
}
