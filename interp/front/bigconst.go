package front

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// Integer constants beyond int64. The interpreter takes an untyped integer constant for
// an int64 until told otherwise, so one that only a uint64 (or a float) holds fails where
// Go converts it implicitly ("constant 18446744073709551615 overflows int64" for
// return 1<<64 - 1 from a func returning uint64, u = 1 << 63, an FNV offset basis).
// Converted explicitly, it works, and a float is spelled as one:
//
//	return 1<<64 - 1  →  return uint64(18446744073709551615)
//	var f float64 = 1 << 70  →  var f float64 = float64(1180591620717411303424.0)

// bigConstant converts e, if it is such a constant, to its type, and reports whether it
// did (its operands need nothing more).
func (l *lowerer) bigConstant(e ast.Expr, depth int) bool {
	tv, ok := l.info().Types[e]
	if !ok || tv.Value == nil || tv.IsType() {
		return false
	}
	v := constant.ToInt(tv.Value) // a float type's holds a float
	if v.Kind() != constant.Int {
		return false
	}
	if _, fits := constant.Int64Val(v); fits {
		return false
	}
	typ := l.applied(tv.Type) // in an instance, its type argument for a type parameter
	b, ok := underBasic(typ)
	if !ok || b.Info()&types.IsUntyped != 0 || b.Info()&(types.IsUnsigned|types.IsFloat) == 0 {
		return false
	}
	if b.Info()&types.IsFloat != 0 {
		// A float: its value as a float literal, which is no int64 to begin with.
		if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.FLOAT {
			return false
		}
		at := l.off(e.Pos())
		l.add(at, l.off(e.End())-at, l.spellType(typ)+"("+v.ExactString()+".0)", depth)
		return true
	}
	// Its value, not the expression: what the expression holds (max, a local type) would
	// go without its own lowering.
	at := l.off(e.Pos())
	l.add(at, l.off(e.End())-at, l.spellType(typ)+"("+v.ExactString()+")", depth)
	return true
}
