package front

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Select statements, whose branch statements the interpreter gets wrong.

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

// Labeled switches and selects. Lowerings that put a switch or select in a block of its
// own (to evaluate its tag once, to run its case bodies in a switch) left a labeled one as
// it was, with the interpreter's faults. A break to its label that is directly in one of
// its clauses is a plain break; one inside a loop, switch or select within it is a goto to
// a label right after it (as for selects in labeled loops); and the label goes:
//
//	sw: switch x := f(); x { case 1: break sw }  →  switch x := f(); x { case 1: break }
// A label a goto names is left as it was. (The goto's label may land in a case clause,
// which clauseBlock makes a block.)

// unlabel lowers s as above where it labels a switch or select, and reports whether it
// did.
func (l *lowerer) unlabel(s *ast.LabeledStmt, depth int) bool {
	switch s.Stmt.(type) {
	case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
	default:
		return false
	}
	fn, _ := l.enclosing(s)
	ok := true
	ast.Inspect(fn, func(n ast.Node) bool {
		if b, isBranch := n.(*ast.BranchStmt); isBranch && b.Label != nil && b.Label.Name == s.Label.Name && b.Tok == token.GOTO {
			ok = false
		}
		if lit, isLit := n.(*ast.FuncLit); isLit && lit != fn {
			return false // its labels are its own
		}
		return ok
	})
	var direct, nested []*ast.BranchStmt
	var walk func(n ast.Node, inner bool)
	walk = func(n ast.Node, inner bool) {
		ast.Inspect(n, func(c ast.Node) bool {
			switch c := c.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				if c != s.Stmt {
					if r, isRange := c.(*ast.RangeStmt); isRange && l.isRangeFunc(r) {
						ok = false // its body is a function: see rangefunc.go
					}
					for _, b := range bodyOf(c) {
						walk(b, true)
					}
					return false
				}
			case *ast.BranchStmt:
				if c.Tok == token.BREAK && c.Label != nil && c.Label.Name == s.Label.Name {
					if inner {
						nested = append(nested, c)
					} else {
						direct = append(direct, c)
					}
				}
			}
			return true
		})
	}
	walk(s.Stmt, false)
	if !ok {
		return false
	}
	l.add(l.off(s.Pos()), l.off(s.Colon)+1-l.off(s.Pos()), "", depth)
	for _, b := range direct {
		l.add(l.off(b.Label.Pos())-1, len(b.Label.Name)+1, "", depth) // " sw"
	}
	if len(nested) > 0 {
		label := "ᐅbrk" + itoa(l.k.uid())
		for _, b := range nested {
			l.add(l.off(b.Pos()), l.off(b.End())-l.off(b.Pos()), "goto "+label, depth)
		}
		l.add(l.off(s.End()), 0, "; "+label+": ;", closing(depth+1))
	}
	if l.unlabeled == nil {
		l.unlabeled = map[ast.Stmt]bool{}
	}
	l.unlabeled[s.Stmt] = true
	return true
}

// enclosing returns the function (body) around n, or the file for a cell's top level, and
// whether n is inside a case or communication clause of it.
func (l *lowerer) enclosing(n ast.Node) (fn ast.Node, inClause bool) {
	for _, f := range l.files() {
		var stack []ast.Node
		ast.Inspect(f, func(c ast.Node) bool {
			if fn != nil {
				return false
			}
			if c == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			if c == n {
				fn = f
				for i := len(stack) - 1; i >= 0; i-- {
					switch p := stack[i].(type) {
					case *ast.CaseClause, *ast.CommClause:
						inClause = true
						continue
					case *ast.FuncLit:
						fn = p
					case *ast.FuncDecl:
						fn = p
					default:
						continue
					}
					break
				}
				return false
			}
			stack = append(stack, c)
			return true
		})
		if fn != nil {
			return fn, inClause
		}
	}
	return l.k.file, false
}

