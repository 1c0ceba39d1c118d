package front

import (
	"go/ast"
	"go/token"
	"go/types"
)

// arrayPointerAddress spells out the dereference Go leaves implicit when a cell takes the
// address of an element of an array reached through a pointer: &ps[i] with ps a *[N]T was
// refused by the interpreter ("cannot take address of T").
//
//	&ps[i]  →  &(*ps)[i]
func (l *lowerer) arrayPointerAddress(u *ast.UnaryExpr, depth int) {
	if u.Op != token.AND {
		return
	}
	x := ast.Unparen(u.X)
	for {
		// &ps[i].Field[j] reaches the array through selectors and indexes of its own.
		switch e := x.(type) {
		case *ast.SelectorExpr:
			x = ast.Unparen(e.X)
			continue
		case *ast.IndexExpr:
			if l.arrayPointer(e.X) {
				l.add(l.off(e.X.Pos()), 0, "(*", depth)
				l.add(l.off(e.X.End()), 0, ")", closing(depth))
				return
			}
			x = ast.Unparen(e.X)
			continue
		}
		return
	}
}

// arrayPointer reports whether e is a pointer to an array.
func (l *lowerer) arrayPointer(e ast.Expr) bool {
	t := l.typeOf(e)
	if t == nil {
		return false
	}
	p, ok := t.Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	_, ok = p.Elem().Underlying().(*types.Array)
	return ok
}
