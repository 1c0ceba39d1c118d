package front

import (
	"go/ast"
	"go/types"
)

// new with an expression (Go 1.26): new(42) is a pointer to a new variable holding 42.
// The interpreter takes the argument for a type and makes a pointer to a zero value, so
// the call becomes a function literal that makes the variable:
//
//	p := new(0.01)  →  p := func() *float64 { var ᐅv float64 = 0.01; return &ᐅv }()
func (l *lowerer) newExpr(c *ast.CallExpr, depth int) {
	id, ok := ast.Unparen(c.Fun).(*ast.Ident)
	if !ok || len(c.Args) != 1 {
		return
	}
	if b, ok := l.info().Uses[id].(*types.Builtin); !ok || b.Name() != "new" {
		return
	}
	if tv, ok := l.info().Types[c.Args[0]]; !ok || tv.IsType() {
		return // new(T)
	}
	p, ok := l.applied(l.typeOf(c)).(*types.Pointer)
	if !ok {
		return
	}
	t := l.typ(p.Elem())
	if t == "interface{}" && !types.IsInterface(p.Elem()) {
		return // a type the lowered code cannot spell
	}
	l.add(l.off(c.Pos()), l.off(c.Args[0].Pos())-l.off(c.Pos()), "func() *"+t+" { var ᐅv "+t+" = ", depth)
	l.add(l.off(c.Args[0].End()), l.off(c.Rparen)+1-l.off(c.Args[0].End()), "; return &ᐅv }()", closing(depth))
}
