package front

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Parentheses around a function. The interpreter cannot use a declared function or a
// method expression of the cell's written in parentheses: (f)(x) and g := (T.M) panic
// with "call of reflect.Value.Call on ptr Value". The parentheses change nothing in Go,
// so lowered code drops them.

// dropParens removes the parentheses of p when they hold a function of the cell's.
// It reports whether it did.
func (l *lowerer) dropParens(p *ast.ParenExpr, depth int) bool {
	if !l.cellFunc(ast.Unparen(p.X)) {
		return false
	}
	l.add(l.off(p.Lparen), 1, " ", depth)
	l.add(l.off(p.Rparen), 1, " ", depth)
	return true
}

// cellFunc reports whether e names a function declared in a cell or is a method
// expression on a cell's type.
func (l *lowerer) cellFunc(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident:
		switch obj := l.info().Uses[e].(type) {
		case *types.Func:
			return obj.Pkg() != nil && obj.Pkg().Path() == "main"
		case *types.Var:
			// An earlier cell's function is a variable of its type to later checks.
			en := l.k.names[obj.Name()]
			return cellPackageLevel(obj) && en != nil && en.kind == "func"
		}
	case *ast.SelectorExpr:
		sel := l.info().Selections[e]
		return sel != nil && sel.Kind() == types.MethodExpr && sel.Obj().Pkg() != nil && sel.Obj().Pkg().Path() == "main"
	case *ast.IndexExpr:
		// A generic function's instance is lowered to a declared function too.
		return l.cellFunc(ast.Unparen(e.X))
	case *ast.IndexListExpr:
		return l.cellFunc(ast.Unparen(e.X))
	}
	return false
}

// Parentheses around a name or a literal. The interpreter panics ("call of
// reflect.Value.Bool on int Value") on a parenthesized operand of a comparison inside &&
// or ||: (5) == n && ok, n == (K) && ok, (K)+1 == m || ok. Such parentheses change
// nothing in Go, so lowered code drops them.

// plainParens drops the parentheses of p when they hold a name, a literal or a selector
// of a value (not a type: (*T)(x) keeps them).
func (l *lowerer) plainParens(p *ast.ParenExpr, depth int) {
	if !holdsPlain(p) {
		return
	}
	if tv, ok := l.info().Types[p]; !ok || !tv.IsValue() {
		return
	}
	if strings.Contains(l.text(p.Lparen, p.Rparen), "\n") && l.afterReturn(p.Lparen) {
		return // return (\n x): without it, the line would end the statement
	}
	l.add(l.off(p.Lparen), 1, " ", depth)
	l.add(l.off(p.Rparen), 1, " ", depth)
}

// holdsPlain reports whether p holds (in however many parentheses) a name, a literal or
// a selector.
func holdsPlain(p *ast.ParenExpr) bool {
	switch ast.Unparen(p.X).(type) {
	case *ast.Ident, *ast.BasicLit, *ast.SelectorExpr:
		return true
	}
	return false
}

// comparedConstParens drops the parentheses of b's left operand when b is a comparison
// and the operand a constant operation that needs none there ((7/2) == 3 || ok), for the
// same reason; plainParens drops those around a name or a literal.
func (l *lowerer) comparedConstParens(b *ast.BinaryExpr, depth int) {
	if b.Op.Precedence() != token.EQL.Precedence() {
		return
	}
	p, ok := b.X.(*ast.ParenExpr)
	if !ok {
		return
	}
	if tv, ok := l.info().Types[p]; !ok || tv.Value == nil {
		return
	}
	if holdsPlain(p) {
		return // plainParens
	}
	if inner, ok := ast.Unparen(p.X).(*ast.BinaryExpr); ok && inner.Op.Precedence() <= token.EQL.Precedence() {
		return // (a == b) == c
	}
	l.add(l.off(p.Lparen), 1, " ", depth)
	l.add(l.off(p.Rparen), 1, " ", depth)
}

// afterReturn reports whether the text before at on its line ends with the keyword
// return, after which a line break ends the statement.
func (l *lowerer) afterReturn(at token.Pos) bool {
	line := l.src.fileset().Position(at)
	before := l.text(at-token.Pos(line.Column-1), at)
	before = strings.TrimRight(before, " \t")
	if !strings.HasSuffix(before, "return") {
		return false
	}
	rest := strings.TrimSuffix(before, "return")
	return rest == "" || !isIdentByte(rest[len(rest)-1])
}

// isIdentByte reports whether b may be part of an identifier.
func isIdentByte(b byte) bool {
	return b == '_' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || b >= 0x80
}
