package front

import (
	"go/ast"
	"go/types"
)

// elidedPointers writes out the &T that a composite literal leaves out of its elements
// (and map keys) of a pointer type to an array, slice or map: the interpreter made
// []*[3]float64{{}, {}} a slice of nil pointers, and refused []*Vec{{1, 2}}.
//
//	[]*Vec{{1, 2}}  →  []*Vec{&Vec{1, 2}}
func (l *lowerer) elidedPointers(lit *ast.CompositeLit, depth int) {
	t := l.typeOf(lit)
	if t == nil {
		return
	}
	var key, elem types.Type
	if p, ok := l.applied(t).Underlying().(*types.Pointer); ok && lit.Type == nil {
		t = p.Elem() // itself an element whose &T is left out: go/types gives it the pointer type
	}
	switch u := l.applied(t).Underlying().(type) {
	case *types.Slice:
		elem = u.Elem()
	case *types.Array:
		elem = u.Elem()
	case *types.Map:
		key, elem = u.Key(), u.Elem()
	default:
		return
	}
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			if key != nil {
				l.elidedPointer(kv.Key, key, depth)
			}
			e = kv.Value
		}
		l.elidedPointer(e, elem, depth)
	}
}

// elidedPointer writes out the &T of e, an element of type t, if it needs it (see above).
func (l *lowerer) elidedPointer(e ast.Expr, t types.Type, depth int) {
	c, ok := e.(*ast.CompositeLit)
	if !ok || c.Type != nil {
		return
	}
	p, ok := l.applied(t).(*types.Pointer)
	if !ok {
		return
	}
	switch p.Elem().Underlying().(type) {
	case *types.Array, *types.Slice, *types.Map:
	default:
		return
	}
	spelled := l.typ(p.Elem())
	if spelled == "interface{}" {
		return
	}
	if _, ok := p.Elem().Underlying().(*types.Array); ok {
		l.freshArray(c, p.Elem(), "&", depth)
		return
	}
	l.add(l.off(c.Lbrace), 0, "&"+spelled, depth)
}