// bodyOf returns the parts of s, a loop, switch or select, where a break would be its.
func bodyOf(s ast.Node) []ast.Node {
	switch s := s.(type) {
	case *ast.ForStmt:
		return []ast.Node{s.Body}
	case *ast.RangeStmt:
		return []ast.Node{s.Body}
	case *ast.SwitchStmt:
		return []ast.Node{s.Body}
	case *ast.TypeSwitchStmt:
		return []ast.Node{s.Body}
	case *ast.SelectStmt:
		return []ast.Node{s.Body}
	}
	return nil
}

// selectSwitch lowers s, a select whose case bodies branch (break, continue, goto), to a
// select that only chooses, followed by a switch that runs the chosen body. The
// interpreter's branches written directly in a select's case go astray: a break that is
// not the body's last statement ends the enclosing loop, and a continue (or goto, or
// labeled branch) that is the last is ignored. A switch runs them as Go's select does:
//
//	select {                       { var ᐅk1 int; var ᐅr1_1 int
//	case v := <-ch:                  select { case ᐅr1_1v := <-ch: ᐅr1_1 = ᐅr1_1v; ᐅk1 = 1; case <-quit: ᐅk1 = 2 }
//		if v > 2 { break }       →   switch ᐅk1 {
//		...                          case 1: v := ᐅr1_1
//	case <-quit:                         if v > 2 { break }
//		continue                     ...
//	}                                case 2:
//	                                     continue
//	                                 } }
//
// commEdits is the number of edits made so far, so that a select whose communications
// another lowering edited is left as it is (their text moves).
func (l *lowerer) selectSwitch(s *ast.SelectStmt, commEdits int, h *selectOperands, depth int) bool {
	if len(s.Body.List) == 0 || l.labelOf(s) != "" || len(l.edits) != commEdits || !branchesIn(s) {
		l.selectAssign(s, commEdits, depth)
		return false
	}
	id := itoa(l.k.uid())
	k := "ᐅk" + id
	var decls, cases []string
	type binding struct {
		at, del int
		text    string
	}
	var binds []binding
	for i, c := range s.Body.List {
		cc := c.(*ast.CommClause)
		n := itoa(i + 1)
		comm, then, bind := "", "", "" // the communication, what the chosen case does, and the body's bindings
		switch st := cc.Comm.(type) {
		case nil:
			comm = "default"
		case *ast.ExprStmt, *ast.SendStmt:
			comm = "case " + l.textWith(st, h)
		case *ast.AssignStmt:
			if len(st.Rhs) != 1 || len(st.Lhs) > 2 {
				return false
			}
			recv, ok := ast.Unparen(st.Rhs[0]).(*ast.UnaryExpr)
			if !ok || recv.Op != token.ARROW {
				return false
			}
			ch, ok := l.applied(l.typeOf(recv.X)).Underlying().(*types.Chan)
			if !ok {
				return false
			}
			et := l.typ(ch.Elem())
			if et == "interface{}" && !types.IsInterface(ch.Elem()) {
				return false
			}
			r := "ᐅr" + id + "_" + n
			vals := []string{r}
			decls = append(decls, "var "+r+" "+et)
			if len(st.Lhs) == 2 {
				okv := "ᐅok" + id + "_" + n
				decls = append(decls, "var "+okv+" bool")
				vals = append(vals, okv)
			}
			// (Received with :=: the interpreter drops a value received by = there.)
			var got []string
			for _, v := range vals {
				got = append(got, v+"v")
			}
			comm = "case " + strings.Join(got, ", ") + " := " + l.textWith(st.Rhs[0], h)
			then = strings.Join(vals, ", ") + " = " + strings.Join(got, ", ") + "; "
			var lhs []string
			for _, e := range st.Lhs {
				lhs = append(lhs, l.text(e.Pos(), e.End()))
			}
			bind = " " + strings.Join(lhs, ", ") + " " + st.Tok.String() + " " + strings.Join(vals, ", ") + ";"
		default:
			return false
		}
		cases = append(cases, comm+": "+then+k+" = "+n)
		binds = append(binds, binding{l.off(cc.Case), l.off(cc.Colon) + 1 - l.off(cc.Case), "case " + n + ":" + bind})
	}
	prefix := "{ var " + k + " int; "
	for _, d := range append(h.decls, decls...) {
		prefix += d + "; "
	}
	prefix += "select { " + strings.Join(cases, "; ") + " }; switch " + k
	l.add(l.off(s.Select), len("select"), prefix, depth)
	for _, b := range binds {
		l.add(b.at, b.del, b.text, depth)
	}
	l.add(l.off(s.End()), 0, " }", closing(depth))
	return true
}

