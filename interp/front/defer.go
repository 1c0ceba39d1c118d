package front

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Deferred calls. Go evaluates a deferred call's arguments (and receiver) when the defer
// statement runs. The interpreter keeps the frame slots they were read from instead, so a
// later assignment, or the next iteration of a loop, changes what the deferred call sees;
// and a deferred function literal reads the variables of a loop's iteration from the slot
// that the last iteration left:
//
//	x := 1; defer fmt.Println(x); x = 2                 prints 2, Go prints 1
//	for i := range 3 { defer func() { print(i) }() }   prints 222, Go prints 210
//
// A variable declared by := in a block gets fresh storage each time the block runs, which
// the interpreter's deferred call keeps. So the arguments are evaluated into such variables
// first, and a literal takes the addresses of the loop variables it uses as parameters:
//
//	defer fmt.Println(x)               →  { ᐅa1_0 := x; defer fmt.Println(ᐅa1_0) }
//	defer w.Close()                    →  { ᐅr1 := &w; defer func(ᐅp1 *W) { ᐅp1.Close() }(ᐅr1) }
//
// (a method through a literal, because the interpreter reads a deferred method's receiver
// only when it calls it; variables of an if, switch or select pass by value, since the
// interpreter shares them across iterations even by address)
//	defer func() { print(i) }()        →  { ᐅl1_0 := &i; defer func(ᐅp1_0 *int) { print((*ᐅp1_0)) }(ᐅl1_0) }
//
// A function value is evaluated into such a variable too (see also ownFrame):
//
//	defer f(i)                         →  { ᐅf1, ᐅa1_0 := f, i; defer ᐅf1(ᐅa1_0) }
//
// Left as they are: built-ins other than close, delete, panic, print, println and copy.
//
// At the top level of a cell, a defer hands the function and its arguments, evaluated, to
// the session (ᐅdescent.Defer), which calls it when the cell ends, as Go makes main's
// deferred calls when main returns:
//
//	defer fmt.Println(x)   →  ᐅdescent.Defer(fmt.Println, x)
//	defer w.Close(tag)     →  ᐅdescent.Defer(func(ᐅp *W, ᐅq0 string) { ᐅp.Close(ᐅq0) }, &w, tag)

