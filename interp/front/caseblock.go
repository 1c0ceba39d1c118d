package front

import (
	"go/ast"
	"go/token"
)

// Labels in case clauses. The interpreter finds no label declared right in the body of
// a case or communication clause: a labeled loop there, or a goto's label, was refused
// (undefined: rows), and so were the labels lowerings put on loops and after switches.
// Inside a block of the clause's body they work, so such a body becomes one:
//
//	case "grid":              case "grid": {
//		rows: for … { … }  →      rows: for … { … }
//		fallthrough               } fallthrough
//
// The brace goes right after the colon, so that no statement's column moves; a closing
// fallthrough stays outside, where Go wants it. Labels have the function's scope in Go,
// but a goto may not jump into a clause from outside it, so nothing that Go accepts
// jumps into the block.

// clauseBlock makes body, the statements of a clause whose colon is at colon, a block
// where a statement in it is labeled or may be given a label: a loop, switch or select.
func (l *lowerer) clauseBlock(body []ast.Stmt, colon token.Pos, depth int) {
	if len(body) > 0 {
		if b, ok := body[len(body)-1].(*ast.BranchStmt); ok && b.Tok == token.FALLTHROUGH {
			body = body[:len(body)-1]
		}
	}
	labels := false
	for _, st := range body {
		switch st.(type) {
		case *ast.LabeledStmt, *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			labels = true
		}
	}
	if !labels {
		return
	}
	l.add(l.off(colon)+1, 0, " {", depth)
	l.add(l.off(body[len(body)-1].End()), 0, " }", closing(depth))
}
