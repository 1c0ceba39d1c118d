package front

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Range over a function (Go 1.23). The loop
//
//	for k, v := range seq { body }
//
// becomes a call of seq with the body as its yield function:
//
//	{ var ᐅx int; ...; (seq)(func(k K, v V) bool { body; return true }); switch ᐅx { ... } }
//
// In body, continue becomes return true and break return false. A return from the
// enclosing function, or a break or continue of a loop outside this one, records which it
// was in ᐅx (and the results in variables declared before the call), stops the iteration
// with return false, and is carried out after the call, lowered again when that place is
// itself the body of such a loop.

func (l *lowerer) isRangeFunc(s *ast.RangeStmt) bool {
	t := l.typeOf(s.X)
	if t == nil {
		return false
	}
	if l.subst != nil {
		t = l.subst.apply(t)
	}
	_, ok := t.Underlying().(*types.Signature)
	return ok
}

func (l *lowerer) rangeFunc(s *ast.RangeStmt, labeled *ast.LabeledStmt, f *frame, depth int) {
	t := l.typeOf(s.X)
	if l.subst != nil {
		t = l.subst.apply(t)
	}
	sig := t.Underlying().(*types.Signature)
	yield := sig.Params().At(0).Type().Underlying().(*types.Signature)
	rf := &rangeFunc{id: l.k.uid(), stmt: s}
	if labeled != nil {
		rf.label = labeled.Label.Name
	}
	inner := &frame{parent: f, results: f.results, named: f.named, rf: rf}

	// The yield function's parameters: the loop variables, or fresh names assigned to
	// them first when the loop assigns rather than declares.
	var params, assign []string
	for i, e := range []ast.Expr{s.Key, s.Value} {
		if i >= yield.Params().Len() {
			break
		}
		pt := l.typ(yield.Params().At(i).Type())
		name := "_"
		if e != nil {
			text := l.text(e.Pos(), e.End())
			switch {
			case s.Tok == token.DEFINE:
				name = text
			case text != "_":
				name = fmt.Sprintf("ᐅv%d_%d", rf.id, i)
				assign = append(assign, text+" = "+name)
			}
		}
		params = append(params, name+" "+pt)
	}
	for i := len(params); i < yield.Params().Len(); i++ {
		params = append(params, "_ "+l.typ(yield.Params().At(i).Type()))
	}

	start := s.For
	if labeled != nil {
		start = labeled.Pos()
	}
	// The function ranged over is lowered where it stands (a generic call becomes its
	// instance); then the body, which decides whether the exit variable is needed.
	l.expr(s.X, f, depth+2) // deeper than the head that closes around it (range <-seqs)
	if s.Tok == token.DEFINE {
		// The parameters are the loop's variables, in Go in a scope around the body, which
		// may declare the same names again: the body becomes a block of its own.
		l.add(l.off(s.Body.Lbrace)+1, 0, " {", depth+1)
	}
	l.stmts(s.Body.List, inner, depth+1)

	x := fmt.Sprintf("ᐅx%d", rf.id)
	var open strings.Builder
	if rf.usesEx || rf.stops {
		open.WriteString("{ ")
	}
	if rf.stops {
		// Go panics when the function calls the body again after it returned false.
		fmt.Fprintf(&open, "var ᐅd%d bool; ", rf.id)
		l.add(l.off(s.Body.Lbrace)+1, 0, fmt.Sprintf(" if ᐅd%d { panic(%s.RangeContinued()) };", rf.id, HookName), depth+1)
	}
	if rf.usesEx {
		open.WriteString("var " + x + " int; ")
		if f.results != nil {
			for i := 0; i < f.results.Len(); i++ {
				fmt.Fprintf(&open, "var ᐅr%d_%d %s; ", rf.id, i, l.typ(f.results.At(i).Type()))
			}
		}
	}
	// Parentheses only where the callee needs them: the interpreter cannot call a
	// declared function named in parentheses, (seq)(yield).
	lp, rp := "", ""
	if !primary(s.X) {
		lp, rp = "(", ")"
	}
	l.add(l.off(start), l.off(s.X.Pos())-l.off(start), open.String()+lp, depth)
	head := rp + "(func(" + strings.Join(params, ", ") + ") bool "
	l.add(l.off(s.X.End()), 0, head, closing(depth+1))
	if len(assign) > 0 {
		l.add(l.off(s.Body.Lbrace)+1, 0, " "+strings.Join(assign, "; ")+";", depth+1)
	}
	l.add(l.off(s.Body.Rbrace), 0, "; return true ", closing(depth+1))
	if s.Tok == token.DEFINE {
		l.add(l.off(s.Body.Rbrace), 0, "}", closing(depth+1)) // made after: closes before
	}
	var after strings.Builder
	after.WriteString(")")
	if rf.usesEx {
		after.WriteString("; switch " + x + " {")
		for i, exit := range rf.exits {
			fmt.Fprintf(&after, " case %d: %s;", i+1, exit)
		}
		after.WriteString(" }")
	}
	if rf.usesEx || rf.stops {
		after.WriteString(" }")
	}
	l.add(l.off(s.Body.Rbrace)+1, 0, after.String(), closing(depth))
}