// deferCall lowers a defer statement inside a function, whose call is already lowered by
// the edits inner; loops are the loops around it in that function. It reports false when
// it left the statement as it was.
func (l *lowerer) deferCall(s *ast.DeferStmt, loops []ast.Stmt, inner []edit, depth int) bool {
	call := s.Call
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		added, changed := l.deferLiteral(s, lit, loops, inner, depth)
		return added > 0 || changed
	}
	id := l.k.uid()
	var sig *types.Signature
	if t := l.typeOf(call.Fun); t != nil {
		sig, _ = t.Underlying().(*types.Signature) // (of a named func type too)
	}
	if l.subst != nil && sig != nil {
		sig, _ = l.subst.apply(sig).(*types.Signature)
	}
	nargs := len(call.Args)
	if len(call.Args) == 1 {
		if tt, tuple := l.typeOf(call.Args[0]).(*types.Tuple); tuple {
			// f(g()) with several results of g: they are bound, as arguments are, when
			// f is a declared function (a value or method is left as it is).
			if !l.declaredFunc(call.Fun) || l.editedWithin(inner, call.Args[0]) {
				return false // (where a lowering rewrote g's call, as it is)
			}
			nargs = tt.Len()
		}
	}
	var lhs, rhsArgs []string
	for i := range nargs {
		rhsArgs = append(rhsArgs, fmt.Sprintf("ᐅa%d_%d", id, i))
	}
	fun := ast.Unparen(call.Fun)
	var callee string
	var recvPrefix string       // & or * before the receiver, see receiver
	var recvPath string         // the embedded field with the method, see promotedReceiver
	var recvType, method string // for a method call
	var recvT types.Type
	switch f := fun.(type) {
	case *ast.Ident:
		switch o := l.info().Uses[f].(type) {
		case *types.Builtin:
			switch o.Name() {
			case "close", "delete", "panic", "print", "println", "copy":
			default:
				return false
			}
		case *types.Func:
			if inst, generic := l.info().Instances[f]; generic {
				callee = l.instanceName(o, inst) // which "defer F(" below replaces
			}
		case *types.Var:
			return l.deferValue(s, sig, id, rhsArgs, depth)
		default:
			return false
		}
		if callee == "" {
			callee = f.Name
		}
	case *ast.SelectorExpr:
		sel := l.info().Selections[f]
		switch {
		case sel == nil: // a package's function
			if _, ok := l.info().Uses[f.Sel].(*types.Var); ok {
				return l.deferValue(s, sig, id, rhsArgs, depth)
			}
			if _, ok := l.info().Uses[f.Sel].(*types.Func); !ok {
				return false
			}
			if _, generic := l.info().Instances[f.Sel]; generic {
				return false
			}
			callee = l.text(f.Pos(), f.End())
		case sel.Kind() == types.MethodVal:
			xt, prefix, ok := l.receiver(f)
			if !ok {
				xt, prefix, recvPath, ok = l.promotedReceiver(f)
			}
			if !ok {
				return false
			}
			recvPrefix = prefix
			recvType, method, recvT = l.typ(xt), f.Sel.Name, xt
			if recvType == "interface{}" && !types.IsInterface(xt) {
				return false
			}
			r := fmt.Sprintf("ᐅr%d", id)
			lhs = append(lhs, r)
			callee = r + "." + f.Sel.Name
		case sel.Kind() == types.FieldVal:
			return l.deferValue(s, sig, id, rhsArgs, depth)
		default:
			return false
		}
	default:
		return l.deferValue(s, sig, id, rhsArgs, depth)
	}
	if len(lhs) == 0 && len(call.Args) == 0 {
		return false // nothing is evaluated before the call
	}
	if call.Ellipsis.IsValid() && (len(lhs) > 0 && recvType == "" || sig == nil || sig.Params().Len() != len(call.Args)) {
		return false // a built-in called with "...": left as it is
	}
	if call.Ellipsis.IsValid() && recvType != "" && types.IsInterface(recvT) {
		// An interface's method is found at the defer (a nil one panics there): the
		// method value is deferred, which takes the slice as Go spreads it.
		return l.deferValue(s, sig, id, rhsArgs, depth)
	}
	if call.Ellipsis.IsValid() && recvType != "" && l.recovers(l.info().Selections[fun.(*ast.SelectorExpr)].Obj().(*types.Func)) {
		return false // a method that recovers must be the deferred call itself: as it is
	}
	lhs = append(lhs, rhsArgs...)

	// "defer recv.M(a, b)" or "defer F(a, b)" becomes "{ ᐅr, ᐅa0, ᐅa1 := recv, a, b; defer ...M(ᐅa0, ᐅa1) }":
	// the receiver and the arguments stay where they are, and the rest moves to the end.
	head := "{ " + strings.Join(lhs, ", ") + " := "
	// A composite literal among several values is lost by the interpreter's := (see
	// multiassign.go): they come from a function literal then.
	closeValues := ""
	if vts := l.deferValueTypes(call, sig, recvT, nargs); vts != nil && len(lhs) >= 2 && holdsCompositeLit(fun, call.Args) {
		head += "func() (" + strings.Join(vts, ", ") + ") { return "
		closeValues = " }()"
		// (A built-in's result after the first value of a return is lost too.)
		// (Outside the lowering of the arguments themselves, made before.)
		if recvType != "" {
			l.builtinResults(call.Args, depth-1)
		} else {
			l.builtinResults(call.Args[1:], depth-1)
		}
	}
	head += recvPrefix
	if sel, ok := fun.(*ast.SelectorExpr); ok && strings.HasPrefix(callee, "ᐅr") {
		l.add(l.off(s.Defer), l.off(call.Fun.Pos())-l.off(s.Defer), head, depth)
		sep := ""
		if len(call.Args) > 0 {
			sep = ", "
		}
		l.add(l.off(sel.X.End()), l.off(call.Lparen+1)-l.off(sel.X.End()), recvPath+sep, depth) // ".M("
	} else {
		// (Blank: the instance's name in it is callee's.)
		at := l.off(s.Defer)
		l.edits = append(l.edits, edit{at: at, del: l.off(call.Args[0].Pos()) - at, text: head, rank: depth, blank: true}) // "defer F("
	}
	l.typeUntyped(call, sig, depth)
	dots := ""
	from := call.Lparen + 1
	if n := len(call.Args); n > 0 {
		from = call.Args[n-1].End()
	}
	if call.Ellipsis.IsValid() {
		dots = "..."
		from = call.Ellipsis + token.Pos(len("..."))
		l.add(l.off(call.Ellipsis), len("..."), "", depth)
	}
	tail := fmt.Sprintf("; defer %s(%s%s) }", callee, strings.Join(rhsArgs, ", "), dots)
	if recvType != "" && !(len(loops) == 0 && l.recovers(l.info().Selections[fun.(*ast.SelectorExpr)].Obj().(*types.Func))) {
		// The interpreter reads a deferred method's receiver when it calls it: a literal
		// takes it, with the arguments, as parameters, which it reads at the defer.
		params := []string{fmt.Sprintf("ᐅp%d %s", id, recvType)}
		ps := []string{}
		for i, t := range l.argTypes(call, sig) {
			p := fmt.Sprintf("ᐅp%d_%d", id, i)
			ps = append(ps, p)
			params = append(params, p+" "+l.typ(t))
		}
		body := fmt.Sprintf("ᐅp%d.%s(%s)", id, method, strings.Join(ps, ", "))
		// Not the deferred function itself, a method that recovers would find no panic:
		// the literal hands it over (see claims.go).
		body = l.claimedCall(l.info().Selections[fun.(*ast.SelectorExpr)].Obj().(*types.Func), recvT, fmt.Sprintf("ᐅp%d", id), id, body,
			len(loops) > 0 || l.deferredBefore(s))
		if unlock := l.unlockCall(l.info().Selections[fun.(*ast.SelectorExpr)], fmt.Sprintf("ᐅp%d", id), recvT); unlock != "" {
			body = unlock // see mutexUnlock
		}
		tail = fmt.Sprintf("; defer func(%s) { %s }(%s) }", strings.Join(params, ", "), body, strings.Join(lhs, ", "))
		if types.IsInterface(recvT) && recvPath == "" {
			// Go finds an interface's method at the defer: a nil one panics there.
			tail = fmt.Sprintf("; _ = ᐅr%d.%s", id, method) + tail
		}
	}
	if dots != "" {
		// The interpreter cannot defer a call with "...": a literal makes it, from parameters.
		var params, ps []string
		for i := range sig.Params().Len() {
			p := fmt.Sprintf("ᐅp%d_%d", id, i)
			ps = append(ps, p)
			params = append(params, p+" "+l.typ(sig.Params().At(i).Type()))
		}
		args := rhsArgs
		if recvType != "" {
			// A method: its receiver as evaluated now is a parameter too.
			q := fmt.Sprintf("ᐅq%d", id)
			params = append([]string{q + " " + recvType}, params...)
			callee, args = q+"."+method, lhs
		}
		tail = fmt.Sprintf("; defer func(%s) { %s(%s...) }(%s) }", strings.Join(params, ", "), callee, strings.Join(ps, ", "), strings.Join(args, ", "))
	}
	l.add(l.off(from), l.off(call.Rparen+1)-l.off(from), closeValues+tail, closing(depth))
	return true
}

