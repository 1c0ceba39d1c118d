package front

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// Assertions to a cell's interface. The interpreter's x.(Shape), on an any holding a
// cell's Square, fails (comma-ok gives false, the single form panics), where an
// assertion to the concrete type holds. So such an assertion tries the cell's types that
// implement the interface first, each converted to it by a return, and only then the
// interpreter's own assertion (for values of compiled types):
//
//	s, ok := x.(Shape)  →  s, ok := func() (Shape, bool) { if ᐅv, ᐅok := x.(Square); ᐅok { return ᐅv, true }; ...; ᐅv, ᐅok := x.(Shape); return ᐅv, ᐅok }()

// emptyStructAssertion returns the text around the operand of a, an assertion to a struct
// type without fields, that makes it an any first: the interpreter's assertion of a value
// that compiled code handed back (recover(), atomic.Value's Load) to such a type panics
// ("reflect: Field index out of bounds"), where one from its own any holds.
func (l *lowerer) emptyStructAssertion(a *ast.TypeAssertExpr) (prefix, suffix string, ok bool) {
	t := l.applied(l.typeOf(a.Type))
	st, isStruct := t.Underlying().(*types.Struct)
	if !isStruct || st.NumFields() > 0 || l.typ(t) == "interface{}" {
		return "", "", false
	}
	return "any(", ").(" + l.typ(t) + ")", true
}

// concreteAssertion returns the text that goes before and after the operand of a, an
// assertion of a value of an interface with methods to an empty struct type, so that a
// nil operand panics with Go's message, which names the interface ("main.Sched is nil,
// not main.C"; the interpreter's dereferences nil).
func (l *lowerer) concreteAssertion(a *ast.TypeAssertExpr) (prefix, suffix string, ok bool) {
	if l.okAsserts[a] {
		return "", "", false
	}
	xt, t := l.applied(l.typeOf(a.X)), l.applied(l.typeOf(a.Type))
	if xt == nil || t == nil || types.IsInterface(t) || hasTypeParams(xt) || hasTypeParams(t) {
		return "", "", false
	}
	it, isIface := xt.Underlying().(*types.Interface)
	ts := l.typ(t)
	if !isIface || it.Empty() || ts == "interface{}" {
		return "", "", false
	}
	// Only to an empty struct type, where the interpreter's assertion of a nil operand
	// dereferences nil: a function literal on every assertion would slow a loop that
	// asserts twentyfold, and a panic of the others gets Go's message when it is told
	// (assertionWords; recovered, it says "interface {}").
	st, ok := t.Underlying().(*types.Struct)
	if !ok || st.NumFields() > 0 {
		return "", "", false
	}
	operand := "any(ᐅx)" // see emptyStructAssertion
	iface, target := strconv.Quote(fmtTypeName(xt)), strconv.Quote(fmtTypeName(t))
	// Another type's value: Go's message names it and the interface (the interpreter's
	// says "interface {}").
	held := "func() string { ᐅv := ᐅx; " + l.heldTypeName(xt) + " }()"
	assert := "func() " + ts + " { if ᐅv, ᐅok := " + operand + ".(" + ts + "); ᐅok { return ᐅv }; panic(" + HookName +
		".AssertionMismatch(" + iface + ", " + held + ", " + target + ")) }()"
	return "func() " + ts + " { ᐅx := ", "; if " + HookName + ".IsNil(ᐅx) { panic(" + HookName + ".NilAssertion(" +
		iface + ", " + target + ")) }; return " + assert + " }()", true
}

// okAssertions records the assertions that n, an assignment or var spec, makes in the
// comma-ok form (go/types marks every assertion as one that could be).
func (l *lowerer) okAssertions(n ast.Node) {
	if a, ok := commaOkOperand(n).(*ast.TypeAssertExpr); ok {
		if l.okAsserts == nil {
			l.okAsserts = map[*ast.TypeAssertExpr]bool{}
		}
		l.okAsserts[a] = true
	}
}

