package front

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// Comparing structs and arrays that hold interfaces. The interpreter keeps a value of a
// cell's interface in a field or element as its own record of the value, which it
// compares by identity (Config{Const{1}} == Config{Const{1}} was false, and so was
// [2]Sched{Const(1)} == [2]Sched{Const(1)}), and an error field holding a cell's error as
// a wrapper it cannot compare (the comparison panicked). Such a comparison is made field
// by field, in order, each interface as ifaceEqual compares it:
//
//	a == b  →  func() bool { ᐅa := a; ᐅb := b; if !ᐅdescent.IfaceEqual(ᐅa.Sched, ᐅb.Sched) { return false }; if ᐅa.N != ᐅb.N { return false }; return true }()

// structEqual lowers b, an == or != of two structs or arrays holding interfaces, as
// described above.
func (l *lowerer) structEqual(b *ast.BinaryExpr, depth int) {
	xt, yt, ok := l.comparedTypes(b)
	if !ok || types.IsInterface(xt) || types.IsInterface(yt) || hasTypeParams(xt) || hasTypeParams(yt) {
		return
	}
	if l.callsRecover(b.X) || l.callsRecover(b.Y) {
		return
	}
	body, ok := l.fieldsEqualBody(xt)
	if !ok {
		return
	}
	prefix := "func() bool { ᐅa := "
	if b.Op == token.NEQ {
		prefix = "!" + prefix
	}
	l.add(l.off(b.X.Pos()), 0, prefix, depth)
	l.add(l.off(b.X.End()), l.off(b.Y.Pos())-l.off(b.X.End()), "; ᐅb := ", depth)
	l.add(l.off(b.Y.End()), 0, "; "+body+"return true }()", closing(depth))
}

// fieldsEqualBody returns the statements that return false where ᐅa and ᐅb, of type t,
// differ, if t is a struct or array type holding interfaces that they can compare.
func (l *lowerer) fieldsEqualBody(t types.Type) (string, bool) {
	if types.IsInterface(t) || hasTypeParams(t) || !mayHoldInterface(t) {
		return "", false
	}
	var body strings.Builder
	if !l.fieldsEqual(&body, "ᐅa", "ᐅb", t, 0) {
		return "", false
	}
	return body.String(), true
}

// fieldsEqual writes to b the statements that return false where x and y, of type t,
// differ, and reports whether it could: not through a compiled struct type holding an
// interface (whose fields a cell may not reach) or an embedded generic instance.
func (l *lowerer) fieldsEqual(b *strings.Builder, x, y string, t types.Type, level int) bool {
	if !mayHoldInterface(t) {
		b.WriteString("if " + x + " != " + y + " { return false }; ")
		return true
	}
	switch u := t.Underlying().(type) {
	case *types.Interface:
		b.WriteString("if !" + HookName + ".IfaceEqual(" + x + ", " + y + ") { return false }; ")
		return true
	case *types.Array:
		i := "ᐅi" + strconv.Itoa(level)
		b.WriteString("for " + i + " := range " + x + " { ")
		if !l.fieldsEqual(b, x+"["+i+"]", y+"["+i+"]", u.Elem(), level+1) {
			return false
		}
		b.WriteString("}; ")
		return true
	case *types.Struct:
		if compiledNamed(t) {
			return false
		}
		for f := range u.Fields() {
			if f.Name() == "_" {
				continue
			}
			if f.Embedded() && isInstance(f.Type()) {
				return false
			}
			name := f.Name()
			if shadowsMethod(u, f) {
				name += shadowSuffix // see shadowfields.go
			}
			if !l.fieldsEqual(b, x+"."+name, y+"."+name, f.Type(), level) {
				return false
			}
		}
		return true
	}
	return false
}