// deferValueTypes returns the types of the values deferCall binds for call: the
// receiver's (recvT, or nil for a function) and the arguments' as the call takes them;
// nil where one cannot be spelled or the arguments are one call's results.
func (l *lowerer) deferValueTypes(call *ast.CallExpr, sig *types.Signature, recvT types.Type, nargs int) []string {
	if sig == nil || nargs != len(call.Args) {
		return nil
	}
	var ts []types.Type
	if recvT != nil {
		ts = append(ts, recvT)
	}
	if call.Ellipsis.IsValid() {
		for i := range sig.Params().Len() {
			ts = append(ts, sig.Params().At(i).Type())
		}
	} else {
		ts = append(ts, l.argTypes(call, sig)...)
	}
	var out []string
	for _, t := range ts {
		s := l.typ(t)
		if s == "interface{}" && !types.IsInterface(t) {
			return nil
		}
		out = append(out, s)
	}
	return out
}

// holdsCompositeLit reports whether a receiver selected by fun, or one of args, is a
// composite literal (or its address).
func holdsCompositeLit(fun ast.Expr, args []ast.Expr) bool {
	es := args
	if sel, ok := ast.Unparen(fun).(*ast.SelectorExpr); ok {
		es = append([]ast.Expr{sel.X}, args...)
	}
	for _, e := range es {
		e = ast.Unparen(e)
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
			e = ast.Unparen(u.X)
		}
		if _, ok := e.(*ast.CompositeLit); ok {
			return true
		}
	}
	return false
}

// declaredFunc reports whether fun names a declared function (of the cell's or a
// package's), not a function value, method or built-in.
func (l *lowerer) declaredFunc(fun ast.Expr) bool {
	switch f := ast.Unparen(fun).(type) {
	case *ast.Ident:
		_, ok := l.info().Uses[f].(*types.Func)
		return ok
	case *ast.SelectorExpr:
		if l.info().Selections[f] != nil {
			return false
		}
		_, ok := l.info().Uses[f.Sel].(*types.Func)
		return ok
	}
	return false
}

// recovers reports whether m, a method, calls recover itself. Deferred through a literal
// (above), its recover would see no panic, as in Go: such a method is deferred as it is,
// its receiver evaluated first; but not in a loop, where the call would read the
// receiver of the last iteration that deferred it (its recover then sees no panic).
func (l *lowerer) recovers(m *types.Func) bool {
	if l.k.file != nil {
		for _, d := range l.k.file.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && l.info().Defs[fd.Name] == m {
				return callsRecoverIn(l.info(), fd.Body)
			}
		}
	}
	recv := m.Type().(*types.Signature).Recv()
	if recv == nil {
		return false
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && l.k.Checker != nil {
		if e := l.k.methods[n.Obj().Name()+"."+m.Name()]; e != nil {
			return e.recovers
		}
	}
	return false
}