// branch lowers a return, break or continue inside the body of a range-over-func loop,
// and refuses defer and goto there.
func (l *lowerer) branch(st ast.Stmt, f *frame, depth int) {
	rf := f.rf
	switch s := st.(type) {
	case *ast.DeferStmt:
		l.errorf(s.Pos(), "defer inside the body of a range-over-func loop is not supported by this kernel: move it into a function the body calls")
	case *ast.ReturnStmt:
		if names, ok := l.namedResultsAt(s, f); ok && len(s.Results) > 0 {
			// Go sets named results at the return, before the iterator's own cleanup
			// (its defers, the code after its yield call) runs and may read them.
			id := rf.exit(l, f, "return")
			l.add(l.off(s.Return), len("return"), fmt.Sprintf("{ ᐅx%d = %d; %s = ", rf.id, id, strings.Join(names, ", ")), depth)
			l.add(l.off(s.End()), 0, "; "+rf.stop()+" }", closing(depth))
			l.resultValues(s, f.results, depth)
			return
		}
		var b strings.Builder
		stmt := "return"
		if len(s.Results) > 0 {
			stmt = returnValues
		}
		id := rf.exit(l, f, stmt)
		fmt.Fprintf(&b, "{ ᐅx%d = %d; ", rf.id, id)
		if len(s.Results) > 0 {
			var rs []string
			for i := 0; i < f.results.Len(); i++ {
				rs = append(rs, fmt.Sprintf("ᐅr%d_%d", rf.id, i))
			}
			b.WriteString(strings.Join(rs, ", ") + " = ")
			l.add(l.off(s.Return), len("return"), b.String(), depth)
			l.add(l.off(s.End()), 0, "; "+rf.stop()+" }", closing(depth))
			l.resultValues(s, f.results, depth)
			return
		}
		l.add(l.off(s.Return), len("return"), b.String()+rf.stop()+" }", depth)
	case *ast.BranchStmt:
		target := l.branchTarget(s, f)
		switch {
		case s.Tok == token.GOTO || s.Tok == token.FALLTHROUGH:
			if s.Tok == token.GOTO {
				l.errorf(s.Pos(), "goto inside the body of a range-over-func loop is not supported by this kernel")
			}
		case target == rf:
			text := "return true"
			if s.Tok == token.BREAK {
				text = "{ " + rf.stop() + " }"
			}
			l.add(l.off(s.Pos()), l.off(s.End())-l.off(s.Pos()), text, depth)
		case target == nil:
			// A loop or switch inside the body: nothing to do.
		default:
			stmt, ok := l.branchAs[s]
			if !ok {
				stmt = l.text(s.Pos(), s.End())
			}
			id := rf.exit(l, f, stmt)
			l.add(l.off(s.Pos()), l.off(s.End())-l.off(s.Pos()), fmt.Sprintf("{ ᐅx%d = %d; %s }", rf.id, id, rf.stop()), depth)
		}
	}
}

