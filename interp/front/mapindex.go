package front

import (
	"go/ast"
	"go/types"
)

// Comma-ok map lookups and type assertions. For a key that is missing, the interpreter's
// v, ok := m[k] leaves v as the last lookup at that place set it, instead of the zero
// value, so in a loop a missing key reads the previous key's value (and v, ok := x.(T)
// the previous value of type T):
//
//	for _, k := range keys { v, ok := m[k]; ... }   gives v = 1, ok = false after a hit
//
// The lookup is made in a call of its own, whose variables start at zero every time:
//
//	v, ok := m[k]  →  v, ok := func() (V, bool) { ᐅv, ᐅok := m[k]; return ᐅv, ᐅok }()

// commaOkLookup lowers the map index or type assertion of a two-value assignment or
// declaration n.
func (l *lowerer) commaOkLookup(n ast.Node, depth int) {
	var lhs int
	var rhs []ast.Expr
	switch n := n.(type) {
	case *ast.AssignStmt:
		lhs, rhs = len(n.Lhs), n.Rhs
	case *ast.ValueSpec:
		lhs, rhs = len(n.Names), n.Values
	default:
		return
	}
	if lhs != 2 || len(rhs) != 1 {
		return
	}
	var t types.Type // of the value
	switch x := ast.Unparen(rhs[0]).(type) {
	case *ast.IndexExpr:
		m, ok := l.applied(l.typeOf(x.X)).Underlying().(*types.Map)
		if !ok {
			return
		}
		t = m.Elem()
	case *ast.TypeAssertExpr:
		t = l.applied(l.typeOf(x.Type))
		if t == nil || types.IsInterface(t) && !compiledOrEmpty(t) {
			return // a cell's interface: the interpreter cannot return one from a call
		}
	default:
		return
	}
	vt := l.typ(t)
	if vt == "interface{}" && !types.IsInterface(t) {
		return
	}
	l.add(l.off(rhs[0].Pos()), 0, "func() ("+vt+", bool) { ᐅv, ᐅok := ", depth)
	l.add(l.off(rhs[0].End()), 0, "; return ᐅv, ᐅok }()", closing(depth))
}
