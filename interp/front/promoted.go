package front

import (
	"go/ast"
	"go/types"
	"reflect"

	"github.com/descentlab/descent/interp/front/fmtview"
)

// Assertions to a type whose methods come through an embedded pointer or interface. The
// interpreter refuses x.(*Sign), with Sign a struct embedding *opt.Base, at compile time
// ("impossible type assertion: missing Hyper method"), and x.(User) with User embedding
// a *Base ("Name method has a pointer receiver"): it does not see the methods the
// embedded pointer brings. Go accepts both. Asserted from an any, the same values
// convert; and a compiled interface such as opt.Optimizer holds the interpreter's
// wrapper around the cell's value (and, made by opt.New from a cell's factory, a guard
// around that), which Inner takes out first:
//
//	o.(*Sign)  →  ᐅdescent.Inner(o).(*Sign)
//	n.(User)   →  any(n).(User)

// promotedAssertion returns the text that goes before and after the operand of a, an
// assertion, to lower it as above, and whether a needs it. A nil operand is tested
// first: asserted from an any, it would crash the interpreter.
func (l *lowerer) promotedAssertion(a *ast.TypeAssertExpr) (prefix, suffix string, ok bool) {
	target := l.applied(l.typeOf(a.Type))
	held, ok := promotedPrefix(l.applied(l.typeOf(a.X)), target)
	ts := l.typ(target)
	if !ok || ts == "interface{}" {
		return "", "", false
	}
	prefix, suffix = nilTested(ts, fmtTypeName(target), held+"ᐅx)", "*new("+ts+")", l.okAsserts[a])
	return prefix, suffix, true
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
// whether the assertion needs it: an assertion from a library interface to a cell's type
// always, since a plugin's factory hands the library its value behind a guard (see
// interp/plugin); from error or a cell's interface where the target's methods come
// through an embedded field.
func promotedPrefix(xt, target types.Type) (string, bool) {
	if xt == nil || target == nil || !types.IsInterface(xt) || isAny(xt) {
		return "", false
	}
	named, _ := types.Unalias(xt).(*types.Named)
	library := named != nil && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() != "main"
	switch {
	case library && cellConcrete(target):
		return HookName + ".Inner(", true
	case !embedsPointer(target):
		return "", false
	case named != nil && named.Obj().Pkg() == nil:
		return HookName + ".Inner(", true // error
	}
	return "any(", true
}

// cellConcrete reports whether t, or what it points to, is a cell's named type that is
// not an interface.
func cellConcrete(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "main" && !types.IsInterface(n)
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
			case *types.Struct:
				if embedsPointer(f.Type()) {
					return true // two levels down, through a struct value
				}
			}
		}
	}
	return false
}

// inner returns the value a compiled interface holds for a cell: out of the guard a
// plugin's factory put it behind (whose Unwrap method gives it), and out of the
// interpreter's wrapper (a struct whose first field, IValue, holds the value); or x
// itself.
func inner(x any) any {
	v := reflect.ValueOf(x)
	for v.Kind() == reflect.Pointer && v.Type().Elem().PkgPath() == guardPackage {
		m := v.MethodByName("Unwrap")
		if !m.IsValid() || m.Type().NumIn() != 0 || m.Type().NumOut() != 1 {
			break
		}
		v = m.Call(nil)[0]
		if v.Kind() == reflect.Interface {
			v = v.Elem()
		}
	}
	if x, ok := fmtview.WrapperHeld(v); ok {
		v = x
	}
	if !v.IsValid() {
		return nil
	}
	return v.Interface()
}

// guardPackage is the package of the guards around what a cell's plugin factories make.
const guardPackage = "github.com/descentlab/descent/interp/plugin"