// namedResultsAt returns the names of the named results of f's function when a return
// statement r can assign them: each is named (not _) and in scope at r, not shadowed.
func (l *lowerer) namedResultsAt(r *ast.ReturnStmt, f *frame) ([]string, bool) {
	if !f.named || f.results == nil || l.k == nil || l.k.pkg == nil {
		return nil, false
	}
	scope := l.k.pkg.Scope().Innermost(r.Pos())
	if scope == nil {
		return nil, false
	}
	var names []string
	for i := range f.results.Len() {
		v := f.results.At(i)
		if v.Name() == "" || v.Name() == "_" {
			return nil, false
		}
		if _, obj := scope.LookupParent(v.Name(), r.Pos()); obj != types.Object(v) {
			return nil, false
		}
		names = append(names, v.Name())
	}
	return names, true
}

// resultValues lowers the results of r, a return turned into an assignment of several
// values to the loop's result variables, as multiAssign lowers an assignment the
// interpreter would get wrong: nils typed (see typedNils), or the values made in a
// function literal when one is a call or a composite literal, or a nil into an empty
// interface.
func (l *lowerer) resultValues(r *ast.ReturnStmt, results *types.Tuple, depth int) {
	if len(r.Results) < 2 || len(r.Results) != results.Len() {
		return
	}
	ts := make([]types.Type, len(r.Results))
	var spelled []string
	for i := range ts {
		ts[i] = results.At(i).Type()
		spelled = append(spelled, l.typ(l.applied(ts[i])))
	}
	intoInterface := false // the interpreter's assignment of several values panics on one
	for _, t := range ts {
		intoInterface = intoInterface || types.IsInterface(l.applied(t))
	}
	if !l.loses(r.Results) && !intoInterface && l.typedNils(ts, r.Results, depth) {
		return
	}
	for i := range spelled {
		if spelled[i] == "interface{}" && !types.IsInterface(l.applied(results.At(i).Type())) {
			return // a type declared in a function: no name to give it
		}
	}
	for _, e := range r.Results {
		if l.callsRecover(e) {
			return
		}
	}
	first, last := r.Results[0], r.Results[len(r.Results)-1]
	l.add(l.off(first.Pos()), 0, "func() ("+strings.Join(spelled, ", ")+") { return ", depth-1)
	// In front of what ends the lowered return ("; ᐅd1 = true; return false }"), added
	// before.
	l.add(l.off(last.End()), 0, " }()", closing(depth))
}

// continuedIteration is the Go runtime's panic when an iterator function calls the loop
// body again after the body returned false.
const continuedIteration = "runtime error: range function continued iteration after function for loop body returned false"

// stop is the statement that ends an iteration of rf's body and the loop: the body
// returns false, remembering it did.
func (rf *rangeFunc) stop() string {
	rf.stops = true
	return fmt.Sprintf("ᐅd%d = true; return false", rf.id)
}

// returnValues stands for a return statement with values, to exit: the values are in
// the loop's result variables.
const returnValues = "return ᐅvalues"

// exit registers how the loop rf, lowered in frame f, continues after its call when the
// body ended with stmt, and returns the exit's number. stmt is lowered again when the
// call itself is inside a range-over-func body.
func (rf *rangeFunc) exit(l *lowerer, f *frame, stmt string) int {
	rf.usesEx = true
	outer := f.parent
	carry := stmt
	if stmt == "return" || stmt == returnValues {
		var rs []string
		if stmt == returnValues {
			for i := 0; i < outer.results.Len(); i++ {
				rs = append(rs, fmt.Sprintf("ᐅr%d_%d", rf.id, i))
			}
		}
		carry = strings.TrimSpace("return " + strings.Join(rs, ", "))
		if !outer.fn && outer.rf == nil {
			carry = cellReturn // a loop at the top level of a cell
		}
		if outer.named && len(rs) > 0 {
			// The values go into the named results, which deferred calls may read.
			// One at a time: the interpreter's assignment of several values panics on
			// one going into an interface.
			var sets []string
			for i := 0; i < outer.results.Len(); i++ {
				sets = append(sets, outer.results.At(i).Name()+" = "+rs[i])
			}
			carry = strings.Join(sets, "; ") + "; return"
		}
		if outer.rf != nil {
			ox := outer.rf
			id := ox.exit(l, outer, stmt)
			var b strings.Builder
			fmt.Fprintf(&b, "ᐅx%d = %d; ", ox.id, id)
			if len(rs) > 0 {
				var os []string
				for i := range rs {
					os = append(os, fmt.Sprintf("ᐅr%d_%d", ox.id, i))
				}
				fmt.Fprintf(&b, "%s = %s; ", strings.Join(os, ", "), strings.Join(rs, ", "))
			}
			b.WriteString(ox.stop())
			carry = b.String()
		}
	} else if outer.rf != nil {
		switch {
		case l.targetsLoop(stmt, outer.rf):
			// A break or continue of the enclosing range-over-func loop itself.
			carry = "return true"
			if strings.HasPrefix(stmt, "break") {
				carry = outer.rf.stop()
			}
		case !l.targetsWithin(stmt, outer):
			id := outer.rf.exit(l, outer, stmt)
			carry = fmt.Sprintf("ᐅx%d = %d; %s", outer.rf.id, id, outer.rf.stop())
		}
	}
	rf.exits = append(rf.exits, carry)
	return len(rf.exits)
}

