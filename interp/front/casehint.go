package front

import (
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"strings"
)

// Hints at a name written in another case. go/types adds ", but does have field X" to
// "p.x undefined" only where the type's package is the selector's: the types of earlier
// cells live in a package object of their own (see base.go), so it left the hint out,
// which the compiler, seeing one package, gives.

var (
	noFieldOrMethod = regexp.MustCompile(`^\S+ undefined \(type \S+ has no field or method (\w+)\)$`)
	unexportedHint  = regexp.MustCompile(`^\S+ undefined \(type \S+ has no field or method \w+, but does have unexported (field|method) \w+\)$`)
	unknownField    = regexp.MustCompile(`^unknown field (\w+) in struct literal of type \S+$`)
)

// caseHint returns msg, an error at pos, with what the compiler adds when the name it
// misses is a field or method of another case: ", but does have field X".
func (k *check) caseHint(pos token.Pos, msg string) string {
	if unexportedHint.MatchString(msg) {
		// An earlier cell's type, which go/types sees in another package: in one
		// package, the compiler calls the name a field or method, not unexported.
		var t types.Type
		ast.Inspect(k.file, func(n ast.Node) bool {
			if s, ok := n.(*ast.SelectorExpr); ok && s.Sel.Pos() == pos {
				t = k.tinfo.TypeOf(s.X)
			}
			return t == nil
		})
		if t != nil && cellValue(types.Unalias(t)) {
			return strings.Replace(msg, "but does have unexported ", "but does have ", 1)
		}
		return msg
	}
	if m := noFieldOrMethod.FindStringSubmatch(msg); m != nil {
		var t types.Type
		ast.Inspect(k.file, func(n ast.Node) bool {
			if s, ok := n.(*ast.SelectorExpr); ok && s.Sel.Pos() == pos {
				t = k.tinfo.TypeOf(s.X)
			}
			return t == nil
		})
		if t == nil {
			return msg
		}
		if name, kind := otherCase(t, m[1]); name != "" {
			return strings.TrimSuffix(msg, ")") + ", but does have " + kind + " " + name + ")"
		}
		return msg
	}
	if m := unknownField.FindStringSubmatch(msg); m != nil {
		var t types.Type
		ast.Inspect(k.file, func(n ast.Node) bool {
			if c, ok := n.(*ast.CompositeLit); ok {
				for _, e := range c.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); ok && kv.Key.Pos() == pos {
						t = k.tinfo.TypeOf(c)
					}
				}
			}
			return t == nil
		})
		if t == nil {
			return msg
		}
		if name, kind := otherCase(t, m[1]); kind == "field" {
			return msg + ", but does have " + name
		}
	}
	return msg
}

// otherCase returns the field or method of t (or what it points to) whose name is sel
// in another case, and which it is.
func otherCase(t types.Type, sel string) (name, kind string) {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if st, ok := t.Underlying().(*types.Struct); ok {
		for i := range st.NumFields() {
			if f := st.Field(i); f.Name() != sel && strings.EqualFold(f.Name(), sel) {
				return f.Name(), "field"
			}
		}
	}
	ms := types.NewMethodSet(types.NewPointer(t))
	if types.IsInterface(t) {
		ms = types.NewMethodSet(t)
	}
	for i := range ms.Len() {
		if n := ms.At(i).Obj().Name(); n != sel && strings.EqualFold(n, sel) {
			return n, "method"
		}
	}
	return "", ""
}
