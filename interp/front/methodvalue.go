package front

import (
	"fmt"
	"go/ast"
	"go/types"
)

// Method values. Go evaluates the receiver of a method value where the value is made:
// g := c.Get copies c (or takes &c for a pointer method). The interpreter reads the
// receiver's variable when g is called, so a later c.n = 2, or the next iteration of a
// loop over vs[i].Get, changes what g returns. A method value of a cell's type is made by
// a call that takes the receiver as its parameter instead:
//
//	g := c.Get  →  g := func(ᐅr C) func() int { return ᐅr.Get }(c)

// methodValue lowers s when it is a method value of a cell's type (not the function of a
// call: called is the set of those). It reports whether it did.
func (l *lowerer) methodValue(s *ast.SelectorExpr, called map[ast.Expr]bool, depth int) bool {
	if called[s] {
		return false
	}
	sel := l.info().Selections[s]
	if sel == nil || sel.Kind() != types.MethodVal {
		return false
	}
	fn, ok := sel.Obj().(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "main" {
		return false
	}
	xt, addr, ok := l.receiver(s)
	mt := l.typeOf(s)
	if !ok || mt == nil {
		return false
	}
	rt, ft := l.typ(xt), l.typ(mt)
	if rt == "interface{}" && !types.IsInterface(xt) || ft == "interface{}" {
		return false
	}
	r := fmt.Sprintf("ᐅr%d", l.k.uid())
	l.add(l.off(s.Pos()), 0, fmt.Sprintf("func(%s %s) %s { return %s.%s }(%s", r, rt, ft, r, s.Sel.Name, addr), depth)
	l.add(l.off(s.X.End()), l.off(s.End())-l.off(s.X.End()), ")", closing(depth))
	return true
}
