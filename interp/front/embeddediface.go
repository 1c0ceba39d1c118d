package front

import (
	"go/ast"
	"go/types"
	"strings"
)

// Methods promoted from an embedded interface. The interpreter panics ("invalid interface
// value") calling a method that a cell's struct gets from an embedded interface field
// once the struct has another field (type Service struct{ Logger; name string }, the
// strategy and decorator patterns). Selecting the field first works, so lowered code
// spells out the path:
//
//	svc.Log("started")  →  svc.Logger.Log("started")

// ifacePromoted lowers s, a selector, as described above.
func (l *lowerer) ifacePromoted(s *ast.SelectorExpr) {
	sel := l.info().Selections[s]
	if sel == nil || sel.Kind() != types.MethodVal || len(sel.Index()) < 2 {
		return
	}
	t := l.applied(sel.Recv())
	var names []string
	cell := false
	for _, i := range sel.Index()[:len(sel.Index())-1] {
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok {
			return
		}
		cell = cellValue(t)
		f := st.Field(i)
		names = append(names, (&viewGen{l: l}).fieldName(f))
		t = l.applied(f.Type())
	}
	if !cell || !types.IsInterface(t) {
		return // the method is not the interface's, or the struct is compiled
	}
	l.add(l.off(s.X.End()), 0, "."+strings.Join(names, "."), 0)
}
