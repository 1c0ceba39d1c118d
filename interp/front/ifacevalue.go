package front

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Values put in interfaces. The interpreter's interface value of a cell type with methods
// refers to the variable it was made from rather than holding a copy, so it follows later
// assignments to that variable: appending a loop's range variable to a []Shape gives a
// slice of the last element, var a any = p; p.X = 9 changes a, and so does reassigning a
// pointer variable. A value made in a call of its own is fresh every time, so where Go
// converts such a value (or pointer) to an interface implicitly (arguments of interpreted
// functions, append, assignments, returns, composite literal elements, sends), it is
// converted inside a call:
//
//	shapes = append(shapes, r)  →  shapes = append(shapes, func(ᐅv Rect) Shape { return ᐅv }(r))

// needsCopy reports whether a value of type t put in an interface needs converting in a
// call of its own: a value or pointer (not an interface) of a named type a cell declared,
// with methods. The interpreter's methods of an interface value evaluate the expression
// the value came from when they are called, so a pointer in a variable reused by each
// iteration (errs = append(errs, &E{i})) is the last one for all of them.
func needsCopy(t types.Type) bool {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "main" {
		return false
	}
	if types.IsInterface(n) {
		return false
	}
	return types.NewMethodSet(types.NewPointer(n)).Len() > 0 // promoted methods too
}

// appendedNil gives e, if it is an untyped nil appended to a slice with elements of type t,
// its type: the interpreter gives every append of nil in a function the type of the
// first one it saw (append(ps, nil) to a []*int, after append(errs, nil) to an []error,
// panicked in reflect.Set).
func (l *lowerer) appendedNil(e ast.Expr, t types.Type, depth int) {
	if tv, ok := l.info().Types[e]; !ok || !tv.IsNil() {
		return
	}
	ts := l.typ(t)
	if ts == "interface{}" && !types.IsInterface(t) {
		return
	}
	l.add(l.off(e.Pos()), 0, "("+ts+")(", depth)
	l.add(l.off(e.End()), 0, ")", closing(depth))
}

// toInterface converts e in a call of its own when Go converts it to the interface type
// target here and the interpreter would keep a reference instead of a copy.
func (l *lowerer) toInterface(e ast.Expr, target types.Type, depth int) {
	if e == nil || target == nil {
		return
	}
	target = l.applied(target)
	if _, ok := target.Underlying().(*types.Interface); !ok {
		return
	}
	tv, ok := l.info().Types[e]
	if !ok || tv.IsType() {
		return
	}
	t := l.applied(tv.Type)
	l.wantForwarders(t, target)
	if n := l.boxable(t); n != nil && isAny(target) {
		l.box(e, n, depth) // constants too (var x any = Mon)
		return
	}
	if tv.Value != nil {
		if needsCopy(t) && !isAny(target) && l.typ(t) != "interface{}" {
			// A constant of a cell's type with methods (error(NotFound)): made in a call,
			// it gets the interpreter's wrapper, as a variable does.
			l.convertIn(e, t, target, depth)
		}
		return
	}
	if isAny(target) && types.IsInterface(t) && !isAny(t) {
		l.rebox(e, t, depth)
		return
	}
	if intoInterfaceAsNothing(e) {
		// The interpreter assigns a shift, a negation, a remainder or a comparison to
		// an interface as nothing (a = i << 2 left a nil, m[k] = -n made no entry, and
		// v = -x in a function skipped the rest of its body) and panics returning one;
		// converted, it is a value like any other.
		if s := l.typ(t); s != "interface{}" {
			l.add(l.off(e.Pos()), 0, s+"(", depth)
			l.add(l.off(e.End()), 0, ")", closing(depth))
		}
		return
	}
	if l.cellIfaceToCompiled(e, t, target, depth) {
		return
	}
	if !needsCopy(t) {
		return
	}
	if l.typ(t) == "interface{}" {
		return
	}
	l.convertIn(e, t, target, depth)
}

// intoInterfaceAsNothing reports whether e is an operation whose result the interpreter
// computes into its destination directly, and so loses when that is an interface.
func intoInterfaceAsNothing(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		return e.Op == token.SUB || e.Op == token.XOR || e.Op == token.NOT
	case *ast.BinaryExpr:
		switch e.Op {
		case token.SHL, token.SHR, token.REM, token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
			return true
		}
	}
	return false
}