// ifaceAssert lowers a, if it asserts to an interface with methods that a cell's type
// implements (the cell's own, or a compiled one such as fmt.Stringer).
func (l *lowerer) ifaceAssert(a *ast.TypeAssertExpr, depth int) {
	if a.Type == nil || l.callsRecover(a.X) {
		return // x.(type), in a type switch; or recover().(S), which must stay where it is
	}
	if _, lib := l.src.(*sourcePackage); lib {
		return
	}
	if l.boxAssert(a, depth) {
		return
	}
	prefix, suffix, ok := l.promotedAssertion(a)
	if !ok {
		prefix, suffix, ok = l.cellAssertion(l.typeOf(a.X), l.typeOf(a.Type), l.okAsserts[a])
	}
	if !ok {
		prefix, suffix, ok = l.nilSafeAssertion(l.typeOf(a.Type), l.typeOf(a.X), l.okAsserts[a])
	}
	if !ok {
		prefix, suffix, ok = emptyAssertion(l.applied(l.typeOf(a.Type)), l.okAsserts[a])
	}
	if !ok {
		prefix, suffix, ok = l.concreteAssertion(a)
	}
	if !ok {
		prefix, suffix, ok = l.emptyStructAssertion(a)
	}
	if !ok {
		return
	}
	l.add(l.off(a.Pos()), 0, prefix, depth)
	// The suffix spells the type anew: edits of it (a generic instance's name) go.
	from, to := l.off(a.X.End()), l.off(a.End())
	l.edits = append(l.edits, edit{at: from, del: to - from, text: suffix, rank: closing(depth), blank: true})
}

