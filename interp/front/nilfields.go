package front

import (
	"go/ast"
	"go/types"
	"strings"
)

// Nil fields of struct literals. The interpreter builds a struct type that refers to
// itself (Children []*Node) with a placeholder for the type inside, and setting such a
// field from an explicit nil then panicked (reflect.Set of the real type into the
// placeholder's). A nil field is the field's zero value, which leaving it out gives too:
//
//	&Node{Val: 2, Children: nil}  →  &Node{Val: 2, }
//	Node{2, nil}                  →  Node{Val: 2, }

// nilFields lowers lit, a struct literal, as described above.
func (l *lowerer) nilFields(lit *ast.CompositeLit, depth int) {
	t := l.typeOf(lit)
	if t == nil {
		return
	}
	if p, ok := l.applied(t).Underlying().(*types.Pointer); ok && lit.Type == nil {
		t = p.Elem() // an element whose &T is left out
	}
	st, ok := l.applied(t).Underlying().(*types.Struct)
	if !ok || len(lit.Elts) == 0 {
		return
	}
	found := false
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			found = found || isNil(l, kv.Value)
		} else {
			found = found || isNil(l, e)
		}
	}
	if !found {
		return
	}
	_, keyed := lit.Elts[0].(*ast.KeyValueExpr)
	if !keyed {
		if compiledNamed(t) || len(lit.Elts) != st.NumFields() {
			return // (a compiled type's fields may not be named here)
		}
		for f := range st.Fields() {
			if f.Embedded() && isInstance(f.Type()) {
				return // named for its lowered type (see embeddedInstance)
			}
		}
	}
	for i, e := range lit.Elts {
		value := e
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			value = kv.Value
		}
		if !isNil(l, value) {
			if !keyed {
				name := st.Field(i).Name()
				if shadowsMethod(st, st.Field(i)) {
					name += shadowSuffix
				}
				l.add(l.off(e.Pos()), 0, name+": ", -1) // (outside what wraps the value)
			}
			continue
		}
		end := l.off(e.End())
		if i+1 < len(lit.Elts) {
			end = l.off(lit.Elts[i+1].Pos())
		} else if after := textOf(l.src, e.End(), lit.Rbrace); strings.HasPrefix(strings.TrimLeft(after, " \t"), ",") {
			end += strings.Index(after, ",") + 1 // its comma, which alone would be a syntax error
		}
		at := l.off(e.Pos())
		l.edits = append(l.edits, edit{at: at, del: end - at, rank: depth, blank: true})
	}
}
