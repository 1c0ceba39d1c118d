package front

import (
	"go/ast"
	"go/types"
)

// Declared functions passed beside a spread slice. The interpreter sets the parameters of
// a call with xs... by reflection, and a function a cell declared is, as an argument,
// still its own node there (in its cell or a later one): apply(neg, base...) panicked with "reflect.Set: value of type
// *interp.node is not assignable to type func(float64) float64". Converted to its type,
// the function is a value the call can set:
//
//	apply(neg, base...)  →  apply((func(float64) float64)(neg), base...)

// spreadFuncArgs lowers the arguments of c, a call, as above when it spreads a slice.
func (l *lowerer) spreadFuncArgs(c *ast.CallExpr, depth int) {
	if !c.Ellipsis.IsValid() {
		return
	}
	for _, a := range c.Args {
		var id *ast.Ident
		switch x := ast.Unparen(a).(type) {
		case *ast.Ident:
			id = x
		case *ast.IndexExpr: // an instance of a generic function, Neg[float64]
			id, _ = ast.Unparen(x.X).(*ast.Ident)
		case *ast.IndexListExpr:
			id, _ = ast.Unparen(x.X).(*ast.Ident)
		}
		if id == nil {
			continue
		}
		switch obj := l.info().Uses[id].(type) {
		case *types.Func:
			if obj.Pkg() == nil || obj.Pkg().Path() != "main" {
				continue // a library function is a value already
			}
		case *types.Var:
			// (An earlier cell's function is a variable to later cells; a variable
			// holding a function loses nothing.)
			if _, fn := obj.Type().Underlying().(*types.Signature); !fn {
				continue
			}
		default:
			continue
		}
		t := l.typ(l.applied(l.typeOf(a)))
		if t == "interface{}" {
			continue
		}
		l.add(l.off(a.Pos()), 0, "("+t+")(", depth)
		l.add(l.off(a.End()), 0, ")", closing(depth))
	}
}