// cellAssertion returns the text that goes before and after an operand of type xt to
// assert it to target as described above, and whether target needs that (an interface
// with methods that a cell type implements); commaOk selects the two-value form.
func (l *lowerer) cellAssertion(xt, target types.Type, commaOk bool) (prefix, suffix string, ok bool) {
	target = l.applied(target)
	if target == nil || !types.IsInterface(target) || hasTypeParams(target) {
		return "", "", false
	}
	it, _ := target.Underlying().(*types.Interface)
	if it == nil || it.NumMethods() == 0 {
		return "", "", false
	}
	ts := l.typ(target)
	if ts == "interface{}" {
		return "", "", false
	}
	g := &viewGen{l: l}
	impl, others := g.implementers(target)
	// Only types that the operand's interface can hold: asserting to another is an
	// impossible assertion, which does not compile.
	if xt = l.applied(xt); xt != nil {
		impl, others = holdable(impl, xt), holdable(others, xt)
		if isAny(xt) {
			impl = append(impl, g.instanceImplementers(target, true)...)
		}
	}
	compiled := l.compiledImplementers(target, xt)
	if len(impl) == 0 && len(compiled) == 0 && compiledOrEmpty(target) {
		// Only a cell's interface, named or not, gets Go's message without them (the
		// interpreter's s.(interface{ Perim() float64 }) on a cell's value gave nil,
		// silently).
		return "", "", false
	}
	var b strings.Builder
	for _, c := range impl {
		// It goes into the interface here: with the methods it gets from a compiled
		// type it embeds (see forwarders.go), which the interpreter's interface lacks.
		l.wantForwarders(c, target)
		// A nil pointer, asserted to a compiled interface (error) that it cannot go in
		// embedded, is left to the interpreter's own assertion, which keeps it a non-nil
		// interface value (returned, it would become a nil one); for a cell's interface
		// that assertion fails, so there it is returned.
		// Where the value goes in embedded (see convertIn), a nil pointer stays one.
		held, v := "ᐅok", "ᐅv"
		switch {
		case wrappedStruct(c, target):
			v = "struct{ " + l.typ(c) + " }{ᐅv}"
		case isPointer(c) && compiledOrEmpty(target):
			held = "ᐅok && ᐅv != nil"
		}
		test := "if ᐅv, ᐅok := " + l.promotedOperand("ᐅx", xt, c) + ".(" + l.typ(c) + "); " + held
		if n := l.boxable(c); n != nil {
			test = "if ᐅv, ᐅok := func() (" + l.typ(c) + ", bool) { " + l.boxAssertion(xt, n) + "; return ᐅv, ᐅok }(); " + held
		}
		if commaOk {
			b.WriteString(test + " { return " + v + ", true }; ")
		} else {
			b.WriteString(test + " { return " + v + " }; ")
		}
	}
	// The interpreter's own assertion panics on a value of a cell's type that does not
	// implement the interface: those fail here.
	// (A later cell may give it the methods: see lateassert.go.)
	late := lateFallback(target, ts, commaOk)
	for _, c := range others {
		if commaOk {
			b.WriteString("if _, ᐅok := " + l.promotedOperand("ᐅx", xt, c) + ".(" + l.typ(c) + "); ᐅok { " + late + "return nil, false }; ")
			continue
		}
		missing := ""
		if m, _ := types.MissingMethod(c, it, true); m != nil {
			missing = m.Name()
		}
		b.WriteString("if _, ᐅok := " + l.promotedOperand("ᐅx", xt, c) + ".(" + l.typ(c) + "); ᐅok { " + late + "panic(" + HookName + ".AssertionError(" +
			strconv.Quote(fmtTypeName(c)) + ", " + strconv.Quote(fmtTypeName(target)) + ", " + strconv.Quote(missing) + ")) }; ")
	}
	// A compiled type's value, which the interpreter's assertion to a cell's interface
	// never finds: by the types of the packages the cells import that implement it.
	for _, c := range compiled {
		if commaOk {
			b.WriteString("if ᐅc, ᐅok := ᐅx.(" + l.typ(c) + "); ᐅok { return ᐅc, true }; ")
		} else {
			b.WriteString("if ᐅc, ᐅok := ᐅx.(" + l.typ(c) + "); ᐅok { return ᐅc }; ")
		}
	}
	// An error's, where the interface is error's method set written out (interface{
	// Error() string }): through the error it is.
	if errType := types.Universe.Lookup("error").Type(); !compiledOrEmpty(target) && types.Identical(target.Underlying(), errType.Underlying()) {
		ok := ""
		if commaOk {
			ok = ", true"
		}
		b.WriteString("if ᐅe, ᐅok := ᐅx.(error); ᐅok { return " + ts + "(ᐅe)" + ok + " }; ")
	}
	// One of an unexported compiled type, which has the methods: in an adapter.
	if !compiledOrEmpty(target) {
		if name, names, sigs := l.adapter(target); name != "" {
			ok := ""
			if commaOk {
				ok = ", true"
			}
			b.WriteString("if ᐅa, ᐅok := " + HookName + ".Adapt(ᐅx, " + quotedList(names) + ", " + quotedList(sigs) + "); ᐅok { return " + name + "{ᐅa}" + ok + " }; ")
		}
	}
	// The interpreter's own failed assertion names no type ("nil is not main.Shape"):
	// Go's message comes from the value's type and the interface's methods.
	var names []string
	for i := range it.NumMethods() {
		names = append(names, strconv.Quote(it.Method(i).Name()))
	}
	extra := l.boxesMissing(it)
	results, last := ts, "if "+HookName+".IsNil(ᐅx) { panic("+HookName+".AssertionFailed(nil, "+strconv.Quote(fmtTypeName(target))+", nil)) }; "+
		"if ᐅv, ᐅok := ᐅx.("+ts+"); ᐅok { return ᐅv }; "+lateFallback(target, ts, false)+"panic("+HookName+".AssertionFailed(ᐅx, "+strconv.Quote(fmtTypeName(target))+", []string{"+strings.Join(names, ", ")+"}"+extra+"))"
	first := ""
	if commaOk {
		results, last = "("+ts+", bool)", "ᐅv, ᐅok := ᐅx.("+ts+"); if ᐅok { return ᐅv, true }; "+lateFallback(target, ts, true)+"return ᐅv, ᐅok"
		// (The interpreter's assertion of a nil interface panics, comma-ok or not.)
		first = "if " + HookName + ".IsNil(ᐅx) { return nil, false }; "
	}
	return "func() " + results + " { ᐅx := ", "; " + first + b.String() + notAsGuard(target, commaOk, names) + last + " }()", true
}

// boxesMissing returns the trailing arguments of AssertionFailed for it: a cell's named
// non-struct type goes into an any boxed, without its methods, so the method of it that
// each lacks is told, as ", "main.Vec", "String"...".
func (l *lowerer) boxesMissing(it *types.Interface) string {
	var missing []string
	for _, n := range l.cellTypes() {
		if l.boxable(n) == nil || types.Implements(n, it) {
			continue
		}
		if m, _ := types.MissingMethod(n, it, true); m != nil {
			missing = append(missing, strconv.Quote(fmtTypeName(n)), strconv.Quote(m.Name()))
		}
	}
	if len(missing) == 0 {
		return ""
	}
	return ", " + strings.Join(missing, ", ")
}