// convertIn converts e, of type vt, to the interface type target in a call of its own:
//
//	func(ᐅv Rect) Shape { return ᐅv }(e)
//
// A struct value of a cell's type, or a pointer of one, going into an interface of
// compiled code (error, fmt.Stringer) goes in embedded in a struct of its own: the
// interpreter's wrapper takes the last field of the struct it is given as the value it
// holds, which for the cell's struct itself is its last field (err.(E) would fail,
// errors.As not find it), and for the embedding struct is the cell's value; and it makes
// a nil pointer a nil interface (a function returning a nil *MyErr as an error returned
// nil), but not a struct holding one.
func (l *lowerer) convertIn(e ast.Expr, vt, target types.Type, depth int) {
	l.add(l.off(e.Pos()), 0, l.converter(vt, target)+"(", depth)
	l.add(l.off(e.End()), 0, ")", closing(depth))
}

// converter returns the function literal that convertIn calls.
func (l *lowerer) converter(vt, target types.Type) string {
	v, it := l.typ(vt), l.typ(target)
	ret := "ᐅv"
	if wrappedStruct(vt, target) {
		ret = "struct{ " + v + " }{ᐅv}"
	}
	return "func(ᐅv " + v + ") " + it + " { return " + ret + " }"
}

// wrappedStruct reports whether a value of type vt put in an interface of type target is
// a struct of a cell's type, or a pointer to a value of a cell's type, that the
// interpreter hands to compiled code in a wrapper: target is an interface with methods
// that no cell declared.
func wrappedStruct(vt, target types.Type) bool {
	vt = types.Unalias(vt)
	p, isPointer := vt.(*types.Pointer)
	if isPointer {
		vt = types.Unalias(p.Elem())
	}
	n, ok := vt.(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "main" || types.IsInterface(n) {
		return false
	}
	switch n.Underlying().(type) {
	case *types.Struct:
	case *types.Slice, *types.Map, *types.Signature, *types.Chan:
		// (A nil one too would be a nil interface.)
	default:
		if !isPointer {
			return false
		}
	}
	tn, ok := types.Unalias(target).(*types.Named)
	if !ok || tn.Obj().Pkg() != nil && tn.Obj().Pkg().Path() == "main" {
		return false
	}
	it, ok := tn.Underlying().(*types.Interface)
	if !ok || it.NumMethods() == 0 {
		return false
	}
	if embedsCompiled(n, map[*types.Named]bool{}) && (isPointer || !forwardsAll(n)) {
		// The interpreter cannot make such a struct embedded in another, unless it has
		// forwarders; and then not a pointer (x.(*Wrap) failed).
		return false
	}
	// Only when the cell declared every method the interface needs: the wrapper finds a
	// method of an embedded compiled type (a plugin's *optimizers.Base) by a path from the
	// type it was given, then follows it from the value it holds, a level too deep. A
	// forwarder (see forwarders.go) is declared.
	st, _ := n.Underlying().(*types.Struct)
	for i := range it.NumMethods() {
		m := it.Method(i)
		obj, index, _ := types.LookupFieldOrMethod(vt, true, m.Pkg(), m.Name())
		fn, ok := obj.(*types.Func)
		if !ok {
			return false
		}
		forwarded := st != nil && len(index) == 2 && compiledEmbed(st.Field(index[0]).Type())
		if !forwarded && (fn.Pkg() == nil || fn.Pkg().Path() != "main") {
			return false
		}
	}
	return true
}

// interfaceTargets converts the values that n, a statement or expression, puts in
// interfaces implicitly (see toInterface); results are those of the function n is in.
func (l *lowerer) interfaceTargets(n ast.Node, results *types.Tuple, depth int) {
	switch n := n.(type) {
	case *ast.CallExpr:
		if tv, ok := l.info().Types[n.Fun]; ok && tv.IsType() {
			// A conversion: explicit, and its own value; boxed into an any, and made in a
			// call into an interface with methods, as an implicit one (error(&E{})
			// panicked in reflect.Set at a cell's top level).
			if len(n.Args) == 1 && types.IsInterface(l.applied(tv.Type)) {
				l.toInterface(n.Args[0], tv.Type, depth)
				// io.Writer(w), w of a cell's interface type: as for an argument below.
				at, pt := l.applied(l.typeOf(n.Args[0])), l.applied(tv.Type)
				if cellInterface(at) && !embedsCompiledInterface(at) && compiledInterface(pt) && l.typ(at) != "interface{}" && l.typ(pt) != "interface{}" && l.convertsHeld(at, pt) == nil {
					l.convertIn(n.Args[0], at, pt, depth)
				}
			}
			return
		}
		if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok {
			if b, ok := l.info().Uses[id].(*types.Builtin); ok {
				if b.Name() == "panic" && len(n.Args) == 1 && !l.callsRecover(n.Args[0]) {
					// Its operand is an any: a value of a boxable type goes in boxed, so
					// that recover gives it back with its type (also from an error).
					if !l.panicText(n.Args[0], depth) {
						l.panicking = true // (see rebox)
						l.toInterface(n.Args[0], types.NewInterfaceType(nil, nil), depth)
						l.panicking = false
					}
				}
				if b.Name() == "delete" && len(n.Args) == 2 {
					if m, ok := l.applied(l.typeOf(n.Args[0])).Underlying().(*types.Map); ok && isAny(m.Key()) {
						l.boxOperand(n.Args[1], m.Key(), depth)
					}
				}
				if b.Name() == "append" && !n.Ellipsis.IsValid() {
					if s, ok := l.applied(l.typeOf(n)).Underlying().(*types.Slice); ok {
						for _, a := range n.Args[1:] {
							l.toInterface(a, s.Elem(), depth)
							l.appendedNil(a, s.Elem(), depth)
						}
					}
				}
				return
			}
		}
		if l.compiledCallee(n) {
			// Compiled code gets the value itself, methods and all (fmt finds String), and
			// the interpreter copies it on the way; except as a variadic operand of a
			// compiled interface type (errors.Join(a, b)), which the interpreter passes
			// bare, and the call panics.
			sig, ok := l.applied(l.typeOf(n.Fun)).Underlying().(*types.Signature)
			if !ok {
				return
			}
			l.compiledArgs(n, sig, depth)
			ps := sig.Params()
			if sig.Variadic() && !n.Ellipsis.IsValid() {
				elem := ps.At(ps.Len() - 1).Type().(*types.Slice).Elem()
				if compiledInterface(elem) || elem == types.Universe.Lookup("error").Type() {
					for _, a := range n.Args[ps.Len()-1:] {
						l.toCompiledInterface(a, elem, depth)
					}
				}
			}
			// A struct of a cell's type for a parameter of an interface with methods
			// goes in embedded (see convertIn), as errors.Is(err, E{3}) needs.
			for i, a := range n.Args {
				if i >= ps.Len() || sig.Variadic() && i >= ps.Len()-1 {
					break
				}
				at := l.typeOf(a)
				if at == nil {
					continue
				}
				pt := l.applied(ps.At(i).Type())
				l.wantForwarders(l.applied(at), pt)
				if wrappedStruct(l.applied(at), pt) {
					l.toCompiledInterface(a, ps.At(i).Type(), depth)
					continue
				}
				// One that embeds a compiled type goes in converted in a call of its own,
				// as an assignment to a variable of the interface type would: the
				// interpreter hands fmt.Fprintf's writer (a cell's buffer type embedding
				// bytes.Buffer) to compiled code as a fmt.Stringer when it has a String
				// method ("Call using stdlib._fmt_Stringer as type io.Writer").
				if embedsCompiledStruct(l.applied(at)) && compiledInterface(pt) {
					if l.typ(l.applied(at)) != "interface{}" && l.typ(pt) != "interface{}" {
						l.convertIn(a, l.applied(at), pt, depth)
					}
					continue
				}
				// A value of a cell's interface type (type W interface{ io.Writer; N()
				// int }) goes into a compiled interface parameter bare, and the call panics
				// (reflect: Call using *struct {...} as type io.Writer); converted in a call
				// of its own, as an assignment to a variable of that type would, it works.
				// (Not one that embeds a compiled interface: converted, its methods ran on a
				// copy, which loses what they change, where it panicked before. Nor into
				// error, where errors.Is then found nothing, silently.)
				if l.cellIfaceToCompiled(a, l.applied(at), pt, depth) {
					continue
				}
				if cellInterface(l.applied(at)) && !embedsCompiledInterface(l.applied(at)) && compiledInterface(pt) {
					if l.typ(l.applied(at)) != "interface{}" && l.typ(pt) != "interface{}" {
						l.convertIn(a, l.applied(at), pt, depth)
					}
					continue
				}
				// A call's result of a cell's type goes into a compiled interface
				// parameter bare (reflect: Call using *struct {...} as type
				// optimizers.Optimizer, for opt.Minimize(p, x, NewMine(), s)); returned
				// as the interface, it gets the interpreter's wrapper, as a variable does.
				if c, ok := ast.Unparen(a).(*ast.CallExpr); ok && types.IsInterface(pt) && !isAny(pt) && cellValue(l.applied(at)) && !l.callsRecover(a) {
					if l.isConversion(c) {
						continue
					}
					if l.typ(l.applied(at)) != "interface{}" && l.typ(pt) != "interface{}" {
						l.convertIn(a, l.applied(at), pt, depth)
					}
				}
			}
			return
		}
		sig, ok := l.applied(l.typeOf(n.Fun)).Underlying().(*types.Signature)
		if !ok {
			return
		}
		ps := sig.Params()
		for i, a := range n.Args {
			var pt types.Type
			switch {
			case sig.Variadic() && i >= ps.Len()-1:
				if !n.Ellipsis.IsValid() {
					pt = ps.At(ps.Len() - 1).Type().(*types.Slice).Elem()
				}
			case i < ps.Len():
				pt = ps.At(i).Type()
			}
			if pt != nil {
				l.cellInterfaceArg(a, pt, depth)
				l.toInterface(a, pt, depth)
			}
		}
	case *ast.AssignStmt:
		l.tupleBoxes(n, nil, depth)
		if n.Tok.String() == "=" && len(n.Lhs) == len(n.Rhs) {
			for i, r := range n.Rhs {
				l.toInterface(r, l.typeOf(n.Lhs[i]), depth)
				l.toCompiledField(n.Lhs[i], r, depth)
			}
		}
	case *ast.ValueSpec:
		l.tupleBoxes(n, nil, depth)
		if n.Type != nil && len(n.Values) == len(n.Names) {
			for _, v := range n.Values {
				l.toInterface(v, l.typeOf(n.Type), depth)
			}
		}
	case *ast.ReturnStmt:
		l.tupleBoxes(n, results, depth)
		if results != nil && len(n.Results) == results.Len() {
			for i, r := range n.Results {
				l.toInterface(r, results.At(i).Type(), depth)
			}
		}
	case *ast.IndexExpr:
		// A map's key of type any: boxed as stored (m[Mid] finds what map[any]int{Mid: 1} made).
		if m, ok := l.applied(l.typeOf(n.X)).Underlying().(*types.Map); ok && isAny(m.Key()) {
			kt := l.applied(l.typeOf(n.Index))
			if b := l.boxable(kt); b != nil {
				l.box(n.Index, b, depth)
			} else if kt != nil && cellInterface(kt) {
				// A cell's interface value: as an any holds it (m[s]++ counted two
				// equal values apart, by the interpreter's records of them).
				l.rebox(n.Index, kt, depth)
			}
		}
	case *ast.SendStmt:
		if c, ok := l.applied(l.typeOf(n.Chan)).Underlying().(*types.Chan); ok {
			l.toInterface(n.Value, c.Elem(), depth)
		}
	case *ast.CompositeLit:
		t := l.applied(l.typeOf(n))
		if t == nil {
			return
		}
		// interfaceElements already makes the elements of compiled interface types in
		// calls of their own.
		elem := func(e ast.Expr, target types.Type, depth int) {
			if !compiledInterface(l.applied(target)) || !cellValue(l.typeOf(e)) {
				l.toInterface(e, target, depth)
			}
		}
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		switch u := t.Underlying().(type) {
		case *types.Slice, *types.Array:
			et := u.(interface{ Elem() types.Type }).Elem()
			for _, e := range n.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					e = kv.Value
				}
				elem(e, et, depth)
			}
		case *types.Map:
			for _, e := range n.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					elem(kv.Key, u.Key(), depth)
					elem(kv.Value, u.Elem(), depth)
				}
			}
		case *types.Struct:
			for i, e := range n.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					if id, ok := kv.Key.(*ast.Ident); ok {
						if fv, ok := l.info().Uses[id].(*types.Var); ok {
							elem(kv.Value, fv.Type(), depth)
						}
					}
				} else if i < u.NumFields() {
					elem(e, u.Field(i).Type(), depth)
				}
			}
		}
	}
}

