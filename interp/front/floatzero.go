package front

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// Floating-point division by a constant zero. Go divides a float or complex variable by
// a constant 0 at run time (x / 0 is +Inf, NaN for 0 / 0), which numerics lessons show;
// the interpreter refuses it as an integer division by zero ("invalid operation: division
// by zero"). The zero becomes one the interpreter cannot see as a constant:
//
//	x / 0  →  x / float64(ᐅdescent.Zero())

// floatZero lowers y, the right operand of a division (or /=) whose left operand has type
// t, if y is a constant zero and t a float or complex type.
func (l *lowerer) floatZero(t types.Type, y ast.Expr, depth int) {
	tv, ok := l.info().Types[y]
	if !ok || tv.Value == nil || t == nil {
		return
	}
	b, ok := l.applied(t).Underlying().(*types.Basic)
	if !ok || b.Info()&(types.IsFloat|types.IsComplex) == 0 || b.Info()&types.IsUntyped != 0 {
		return
	}
	if v := constant.ToComplex(tv.Value); v.Kind() != constant.Complex ||
		constant.Sign(constant.Real(v)) != 0 || constant.Sign(constant.Imag(v)) != 0 {
		return
	}
	zero := HookName + ".Zero()"
	if b.Info()&types.IsComplex != 0 {
		zero = "complex(" + zero + ", 0)"
	}
	l.replace(y, l.typ(l.applied(t))+"("+zero+")", depth)
}

// divisionByZero lowers n if it divides a float by a constant zero (see floatZero).
func (l *lowerer) divisionByZero(n ast.Node, depth int) {
	switch n := n.(type) {
	case *ast.BinaryExpr:
		if n.Op == token.QUO {
			if tv := l.info().Types[n]; tv.Value == nil {
				l.floatZero(tv.Type, n.Y, depth)
			}
		}
	case *ast.AssignStmt:
		if n.Tok == token.QUO_ASSIGN && len(n.Lhs) == 1 {
			l.floatZero(l.typeOf(n.Lhs[0]), n.Rhs[0], depth)
		}
	}
}
