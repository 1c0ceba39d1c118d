package front

import (
	"go/ast"
	"go/types"
	"reflect"
)

// Assertions to a type whose methods come through an embedded pointer (or interface). The interpreter
// refuses x.(*Sign), with Sign a struct embedding *opt.Base, at compile time ("impossible
// type assertion: missing Hyper method"), and x.(User) with User embedding a *Base
// ("Name method has a pointer receiver"): it does not see the methods the embedded
// pointer brings. Go accepts both. Asserted from an any, the same values convert; and
// a compiled interface such as opt.Optimizer holds the interpreter's wrapper around the
// cell's value, which Inner takes out first:
//
//	o.(*Sign)  →  ᐅdescent.Inner(o).(*Sign)
//	n.(User)   →  any(n).(User)

// promotedAssert lowers the operand x of an assertion to target as above, and reports
// whether it did.
func (l *lowerer) promotedAssert(x ast.Expr, target types.Type, depth int) bool {
	prefix, ok := promotedPrefix(l.applied(l.typeOf(x)), l.applied(target))
	if !ok {
		return false
	}
	l.add(l.off(x.Pos()), 0, prefix, depth)
	l.add(l.off(x.End()), 0, ")", closing(depth))
	return true
}

// promotedOperand returns x, the text of an operand of type xt, as an assertion of it
// to target needs it (see above).
func (l *lowerer) promotedOperand(x string, xt, target types.Type) string {
	if prefix, ok := promotedPrefix(l.applied(xt), l.applied(target)); ok {
		return prefix + x + ")"
	}
	return x
}

// promotedPrefix returns what goes before an operand of type xt asserted to target, and
// whether the assertion needs it.
func promotedPrefix(xt, target types.Type) (string, bool) {
	if xt == nil || target == nil || !types.IsInterface(xt) || isAny(xt) || !embedsPointer(target) {
		return "", false
	}
	if named, ok := types.Unalias(xt).(*types.Named); ok && (named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != "main") {
		return HookName + ".Inner(", true // a compiled interface, error among them
	}
	return "any(", true
}

// embedsPointer reports whether t, or what it points to, is a cell's struct type with an
// embedded pointer or interface field.
func embedsPointer(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "main" {
		return false
	}
	s, ok := n.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range s.NumFields() {
		if f := s.Field(i); f.Embedded() {
			switch f.Type().Underlying().(type) {
			case *types.Pointer, *types.Interface:
				return true
			}
		}
	}
	return false
}

// inner returns the value the interpreter's wrapper x holds for a compiled interface,
// or x itself. A wrapper is a struct whose first field, IValue, holds the value.
func inner(x any) any {
	v := reflect.ValueOf(x)
	if v.Kind() == reflect.Struct && v.NumField() > 0 && v.Type().Field(0).Name == "IValue" {
		return v.Field(0).Interface()
	}
	return x
}
