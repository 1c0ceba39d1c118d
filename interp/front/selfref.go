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

// A struct that reaches, through its fields, a map keyed by a pointer to itself (type Node
// struct{ Adj map[*Node]float64 }, a graph's weighted edges, an autodiff node's set of
// parents). The interpreter builds the map's type with a placeholder for the struct it
// is still building and never puts the struct back in: the map a cell makes is not the
// field's type (the first assignment panicked, with a message about functions held in
// slices), and another struct holding a *Node crashed the interpreter's compiler. Such a
// declaration is refused with a way around it.

// selfKeyedMap reports, as an error of the lowering, a struct type spec whose type reaches
// a map keyed by itself, as described above.
func (l *lowerer) selfKeyedMap(ts *ast.TypeSpec) {
	tn, ok := l.info().Defs[ts.Name].(*types.TypeName)
	if !ok || tn.IsAlias() {
		return
	}
	n, ok := tn.Type().(*types.Named)
	if !ok {
		return
	}
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return
	}
	seen := map[keyedVisit]bool{}
	for i := range st.NumFields() {
		f := st.Field(i)
		if keyedBy(f.Type(), n, false, seen) {
			l.errorf(ts.Name.Pos(), "type %s's field %s holds a map whose key leads back to %s (as map[*%s]bool does), which this kernel's interpreter cannot represent: "+
				"key the map by an index or a name (map[int]float64 with the node's ID), or keep the other nodes in a slice", n.Obj().Name(), f.Name(), n.Obj().Name(), n.Obj().Name())
			return
		}
	}
}

// keyedVisit is a type met on the walk of keyedBy, in a map's key or not.
type keyedVisit struct {
	t     types.Type
	inKey bool
}

// keyedBy reports whether t, met in a map's key if inKey, is or holds a map whose key
// holds target, through pointers, elements and the fields of the package's structs.
func keyedBy(t types.Type, target *types.Named, inKey bool, seen map[keyedVisit]bool) bool {
	t = types.Unalias(t)
	if seen[keyedVisit{t, inKey}] {
		return false
	}
	seen[keyedVisit{t, inKey}] = true
	switch u := t.(type) {
	case *types.Named:
		if u.Origin() == target.Origin() {
			return inKey
		}
		if u.Obj().Pkg() == nil || u.Obj().Pkg() != target.Obj().Pkg() {
			return false
		}
		return keyedBy(u.Underlying(), target, inKey, seen)
	case *types.Pointer:
		return keyedBy(u.Elem(), target, inKey, seen)
	case *types.Slice:
		return keyedBy(u.Elem(), target, inKey, seen)
	case *types.Array:
		return keyedBy(u.Elem(), target, inKey, seen)
	case *types.Chan:
		return keyedBy(u.Elem(), target, inKey, seen)
	case *types.Map:
		return keyedBy(u.Key(), target, true, seen) || keyedBy(u.Elem(), target, inKey, seen)
	case *types.Struct:
		for i := range u.NumFields() {
			if keyedBy(u.Field(i).Type(), target, inKey, seen) {
				return true
			}
		}
	}
	return false
}
