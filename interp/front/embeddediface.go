package front

import (
	"go/ast"
	"go/types"
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
	path, holder, t, ok := l.embeddedPath(sel)
	if !ok || !cellValue(holder) || !types.IsInterface(t) {
		return // the method is not the interface's, or the struct is compiled
	}
	l.add(l.off(s.X.End()), 0, path, 0)
}

// embeddedPath returns the selector path from the operand of sel, a method selection, to
// the embedded field whose type has the method (".Logger", "" for the operand's own), the
// struct type that holds that field, and the field's type.
func (l *lowerer) embeddedPath(sel *types.Selection) (path string, holder, field types.Type, ok bool) {
	field = l.applied(sel.Recv())
	for _, i := range sel.Index()[:len(sel.Index())-1] {
		if p, ok := field.Underlying().(*types.Pointer); ok {
			field = p.Elem()
		}
		st, ok := field.Underlying().(*types.Struct)
		if !ok {
			return "", nil, nil, false
		}
		f := st.Field(i)
		path += "." + (&viewGen{l: l}).fieldName(f)
		holder, field = field, l.applied(f.Type())
	}
	return path, holder, field, true
}
