package front

import (
	"go/ast"
	"go/types"
)

// Fields named like a method of an embedded type. A struct's own field hides a method
// that an embedded field promotes (type Mine struct{ *opt.Base; State []float64 }, where
// *opt.Base has a State method), but the interpreter refuses every use of such a field
// ("ambiguous selector: State"). The field is renamed, in its declaration, its keys and
// its selectors:
//
//	type Mine struct{ *opt.Base; State []float64 }  →  type Mine struct{ *opt.Base; Stateᐅ []float64 }
//	m.State                                         →  m.Stateᐅ
//
// (Printing, json and the front end's messages name the field as the cell does.)

// shadowSuffix is what a renamed field's name ends with.
const shadowSuffix = "ᐅ"

// shadowsMethod reports whether f, a field of st that is not embedded, is named like a
// method that an embedded field of st promotes.
func shadowsMethod(st *types.Struct, f *types.Var) bool {
	if f.Embedded() || f.Name() == "_" {
		return false
	}
	// A method of the embedded type itself, one level down (the interpreter refuses
	// only that depth).
	for e := range st.Fields() {
		if !e.Embedded() {
			continue
		}
		t := types.Unalias(e.Type())
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = types.Unalias(p.Elem())
		}
		if it, ok := t.Underlying().(*types.Interface); ok {
			for m := range it.Methods() {
				if m.Name() == f.Name() {
					return true
				}
			}
			continue
		}
		if n, ok := t.(*types.Named); ok {
			for m := range n.Methods() {
				if m.Name() == f.Name() {
					return true
				}
			}
		}
	}
	return false
}

// shadowFieldDecls renames the fields of st, a struct type written in a cell, that
// shadow a promoted method.
func (l *lowerer) shadowFieldDecls(st *ast.StructType) {
	t, ok := l.info().Types[st].Type.(*types.Struct)
	if !ok || st.Fields == nil {
		return
	}
	for _, f := range st.Fields.List {
		for _, name := range f.Names {
			if v, ok := l.info().Defs[name].(*types.Var); ok && shadowsMethod(t, v) {
				l.add(l.off(name.End()), 0, shadowSuffix, 0)
			}
		}
	}
}

// shadowFieldUse renames id, the name of a field of the struct type of its selection
// (a selector's, or a literal's key), if the field shadows a promoted method.
func (l *lowerer) shadowFieldUse(id *ast.Ident, holder types.Type) {
	holder = pointedTo(holder)
	st, ok := holder.Underlying().(*types.Struct)
	if !ok || compiledNamed(holder) {
		return
	}
	for f := range st.Fields() {
		if f.Name() == id.Name && shadowsMethod(st, f) {
			l.add(l.off(id.End()), 0, shadowSuffix, 0)
			return
		}
	}
}

// shadowSelector renames the field s selects, if it shadows a promoted method.
func (l *lowerer) shadowSelector(s *ast.SelectorExpr) {
	sel := l.info().Selections[s]
	if sel == nil || sel.Kind() != types.FieldVal {
		return
	}
	// The struct that holds the field: along the path of embedded fields.
	holder := sel.Recv()
	for _, i := range sel.Index()[:len(sel.Index())-1] {
		holder = pointedTo(holder)
		st, ok := holder.Underlying().(*types.Struct)
		if !ok {
			return
		}
		holder = st.Field(i).Type()
	}
	l.shadowFieldUse(s.Sel, holder)
}

// shadowKeys renames the keys of lit, a struct literal, that name fields shadowing a
// promoted method.
func (l *lowerer) shadowKeys(lit *ast.CompositeLit) {
	t := l.typeOf(lit)
	if t == nil {
		return
	}
	if p, ok := l.applied(t).Underlying().(*types.Pointer); ok && lit.Type == nil {
		t = p.Elem()
	}
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				l.shadowFieldUse(id, l.applied(t))
			}
		}
	}
}

// pointedTo returns t, or what it points to through any number of pointers (t itself
// for type P *P, which points to itself).
func pointedTo(t types.Type) types.Type {
	seen := map[types.Type]bool{}
	for !seen[t] {
		seen[t] = true
		p, ok := types.Unalias(t).Underlying().(*types.Pointer)
		if !ok {
			return t
		}
		t = p.Elem()
	}
	return t
}