// toCompiledInterface converts e, if it is a value of a cell's type, to target, an
// interface of compiled code, in a call of its own, which makes the interpreter's wrapper.
func (l *lowerer) toCompiledInterface(e ast.Expr, target types.Type, depth int) {
	tv, ok := l.info().Types[e]
	if !ok || tv.IsType() || tv.Type == nil || types.IsInterface(tv.Type) || !cellValue(l.applied(tv.Type)) {
		return
	}
	if l.typ(l.applied(tv.Type)) == "interface{}" || l.typ(target) == "interface{}" {
		return
	}
	l.convertIn(e, l.applied(tv.Type), target, depth)
}

// embedsCompiledStruct reports whether t is a struct type a cell declared, or a pointer
// to one, that embeds a compiled type (see embedsCompiled).
func embedsCompiledStruct(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && cellValue(n) && embedsCompiled(n, map[*types.Named]bool{})
}

// forwardsAll reports whether a value of n, a cell's struct type that embeds a compiled
// one, can go into an interface embedded in a struct of its own (see convertIn) once it
// has its forwarders (see forwarders.go): only when every compiled type it embeds is an
// interface, directly, and it has another field. Embedded in a struct, a struct whose
// first field embeds a compiled type with methods kills the process (reflect.StructOf),
// and one with nothing but an embedded error, or embedding it two levels down, is not
// found again by assertions.
func forwardsAll(n *types.Named) bool {
	st, ok := n.Underlying().(*types.Struct)
	if !ok || !cellPackageLevel(n.Obj()) || n.TypeParams().Len() > 0 || n.TypeArgs().Len() > 0 || st.NumFields() < 2 {
		return false
	}
	for i := range st.NumFields() {
		f := st.Field(i)
		if !f.Embedded() {
			continue
		}
		t := types.Unalias(f.Type())
		if compiledEmbed(t) {
			if !types.IsInterface(t) {
				return false
			}
			continue
		}
		if fn, _ := embeddedNamed(f); fn != nil && (!cellValue(fn) || embedsCompiled(fn, map[*types.Named]bool{})) {
			return false
		}
	}
	return true
}