// recoveringValue reports whether fun, a deferred function value, is a variable that only
// function literals calling recover first thing are assigned to: in this cell, or as an
// earlier cell's variable. Only such a call gets the panic handed over (see handover.go): to hand
// it over, a deferred literal must recover it and then panic again, which in the
// interpreter skips the deferred calls made before (a cleanup function deferred as a
// variable would have lost the recover that came after it).
func (l *lowerer) recoveringValue(fun ast.Expr) bool {
	if c, ok := ast.Unparen(fun).(*ast.CallExpr); ok {
		return l.recoveringFactory(c)
	}
	id, ok := ast.Unparen(fun).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := l.info().Uses[id].(*types.Var)
	if !ok {
		return false
	}
	found, all := false, true
	if l.k.file != nil {
		ast.Inspect(l.k.file, func(n ast.Node) bool {
			lhs, rhs, ok := assignSides(n)
			if !ok {
				return true
			}
			for i, e := range lhs {
				lid, ok := e.(*ast.Ident)
				if !ok || l.info().Defs[lid] != v && l.info().Uses[lid] != v {
					continue
				}
				if len(lhs) != len(rhs) {
					all = len(rhs) == 0 // var h func(): no value yet
					continue
				}
				if lit, ok := ast.Unparen(rhs[i]).(*ast.FuncLit); ok && recoversFirst(l.info(), lit.Body) {
					found = true
				} else {
					all = false
				}
			}
			return true
		})
	}
	found = found && all
	inCell := l.k.file != nil && l.k.file.Pos() <= v.Pos() && v.Pos() < l.k.file.End()
	if !found && !inCell && l.k.Checker != nil {
		// An earlier cell's variable.
		if e := l.k.names[v.Name()]; e != nil && e.kind == "var" {
			found = e.recovers
		}
	}
	return found
}

// recoveringFactory reports whether c calls a function or method of the session that
// returns only function literals, which call recover first: defer guard("job")(),
// defer l.Guard()().
func (l *lowerer) recoveringFactory(c *ast.CallExpr) bool {
	if l.k.file == nil {
		return false
	}
	var obj types.Object
	name := ""
	switch f := ast.Unparen(c.Fun).(type) {
	case *ast.Ident:
		obj, name = l.info().Uses[f], f.Name
	case *ast.SelectorExpr:
		sel := l.info().Selections[f]
		if sel == nil || sel.Kind() != types.MethodVal {
			return false
		}
		obj = sel.Obj()
		n := recvNamed(obj.(*types.Func))
		if n == nil {
			return false
		}
		name = n.Obj().Name() + "." + obj.Name()
	default:
		return false
	}
	switch obj.(type) {
	case *types.Func:
		for _, d := range l.k.file.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && l.info().Defs[fd.Name] == obj {
				return fd.Body != nil && returnsRecovering(l.info(), fd.Body)
			}
		}
	case *types.Var:
	default:
		return false
	}
	// An earlier cell's, declared in the prelude.
	if _, method := obj.(*types.Func); method && strings.Contains(name, ".") {
		e := l.k.methods[name]
		return e != nil && e.factory
	}
	if e := l.k.names[name]; e != nil && e.kind == "func" && cellPackageLevel(obj) {
		return e.factory
	}
	return false
}

// returnsRecovering reports whether body, a function's, returns only function literals,
// and some, that call recover first.
func returnsRecovering(info *types.Info, body *ast.BlockStmt) bool {
	found, all := false, true
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // its returns are its own
		case *ast.ReturnStmt:
			if len(n.Results) != 1 {
				all = false
				break
			}
			if lit, ok := ast.Unparen(n.Results[0]).(*ast.FuncLit); ok && recoversFirst(info, lit.Body) {
				found = true
			} else {
				all = false
			}
		}
		return true
	})
	return found && all
}

// recoversFirst reports whether body calls recover in its first statement, which always
// runs (if r := recover(); r != nil { … }, r := recover(), fmt.Println(recover())): a
// function value whose recover may not run would make the handed-over panic go on,
// panicking again from a deferred call, which skips the interpreter's earlier deferred
// calls (see handover.go).
func recoversFirst(info *types.Info, body *ast.BlockStmt) bool {
	if body == nil || len(body.List) == 0 {
		return false
	}
	switch st := body.List[0].(type) {
	case *ast.IfStmt:
		return st.Init != nil && callsRecoverIn(info, st.Init) || callsRecoverIn(info, st.Cond)
	case *ast.ExprStmt, *ast.AssignStmt, *ast.DeclStmt:
		return callsRecoverIn(info, st)
	}
	return false
}

// callsRecoverIn reports whether body calls recover itself (not in a function literal).
func callsRecoverIn(info *types.Info, body ast.Node) bool {
	return callsRecoverExcept(info, body, nil)
}

// callsRecoverExcept is callsRecoverIn, not counting the calls in moved.
func callsRecoverExcept(info *types.Info, body ast.Node, moved map[*ast.CallExpr]bool) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if b, ok := info.Uses[nameOf(n.Fun)].(*types.Builtin); ok && b.Name() == "recover" && !moved[n] {
				found = true
			}
		}
		return !found
	})
	return found
}

