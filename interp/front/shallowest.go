package front

import (
	"go/ast"
	"go/types"
)

// Promoted names at several depths. Go selects the field or method of a name at the
// shallowest depth of a struct's embedded fields; the interpreter takes the first it
// meets walking them depth first, in the order they are declared. So with
//
//	type Base struct{ Hyper }        // Hyper has LR
//	type Adam struct{ Base; Config } // Config has LR
//
// a.LR read and wrote a.Base.Hyper.LR, where Go means a.Config.LR. Where a selected
// name is found more than once below the operand's type, lowered code spells out the
// path Go takes:
//
//	a.LR = 0.5  →  a.Config.LR = 0.5

// shallowest lowers s, a selector of a promoted field or method, as described above. A
// method value (not called) is left to methodValue, which spells the path itself.
func (l *lowerer) shallowest(s *ast.SelectorExpr, called map[ast.Expr]bool) {
	sel := l.info().Selections[s]
	if sel == nil || sel.Kind() == types.MethodExpr || len(sel.Index()) < 2 {
		return
	}
	// A method value of a compiled type's method promoted through a cell's struct
	// (w.String, with *opt.SGD embedded): the interpreter's took another method of the
	// compiled type (Step), so it is taken of the field that has it.
	fn, _ := sel.Obj().(*types.Func)
	compiledValue := sel.Kind() == types.MethodVal && !called[s] && fn != nil && fn.Pkg() != nil && fn.Pkg().Path() != "main"
	if sel.Kind() == types.MethodVal && !called[s] && !compiledValue {
		return
	}
	path, holder, t, ok := l.embeddedPath(sel)
	if !ok || path == "" || sel.Kind() == types.MethodVal && cellValue(holder) && types.IsInterface(t) {
		return // (spelled out already, see ifacePromoted)
	}
	several := occurrences(l.applied(sel.Recv()), s.Sel.Name, 0, map[types.Type]bool{}) > 1
	if compiledValue && cellValue(holder) && !several {
		return // a method of the embedded field's own type: the interpreter's is right
	}
	if !compiledValue && !several {
		return
	}
	l.add(l.off(s.X.End()), 0, path, 0)
}

// occurrences counts the fields and methods named name in t's embedded fields, at any
// depth, as far as maxEmbedDepth.
func occurrences(t types.Type, name string, depth int, seen map[types.Type]bool) int {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || depth > maxEmbedDepth || seen[t] {
		return 0
	}
	seen[t] = true // (on this path: a type embedded twice counts twice)
	defer delete(seen, t)
	n := 0
	for i := range st.NumFields() {
		f := st.Field(i)
		if f.Name() == name {
			n++
		}
		if !f.Embedded() {
			continue
		}
		ft := f.Type()
		if p, ok := ft.Underlying().(*types.Pointer); ok {
			ft = p.Elem()
		}
		if named, ok := types.Unalias(ft).(*types.Named); ok {
			for j := range named.NumMethods() {
				if named.Method(j).Name() == name {
					n++
				}
			}
		}
		if it, ok := ft.Underlying().(*types.Interface); ok {
			for j := range it.NumMethods() {
				if it.Method(j).Name() == name {
					n++
				}
			}
		}
		n += occurrences(ft, name, depth+1, seen)
	}
	return n
}

// maxEmbedDepth bounds the search of occurrences.
const maxEmbedDepth = 8
