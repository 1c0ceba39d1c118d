package front

import (
	"go/ast"
	"go/token"
	"go/types"
)

// A conversion to an interface compared with nil. The interpreter compares the converted
// operand itself with nil: any(s) == nil is true for a nil slice, map, func, channel or
// pointer (Go: false, the interface holds a typed nil) and panics in reflect for an int
// or a struct. A type parameter's value is the common case (any(x) == nil in a generic
// helper). The comparison is made in compiled code, on the converted value:
//
//	any(s) == nil  →  ᐅdescent.IsNil(any(s))
//	nil != any(s)  →  !ᐅdescent.IsNil(any(s))
func (l *lowerer) convertedNil(b *ast.BinaryExpr, depth int) {
	if b.Op != token.EQL && b.Op != token.NEQ {
		return
	}
	conv, nilFirst := b.X, false
	switch {
	case isNil(l, b.Y):
	case isNil(l, b.X):
		conv, nilFirst = b.Y, true
	default:
		return
	}
	call, ok := ast.Unparen(conv).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 || call.Ellipsis.IsValid() {
		return
	}
	tv, ok := l.info().Types[call.Fun]
	if !ok || !tv.IsType() || !types.IsInterface(tv.Type) {
		return
	}
	open := HookName + ".IsNil("
	if b.Op == token.NEQ {
		open = "!" + open
	}
	if nilFirst {
		l.add(l.off(b.X.Pos()), l.off(b.Y.Pos())-l.off(b.X.Pos()), open, depth)
		l.add(l.off(b.Y.End()), 0, ")", closing(depth))
		return
	}
	l.add(l.off(b.X.Pos()), 0, open, depth)
	l.add(l.off(b.X.End()), l.off(b.Y.End())-l.off(b.X.End()), ")", closing(depth))
}
