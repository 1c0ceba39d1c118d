package front

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Comma-ok variables in loops. The interpreter gives the variables of a comma-ok form
// (v, ok := m[k], x.(T), <-ch) one place for every iteration of the loop around them,
// where Go makes them anew each time: a pointer to v, or a closure reading it, taken in
// one iteration saw the last iteration's value. Where the loop takes v's address or a
// closure captures it, the form is made in a call of its own, whose variables are fresh
// every time (see commaOkLookup):
//
//	v, ok := m[k]  →  v, ok := func() (V, bool) { ᐅv, ᐅok := m[k]; return ᐅv, ᐅok }()

// commaOkCaptured lowers st, a statement of a loop's body (or an if statement's init,
// for the if statement st), if it defines comma-ok variables that the loop captures,
// and reports whether it did.
func (l *lowerer) commaOkCaptured(st ast.Stmt, init ast.Stmt, f *frame, depth int) bool {
	if len(f.loops) == 0 || init == nil {
		return false
	}
	t, rhs := l.commaOkDefine(init)
	if t == nil {
		return false
	}
	vars := map[types.Object]bool{}
	ast.Inspect(init, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if obj := l.info().Defs[id]; obj != nil {
				vars[obj] = true
			}
		}
		return true
	})
	var scope ast.Node = st
	if st == init {
		scope = f.loops[len(f.loops)-1] // the rest of the loop's body
	}
	if len(vars) == 0 || !l.captured(scope, vars) {
		return false
	}
	vt := l.typ(t)
	if vt == "interface{}" && !types.IsInterface(t) {
		return false // a type declared in a function: no name to give it
	}
	l.add(l.off(rhs.Pos()), 0, "func() ("+vt+", bool) { ᐅv, ᐅok := ", depth)
	l.add(l.off(rhs.End()), 0, "; return ᐅv, ᐅok }()", closing(depth))
	return true
}

// commaOkDefine returns, for n a statement that defines the two variables of a comma-ok
// form (with := or var), the type of the value and the form; nil otherwise.
func (l *lowerer) commaOkDefine(n ast.Stmt) (types.Type, ast.Expr) {
	var spec ast.Node = n
	switch s := n.(type) {
	case *ast.AssignStmt:
		if s.Tok != token.DEFINE {
			return nil, nil
		}
	case *ast.DeclStmt:
		g, ok := s.Decl.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR || len(g.Specs) != 1 {
			return nil, nil
		}
		vs := g.Specs[0].(*ast.ValueSpec)
		if vs.Type != nil {
			return nil, nil
		}
		spec = vs
	default:
		return nil, nil
	}
	x := commaOkOperand(spec)
	switch e := x.(type) {
	case *ast.IndexExpr:
		if m, ok := l.applied(l.typeOf(e.X)).Underlying().(*types.Map); ok {
			return m.Elem(), x
		}
	case *ast.TypeAssertExpr:
		if e.Type != nil {
			return l.applied(l.typeOf(e.Type)), x
		}
	case *ast.UnaryExpr:
		if e.Op == token.ARROW {
			if c, ok := l.applied(l.typeOf(e.X)).Underlying().(*types.Chan); ok {
				return c.Elem(), x
			}
		}
	}
	return nil, nil
}

// selectCaseCopies gives the variables that c, a case of a select statement in a loop,
// receives into a copy of their own at the start of its body, where the loop captures
// them: the interpreter's case v := <-ch has one v for every iteration too.
//
//	case v := <-ch: fs = append(…v…)  →  case v := <-ch: { v := v; fs = append(…v…) }
func (l *lowerer) selectCaseCopies(c *ast.CommClause, f *frame, depth int) {
	a, ok := c.Comm.(*ast.AssignStmt)
	if !ok || a.Tok != token.DEFINE || len(f.loops) == 0 || len(c.Body) == 0 {
		return
	}
	var names []string
	for _, e := range a.Lhs {
		id, ok := e.(*ast.Ident)
		if !ok || id.Name == "_" {
			continue
		}
		if obj := l.info().Defs[id]; obj != nil && l.captured(&ast.BlockStmt{List: c.Body}, map[types.Object]bool{obj: true}) {
			names = append(names, id.Name)
		}
	}
	if len(names) == 0 {
		return
	}
	copies := "{ " // a block: the interpreter takes the case's body for the scope of v
	for _, n := range names {
		copies += n + " := " + n + "; "
	}
	l.add(l.off(c.Body[0].Pos()), 0, copies, depth)
	l.add(l.off(c.Body[len(c.Body)-1].End()), 0, " }", closing(depth))
}
