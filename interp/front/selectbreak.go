package front

import (
	"go/ast"
	"go/token"
)

// Labeled breaks out of a select. The interpreter's break L inside a select statement
// with communication cases leaves only the select, so a for-select loop meant to end
// (case <-done: break loop) runs forever. A goto to a label right after L's statement
// leaves it:
//
//	loop: for { select { case <-done: break loop } }  →  loop: for { select { case <-done: goto ᐅbrk1 } }; ᐅbrk1: ;
func (l *lowerer) selectBreaks(s *ast.LabeledStmt, depth int) {
	var found []*ast.BranchStmt
	var walk func(n ast.Node, inSelect bool)
	walk = func(n ast.Node, inSelect bool) {
		ast.Inspect(n, func(m ast.Node) bool {
			switch m := m.(type) {
			case *ast.FuncLit:
				return false // its labels are its own
			case *ast.SelectStmt:
				walk(m.Body, true)
				return false
			case *ast.BranchStmt:
				if inSelect && m.Tok == token.BREAK && m.Label != nil && m.Label.Name == s.Label.Name {
					found = append(found, m)
				}
			}
			return true
		})
	}
	walk(s.Stmt, false)
	if len(found) == 0 {
		return
	}
	label := "ᐅbrk" + itoa(l.k.uid())
	for _, b := range found {
		l.add(l.off(b.Pos()), l.off(b.End())-l.off(b.Pos()), "goto "+label, depth)
	}
	// Inside whatever else closes where the statement ends (a top-level statement's
	// function literal), so that the label is in the statement's function.
	l.add(l.off(s.End()), 0, "; "+label+": ;", closing(depth+1))
}