// deferValue lowers s, a defer of a call of a function value (f(x), fs[0](x), r.close(),
// mk()(x)), so that the function is evaluated at the defer too, with the arguments
// rhsArgs name.
func (l *lowerer) deferValue(s *ast.DeferStmt, sig *types.Signature, id int, rhsArgs []string, depth int) bool {
	call := s.Call
	if sig == nil || l.callsRecover(call.Fun) || call.Ellipsis.IsValid() && sig.Params().Len() != len(call.Args) {
		return false
	}
	if t, ok := l.info().Types[call.Fun]; !ok || !t.IsValue() {
		return false
	}
	fv := fmt.Sprintf("ᐅf%d", id)
	if call.Ellipsis.IsValid() {
		// f(a, xs...): the interpreter passed xs as one argument to the function it
		// deferred. A literal makes the call, from the function and arguments as
		// evaluated now, which it takes as parameters.
		params := []string{fmt.Sprintf("ᐅg%d %s", id, l.typ(sig))}
		var ps []string
		for i := range sig.Params().Len() {
			p := fmt.Sprintf("ᐅb%d_%d", id, i)
			ps = append(ps, p)
			t := sig.Params().At(i).Type()
			params = append(params, p+" "+l.typ(t))
			if st, ok := t.(*types.Slice); ok {
				t = st.Elem()
			}
			if l.typ(t) == "interface{}" && !types.IsInterface(t) {
				return false // a type the lowered code cannot spell
			}
		}
		// (The values come from a function literal: a := of several loses composite
		// literals among them, see multiassign.go.)
		var paramTypes []string
		for _, p := range params {
			paramTypes = append(paramTypes, p[strings.IndexByte(p, ' ')+1:])
		}
		l.builtinResults(call.Args, depth-1) // (the function is the first value; outside the arguments' own lowering)
		head := "{ " + strings.Join(append([]string{fv}, rhsArgs...), ", ") + " := func() (" + strings.Join(paramTypes, ", ") + ") { return "
		l.add(l.off(s.Defer), l.off(call.Fun.Pos())-l.off(s.Defer), head, depth)                   // "defer "
		l.add(l.off(call.Fun.End()), l.off(call.Args[0].Pos())-l.off(call.Fun.End()), ", ", depth) // "("
		last := call.Args[len(call.Args)-1].End()
		l.add(l.off(last), l.off(call.Rparen+1)-l.off(last), fmt.Sprintf(" }(); defer func(%s) { ᐅg%d(%s...) }(%s) }",
			strings.Join(params, ", "), id, strings.Join(ps, ", "), strings.Join(append([]string{fv}, rhsArgs...), ", ")), closing(depth))
		return true
	}
	head := "{ " + strings.Join(append([]string{fv}, rhsArgs...), ", ") + " := "
	// A composite literal among the values is lost by the interpreter's := of several
	// (the function came out nil, see multiassign.go): they come from a function literal.
	closeValues := ""
	if len(call.Args) > 0 && holdsCompositeLit(call.Fun, call.Args) {
		ts := []string{l.typ(sig)}
		spelled := !strings.Contains(ts[0], "interface{}")
		for _, t := range l.argTypes(call, sig) {
			ts = append(ts, l.typ(t))
			spelled = spelled && (ts[len(ts)-1] != "interface{}" || types.IsInterface(t))
		}
		if spelled && len(ts) == 1+len(rhsArgs) {
			head += "func() (" + strings.Join(ts, ", ") + ") { return "
			closeValues = " }()"
			l.builtinResults(call.Args, depth-1) // (the function is the first value)
		}
	}
	l.add(l.off(s.Defer), l.off(call.Fun.Pos())-l.off(s.Defer), head, depth) // "defer "
	l.funcFieldValue(call.Fun, depth)                                        // (see variadicfield.go)
	if len(call.Args) > 0 {
		l.add(l.off(call.Fun.End()), l.off(call.Args[0].Pos())-l.off(call.Fun.End()), ", ", depth) // "("
	}
	l.typeUntyped(call, sig, depth)
	from := call.Fun.End()
	if n := len(call.Args); n > 0 {
		from = call.Args[n-1].End()
	}
	tail := fmt.Sprintf("; defer %s(%s) }", fv, strings.Join(rhsArgs, ", "))
	// The panic is handed over to the function, in case it recovers (see handover.go).
	params := []string{fmt.Sprintf("ᐅg%d %s", id, l.typ(sig))}
	var ps []string
	spelled := !strings.Contains(params[0], "interface{}")
	for i, t := range l.argTypes(call, sig) {
		p := fmt.Sprintf("ᐅb%d_%d", id, i)
		ps = append(ps, p)
		params = append(params, p+" "+l.typ(t))
		spelled = spelled && (!strings.Contains(l.typ(t), "interface{}") || isAny(t))
	}
	if spelled && l.recoveringValue(call.Fun) {
		tail = fmt.Sprintf("; defer func(%s) { ᐅt%d := %s.HandOver(recover()); ᐅg%d(%s); %s.Unclaimed(ᐅt%d) }(%s) }",
			strings.Join(params, ", "), id, HookName, id, strings.Join(ps, ", "), HookName, id, strings.Join(append([]string{fv}, rhsArgs...), ", "))
	}
	l.add(l.off(from), l.off(call.Rparen+1)-l.off(from), closeValues+tail, closing(depth))
	return true
}

