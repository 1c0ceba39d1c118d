package front

import (
	"go/ast"
	"go/types"
	"sort"
	"strings"
)

// The operands of a select's communications. Go evaluates each channel and each value to
// send once, on entering the select; the interpreter skips the parts of a value to send
// (case ch <- n*2 + 1 sent 1, case out <- Result{Loss: loss(x)} sent a zero Loss, and
// case ch <- r.Loss() dereferenced nil), and never evaluates the channel of a two-value
// receive unless it is a variable (case j, ok := <-w.jobs never became ready). In a
// select with such an operand, every operand that is more than a name or a constant is
// evaluated, in order, into a variable before the select:
//
//	select { case ch <- n*2 + 1: … }  →  { ᐅh1 := n*2 + 1; select { case ch <- ᐅh1: … } }

// selectOperands are the operands of a select that are evaluated before it, by
// expression, with their declarations in order.
type selectOperands struct {
	names map[ast.Expr]string
	decls []string
}

// selectOperandsOf finds the operands of s to evaluate first (see above): where the
// interpreter would lose one, every operand that is more than a name or a constant, so
// that they are still evaluated in order. An operand that a lowering edited since the
// first commEdits edits is more, whatever it was.
func (l *lowerer) selectOperandsOf(s *ast.SelectStmt, commEdits int) *selectOperands {
	h := &selectOperands{names: map[ast.Expr]string{}}
	if l.labelOf(s) != "" {
		return h // the block would take the label's place
	}
	type operand struct {
		e    ast.Expr
		elem types.Type // for a value to send: the channel's element type
	}
	var ops []operand
	lost := false
	for _, c := range s.Body.List {
		switch st := c.(*ast.CommClause).Comm.(type) {
		case *ast.SendStmt:
			var elem types.Type
			if ch, ok := l.applied(l.typeOf(st.Chan)).Underlying().(*types.Chan); ok {
				elem = ch.Elem()
			}
			ops = append(ops, operand{st.Chan, nil}, operand{st.Value, elem})
			lost = lost || !l.commOperand(st.Value, commEdits)
		case *ast.ExprStmt:
			if r, ok := ast.Unparen(st.X).(*ast.UnaryExpr); ok {
				ops = append(ops, operand{r.X, nil})
			}
		case *ast.AssignStmt:
			if r, ok := ast.Unparen(st.Rhs[0]).(*ast.UnaryExpr); ok {
				ops = append(ops, operand{r.X, nil})
				lost = lost || len(st.Lhs) == 2 && !l.commOperand(r.X, commEdits)
			}
		}
	}
	if !lost {
		return h
	}
	for _, op := range ops {
		if l.commOperand(op.e, commEdits) {
			continue
		}
		name := "ᐅh" + itoa(l.k.uid())
		h.names[op.e] = name
		decl := name + " := " + l.loweredText(op.e)
		if op.elem != nil {
			if t := l.typ(op.elem); t != "interface{}" || types.IsInterface(op.elem) {
				// In the channel's element type, as the send gives an untyped constant
				// (1 << k to a chan int64) or converts to an interface.
				decl = "var " + name + " " + t + " = " + l.loweredText(op.e)
			}
		}
		h.decls = append(h.decls, decl)
	}
	return h
}

// loweredText returns the text of e with the edits made inside it so far.
func (l *lowerer) loweredText(e ast.Node) string {
	a, b := l.off(e.Pos()), l.off(e.End())
	return l.editedText(l.src.code(e.Pos()), a, b, editsWithin(a, b))
}

// editsWithin picks the edits inside the text from a to b, an insertion at either end
// included.
func editsWithin(a, b int) func(edit) bool {
	return func(e edit) bool { return e.at >= a && e.at+e.del <= b }
}

// commOperand reports whether e is a name or a constant, which the interpreter
// evaluates as an operand of a communication, and no lowering since the first n edits
// made it more.
func (l *lowerer) commOperand(e ast.Expr, n int) bool {
	a, b := l.off(e.Pos()), l.off(e.End())
	for _, ed := range l.edits[n:] {
		if ed.at >= a && ed.at <= b && !ed.weak {
			return false
		}
	}
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
		// What was lowered in it is in its declaration.
		a, b := l.off(e.Pos()), l.off(e.End())
		l.dropEdits(editsWithin(a, b))
		l.add(a, b-a, name, depth)
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
