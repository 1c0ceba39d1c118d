package front

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
)

// Comma-ok map lookups and type assertions. For a key that is missing, the interpreter's
// v, ok := m[k] leaves v as the last lookup at that place set it, instead of the zero
// value, so in a loop a missing key reads the previous key's value (and v, ok := x.(T)
// the previous value of type T):
//
//	for _, k := range keys { v, ok := m[k]; ... }   gives v = 1, ok = false after a hit
//
// As a statement, v is set to zero after a failed lookup (a branch, cheap in a loop):
//
//	v, ok := m[k]  →  v, ok := m[k]; if !ok { v = (V)(0) }
//
// In an if statement's init, when the condition is ok (or !ok) and v is not used in the
// branch that runs when the lookup failed, nothing needs doing; otherwise there, and in a
// switch's init, the lookup is made in a call of its own, whose variables start at zero
// every time (costly: ~2 µs):
//
//	v, ok := m[k]  →  v, ok := func() (V, bool) { ᐅv, ᐅok := m[k]; return ᐅv, ᐅok }()

// commaOkOperand returns the one expression that n, an assignment or a var spec, gives
// two variables (v, ok := m[k]), unparenthesized, or nil.
func commaOkOperand(n ast.Node) ast.Expr {
	var lhs int
	var rhs []ast.Expr
	switch n := n.(type) {
	case *ast.AssignStmt:
		lhs, rhs = len(n.Lhs), n.Rhs
	case *ast.ValueSpec:
		lhs, rhs = len(n.Names), n.Values
	}
	if lhs != 2 || len(rhs) != 1 {
		return nil
	}
	return ast.Unparen(rhs[0])
}

// commaOk returns the type of the value that n, a statement, looks up or asserts with
// comma-ok, or nil.
func (l *lowerer) commaOk(n ast.Node) types.Type {
	if d, ok := n.(*ast.DeclStmt); ok {
		g, ok := d.Decl.(*ast.GenDecl)
		if !ok || len(g.Specs) != 1 {
			return nil
		}
		n = g.Specs[0]
	}
	x := commaOkOperand(n)
	if x == nil {
		return nil
	}
	switch x := x.(type) {
	case *ast.IndexExpr:
		if m, ok := l.applied(l.typeOf(x.X)).Underlying().(*types.Map); ok {
			return m.Elem()
		}
	case *ast.TypeAssertExpr:
		if t := l.applied(l.typeOf(x.Type)); t != nil && !(types.IsInterface(t) && !compiledOrEmpty(t)) {
			return t
		}
	}
	return nil
}

// commaOkStmt lowers a comma-ok statement st, as described above.
func (l *lowerer) commaOkStmt(st ast.Stmt, depth int) {
	t := l.commaOk(st)
	if t == nil {
		return
	}
	if a, isAssign := st.(*ast.AssignStmt); isAssign && l.intoMapElem(a) {
		return // tupleIntoMap sets the value to zero
	}
	if a, isAssign := st.(*ast.AssignStmt); isAssign && a.Tok == token.ASSIGN {
		if vt := l.typeOf(a.Lhs[0]); vt != nil && isAny(l.applied(vt)) && l.boxable(l.applied(t)) != nil {
			return // boxed by tupleBoxes, in a call whose variables start at zero
		}
	}
	var v, ok ast.Expr
	switch st := st.(type) {
	case *ast.AssignStmt:
		v, ok = st.Lhs[0], st.Lhs[1]
	case *ast.DeclStmt:
		vs := st.Decl.(*ast.GenDecl).Specs[0].(*ast.ValueSpec)
		v, ok = vs.Names[0], vs.Names[1]
	}
	if id, isID := v.(*ast.Ident); isID && id.Name == "_" {
		return // no value to be stale
	}
	if id, isID := ok.(*ast.Ident); isID && id.Name == "_" {
		l.commaOkLookup(st, depth)
		return
	}
	spelled := l.typ(t)
	if spelled == "interface{}" && !types.IsInterface(t) {
		return
	}
	l.add(l.off(st.End()), 0, fmt.Sprintf("; if !%s { %s = %s }", l.text(ok.Pos(), ok.End()), l.text(v.Pos(), v.End()), zeroOf(t, spelled)), depth)
}

// commaOkIf lowers the comma-ok init of the if statement s, as described above.
func (l *lowerer) commaOkIf(s *ast.IfStmt, depth int) {
	if s.Init == nil || l.commaOk(s.Init) == nil {
		return
	}
	okName := ""
	switch a := s.Init.(type) {
	case *ast.AssignStmt:
		if id, isID := a.Lhs[1].(*ast.Ident); isID {
			okName = id.Name
		}
	}
	var failed ast.Node // the branch that runs when the lookup failed
	switch c := ast.Unparen(s.Cond).(type) {
	case *ast.Ident:
		if c.Name != okName {
			l.commaOkLookup(s.Init, depth)
			return
		}
		failed = s.Else
	case *ast.UnaryExpr:
		if id, isID := ast.Unparen(c.X).(*ast.Ident); !isID || c.Op != token.NOT || id.Name != okName {
			l.commaOkLookup(s.Init, depth)
			return
		}
		failed = s.Body
	default:
		l.commaOkLookup(s.Init, depth)
		return
	}
	if l.usesAny(failed, s.Init) {
		l.commaOkLookup(s.Init, depth)
	}
}

// usesAny reports whether n uses a variable that the statement decl declares.
func (l *lowerer) usesAny(n ast.Node, decl ast.Stmt) bool {
	if n == nil {
		return false
	}
	declared := map[types.Object]bool{}
	ast.Inspect(decl, func(m ast.Node) bool {
		if id, ok := m.(*ast.Ident); ok && l.info().Defs[id] != nil {
			declared[l.info().Defs[id]] = true
		}
		return true
	})
	used := false
	ast.Inspect(n, func(m ast.Node) bool {
		if id, ok := m.(*ast.Ident); ok && declared[l.info().Uses[id]] {
			used = true
		}
		return !used
	})
	return used
}

// commaOkLookup makes the comma-ok lookup or assertion of n, a statement, in a call of
// its own.
func (l *lowerer) commaOkLookup(n ast.Node, depth int) {
	if n == nil {
		return
	}
	t := l.commaOk(n)
	if t == nil {
		return
	}
	var rhs []ast.Expr
	switch n := n.(type) {
	case *ast.AssignStmt:
		rhs = n.Rhs
	case *ast.DeclStmt:
		rhs = n.Decl.(*ast.GenDecl).Specs[0].(*ast.ValueSpec).Values
	}
	vt := l.typ(t)
	if vt == "interface{}" && !types.IsInterface(t) {
		return
	}
	l.add(l.off(rhs[0].Pos()), 0, "func() ("+vt+", bool) { ᐅv, ᐅok := ", depth)
	l.add(l.off(rhs[0].End()), 0, "; return ᐅv, ᐅok }()", closing(depth))
}
