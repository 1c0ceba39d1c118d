package front

import (
	"go/ast"
	"sort"
	"strings"
)

// The operands of a select's communications. Go evaluates each channel and each value to
// send once, on entering the select; the interpreter skips the parts of a value to send
// (case ch <- n*2 + 1 sent 1, case out <- Result{Loss: loss(x)} sent a zero Loss, and
// case ch <- r.Loss() dereferenced nil), and never evaluates the channel of a two-value
// receive unless it is a variable (case j, ok := <-w.jobs never became ready). Such
// operands are evaluated, in order, into variables before the select:
//
//	select { case ch <- n*2 + 1: … }  →  { ᐅh1 := n*2 + 1; select { case ch <- ᐅh1: … } }

// selectOperands are the operands of a select that are evaluated before it, by
// expression, with their declarations in order.
type selectOperands struct {
	names map[ast.Expr]string
	decls []string
}

// selectOperandsOf finds the operands of s to evaluate first (see above). One that a
// lowering has edited since commEdits edits were made keeps its place (its text would be
// lost).
func (l *lowerer) selectOperandsOf(s *ast.SelectStmt, commEdits int) *selectOperands {
	h := &selectOperands{names: map[ast.Expr]string{}}
	if l.labelOf(s) != "" {
		return h // the block would take the label's place
	}
	for _, c := range s.Body.List {
		var e ast.Expr
		switch st := c.(*ast.CommClause).Comm.(type) {
		case *ast.SendStmt:
			if !l.commOperand(st.Value) {
				e = st.Value
			}
		case *ast.AssignStmt:
			if r, ok := ast.Unparen(st.Rhs[0]).(*ast.UnaryExpr); ok && len(st.Lhs) == 2 && !l.commOperand(r.X) {
				e = r.X
			}
		}
		if e == nil || l.editedWithin(l.edits[commEdits:], e) {
			continue
		}
		name := "ᐅh" + itoa(l.k.uid())
		h.names[e] = name
		h.decls = append(h.decls, name+" := "+l.text(e.Pos(), e.End()))
	}
	return h
}

// commOperand reports whether e is a name or a constant, which the interpreter
// evaluates as an operand of a communication.
func (l *lowerer) commOperand(e ast.Expr) bool {
	if tv, ok := l.info().Types[e]; ok && tv.Value != nil {
		return true
	}
	_, ok := ast.Unparen(e).(*ast.Ident)
	return ok
}

// hoist evaluates the operands of s first, where selectSwitch did not.
func (l *lowerer) hoist(s *ast.SelectStmt, h *selectOperands, depth int) {
	if len(h.decls) == 0 {
		return
	}
	l.add(l.off(s.Select), 0, "{ "+strings.Join(h.decls, "; ")+"; ", depth)
	l.add(l.off(s.End()), 0, " }", closing(depth))
	for e, name := range h.names {
		l.add(l.off(e.Pos()), l.off(e.End())-l.off(e.Pos()), name, depth)
	}
}

// textWith returns the text of n with the operands of h in it replaced by their names.
func (l *lowerer) textWith(n ast.Node, h *selectOperands) string {
	var inside []ast.Expr
	for e := range h.names {
		if e.Pos() >= n.Pos() && e.End() <= n.End() {
			inside = append(inside, e)
		}
	}
	sort.Slice(inside, func(i, j int) bool { return inside[i].Pos() < inside[j].Pos() })
	var b strings.Builder
	at := n.Pos()
	for _, e := range inside {
		b.WriteString(l.text(at, e.Pos()))
		b.WriteString(h.names[e])
		at = e.End()
	}
	b.WriteString(l.text(at, n.End()))
	return b.String()
}