// receiver says how Go evaluates the receiver of the method value or call sel: as it is,
// by address (&x for a pointer method of an addressable value) or by value (*x for a value
// method through a pointer); t is the type of what is evaluated. ok is false for a method
// promoted through embedded fields, which is left as it is.
func (l *lowerer) receiver(sel *ast.SelectorExpr) (t types.Type, prefix string, ok bool) {
	s := l.info().Selections[sel]
	if s == nil || s.Kind() != types.MethodVal || len(s.Index()) > 1 {
		return nil, "", false
	}
	m := s.Obj().(*types.Func)
	xt := l.applied(l.typeOf(sel.X))
	if xt == nil {
		return nil, "", false
	}
	if _, generic := l.typeOf(sel.X).(*types.TypeParam); generic && !types.IsInterface(xt) {
		// In an instance, the method of the type argument, not of the constraint (whose
		// receiver is no pointer): Twice[*A] binds x.Step to x itself, not to *x. A
		// value method of a pointer type argument binds the pointer too, as Go's
		// instance does (its method set's method reads *x when called).
		obj, index, _ := types.LookupFieldOrMethod(xt, true, m.Pkg(), m.Name())
		if _, ok := obj.(*types.Func); !ok || len(index) > 1 {
			return nil, "", false // promoted: the path to it is the type argument's
		}
		return xt, "", true
	}
	_, recvPtr := m.Type().(*types.Signature).Recv().Type().Underlying().(*types.Pointer)
	p, xPtr := xt.Underlying().(*types.Pointer)
	switch {
	case types.IsInterface(xt):
		return xt, "", true
	case recvPtr && !xPtr:
		return types.NewPointer(xt), "&", true
	case !recvPtr && xPtr:
		return p.Elem(), "*", true
	}
	return xt, "", true
}

// argTypes returns the type each argument of call is passed as: its parameter's, the
// element type for the variadic ones, else its own (for a built-in).
func (l *lowerer) argTypes(call *ast.CallExpr, sig *types.Signature) []types.Type {
	var ts []types.Type
	for i, a := range call.Args {
		switch {
		case sig != nil && sig.Variadic() && i >= sig.Params().Len()-1 && !call.Ellipsis.IsValid():
			ts = append(ts, sig.Params().At(sig.Params().Len()-1).Type().(*types.Slice).Elem())
		case sig != nil && i < sig.Params().Len():
			ts = append(ts, sig.Params().At(i).Type())
		default:
			ts = append(ts, types.Default(l.typeOf(a)))
		}
	}
	return ts
}

// typeUntyped gives constant and nil arguments the type of their parameter, which the
// call would have given them, now that they are first assigned to variables.
func (l *lowerer) typeUntyped(call *ast.CallExpr, sig *types.Signature, depth int) {
	for i, a := range call.Args {
		tv := l.info().Types[a]
		b, basic := tv.Type.(*types.Basic)
		if tv.Value == nil && !isNil(l, a) && !(basic && b.Info()&types.IsUntyped != 0) {
			continue
		}
		var pt types.Type
		if sig != nil {
			n := sig.Params().Len()
			switch {
			case sig.Variadic() && i >= n-1 && !call.Ellipsis.IsValid():
				pt = sig.Params().At(n - 1).Type().(*types.Slice).Elem()
			case i < n:
				pt = sig.Params().At(i).Type()
			}
		}
		if pt == nil {
			continue // a built-in's argument: the default type does
		}
		if types.IsInterface(pt) && tv.Value != nil {
			pt = types.Default(tv.Type) // the constant keeps its own type inside the interface
		}
		l.add(l.off(a.Pos()), 0, "("+l.typ(pt)+")(", depth)
		l.add(l.off(a.End()), 0, ")", closing(depth))
	}
}

