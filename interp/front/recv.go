package front

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
)

// Receive operations as values. The interpreter stores the value of a bare receive
// nowhere but in a variable it makes for it, which it cannot set again: res[i] = <-ch
// and p.v = <-ch leave zero, a, b := <-ch, 4 loses the 4, return <-ch and t := <-ch;
// t++ panic (unaddressable value). A receive in parentheses is an ordinary expression
// to it, so receives used as values get them:
//
//	res[i] = <-ch  →  res[i] = (<-ch)
//
// except where the interpreter reads the receive's form itself: v, ok := <-ch, a
// select's communication, and a receive statement.

// keepReceives marks the receives of st that keep their form.
func (l *lowerer) keepReceives(st ast.Stmt) {
	keep := func(e ast.Expr) {
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.ARROW {
			if l.bareRecv == nil {
				l.bareRecv = map[*ast.UnaryExpr]bool{}
			}
			l.bareRecv[u] = true
		}
	}
	switch s := st.(type) {
	case *ast.IfStmt:
		l.keepReceives(s.Init)
	case *ast.SwitchStmt:
		l.keepReceives(s.Init)
	case *ast.TypeSwitchStmt:
		l.keepReceives(s.Init)
	case *ast.ForStmt:
		l.keepReceives(s.Init)
		l.keepReceives(s.Post)
	case *ast.ExprStmt:
		keep(s.X)
	case *ast.AssignStmt:
		if len(s.Lhs) == 2 && len(s.Rhs) == 1 {
			keep(s.Rhs[0])
		}
	case *ast.DeclStmt:
		if g, ok := s.Decl.(*ast.GenDecl); ok {
			for _, sp := range g.Specs {
				if vs, ok := sp.(*ast.ValueSpec); ok && len(vs.Names) == 2 && len(vs.Values) == 1 {
					keep(vs.Values[0])
				}
			}
		}
	case *ast.SelectStmt:
		for _, c := range s.Body.List {
			if cc, ok := c.(*ast.CommClause); ok && cc.Comm != nil {
				switch comm := cc.Comm.(type) {
				case *ast.ExprStmt:
					keep(comm.X)
				case *ast.AssignStmt:
					for _, r := range comm.Rhs {
						keep(r)
					}
				case *ast.SendStmt:
					keep(comm.Value) // out <- <-in: in parentheses the select would not wait for in
				}
			}
		}
	}
}

// receive puts u, a receive, in parentheses unless it keeps its form (see keepReceives).
func (l *lowerer) receive(u *ast.UnaryExpr, depth int) {
	if u.Op != token.ARROW || l.bareRecv[u] {
		return
	}
	l.add(l.off(u.Pos()), 0, "(", depth)
	l.add(l.off(u.End()), 0, ")", closing(depth))
}

// blankRecvAssign lowers a, an assignment _, ok = <-ch, which the interpreter stores
// into the wrong place where ch is not a package-level variable (the received value
// went into another variable: reflect.Set panicked): the receive is made in a literal
// of its own, with := there, which it gets right.
//
//	_, ok = <-s.ch  →  ok = func() bool { _, ᐅo := <-s.ch; return bool(ᐅo) }()
func (l *lowerer) blankRecvAssign(a *ast.AssignStmt, depth int) {
	if len(a.Lhs) != 2 || len(a.Rhs) != 1 || !isBlank(a.Lhs[0]) || isBlank(a.Lhs[1]) || l.keptStmts[a] {
		return // (a select's case receives as it is written)
	}
	if a.Tok == token.DEFINE {
		// At the top level of a cell, where its variable is hoisted: an assignment.
		id, ok := a.Lhs[1].(*ast.Ident)
		if !ok || l.k.fn == nil || !l.k.hoisted[id.Name] {
			return
		}
		if o := l.info().Defs[id]; o == nil || o.Parent() != l.info().Scopes[l.k.fn.Type] {
			return
		}
	} else if a.Tok != token.ASSIGN {
		return
	}
	u, ok := ast.Unparen(a.Rhs[0]).(*ast.UnaryExpr)
	if !ok || u.Op != token.ARROW {
		return
	}
	t := l.typ(l.typeOf(a.Lhs[1]))
	if t == "interface{}" && !types.IsInterface(l.typeOf(a.Lhs[1])) {
		return
	}
	o := fmt.Sprintf("ᐅo%d", l.k.uid())
	l.add(l.off(a.Lhs[0].Pos()), l.off(a.Lhs[1].Pos())-l.off(a.Lhs[0].Pos()), "", depth)
	l.add(l.off(a.Rhs[0].Pos()), 0, "func() "+t+" { _, "+o+" := ", depth)
	l.add(l.off(a.Rhs[0].End()), 0, "; return "+t+"("+o+") }()", closing(depth))
}
