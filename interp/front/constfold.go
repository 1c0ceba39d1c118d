package front

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strconv"
)

// Constant expressions of an integer, float32 or complex type. The interpreter gives the operands
// of such an expression the type it goes to, so a step that is not a whole number loses
// its fraction: var n int = 0.75 * 10 * 4 was 0 (Go: 30), and (1 + 0.5) * 2 was 0. A
// complex one fails to compile ("reflect.Value.Convert: value of type int cannot be
// converted to type complex128" for var z complex128 = 2 * 3), in a function's body even
// when the function is never called. Go computes the value exactly, which the lowered
// code spells instead:
//
//	var n int = trainFrac * batches * 4  →  var n int = int(30)
//	var z complex128 = 2 * 3             →  var z complex128 = complex128(complex(float64(6), float64(0)))

// constFold spells e, if it is such an expression, as its value, and reports whether it
// did (its operands need nothing more).
func (l *lowerer) constFold(e ast.Expr, depth int) bool {
	switch e.(type) {
	case *ast.BinaryExpr, *ast.ParenExpr, *ast.UnaryExpr:
	default:
		return false // a literal or a name is one value already
	}
	tv, ok := l.info().Types[e]
	if !ok || tv.Value == nil || tv.IsType() {
		return false
	}
	typ := l.applied(tv.Type) // in an instance, its type argument for a type parameter
	b, ok := underBasic(typ)
	if !ok || b.Info()&types.IsUntyped != 0 {
		return false
	}
	complex := b.Info()&types.IsComplex != 0
	single := b.Kind() == types.Float32
	if b.Info()&types.IsFloat != 0 && isZeroFloat(tv.Value) {
		// Zero, as a negative one too small for the type (-1e-400) or -0.0 is: Go's
		// constants have no -0, the interpreter's expression gave one.
		if t := l.spellType(typ); t != "interface{}" {
			l.add(l.off(e.Pos()), l.off(e.End())-l.off(e.Pos()), t+"(0)", depth)
			return true
		}
	}
	if b.Info()&types.IsInteger == 0 && !complex && !single {
		return false
	}
	if !complex && !single && !l.fractionalOperand(e) {
		return false
	}
	if usesIota(e) {
		return false // a constant list repeats the expression, not its value
	}
	t := l.spellType(typ)
	if t == "interface{}" {
		return false
	}
	var text string
	switch {
	case single:
		// Rounded once, to float32, from the exact value: the interpreter computed
		// (1-b2)*g*g in float64 and rounded the result (Adam's second moment in float32
		// drifted in the last bit). Go constants have no -0.
		f, _ := constant.Float32Val(tv.Value)
		if f == 0 {
			f = 0
		}
		text = t + "(" + strconv.FormatFloat(float64(f), 'g', -1, 64) + ")"
	case !complex:
		text = t + "(" + constant.ToInt(tv.Value).ExactString() + ")"
	}
	if complex {
		// Its parts as float64s, which the interpreter makes a complex128 of (of two
		// untyped integers it made a complex64, and a large one overflowed an int64).
		re, _ := constant.Float64Val(constant.Real(tv.Value))
		im, _ := constant.Float64Val(constant.Imag(tv.Value))
		text = t + "(complex(float64(" + strconv.FormatFloat(re, 'g', -1, 64) + "), float64(" + strconv.FormatFloat(im, 'g', -1, 64) + ")))"
	}
	at := l.off(e.Pos())
	l.add(at, l.off(e.End())-at, text, depth)
	return true
}

// isZeroFloat reports whether v, a constant of a float type, is zero.
func isZeroFloat(v constant.Value) bool {
	if v.Kind() != constant.Int && v.Kind() != constant.Float {
		return false
	}
	f, _ := constant.Float64Val(v)
	return f == 0
}

// fractionalOperand reports whether a constant operand inside e is not a whole number.
func (l *lowerer) fractionalOperand(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		x, ok := n.(ast.Expr)
		if !ok || found {
			return false
		}
		if tv, ok := l.info().Types[x]; ok && tv.Value != nil {
			if v := constant.ToInt(tv.Value); v.Kind() != constant.Int {
				found = true
			}
		}
		return !found
	})
	return found
}

// usesIota reports whether e names iota.
func usesIota(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == "iota" {
			found = true
		}
		return !found
	})
	return found
}