// nilSafeAssertion returns the text that goes before and after the operand of an
// assertion to target, an interface with methods, so that a nil operand fails as in Go:
// the interpreter's own assertion of a nil interface to one panics (a nil pointer
// dereference), also in the comma-ok form (if e, ok := x.(error); ok on a nil any).
//
// xt, the operand's type where known, may be a cell's interface whose value a later
// cell's type boxes (see latebox.go): the interpreter's assertion of such a value of a
// named non-struct type panicked (reflect.Set: value of type bool is not assignable to
// type float64); its box is asserted instead.
func (l *lowerer) nilSafeAssertion(target, xt types.Type, commaOk bool) (prefix, suffix string, ok bool) {
	target = l.applied(target)
	if target == nil || hasTypeParams(target) {
		return "", "", false
	}
	it, _ := target.Underlying().(*types.Interface)
	ts := l.typ(target)
	if it == nil || it.NumMethods() == 0 || ts == "interface{}" {
		return "", "", false
	}
	prefix, suffix = nilTested(ts, fmtTypeName(target), "ᐅx", "nil", commaOk)
	if xt != nil {
		// (Only when it holds: a later struct type's value comes bare, whose methods
		// the registered conversions below find.)
		held := ""
		if commaOk {
			held = ", true"
		}
		if lb := lateBoxVar(l.applied(xt)); lb != "" {
			boxed := "if " + lb + " != nil { if ᐅb, ᐅk := " + lb + "(ᐅx); ᐅk { if ᐅv, ᐅok := ᐅb.(" + ts + "); ᐅok { return ᐅv" + held + " } } }; "
			// And a later cell's struct type by its registered conversion, first too:
			// the interpreter's comma-ok assertion of one panicked the same way.
			boxed += lateFallback(target, ts, commaOk)
			if i := strings.Index(suffix, "ᐅx.("); i >= 0 {
				j := strings.LastIndex(suffix[:i], "; ") + 2
				suffix = suffix[:j] + boxed + suffix[j:]
			}
		}
	}
	if guard := notAsGuard(target, commaOk, methodNames(it)); guard != "" {
		// After the test of nil, before anything else.
		if i := strings.Index(suffix, HookName+".IsNil(ᐅx) {"); i >= 0 {
			if j := strings.Index(suffix[i:], "}; "); j >= 0 {
				at := i + j + len("}; ")
				suffix = suffix[:at] + guard + suffix[at:]
			}
		}
	}
	if late := lateFallback(target, ts, commaOk); late != "" {
		// Before the interpreter's own assertion, which has the last word.
		at := strings.LastIndex(suffix, "ᐅv, ᐅok := ᐅx.(")
		if !commaOk {
			at = strings.LastIndex(suffix, "return ᐅx.(")
			late = "if ᐅv, ᐅok := ᐅx.(" + ts + "); ᐅok { return ᐅv }; " + late
		} else {
			late = "if ᐅv, ᐅok := ᐅx.(" + ts + "); ᐅok { return ᐅv, true }; " + late
		}
		if at >= 0 {
			suffix = suffix[:at] + late + suffix[at:]
		}
	}
	if !commaOk && l.hasBoxable() {
		// A box that fails (after the later types' conversions): Go's message names the
		// cell's type, the interpreter's the box.
		if at := strings.LastIndex(suffix, "return ᐅx.("); at >= 0 {
			fail := "if ᐅv, ᐅok := ᐅx.(" + ts + "); ᐅok { return ᐅv }; if ᐅe := " + HookName + ".BoxFailed(ᐅx, " +
				strconv.Quote(fmtTypeName(target)) + ", []string{" + strings.Join(methodNames(it), ", ") + "}" + l.boxesMissing(it) + "); ᐅe != nil { panic(ᐅe) }; "
			suffix = suffix[:at] + fail + suffix[at:]
		}
	}
	return prefix, suffix, true
}

// methodNames returns the names of it's methods, quoted.
func methodNames(it *types.Interface) []string {
	var names []string
	for i := range it.NumMethods() {
		names = append(names, strconv.Quote(it.Method(i).Name()))
	}
	return names
}

