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

// sameNamedEmbeds spells out, in the interface type of ts, an embedded interface that
// has a method of its own name (type Loss interface{ Loss(w float64) float64 },
// embedded in Objective): the interpreter took o.Loss for the embedded interface, and
// its call failed with "too many arguments". An interface's methods are its type, so
// spelling them out changes nothing else:
//
//	type Objective interface{ Loss; Grad(w float64) float64 }  →  type Objective interface{ Loss(w float64) float64; Grad(w float64) float64 }
func (l *lowerer) sameNamedEmbeds(ts *ast.TypeSpec, depth int) {
	it, ok := ts.Type.(*ast.InterfaceType)
	if !ok || it.Methods == nil {
		return
	}
	for _, f := range it.Methods.List {
		if len(f.Names) > 0 {
			continue
		}
		id, ok := f.Type.(*ast.Ident)
		if !ok {
			continue
		}
		tn, ok := l.info().Uses[id].(*types.TypeName)
		if !ok {
			continue
		}
		n, ok := types.Unalias(tn.Type()).(*types.Named)
		if !ok || n.TypeParams().Len() > 0 {
			continue
		}
		embedded, ok := n.Underlying().(*types.Interface)
		if !ok || !embedded.IsMethodSet() {
			continue
		}
		if m, _, _ := types.LookupFieldOrMethod(n, false, tn.Pkg(), id.Name); m == nil {
			continue
		}
		var methods []string
		for m := range embedded.Methods() {
			spelled := l.typ(m.Type())
			if !strings.HasPrefix(spelled, "func(") {
				return
			}
			methods = append(methods, m.Name()+strings.TrimPrefix(spelled, "func"))
		}
		l.replace(f, strings.Join(methods, "; "), depth)
	}
}