// embeddedNamed returns the named type that f, an embedded field, embeds (T for T and
// for *T), and whether it does through a pointer; nil for one of no named type.
func embeddedNamed(f *types.Var) (n *types.Named, pointer bool) {
	t := types.Unalias(f.Type())
	if p, ok := t.(*types.Pointer); ok {
		t, pointer = types.Unalias(p.Elem()), true
	}
	n, _ = t.(*types.Named)
	return n, pointer
}

// embedsCompiled reports whether n, a cell's type, embeds a type of compiled code (or a
// pointer to one), directly or through its embedded cell types.
func embedsCompiled(n *types.Named, seen map[*types.Named]bool) bool {
	if seen[n] {
		return false
	}
	seen[n] = true
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range st.NumFields() {
		f := st.Field(i)
		if !f.Embedded() {
			continue
		}
		fn, _ := embeddedNamed(f)
		if fn == nil {
			continue
		}
		if fn.Obj().Pkg() == nil || fn.Obj().Pkg().Path() != "main" || embedsCompiled(fn, seen) {
			return true
		}
	}
	return false
}

// toCompiledField puts r in parentheses when it is an operation assigned to x, an
// interface field of a compiled package's struct: the interpreter drops the value
// (e.Value = e.Value.(int) + 1 on a list.Element left it as it was), but not that of an
// expression in parentheses.
func (l *lowerer) toCompiledField(x, r ast.Expr, depth int) {
	switch r.(type) {
	case *ast.BinaryExpr, *ast.UnaryExpr:
	default:
		return
	}
	s, ok := ast.Unparen(x).(*ast.SelectorExpr)
	if !ok {
		return
	}
	sel := l.info().Selections[s]
	if sel == nil || sel.Kind() != types.FieldVal || !types.IsInterface(sel.Obj().Type()) {
		return
	}
	if f := sel.Obj(); f.Pkg() == nil || f.Pkg().Path() == "main" {
		return
	}
	if tv, ok := l.info().Types[r]; !ok || tv.Value != nil {
		return
	}
	l.add(l.off(r.Pos()), 0, "(", depth)
	l.add(l.off(r.End()), 0, ")", closing(depth))
}

