package front

import (
	"go/ast"
	"go/types"
)

// Comparisons of a named type's value with a value of its unnamed underlying type. Go
// compares them (the unnamed one is assignable to the named type); the interpreter
// refused them with the named operand on the left ("mismatched types main.Pt and struct
// { X int; Y int }"). The unnamed operand is converted:
//
//	p == a  →  p == Pt(a)
//
// and so is a two-way channel compared with a directional one (see below).

// namedComparison lowers b as above.
func (l *lowerer) namedComparison(b *ast.BinaryExpr, depth int) {
	xt, yt, ok := l.comparedTypes(b)
	if !ok {
		return
	}
	unnamed := func(t types.Type) bool {
		switch t.(type) {
		case *types.Struct, *types.Array, *types.Slice, *types.Map, *types.Pointer, *types.Chan:
			return true
		}
		return false
	}
	var e ast.Expr
	var to types.Type
	xc, xChan := xt.(*types.Chan)
	yc, yChan := yt.(*types.Chan)
	switch {
	case xChan && yChan && xc.Dir() != yc.Dir() && types.Identical(xc.Elem(), yc.Elem()):
		// A channel with the directional one made of it (r == ch, r a <-chan int): the
		// interpreter refused them as mismatched.
		if xc.Dir() == types.SendRecv {
			e, to = b.X, yt
		} else {
			e, to = b.Y, xt
		}
	case !unnamed(xt) && unnamed(yt) && !types.IsInterface(xt) && types.Identical(xt.Underlying(), yt):
		e, to = b.Y, xt
	case !unnamed(yt) && unnamed(xt) && !types.IsInterface(yt) && types.Identical(yt.Underlying(), xt):
		e, to = b.X, yt
	default:
		return
	}
	t := l.typ(to)
	if t == "interface{}" {
		return
	}
	l.add(l.off(e.Pos()), 0, "("+t+")(", depth)
	l.add(l.off(e.End()), 0, ")", closing(depth))
}
