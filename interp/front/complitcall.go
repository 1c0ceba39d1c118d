package front

import (
	"go/ast"
)

// Elements of a composite literal that index a call's result and select from it. The
// interpreter panics with a nil dereference on []float64{opt.HypersOf(o)[0].Float("lr")}
// (and []string{reflect.VisibleFields(t)[1].Name}); the same expression as a function's
// result works:
//
//	[]float64{opt.HypersOf(o)[0].Float("lr")}  →  []float64{func() float64 { return opt.HypersOf(o)[0].Float("lr") }()}

// litCallElements lowers the elements of c as described above.
func (l *lowerer) litCallElements(c *ast.CompositeLit, depth int) {
	for _, e := range c.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			e = kv.Value
		}
		if !selectsFromIndexedCall(e) || l.callsRecover(e) {
			continue
		}
		t := l.typeOf(e)
		if t == nil {
			continue
		}
		ts := l.typ(l.applied(t))
		if ts == "interface{}" {
			continue
		}
		l.add(l.off(e.Pos()), 0, "func() "+ts+" { return ", depth)
		l.add(l.off(e.End()), 0, " }()", closing(depth))
	}
}

// selectsFromIndexedCall reports whether e selects a field or method from an index of a
// call's result: f()[i].X, f()[i].M(), f(x)[i].M().N.
func selectsFromIndexedCall(e ast.Expr) bool {
	selected := false
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.SelectorExpr:
			selected = true
			e = x.X
		case *ast.CallExpr:
			e = x.Fun
		case *ast.IndexExpr:
			if _, call := ast.Unparen(x.X).(*ast.CallExpr); call && selected {
				return true
			}
			e = x.X
		default:
			return false
		}
	}
}
