package front

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// A default clause that is not the switch's last, with a fallthrough into it or out of
// it. Go falls through to the next clause in the source; the interpreter moves default
// to the end, so a fallthrough into default ran the clause after it instead, and one out
// of default ran nothing. Such a default becomes a case of its own, in its place, that
// holds when no other does:
//
//	switch { case a: A; fallthrough; default: D; case b: B }  →  switch { case a: A; fallthrough; case !((a) || (b)): D; case b: B }
//
// (with a tag, each case compares the tag held in a variable, see switchTag). The cases
// are evaluated again for it, so only where that is harmless: every case is built of
// names, constants and operators on values of basic types.

// movedDefault returns the default clause of s when the interpreter would get it wrong and
// the lowering above applies, else nil.
func (l *lowerer) movedDefault(s *ast.SwitchStmt) *ast.CaseClause {
	list := s.Body.List
	for i, c := range list {
		cc := c.(*ast.CaseClause)
		if cc.List != nil || i == len(list)-1 {
			continue
		}
		into := i > 0 && fallsThrough(list[i-1].(*ast.CaseClause))
		if !into && !fallsThrough(cc) {
			return nil
		}
		for _, o := range list {
			for _, e := range o.(*ast.CaseClause).List {
				if !l.plainOperand(ast.Unparen(e)) {
					return nil
				}
			}
		}
		return cc
	}
	return nil
}

// fallsThrough reports whether c ends in a fallthrough.
func fallsThrough(c *ast.CaseClause) bool {
	if len(c.Body) == 0 {
		return false
	}
	b, ok := c.Body[len(c.Body)-1].(*ast.BranchStmt)
	return ok && b.Tok == token.FALLTHROUGH
}

// plainOperand reports whether e is built only of names, constants, selectors and
// operators on values of basic types: evaluating it again does nothing else, and its
// text needs no lowering. (A case is taken without its own parentheses: the interpreter
// panics on (K) == t inside ||, see plainParens.)
func (l *lowerer) plainOperand(e ast.Expr) bool {
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		x, isExpr := n.(ast.Expr)
		if !isExpr || !ok {
			return ok
		}
		switch x := x.(type) {
		case *ast.Ident, *ast.BasicLit, *ast.ParenExpr, *ast.BinaryExpr, *ast.SelectorExpr:
		case *ast.UnaryExpr:
			ok = x.Op != token.ARROW
		default:
			ok = false
		}
		if tv, has := l.info().Types[x]; has && !tv.IsType() {
			_, basic := l.applied(tv.Type).Underlying().(*types.Basic)
			ok = ok && basic
		}
		return ok
	})
	return ok
}

// movedDefaultCase lowers d, the default clause of s that movedDefault returned, into a
// case that holds when no other does; tag is the variable holding s's tag, or "" for a
// switch without one.
func (l *lowerer) movedDefaultCase(s *ast.SwitchStmt, d *ast.CaseClause, tag string, depth int) {
	var conds []string
	for _, c := range s.Body.List {
		for _, e := range c.(*ast.CaseClause).List {
			// In parentheses only where needed: the interpreter misreads a constant in
			// them here (as in switchTag).
			e = ast.Unparen(e)
			text := l.unparenText(e)
			if b, ok := e.(*ast.BinaryExpr); ok && (tag != "" && b.Op.Precedence() <= token.EQL.Precedence() || b.Op == token.LOR) {
				text = "(" + text + ")"
			}
			if tag != "" {
				text = tag + " == " + text
			}
			conds = append(conds, text)
		}
	}
	cond := "true" // a switch with only a default
	if len(conds) > 0 {
		cond = "!(" + strings.Join(conds, " || ") + ")"
	}
	l.add(l.off(d.Case), len("default"), "case "+cond, depth)
}

// unparenText returns the text of e without the parentheses that plainParens drops.
func (l *lowerer) unparenText(e ast.Expr) string {
	text := []byte(l.text(e.Pos(), e.End()))
	ast.Inspect(e, func(n ast.Node) bool {
		if p, ok := n.(*ast.ParenExpr); ok && holdsPlain(p) {
			for _, at := range []token.Pos{p.Lparen, p.Rparen} {
				if i := int(at - e.Pos()); i >= 0 && i < len(text) && (text[i] == '(' || text[i] == ')') {
					text[i] = ' '
				}
			}
		}
		return true
	})
	return string(text)
}

// A default clause before other clauses, with no fallthrough into or out of it. The
// interpreter evaluates the cases after such a default out of order: in switch {
// default: … case x < 0: … case ok(): … } the case calling ok was taken for x = -1. Where
// it stands makes no difference in Go, so it moves to the end, lowered as it was, with
// line directives that keep its positions (and blank lines where it stood, for the
// clauses after it).

// defaultLast lowers s as above. It runs after the clauses' own lowering, whose edits
// the moved text takes along.
func (l *lowerer) defaultLast(s *ast.SwitchStmt, depth int) {
	list := s.Body.List
	for i, c := range list {
		cc := c.(*ast.CaseClause)
		if cc.List != nil || i == len(list)-1 {
			continue
		}
		if fallsThrough(cc) || i > 0 && fallsThrough(list[i-1].(*ast.CaseClause)) {
			return // movedDefault's
		}
		if _, lib := l.src.(*sourcePackage); lib {
			return
		}
		a, b := l.off(cc.Pos()), l.off(list[i+1].Pos())
		// (An insertion where the next clause starts is that clause's.)
		inside := func(e edit) bool { return e.at >= a && e.at < b && e.at+e.del <= b }
		code := l.src.code(cc.Pos())
		text := l.editedText(code, a, b, inside)
		l.dropEdits(inside)
		l.add(a, b-a, strings.Repeat("\n", strings.Count(code[a:b], "\n")), depth)
		l.add(l.off(s.Body.Rbrace), 0, l.src.directive(cc.Pos())+text+l.src.directive(s.Body.Rbrace), depth)
		return
	}
}