// panicText lowers e, the operand of panic, if it is a cell's struct (or a pointer to one)
// with an Error or String method: the interpreter hands the value over without its
// methods, so an uncaught panic(&MyErr{7}) printed &{7}, where Go prints what Error
// returns. The text goes along (recover still gives the value itself):
//
//	panic(e)  →  panic(func() any { var ᐅp *MyErr = (e); return ᐅdescent.PanicText(any(ᐅp), func() string { return ᐅp.Error() }) }())
func (l *lowerer) panicText(e ast.Expr, depth int) bool {
	t := l.applied(l.typeOf(e))
	if t == nil || types.IsInterface(t) {
		return false
	}
	base := t
	if p, ok := t.(*types.Pointer); ok {
		base = p.Elem()
	}
	n := cellNamed(base)
	if n == nil {
		return false
	}
	if _, ok := n.Underlying().(*types.Struct); !ok {
		return false // a named non-struct value is boxed, and the box has its methods
	}
	str, err, _, _ := fmtMethods(t)
	method := "String"
	if err {
		method = "Error"
	} else if !str {
		return false
	}
	ts := l.typ(t)
	if ts == "interface{}" {
		return false
	}
	// Into the any as toInterface puts it: through a parameter of its type.
	l.add(l.off(e.Pos()), 0, "func() any { var ᐅp "+ts+" = (", depth)
	l.add(l.off(e.End()), 0, "); return "+HookName+".PanicText(func(ᐅv "+ts+") interface{} { return ᐅv }(ᐅp), func() string { return ᐅp."+method+"() }) }()", closing(depth))
	return true
}