// deferLiteral lowers the defer of a function literal: the variables of the loops around
// it that the literal uses are passed to it by address, as parameters, and its arguments
// are first evaluated into fresh variables (those that lowering left as written; inner
// are its edits of the call).
func (l *lowerer) deferLiteral(s *ast.DeferStmt, lit *ast.FuncLit, loops []ast.Stmt, inner []edit, depth int) (added int, changed bool) {
	sig, _ := l.typeOf(lit).(*types.Signature)
	if sig == nil || sig.Variadic() {
		return 0, false
	}
	call := s.Call
	var names, values []string
	id := l.k.uid()
	for i, a := range call.Args {
		if l.info().Types[a].Value != nil || isNil(l, a) || l.editedWithin(inner, a) {
			continue
		}
		n := fmt.Sprintf("ᐅa%d_%d", id, i)
		names = append(names, n)
		value := l.text(a.Pos(), a.End())
		if pt := sig.Params().At(i).Type(); !types.Identical(l.typeOf(a), pt) {
			value = "(" + l.typ(pt) + ")(" + value + ")" // as the call would convert it
		}
		values = append(values, value)
		l.add(l.off(a.Pos()), l.off(a.End())-l.off(a.Pos()), n, depth)
	}
	// The block of fresh variables, once the loops' variables are among them.
	defer func() {
		if len(names) > 0 {
			l.add(l.off(s.Defer), 0, "{ "+strings.Join(names, ", ")+" := "+strings.Join(values, ", ")+"; ", depth)
			l.add(l.off(s.End()), 0, " }", closing(depth))
			changed = true
		}
	}()

	// The loops' variables the literal reads.
	if len(loops) == 0 {
		return 0, changed
	}
	inLoop := func(o types.Object) bool {
		for _, lp := range loops {
			if lp.Pos() <= o.Pos() && o.Pos() < lp.End() {
				return true
			}
		}
		return false
	}
	var read []*types.Var
	uses := map[*types.Var][]*ast.Ident{}
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			v, ok := l.info().Uses[id].(*types.Var)
			if ok && !v.IsField() && inLoop(v) && !(lit.Pos() <= v.Pos() && v.Pos() < lit.End()) {
				if uses[v] == nil {
					read = append(read, v)
				}
				uses[v] = append(uses[v], id)
			}
		}
		return true
	})
	// Variables of an if, switch or select statement's own scope share one slot across
	// iterations even to the address: those are passed by value (a later assignment in the
	// same iteration is not seen, a rare thing).
	shared := map[*types.Scope]bool{}
	for n, sc := range l.info().Scopes {
		switch n.(type) {
		case *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.CaseClause, *ast.CommClause:
			shared[sc] = true
		}
	}
	var params, args []string
	for _, v := range read {
		if shared[v.Parent()] {
			t := l.typ(v.Type())
			if t == "interface{}" && !types.IsInterface(v.Type()) {
				continue
			}
			n := fmt.Sprintf("ᐅl%d_%d", id, len(args))
			params = append(params, v.Name()+" "+t)
			names, values = append(names, n), append(values, v.Name())
			args = append(args, n)
			continue
		}
		t := l.typ(types.NewPointer(v.Type()))
		if t == "interface{}" {
			continue
		}
		// The iteration's variable itself, by its address taken now (into a fresh
		// variable: a variable of a select case, an if or a type switch case shares its
		// slot across iterations like the loop's own), so that the literal sees what the
		// iteration assigns to it after the defer, as Go's closure does.
		p := fmt.Sprintf("ᐅp%d_%d", id, len(args))
		params = append(params, p+" "+t)
		for _, u := range uses[v] {
			l.add(l.off(u.Pos()), len(u.Name), "(*"+p+")", depth)
		}
		n := fmt.Sprintf("ᐅl%d_%d", id, len(args))
		names, values = append(names, n), append(values, "&"+v.Name())
		args = append(args, n)
	}
	if len(params) == 0 {
		return 0, changed
	}
	sep := ""
	if sig.Params().Len() > 0 {
		sep = ", "
	}
	l.add(l.off(lit.Type.Params.Closing), 0, sep+strings.Join(params, ", "), depth)
	sep = ""
	if len(call.Args) > 0 {
		sep = ", "
	}
	l.add(l.off(call.Rparen), 0, sep+strings.Join(args, ", "), depth)
	return len(args), true
}

// editedWithin reports whether one of edits changes the text of e.
func (l *lowerer) editedWithin(edits []edit, e ast.Expr) bool {
	from, to := l.off(e.Pos()), l.off(e.End())
	for _, ed := range edits {
		if ed.at >= from && ed.at < to || ed.at == to && ed.del > 0 {
			return true
		}
	}
	return false
}

// isNil reports whether e is the predeclared nil.
func isNil(l *lowerer, e ast.Expr) bool { return nilIdent(l.info(), e) }

// nilIdent reports whether e is the predeclared nil, by info.
func nilIdent(info *types.Info, e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	_, isNil := info.Uses[id].(*types.Nil)
	return isNil
}

