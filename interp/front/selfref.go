package front

import (
	"go/ast"
	"go/types"
)

// Types that refer to themselves without a struct in between. The interpreter builds a
// cell's recursive type through its struct fields (type Node struct{ Kids []*Node }
// works), but not one that reaches itself through elements, keys or a function's
// parameters and results alone: type Tree []Tree and type M map[string]M panicked when
// used, type stateFn func(int) stateFn too, and type Visitor func(float64) []Visitor
// overflowed the interpreter's stack, which killed it with every variable. Such a
// declaration is refused with a way around it.

// selfReference reports, as an error of the lowering, a type spec whose type refers to
// itself as described above.
func (l *lowerer) selfReference(ts *ast.TypeSpec) {
	tn, ok := l.info().Defs[ts.Name].(*types.TypeName)
	if !ok || tn.IsAlias() {
		return
	}
	n, ok := tn.Type().(*types.Named)
	if !ok {
		return
	}
	if _, isStruct := n.Underlying().(*types.Struct); isStruct {
		return
	}
	if _, isIface := n.Underlying().(*types.Interface); isIface {
		return // an interface's methods may name it (type Expr interface{ Simplify() Expr })
	}
	if !reaches(n.Underlying(), n, map[types.Type]bool{}) {
		return
	}
	l.errorf(ts.Name.Pos(), "type %s refers to itself without a struct in between, which this kernel's interpreter cannot represent: "+
		"let a struct hold the reference, as in type Node struct{ Children []*Node }", n.Obj().Name())
}

// reaches reports whether t is made of target without passing through a struct type.
func reaches(t types.Type, target *types.Named, seen map[types.Type]bool) bool {
	t = types.Unalias(t)
	if seen[t] {
		return false
	}
	seen[t] = true
	switch u := t.(type) {
	case *types.Named:
		if u == target {
			return true
		}
		if _, isStruct := u.Underlying().(*types.Struct); isStruct || u.Obj().Pkg() == nil || u.Obj().Pkg() != target.Obj().Pkg() {
			return false
		}
		if types.IsInterface(u) {
			return false
		}
		return reaches(u.Underlying(), target, seen)
	case *types.Pointer:
		return reaches(u.Elem(), target, seen)
	case *types.Slice:
		return reaches(u.Elem(), target, seen)
	case *types.Array:
		return reaches(u.Elem(), target, seen)
	case *types.Chan:
		return reaches(u.Elem(), target, seen)
	case *types.Map:
		return reaches(u.Key(), target, seen) || reaches(u.Elem(), target, seen)
	case *types.Signature:
		for _, tup := range []*types.Tuple{u.Params(), u.Results()} {
			for i := range tup.Len() {
				if reaches(tup.At(i).Type(), target, seen) {
					return true
				}
			}
		}
	}
	return false
}
