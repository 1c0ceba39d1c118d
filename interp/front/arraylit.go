package front

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Array literals that must make a new array each time they run. The interpreter builds an
// array literal in a slot of its own and reuses that slot each time the literal runs, and a
// variable defined from the literal, or a pointer taken to it, is that slot. So in a loop
// body a := [2]int{i} and &[2]int{i} gave every iteration the same array: pointers kept
// from earlier iterations, and closures that captured a, all saw the last one (Go gives
// each iteration its own). Parentheses make the definition copy the literal into a new
// variable; the address is taken of the element of a new one-element slice:
//
//	a := [2]int{i}      →  a := ([2]int{i})
//	var a = [2]int{i}   →  var a = ([2]int{i})
//	p := &[2]int{i}     →  p := &[][2]int{[2]int{i}}[0]

// freshArrayDefinitions parenthesizes the array literals n defines variables from.
func (l *lowerer) freshArrayDefinitions(n ast.Node, depth int) {
	var values []ast.Expr
	switch n := n.(type) {
	case *ast.AssignStmt:
		if n.Tok != token.DEFINE {
			return
		}
		values = n.Rhs
	case *ast.ValueSpec:
		values = n.Values
	}
	for _, v := range values {
		if lit, ok := v.(*ast.CompositeLit); ok && l.arrayLiteral(lit) {
			l.add(l.off(lit.Pos()), 0, "(", depth)
			l.add(l.off(lit.End()), 0, ")", closing(depth))
		}
	}
}

// freshArrayAddress rewrites &[N]T{...} as described above.
func (l *lowerer) freshArrayAddress(u *ast.UnaryExpr, depth int) {
	if u.Op != token.AND {
		return
	}
	lit, ok := ast.Unparen(u.X).(*ast.CompositeLit)
	if !ok || !l.arrayLiteral(lit) {
		return
	}
	l.freshArray(lit, l.typeOf(lit), "", depth) // after the &
}

// freshArray writes out lit, an array literal of type at, as the first element of a new
// slice, prefixed by the address operator amp ("&", or "" where it is already there).
func (l *lowerer) freshArray(lit *ast.CompositeLit, at types.Type, amp string, depth int) {
	t := l.typ(at)
	open := amp + "[]" + t + "{"
	if lit.Type == nil {
		open += t // an element whose type its literal leaves out
	}
	l.add(l.off(lit.Pos()), 0, open, depth)
	l.add(l.off(lit.End()), 0, "}[0]", closing(depth))
}

// arrayLiteral reports whether lit makes an array whose type the lowered code can spell.
func (l *lowerer) arrayLiteral(lit *ast.CompositeLit) bool {
	t := l.typeOf(lit)
	if t == nil {
		return false
	}
	if _, ok := l.applied(t).Underlying().(*types.Array); !ok {
		return false
	}
	return l.typ(t) != "interface{}"
}