// targetsLoop reports whether the labeled branch stmt targets loop rf.
func (l *lowerer) targetsLoop(stmt string, rf *rangeFunc) bool {
	fields := strings.Fields(stmt)
	return len(fields) == 2 && rf.label != "" && fields[1] == rf.label
}

// targetsWithin reports whether the labeled branch stmt targets a statement inside the
// body of frame f's loop (so it can run there as written).
func (l *lowerer) targetsWithin(stmt string, f *frame) bool {
	fields := strings.Fields(stmt)
	if len(fields) != 2 {
		return true
	}
	found := false
	ast.Inspect(f.rf.stmt.Body, func(n ast.Node) bool {
		if _, lit := n.(*ast.FuncLit); lit {
			return false // its labels are its own
		}
		if ls, ok := n.(*ast.LabeledStmt); ok && ls.Label.Name == fields[1] {
			found = true
		}
		return !found
	})
	return found
}

// branchTarget returns the range-over-func loop a break or continue in frame f targets:
// f's own loop, an outer one (as a frame's loop), or nil for a statement inside the body.
func (l *lowerer) branchTarget(s *ast.BranchStmt, f *frame) *rangeFunc {
	if s.Label == nil {
		if l.insideBody(s, f.rf.stmt.Body, s.Tok) {
			return nil
		}
		return f.rf
	}
	name := s.Label.Name
	for fr := f; fr != nil && fr.rf != nil; fr = fr.parent {
		if fr.rf.label == name {
			if fr == f {
				return f.rf
			}
			return fr.rf
		}
		found := false
		ast.Inspect(fr.rf.stmt.Body, func(n ast.Node) bool {
			if _, lit := n.(*ast.FuncLit); lit {
				return false // its labels are its own
			}
			if ls, ok := n.(*ast.LabeledStmt); ok && ls.Label.Name == name {
				found = true
			}
			return !found
		})
		if found {
			if fr == f {
				return nil
			}
			return fr.rf
		}
	}
	return &rangeFunc{} // a loop outside every range-over-func loop: carried out after the call
}

// insideBody reports whether an unlabeled branch s sits in a loop (or, for break, a
// switch or select) nested in body, which it then targets.
func (l *lowerer) insideBody(s *ast.BranchStmt, body *ast.BlockStmt, tok token.Token) bool {
	inner := false
	var walk func(n ast.Node, nested bool)
	walk = func(n ast.Node, nested bool) {
		ast.Inspect(n, func(c ast.Node) bool {
			if inner {
				return false
			}
			switch c := c.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt:
				walk(c.Body, true)
				return false
			case *ast.RangeStmt:
				walk(c.Body, true)
				return false
			case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				if tok == token.BREAK {
					var b *ast.BlockStmt
					switch c := c.(type) {
					case *ast.SwitchStmt:
						b = c.Body
					case *ast.TypeSwitchStmt:
						b = c.Body
					case *ast.SelectStmt:
						b = c.Body
					}
					walk(b, true)
					return false
				}
			case *ast.BranchStmt:
				if c == s && nested {
					inner = true
				}
			}
			return true
		})
	}
	walk(body, false)
	return inner
}

// primary reports whether e can be called as it is written, without parentheses.
func primary(e ast.Expr) bool {
	switch e.(type) {
	case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr, *ast.IndexListExpr, *ast.CallExpr, *ast.ParenExpr:
		return true
	}
	return false
}
