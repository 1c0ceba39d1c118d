package front

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Goroutines started in a loop. A function literal that a go statement starts reads the
// variables it captures when it runs, and the interpreter keeps a loop's per-iteration
// variables (and those its body declares) where the next iteration writes: a goroutine
// that starts late sees a later iteration's i (res[i] = i+1 from 20,000 goroutines wrote
// some slots twice and others never). Passed as arguments, they are evaluated by the go
// statement itself, as Go's per-iteration variables would be read:
//
//	for i := range n { go func() { res[i] = i }() }  →  for i := range n { go func(i int) { res[i] = i }(i) }
//
// Only variables the goroutine does not assign or take the address of (a WaitGroup
// declared in the loop stays shared), declared in the loops around the statement.

// goLoopVars lowers s, a go statement calling lit, as above.
func (l *lowerer) goLoopVars(s *ast.GoStmt, lit *ast.FuncLit, f *frame, depth int) {
	if len(f.loops) == 0 || l.callsRecover(lit) {
		return
	}
	lo, hi := f.loops[0].Pos(), f.loops[0].End()
	var vars []*types.Var
	seen := map[types.Object]bool{}
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		v, ok := l.info().Uses[id].(*types.Var)
		if !ok || v.IsField() || seen[v] || v.Pos() < lo || v.Pos() >= hi || v.Pos() >= lit.Pos() && v.Pos() < lit.End() {
			return true
		}
		seen[v] = true
		vars = append(vars, v)
		return true
	})
	// Names the body declares at its top level would clash with parameters.
	declared := map[string]bool{}
	for _, st := range lit.Body.List {
		if a, ok := st.(*ast.AssignStmt); ok && a.Tok == token.DEFINE {
			for _, x := range a.Lhs {
				if id, ok := x.(*ast.Ident); ok {
					declared[id.Name] = true
				}
			}
		}
		if d, ok := st.(*ast.DeclStmt); ok {
			if g, ok := d.Decl.(*ast.GenDecl); ok {
				for _, sp := range g.Specs {
					if vs, ok := sp.(*ast.ValueSpec); ok {
						for _, id := range vs.Names {
							declared[id.Name] = true
						}
					}
				}
			}
		}
	}
	var params, args []string
	for _, v := range vars {
		if l.modifies(lit.Body, v) || declared[v.Name()] || l.modifiedAround(f.loops[0], lit, v) {
			continue
		}
		t := l.typ(v.Type())
		if t == "interface{}" && !types.IsInterface(v.Type()) {
			return // a type declared in a function: no name to give it
		}
		params = append(params, v.Name()+" "+t)
		args = append(args, v.Name())
	}
	if len(params) == 0 {
		return
	}
	sep := ""
	if lit.Type.Params.NumFields() > 0 {
		sep = ", "
	}
	l.add(l.off(lit.Type.Params.Opening)+1, 0, strings.Join(params, ", ")+sep, depth)
	sep = ""
	if len(s.Call.Args) > 0 {
		sep = ", "
	}
	l.add(l.off(s.Call.Lparen)+1, 0, strings.Join(args, ", ")+sep, depth)
}

// modifiedAround reports whether the loop's body, outside lit, changes v after declaring
// it: then the goroutine may be meant to see the change (result = 42; done <- true),
// and v stays shared. The loop's own clauses do not count: each iteration has its own
// variables.
func (l *lowerer) modifiedAround(loop ast.Stmt, lit *ast.FuncLit, v *types.Var) bool {
	var body *ast.BlockStmt
	switch s := loop.(type) {
	case *ast.ForStmt:
		body = s.Body
	case *ast.RangeStmt:
		body = s.Body
	default:
		return true
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found || n == lit {
			return false
		}
		switch s := n.(type) {
		case *ast.ForStmt:
			if s.Init != nil && v.Pos() >= s.Init.Pos() && v.Pos() < s.Init.End() {
				// A nested loop's own variable: its post statement makes the next
				// iteration's.
				found = l.modifies(s.Body, v)
				return false
			}
		case *ast.AssignStmt:
			if s.Tok == token.DEFINE {
				// v := ... declares it (once); a redeclaration in a := with others
				// assigns it.
				for _, x := range s.Lhs {
					if id, ok := x.(*ast.Ident); ok && l.info().Uses[id] == v {
						found = true
					}
				}
				return true
			}
		}
		if l.modifiesNode(n, v) {
			found = true
		}
		return !found
	})
	return found
}

// modifies reports whether n assigns v, increments it, or takes its address (&v, or
// v.M() with a pointer receiver).
func (l *lowerer) modifies(n ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(n, func(c ast.Node) bool {
		found = found || l.modifiesNode(c, v)
		return !found
	})
	return found
}