// topDefer lowers a defer statement at the top level of a cell; inner are the edits that
// lowered its call.
func (l *lowerer) topDefer(s *ast.DeferStmt, loops []ast.Stmt, inner []edit, depth int) {
	call := s.Call
	fun := ast.Unparen(call.Fun)
	whole := func() { // evaluated when the cell ends: the last resort
		l.add(l.off(s.Defer), l.off(call.Pos())-l.off(s.Defer), HookName+".Defer(func() { ", depth)
		l.add(l.off(s.End()), 0, " })", closing(depth+1))
	}
	if call.Ellipsis.IsValid() {
		whole()
		return
	}
	sig, _ := l.applied(l.typeOf(call.Fun)).(*types.Signature)
	args := l.argTypes(call, sig)
	// The session calls what it is given by reflection, which cannot pass the
	// interpreter's values of a cell's interface type.
	cellInterface := func(ts ...types.Type) bool {
		for _, t := range ts {
			if types.IsInterface(t) && !compiledOrEmpty(t) {
				return true
			}
		}
		return false
	}
	if cellInterface(args...) {
		whole()
		return
	}
	if len(call.Args) == 1 {
		if tt, tuple := l.typeOf(call.Args[0]).(*types.Tuple); tuple {
			// f(g()) with several results of g, f a declared function: the results are
			// bound now and handed over as arguments.
			id, generic := ast.Unparen(call.Fun).(*ast.Ident)
			if generic {
				_, generic = l.info().Instances[id]
			}
			var ts []types.Type
			for i := range tt.Len() {
				ts = append(ts, tt.At(i).Type())
			}
			if sig != nil {
				for i := range sig.Params().Len() {
					ts = append(ts, sig.Params().At(i).Type())
					if st, ok := sig.Params().At(i).Type().(*types.Slice); ok && sig.Variadic() {
						ts = append(ts, st.Elem())
					}
				}
			}
			// (Not where a lowering rewrote the call of g, nor where a cell's interface
			// would go through reflection.)
			nonEmpty := false // an interface with methods, which a cell's value reaches only by conversion
			for _, t := range ts {
				if it, ok := t.Underlying().(*types.Interface); ok && !it.Empty() {
					nonEmpty = true
				}
			}
			if !l.declaredFunc(call.Fun) || generic || sig == nil || cellInterface(ts...) || nonEmpty || l.editedWithin(inner, call.Args[0]) {
				whole()
				return
			}
			var names []string
			for i := range tt.Len() {
				names = append(names, fmt.Sprintf("ᐅt%d_%d", l.k.uid(), i))
			}
			at := l.off(s.Defer)
			l.edits = append(l.edits, edit{at: at, del: l.off(call.Args[0].Pos()) - at, rank: depth, blank: true,
				text: "func() { " + strings.Join(names, ", ") + " := "}) // "defer F(" (a literal: a block at a cell's top level would not hold its variables)
			l.add(l.off(call.Args[0].End()), l.off(call.Rparen+1)-l.off(call.Args[0].End()),
				"; "+HookName+".Defer("+l.text(call.Fun.Pos(), call.Fun.End())+", "+strings.Join(names, ", ")+") }()", closing(depth))
			return
		}
	}
	hook := HookName + ".Defer("
	id := l.k.uid()
	// params spells a literal's parameters ᐅqN for the arguments, and the call of them.
	params := func(ts []types.Type) (decl, use []string) {
		for i, t := range ts {
			q := fmt.Sprintf("ᐅq%d_%d", id, i)
			decl = append(decl, q+" "+l.typ(t))
			use = append(use, q)
		}
		return decl, use
	}
	sep := ""
	if len(call.Args) > 0 {
		sep = ", "
	}
	if sel, ok := fun.(*ast.SelectorExpr); ok {
		if sl := l.info().Selections[sel]; sl != nil && sl.Kind() == types.MethodVal {
			// The receiver as evaluated now: a parameter of a literal that calls the method.
			path := ""
			xt, prefix, ok := l.receiver(sel)
			if !ok {
				xt, prefix, path, ok = l.promotedReceiver(sel)
			}
			if !ok || sig == nil {
				whole()
				return
			}
			if cellInterface(xt) {
				// The method value, which holds the interface's value as it is now (a
				// nil one panics here, in a literal of its own, which places it), and
				// the arguments.
				l.typeUntyped(call, sig, depth)
				l.add(l.off(s.Defer), l.off(call.Fun.Pos())-l.off(s.Defer), "func() { "+hook, depth)
				l.add(l.off(call.Lparen), 1, sep, depth)
				l.add(l.off(s.End()), 0, " }()", closing(depth))
				return
			}
			decl, use := params(args)
			p := fmt.Sprintf("ᐅp%d", id)
			decl = append([]string{p + " " + l.typ(xt)}, decl...)
			l.typeUntyped(call, sig, depth)
			body := fmt.Sprintf("%s.%s(%s)", p, sel.Sel.Name, strings.Join(use, ", "))
			if unlock := l.unlockCall(sl, p, xt); unlock != "" {
				body = unlock // see mutexUnlock
			}
			l.add(l.off(s.Defer), l.off(call.Fun.Pos())-l.off(s.Defer),
				fmt.Sprintf("%sfunc(%s) { %s }, %s", hook, strings.Join(decl, ", "), body, prefix), depth)
			l.add(l.off(sel.X.End()), l.off(call.Lparen+1)-l.off(sel.X.End()), path+sep, depth)
			return
		}
	}
	if id, ok := fun.(*ast.Ident); ok {
		if b, ok := l.info().Uses[id].(*types.Builtin); ok {
			switch b.Name() {
			case "close", "delete", "panic", "print", "println", "copy":
				decl, use := params(args)
				l.add(l.off(s.Defer), l.off(call.Lparen+1)-l.off(s.Defer),
					fmt.Sprintf("%sfunc(%s) { %s(%s) }%s", hook, strings.Join(decl, ", "), b.Name(), strings.Join(use, ", "), sep), depth)
			default:
				whole()
			}
			return
		}
	}
	// A function value, a literal included: itself, and its arguments.
	l.typeUntyped(call, sig, depth)
	if lit, ok := fun.(*ast.FuncLit); ok {
		if added, _ := l.deferLiteral(s, lit, loops, inner, depth); added > 0 {
			sep = ", "
		}
	}
	l.add(l.off(s.Defer), l.off(call.Fun.Pos())-l.off(s.Defer), hook, depth)
	l.add(l.off(call.Lparen), 1, sep, depth)
}

// hasDefer reports whether body has defer statements of its own (not of the function
// literals in it).
func hasDefer(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			found = true
		}
		return !found
	})
	return found
}