// nilTested returns the text that goes before and after the operand of an assertion to
// the type spelled ts (named name in Go's messages) so that a nil operand fails as Go's
// assertion does, before the interpreter's crashes on it. The operand is ᐅx there, held
// is what the assertion itself reads (ᐅx, or ᐅx taken out of something), and zero the
// type's zero value as the failed comma-ok form returns it (nil for an interface: the
// interpreter cannot make *new of a cell's interface).
func nilTested(ts, name, held, zero string, commaOk bool) (prefix, suffix string) {
	if commaOk {
		return "func() (" + ts + ", bool) { ᐅx := ", "; if " + HookName + ".IsNil(ᐅx) { return " + zero + ", false }; ᐅv, ᐅok := " +
			held + ".(" + ts + "); return ᐅv, ᐅok }()"
	}
	return "func() " + ts + " { ᐅx := ", "; if " + HookName + ".IsNil(ᐅx) { panic(" + HookName + ".AssertionFailed(nil, " +
		strconv.Quote(name) + ", nil)) }; return " + held + ".(" + ts + ") }()"
}

// implementers returns the cell's named types, and pointers to them, that implement t,
// and those that do not.
func (g *viewGen) implementers(t types.Type) (impl, others []types.Type) {
	for _, n := range g.l.cellTypes() {
		for _, c := range []types.Type{n, types.NewPointer(n)} {
			if types.AssignableTo(c, t) {
				impl = append(impl, c)
			} else {
				others = append(others, c)
			}
		}
	}
	return append(impl, g.instanceImplementers(t, false)...), others
}

// instanceImplementers returns the instances of generic types, and pointers to them,
// that implement t, an interface with methods (Optimizer[float64], interface{ Len()
// int }, io.Writer): the interpreter's assertion does not find them. With embedding,
// only those that embed an interface, else the others: the interpreter does not see
// the methods that gives them, and refuses an assertion of a non-empty interface to
// them (from an empty one, it takes it). Not for error and fmt.Stringer, whose
// assertions find them.
func (g *viewGen) instanceImplementers(t types.Type, embedding bool) []types.Type {
	it, ok := types.Unalias(t).Underlying().(*types.Interface)
	if !ok || it.NumMethods() == 0 {
		return nil
	}
	switch fmtTypeName(t) {
	case "error", "fmt.Stringer":
		return nil // (the interpreter finds them)
	}
	var impl []types.Type
	for _, n := range g.l.instanceTypes() {
		if embedsInterface(n) != embedding {
			continue
		}
		for _, c := range []types.Type{n, types.NewPointer(n)} {
			if types.AssignableTo(c, t) {
				impl = append(impl, c)
			}
		}
	}
	return impl
}

// embedsInterface reports whether n is a struct type with an embedded interface.
func embedsInterface(n *types.Named) bool {
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range st.NumFields() {
		if f := st.Field(i); f.Embedded() && types.IsInterface(f.Type()) {
			return true
		}
	}
	return false
}

// instanceTypes returns the instances of the cells' generic types, other than
// interfaces, that the cell makes or the interpreter has from earlier cells (those whose
// type arguments are predeclared types, which this check can make again).
func (l *lowerer) instanceTypes() []*types.Named {
	byName := map[string]*types.Named{}
	add := func(n *types.Named) {
		if n != nil && n.TypeArgs().Len() > 0 && !hasTypeParams(n) && !types.IsInterface(n) && cellPackageLevel(n.Obj()) {
			byName[l.k.instanceOf(n)] = n
		}
	}
	for _, inst := range l.info().Instances {
		n, _ := types.Unalias(inst.Type).(*types.Named) // (Rule[float32] of type Rule[T] = SGD[T])
		add(n)
	}
	if l.k.pkg != nil {
		for d, ins := range l.k.gen.byDecl {
			name, ok := strings.CutPrefix(d.key, "main.")
			tn, _ := l.k.pkg.Scope().Lookup(name).(*types.TypeName)
			if !ok || d.spec == nil || tn == nil {
				continue
			}
		next:
			for _, in := range ins {
				for _, a := range in.targs {
					if _, basic := a.(*types.Basic); !basic {
						continue next
					}
				}
				if t, err := types.Instantiate(nil, tn.Type(), in.targs, false); err == nil {
					n, _ := t.(*types.Named)
					add(n)
				}
			}
		}
	}
	out := make([]*types.Named, 0, len(byName))
	for _, k := range sortedKeys(byName) {
		out = append(out, byName[k])
	}
	return out
}

// maxCompiledImplementers bounds the compiled types an assertion tries (see
// compiledImplementers): an interface of one common method (String() string) has many.
const maxCompiledImplementers = 48