// modifiesNode reports whether n itself (not what it holds) changes v as modifies says.
func (l *lowerer) modifiesNode(n ast.Node, v *types.Var) bool {
	// is reports whether e is v, or a part of v's own storage: a field of it, or an
	// element of it if it is an array (not what a pointer, slice or map in it refers to).
	var is func(e ast.Expr) bool
	is = func(e ast.Expr) bool {
		switch e := ast.Unparen(e).(type) {
		case *ast.Ident:
			return l.info().Uses[e] == v
		case *ast.SelectorExpr:
			if sel := l.info().Selections[e]; sel == nil || sel.Kind() != types.FieldVal || sel.Indirect() {
				return false
			}
			if _, ptr := l.typeOf(e.X).Underlying().(*types.Pointer); ptr {
				return false
			}
			return is(e.X)
		case *ast.IndexExpr:
			if _, arr := l.typeOf(e.X).Underlying().(*types.Array); arr {
				return is(e.X)
			}
		}
		return false
	}
	switch n := n.(type) {
	case *ast.AssignStmt:
		if n.Tok != token.DEFINE {
			for _, x := range n.Lhs {
				if is(x) {
					return true
				}
			}
		}
	case *ast.IncDecStmt:
		return is(n.X)
	case *ast.RangeStmt:
		return n.Tok == token.ASSIGN && (is(n.Key) || n.Value != nil && is(n.Value))
	case *ast.UnaryExpr:
		return n.Op == token.AND && is(n.X)
	case *ast.SelectorExpr:
		if is(n.X) {
			if sel := l.info().Selections[n]; sel != nil && sel.Kind() == types.MethodVal {
				if sig, ok := sel.Obj().Type().(*types.Signature); ok && sig.Recv() != nil {
					_, ptrRecv := sig.Recv().Type().(*types.Pointer)
					_, ptrX := l.typeOf(n.X).Underlying().(*types.Pointer)
					return ptrRecv && !ptrX // x.M() with a pointer receiver takes &x
				}
			}
		}
	}
	return false
}

// goValue lowers s, a go statement calling a function variable or a cell's function
// (go f(x), go worker(i, &wg)), so that the function is read by the go statement and
// runs under the guard that hands its panic to the kernel (see goGuard): the
// interpreter reads a function variable when the goroutine starts, and in a loop a
// goroutine that starts late ran a later iteration's closure; and a panic in an unguarded
// goroutine ends the interpreter. A function literal takes the function, with the
// arguments, as parameters:
//
//	go f(x)  →  go func(ᐅg func(int), ᐅa0 int) { ᐅg(ᐅa0) }(f, x)
func (l *lowerer) goValue(s *ast.GoStmt, f *frame, depth int) {
	if l.callsRecover(s.Call) {
		return
	}
	fun := ast.Unparen(s.Call.Fun)
	switch x := fun.(type) {
	case *ast.Ident:
		switch l.info().Uses[x].(type) {
		case *types.Var, *types.Func:
		default:
			return // a built-in
		}
	case *ast.SelectorExpr:
		// A function field (go s.work(x)) or a package's function (go pkg.F(x)); a
		// cell's method is goMethod's, and a method of another type is left alone.
		if sel := l.info().Selections[x]; sel != nil && sel.Kind() != types.FieldVal {
			return
		}
	case *ast.IndexExpr, *ast.IndexListExpr, *ast.CallExpr:
		// go handlers[k](x), go Worker[int](x), go makeWorker()(x)
	default:
		return
	}
	sig, ok := l.applied(l.typeOf(fun)).Underlying().(*types.Signature)
	if !ok || !l.spellable(l.applied(l.typeOf(fun))) {
		return // a type it cannot spell (an interface declared in a function)
	}
	if len(s.Call.Args) == 1 {
		if _, tuple := l.typeOf(s.Call.Args[0]).(*types.Tuple); tuple {
			return // go f(g()), with g's results for f's parameters
		}
	}
	ft := l.typ(l.applied(l.typeOf(fun)))
	n := itoa(l.k.uid())
	params := []string{"ᐅg" + n + " " + ft}
	var args []string
	ts := l.argTypes(s.Call, sig)
	for i, t := range ts {
		if !l.spellable(l.applied(t)) {
			return
		}
		spelled := l.typ(l.applied(t))
		a := "ᐅa" + n + "_" + itoa(i)
		if s.Call.Ellipsis.IsValid() && i == len(ts)-1 {
			// go f(x, ys...): the literal takes the slice, and spreads it in its call
			// (the interpreter's go statement cannot spread into a literal: "CallSlice
			// using *interp.node" killed the process).
			params = append(params, a+" "+spelled)
			args = append(args, a+"...")
			l.add(l.off(s.Call.Ellipsis), len("..."), "", depth)
			continue
		}
		params = append(params, a+" "+spelled)
		args = append(args, a)
	}
	l.add(l.off(s.Call.Fun.Pos()), 0, "func("+strings.Join(params, ", ")+") {"+l.goGuard(s.Go)+" ᐅg"+n+"("+strings.Join(args, ", ")+") }(", depth)
	sep := ""
	if len(s.Call.Args) > 0 {
		sep = ", "
	}
	l.add(l.off(s.Call.Fun.End()), l.off(s.Call.Lparen)+1-l.off(s.Call.Fun.End()), sep, depth)
}

// spellable reports whether the lowering can write t: every interface in it is empty or
// has a name the cell can write (one declared in a function spells as interface{}).
func (l *lowerer) spellable(t types.Type) bool {
	ok := true
	walkTypes(t, func(t types.Type) bool {
		switch u := t.(type) {
		case *types.Named:
			if types.IsInterface(u) && !isAny(u) && l.typ(u) == "interface{}" {
				ok = false
			}
			return false // (its own structure is spelled by its name)
		case *types.Interface:
			if !u.Empty() && l.typ(u) == "interface{}" {
				ok = false
			}
		}
		return ok
	})
	return ok
}
