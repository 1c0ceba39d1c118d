package front

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Shifted constants. In a shift by a variable, an untyped constant takes the type the
// context gives the shift (mask&(1<<i) with mask a uint8 shifts a uint8); the
// interpreter shifts an int, then panics using it as the context's type (reflect: call
// of reflect.Value.Uint on int Value; value of type int is not assignable to type int8).
// The constant is converted to its type as Go sees it:
//
//	mask&(1<<i)  →  mask&(uint8(1)<<i)

// shiftedConstant lowers the untyped constant shifted by b as above.
func (l *lowerer) shiftedConstant(b *ast.BinaryExpr, depth int) {
	if b.Op != token.SHL && b.Op != token.SHR {
		return
	}
	tv, ok := l.info().Types[b]
	if !ok || tv.Value != nil || !l.untypedInt(b.X) {
		return // a constant shift, or one of a typed operand
	}
	t := l.applied(tv.Type)
	basic, ok := t.Underlying().(*types.Basic)
	if !ok || basic.Info()&types.IsInteger == 0 || basic.Info()&types.IsUntyped != 0 || types.Identical(t, types.Typ[types.Int]) {
		return // int is what the interpreter shifts anyway
	}
	s := l.typ(t)
	if s == "interface{}" {
		return // a type declared in a function: no name to give it
	}
	l.add(l.off(b.X.Pos()), 0, s+"(", depth)
	l.add(l.off(b.X.End()), 0, ")", closing(depth))
}

// signedShift lowers count, the count of a shift, when it is a variable of a signed
// integer type: Go panics on a negative one, which the interpreter takes for a shift by
// zero.
//
//	x << n  →  x << ᐅdescent.ShiftCount(int64(n))
func (l *lowerer) signedShift(count ast.Expr, depth int) {
	tv, ok := l.info().Types[count]
	if !ok || tv.Value != nil || tv.Type == nil {
		return
	}
	basic, ok := l.applied(tv.Type).Underlying().(*types.Basic)
	if !ok || basic.Info()&types.IsInteger == 0 || basic.Info()&types.IsUnsigned != 0 {
		return
	}
	l.add(l.off(count.Pos()), 0, HookName+".ShiftCount(int64(", depth)
	l.add(l.off(count.End()), 0, "))", closing(depth))
}
