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
	n := l.definedNamed(ts)
	if n == nil {
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

// definedNamed returns the named type ts defines, or nil for an alias.
func (l *lowerer) definedNamed(ts *ast.TypeSpec) *types.Named {
	tn, ok := l.info().Defs[ts.Name].(*types.TypeName)
	if !ok || tn.IsAlias() {
		return nil
	}
	n, _ := tn.Type().(*types.Named)
	return n
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
// struct{ Adj map[*Node]float64 }, an autodiff tape's map[*Value]float64 that a Value
// points back to). The interpreter builds the key with a placeholder for the struct it is
// still building, and puts the struct back in only where a field's type ends in it
// (map[*Node][]*Node is mended, map[*Node]float64 is not): the map a cell makes is not
// the field's type (the first assignment panicked, with a message about functions held
// in slices), and another struct holding a *Node crashed the interpreter's compiler.
// Such a declaration is refused with a way around it.

// selfKeyedMap reports, as an error of the lowering, a struct type spec whose type reaches
// such a map, as described above.
func (l *lowerer) selfKeyedMap(ts *ast.TypeSpec) {
	n := l.definedNamed(ts)
	if n == nil {
		return
	}
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return
	}
	seen := map[types.Type]bool{}
	for i := range st.NumFields() {
		f := st.Field(i)
		if placeholderKey(f.Type(), n) || reachesPlaceholderKey(f.Type(), n, seen) {
			l.errorf(ts.Name.Pos(), "type %s's field %s holds a map whose key holds a *%s (as map[*%s]float64 does), which this kernel's interpreter cannot represent: "+
				"key the map by an index or a name (map[int]float64 with the node's ID), or keep the other nodes in a slice", n.Obj().Name(), f.Name(), n.Obj().Name(), n.Obj().Name())
			return
		}
	}
}

// reachesPlaceholderKey reports whether t leads, through pointers, elements and the
// package's types, to a struct with a field of such a map (see placeholderKey), not into
// generic instances (which the interpreter builds as types of their own).
func reachesPlaceholderKey(t types.Type, target *types.Named, seen map[types.Type]bool) bool {
	t = types.Unalias(t)
	if seen[t] {
		return false
	}
	seen[t] = true
	switch u := t.(type) {
	case *types.Named:
		if u.Obj().Pkg() != target.Obj().Pkg() || u.Origin() == target.Origin() || u.TypeArgs().Len() > 0 {
			return false
		}
		return reachesPlaceholderKey(u.Underlying(), target, seen)
	case *types.Pointer, *types.Slice, *types.Array, *types.Chan:
		return reachesPlaceholderKey(elemOf(u), target, seen)
	case *types.Map:
		return reachesPlaceholderKey(u.Key(), target, seen) || reachesPlaceholderKey(u.Elem(), target, seen)
	case *types.Struct:
		for i := range u.NumFields() {
			f := u.Field(i).Type()
			if placeholderKey(f, target) || reachesPlaceholderKey(f, target, seen) {
				return true
			}
		}
	}
	return false
}

// placeholderKey reports whether t, a field's type, holds a map keyed by *target (not
// through a struct or a function) and does not end in target, as the interpreter mends
// only those that do.
func placeholderKey(t types.Type, target *types.Named) bool {
	return keyedByPointer(t, target) && !endsIn(t, target)
}

// keyedByPointer reports whether t is or holds, through pointers, elements and the
// package's named non-struct types, a map keyed by *target (see keyReaches).
func keyedByPointer(t types.Type, target *types.Named) bool {
	switch u := types.Unalias(t).(type) {
	case *types.Named:
		if _, isStruct := u.Underlying().(*types.Struct); isStruct || u.Obj().Pkg() != target.Obj().Pkg() || u.TypeArgs().Len() > 0 {
			return false
		}
		if types.IsInterface(u) || u.Origin() == target.Origin() {
			return false
		}
		return keyedByPointer(u.Underlying(), target)
	case *types.Pointer, *types.Slice, *types.Array, *types.Chan:
		return keyedByPointer(elemOf(u), target)
	case *types.Map:
		return keyReaches(u.Key(), target, false, map[types.Type]bool{}) || keyedByPointer(u.Elem(), target)
	}
	return false
}

// keyReaches reports whether t, a map's key type, holds a pointer to target, as *T,
// [2]*T or a struct of them (type Edge struct{ From, To *Node }) do; not a channel of
// them, nor a pointer to another struct that points to target, which the interpreter
// builds apart. behind is whether t is behind a pointer.
func keyReaches(t types.Type, target *types.Named, behind bool, seen map[types.Type]bool) bool {
	t = types.Unalias(t)
	if seen[t] {
		return false
	}
	seen[t] = true
	switch u := t.(type) {
	case *types.Named:
		if u.Origin() == target.Origin() {
			return behind
		}
		if u.Obj().Pkg() != target.Obj().Pkg() || u.TypeArgs().Len() > 0 {
			return false
		}
		return keyReaches(u.Underlying(), target, behind, seen)
	case *types.Pointer:
		if behind {
			return false
		}
		n, ok := types.Unalias(u.Elem()).(*types.Named)
		return ok && n.Origin() == target.Origin() // (another struct behind it is built apart)
	case *types.Array:
		return keyReaches(u.Elem(), target, behind, seen)
	case *types.Struct:
		for i := range u.NumFields() {
			if keyReaches(u.Field(i).Type(), target, behind, seen) {
				return true
			}
		}
	}
	return false
}

// endsIn reports whether t's last part, as reflection spells it, is target: *T, []*T,
// map[K][]*T.
func endsIn(t types.Type, target *types.Named) bool {
	switch u := types.Unalias(t).(type) {
	case *types.Named:
		if u.Origin() == target.Origin() {
			return true
		}
		if _, isStruct := u.Underlying().(*types.Struct); isStruct || u.Obj().Pkg() != target.Obj().Pkg() || u.TypeArgs().Len() > 0 {
			return false
		}
		return endsIn(u.Underlying(), target)
	case *types.Pointer, *types.Slice, *types.Array, *types.Chan, *types.Map:
		return endsIn(elemOf(u), target)
	}
	return false
}

// elemOf returns the element type of t, a pointer, slice, array, channel or map type.
func elemOf(t types.Type) types.Type {
	return t.(interface{ Elem() types.Type }).Elem()
}