// cellInterfaceArg converts a, an argument for a parameter of type pt of an interpreted
// function, to pt explicitly where pt is an interface a cell declared and a is a call or
// an assertion (or made a call by toInterface). The interpreter wraps such a call's value once more on the
// way in, so that the callee's assertion s.(Circle) failed (and the single-value form
// panicked); converted, it arrives as a variable's would:
//
//	detect(mk())         →  detect(Shape(mk()))
//	detect(Circle{5})    →  detect(Shape(func(ᐅv Circle) Shape { return ᐅv }(Circle{5})))
func (l *lowerer) cellInterfaceArg(a ast.Expr, pt types.Type, depth int) {
	pt = l.applied(pt)
	if !types.IsInterface(pt) || compiledOrEmpty(pt) || l.typ(pt) == "interface{}" {
		return
	}
	tv, ok := l.info().Types[a]
	if !ok || tv.IsType() || tv.Value != nil && !needsCopy(l.applied(tv.Type)) {
		return
	}
	if types.IsInterface(l.applied(tv.Type)) {
		switch x := ast.Unparen(a).(type) {
		case *ast.CallExpr:
			if l.isConversion(x) {
				return // converted already
			}
		case *ast.TypeAssertExpr: // detect(a.(Shape))
		default:
			return // a variable's value
		}
	} else if !needsCopy(l.applied(tv.Type)) {
		return
	}
	if !l.namesAt(pt, a.Pos()) {
		return // a parameter or variable there takes the type's name
	}
	l.add(l.off(a.Pos()), 0, l.typ(pt)+"(", depth)
	l.add(l.off(a.End()), 0, ")", closing(depth))
}

// isConversion reports whether c is a conversion.
func (l *lowerer) isConversion(c *ast.CallExpr) bool {
	tv, ok := l.info().Types[c.Fun]
	return ok && tv.IsType()
}

// namesAt reports whether the name of t, a named type, means t at pos (no variable or
// parameter there takes it).
func (l *lowerer) namesAt(t types.Type, pos token.Pos) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || l.k.pkg == nil || n.Obj().Parent() == nil {
		return true
	}
	scope := l.k.pkg.Scope().Innermost(pos)
	if scope == nil {
		return true
	}
	_, obj := scope.LookupParent(n.Obj().Name(), pos)
	_, isType := obj.(*types.TypeName) // a local type: spelled apart (see spell.go)
	return obj == nil || obj == n.Obj() || isType
}

// cellInterface reports whether t is an interface type with methods that a cell declared.
func cellInterface(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "main" {
		return false
	}
	it, ok := n.Underlying().(*types.Interface)
	return ok && it.NumMethods() > 0
}

// embedsCompiledInterface reports whether the interface t embeds, at any depth, an
// interface that no cell declared (error, io.Reader).
func embedsCompiledInterface(t types.Type) bool {
	it, ok := t.Underlying().(*types.Interface)
	if !ok {
		return false
	}
	for i := range it.NumEmbeddeds() {
		e := types.Unalias(it.EmbeddedType(i))
		if !cellInterface(e) || embedsCompiledInterface(e) {
			return true
		}
	}
	return false
}