// compiledImplementers returns the exported types of the compiled packages the cells
// import (and pointers to them) that implement target, a cell's interface, and that an
// operand of type xt can hold; first those of the packages the cells import themselves,
// then the preloaded ones, at most maxCompiledImplementers.
func (l *lowerer) compiledImplementers(target, xt types.Type) []types.Type {
	it, ok := target.Underlying().(*types.Interface)
	if !ok || it.NumMethods() == 0 || compiledOrEmpty(target) || l.k.pkg == nil || xt == nil {
		return nil
	}
	key := [2]types.Type{target, xt}
	if cs, ok := l.compiledImpl[key]; ok {
		return cs
	}
	var mine, preloaded []*types.Package
	for _, p := range l.k.pkg.Imports() {
		switch {
		case sourcePaths[p.Path()] || p.Path() == "unsafe":
		case l.k.preloaded[p.Path()]:
			preloaded = append(preloaded, p)
		default:
			mine = append(mine, p)
		}
	}
	var out []types.Type
	seen := map[string]bool{}
	for _, p := range append(mine, preloaded...) {
		if seen[p.Path()] {
			continue
		}
		seen[p.Path()] = true
		scope := p.Scope()
		for _, name := range scope.Names() {
			if len(out) == maxCompiledImplementers {
				break
			}
			tn, ok := scope.Lookup(name).(*types.TypeName)
			if !ok || !tn.Exported() || tn.IsAlias() || !l.k.im.Exports(p.Path(), name) {
				continue
			}
			n, ok := tn.Type().(*types.Named)
			if !ok || types.IsInterface(n) || n.TypeParams().Len() > 0 {
				continue
			}
			for _, c := range []types.Type{n, types.NewPointer(n)} {
				if types.Implements(c, it) && types.AssignableTo(c, xt) && l.typ(c) != "interface{}" {
					out = append(out, c) // (a value and its pointer are two dynamic types)
				}
			}
		}
	}
	if l.compiledImpl == nil {
		l.compiledImpl = map[[2]types.Type][]types.Type{}
	}
	l.compiledImpl[key] = out
	return out
}

// holdable returns the types of ts that an interface of type it can hold.
func holdable(ts []types.Type, it types.Type) []types.Type {
	var out []types.Type
	for _, t := range ts {
		if types.AssignableTo(t, it) {
			out = append(out, t)
		}
	}
	return out
}

// cellTypes returns the named types (not interfaces, not generic) declared at the
// package level of the cells so far, in order of name.
// visibleCellTypes returns the cell's types whose names are not hidden at pos by a local
// declaration, which lowered code at pos can name.
func (l *lowerer) visibleCellTypes(pos token.Pos) []*types.Named {
	all := l.cellTypes()
	if l.k.pkg == nil {
		return all
	}
	inner := l.k.pkg.Scope().Innermost(pos)
	if inner == nil {
		return all
	}
	var out []*types.Named
	for _, n := range all {
		if _, obj := inner.LookupParent(n.Obj().Name(), pos); obj == nil || obj == types.Object(n.Obj()) {
			out = append(out, n)
		}
	}
	return out
}

func (l *lowerer) cellTypes() []*types.Named {
	pkg := l.k.pkg
	if pkg == nil {
		return nil
	}
	var out []*types.Named
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		if n := cellNamed(tn.Type()); n != nil && n.TypeParams().Len() == 0 {
			out = append(out, n)
		}
	}
	return out
}

// emptyAssertion returns the text that goes before and after the operand of an assertion
// to target, if target is an interface without methods (x.(any)), which holds for any
// value but nil: the interpreter's failed for every value.
func emptyAssertion(target types.Type, commaOk bool) (prefix, suffix string, ok bool) {
	it, isIface := types.Unalias(target).Underlying().(*types.Interface)
	if !isIface || !it.Empty() || hasTypeParams(target) {
		return "", "", false
	}
	// Tested in the operand's own type: a nil value of a cell's interface made a non-nil
	// any.
	if commaOk {
		return "func() (any, bool) { ᐅx := ", "; if " + HookName + ".IsNil(ᐅx) { return nil, false }; return ᐅx, true }()", true
	}
	return "func() any { ᐅx := ", "; if " + HookName + ".IsNil(ᐅx) { panic(" + HookName + ".AssertionFailed(nil, " +
		strconv.Quote(fmtTypeName(target)) + ", nil)) }; return ᐅx }()", true
}

// quotedList spells ss as a []string literal.
func quotedList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return "[]string{" + strings.Join(q, ", ") + "}"
}