// branchesIn reports whether a case body of s has a break, continue or goto (outside
// the function literals in it).
func branchesIn(s *ast.SelectStmt) bool {
	found := false
	for _, c := range s.Body.List {
		for _, st := range c.(*ast.CommClause).Body {
			ast.Inspect(st, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncLit:
					return false
				case *ast.BranchStmt:
					if n.Tok != token.FALLTHROUGH {
						found = true
					}
				}
				return !found
			})
		}
	}
	return found
}

// selectAssign lowers the cases of s that receive with = (case x = <-ch:), which the
// interpreter gets wrong: x kept its value when the case had a body, and without one the
// select panicked (reflect.Select: invalid Dir). They receive with := instead, and assign
// first thing in the case:
//
//	case x, ok = <-ch:  →  case ᐅr1, ᐅok1 := <-ch: x, ok = ᐅr1, ᐅok1;
//
// A case whose operands other lowerings edited (their text would be lost) or whose
// received value goes into an interface (it would need a conversion) is left as it is;
// commEdits is the number of edits made before the select's communications were lowered.
func (l *lowerer) selectAssign(s *ast.SelectStmt, commEdits int, depth int) {
	for _, c := range s.Body.List {
		cc := c.(*ast.CommClause)
		st, ok := cc.Comm.(*ast.AssignStmt)
		if !ok || st.Tok != token.ASSIGN || len(st.Rhs) != 1 || len(st.Lhs) > 2 {
			continue
		}
		from, to := l.off(st.Pos()), l.off(st.TokPos)+1
		edited := false
		for _, e := range l.edits[commEdits:] {
			if e.at >= from && e.at <= to {
				edited = true
			}
		}
		if edited || l.intoInterface(st) {
			continue
		}
		id := itoa(l.k.uid())
		fresh := []string{"ᐅr" + id, "ᐅok" + id}[:len(st.Lhs)]
		var lhs, rhs []string
		for i, e := range st.Lhs {
			if b, ok := e.(*ast.Ident); ok && b.Name == "_" {
				fresh[i] = "_"
				continue
			}
			lhs = append(lhs, l.text(e.Pos(), e.End()))
			rhs = append(rhs, fresh[i])
		}
		if strings.Contains(strings.Join(lhs, ""), "\n") {
			continue
		}
		l.add(l.off(st.Pos()), l.off(st.TokPos)+1-l.off(st.Pos()), strings.Join(fresh, ", ")+" :=", depth)
		if len(lhs) > 0 {
			l.add(l.off(cc.Colon)+1, 0, " "+strings.Join(lhs, ", ")+" = "+strings.Join(rhs, ", ")+";", depth)
		}
	}
}

// intoInterface reports whether st, a receive assigned with =, puts a value of a cell's
// type into an interface, which takes the lowerings of values put in interfaces.
func (l *lowerer) intoInterface(st *ast.AssignStmt) bool {
	recv, ok := ast.Unparen(st.Rhs[0]).(*ast.UnaryExpr)
	if !ok || recv.Op != token.ARROW {
		return true
	}
	ch, ok := l.applied(l.typeOf(recv.X)).Underlying().(*types.Chan)
	if !ok {
		return true
	}
	t := l.typeOf(st.Lhs[0])
	return t != nil && types.IsInterface(l.applied(t)) && !types.Identical(l.applied(t), ch.Elem()) && cellValue(ch.Elem())
}
