package front

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// Values of a cell's named non-struct types in an empty interface. The interpreter
// holds a Weekday (type Weekday int) in an any as an int: a type switch takes it for an
// int, x.(int) holds and x.(Weekday) holds for any int, and fmt gets it without its
// String method, or in the interpreter's internal form inside a []any. So where Go puts
// such a value in an any, implicitly or by a conversion, it goes in boxed (see package
// boxed), and assertions and type switches to the type look into boxes by its name:
//
//	var x any = Mon        →  var x any = ᐅdescent.Box(int(Mon), "main.Weekday", true, false)
//	d, ok := x.(Weekday)   →  d, ok := func() (Weekday, bool) { … ᐅdescent.Unbox(x, "main.Weekday") … }()
//
// A box's String and Error call the type's methods, which the cell registers where it
// declares them:
//
//	func (d Weekday) String() string { … }; var _ = ᐅdescent.Register("main.Weekday", "String", func(ᐅx any) string { return Weekday(ᐅx.(int)).String() })
//
// Values in interfaces with methods (error, fmt.Stringer, a cell's) are not boxed: the
// interpreter keeps their methods there.

// boxable returns t if its values go into an empty interface boxed, else nil: a
// non-generic type a cell declared at package level over a type other than a struct or
// an interface, or a slice, array or map of such types ([]Weekday, which the interpreter
// holds as an []int: a type switch took it for one, and fmt printed its elements
// without their String method).
func (l *lowerer) boxable(t types.Type) types.Type {
	switch u := types.Unalias(t).(type) {
	case *types.Slice, *types.Array, *types.Map:
		if l.boxesElements(u) {
			return u
		}
		return nil
	}
	n := cellNamed(t)
	if n == nil || n.TypeArgs().Len() > 0 || n.TypeParams().Len() > 0 {
		return nil
	}
	switch n.Underlying().(type) {
	case *types.Struct, *types.Interface:
		return nil
	}
	if l.typ(n) == "interface{}" || l.typ(n.Underlying()) == "interface{}" {
		return nil // declared in a function: no name to give it
	}
	return n
}

// boxesFmtMethods reports whether the session has a type whose values go into an any
// boxed (see boxable): the box has the methods fmt calls (Format, and String or Error
// where the type has them).
func (l *lowerer) boxesFmtMethods() bool {
	for _, n := range l.cellTypes() {
		if l.boxable(n) != nil {
			return true
		}
	}
	return false
}

// boxesElements reports whether t, a slice, array or map type, has keys or elements,
// at any depth of such types, that are of a boxable named type.
func (l *lowerer) boxesElements(t types.Type) bool {
	switch u := types.Unalias(t).(type) {
	case *types.Slice:
		return l.boxesElements(u.Elem())
	case *types.Array:
		return l.boxesElements(u.Elem())
	case *types.Map:
		return l.boxesElements(u.Key()) || l.boxesElements(u.Elem())
	case *types.Named:
		return l.boxable(u) != nil
	}
	return false
}

// boxMethods reports whether the method set of n's values has the methods fmt uses.
func boxMethods(n types.Type) (str, err bool) {
	ms := types.NewMethodSet(n)
	for i := range ms.Len() {
		switch f := ms.At(i).Obj().(*types.Func); f.Name() {
		case "String":
			str = stringMethod(f)
		case "Error":
			err = stringMethod(f)
		}
	}
	return str, err
}

// stringMethod reports whether f is a method func() string.
func stringMethod(f *types.Func) bool {
	sig := f.Type().(*types.Signature)
	if sig.Params().Len() != 0 || sig.Results().Len() != 1 {
		return false
	}
	b, ok := sig.Results().At(0).Type().(*types.Basic)
	return ok && b.Kind() == types.String
}

// box boxes e, a value of the boxable type n, where Go puts it in an empty interface.
func (l *lowerer) box(e ast.Expr, n types.Type, depth int) {
	open, close := l.boxCall(n)
	l.add(l.off(e.Pos()), 0, open, depth)
	l.add(l.off(e.End()), 0, close, closing(depth))
}

// boxCall returns the text before and after a value of the boxable type n that boxes it:
// ᐅdescent.Box((U)(x), "main.N", hasString, hasError), the conversion to the
// underlying type U in parentheses ((*int)(p), (<-chan int)(c)).
func (l *lowerer) boxCall(n types.Type) (open, close string) {
	if _, named := n.(*types.Named); !named {
		// A slice, array or map has no declaration to register its view at: the box
		// brings it.
		g := &viewGen{l: l, sharp: true}
		return HookName + ".BoxViewed((" + l.typ(n) + ")(",
			"), " + strconv.Quote(fmtTypeName(n)) + ", " + l.viewFunc(n, g.view("ᐅp", n, true)) + ")"
	}
	str, err := boxMethods(n)
	return HookName + ".Box((" + l.typ(n.Underlying()) + ")(",
		"), " + strconv.Quote(fmtTypeName(n)) + ", " + strconv.FormatBool(str) + ", " + strconv.FormatBool(err) + ")"
}

// boxAssertion returns the text of a function literal's body that asserts the operand
// ᐅx, of interface type xt, to the boxable type n: ᐅv, ᐅok := …. In an empty interface
// a value of n is boxed; in another it is the interpreter's (asserted as it is), or a
// box that came from an any (x.(fmt.Stringer)).
func (l *lowerer) boxAssertion(xt types.Type, n types.Type) string {
	t, u := l.typ(n), l.typ(n.Underlying())
	s := "var ᐅv " + t + "; ᐅu, ᐅok := " + HookName + ".Unbox(ᐅx, " + strconv.Quote(fmtTypeName(n)) + "); if ᐅok { ᐅv = " + t + "(ᐅu.(" + u + ")) }"
	if xt != nil && !isAny(l.applied(xt)) {
		check, _ := l.twinCheck(l.applied(xt), n)
		s += "; if !ᐅok { ᐅv, ᐅok = ᐅx.(" + t + ")" + check + " }"
	}
	return s
}

// twinCheck returns the test that follows the interpreter's assertion of ᐅx, of interface
// type xt, to n, which held as ᐅv, ᐅok: the interpreter holds a value of a named
// non-struct type in an interface with methods as its underlying value, and its
// assertion takes one of another such type over the same underlying type (a NotFound
// for a Denied, both strings) for n. Where n has such twins that xt could hold, the value
// is n's only if the Error and String methods that xt has answer as n's do; two types
// whose methods answer alike for a value stay confused.
//
// It also returns the text of a statement that, after a failed assertion, panics as Go
// does, naming the twin that answers as the value does ("" if none).
func (l *lowerer) twinCheck(xt types.Type, n types.Type) (check, failed string) {
	same, twins := l.twinSame(xt, n, "ᐅx", "ᐅv")
	if same == "" {
		return "", ""
	}
	check = "; if ᐅok && !(" + same + ") { ᐅv, ᐅok = *new(" + l.typ(n) + "), false }"
	var b strings.Builder
	for _, c := range twins {
		other, _ := l.twinSame(xt, c, "ᐅx", "ᐅw")
		fmt.Fprintf(&b, "if ᐅw, ᐅk := ᐅx.(%s); ᐅk && %s { panic(%s.ConversionPanic(%q, %q, %q)) }; ",
			l.typ(c), other, HookName, fmtTypeName(xt), fmtTypeName(c), fmtTypeName(n))
	}
	return check, b.String()
}

// twinSame returns the condition under which x, of interface type xt, holding v of n as
// the interpreter's assertion says, really holds an n: that the Error and String methods
// of xt answer for x as n's do for v; and the twins of n that xt could hold. It returns
// "" where n has no twins, or xt neither method.
func (l *lowerer) twinSame(xt types.Type, n types.Type, x, v string) (string, []*types.Named) {
	it, ok := xt.Underlying().(*types.Interface)
	if _, named := n.(*types.Named); !ok || it.Empty() || !named {
		return "", nil
	}
	var twins []*types.Named
	for _, c := range l.cellTypes() {
		if c != n && types.Identical(c.Underlying(), n.Underlying()) && types.Implements(c, it) {
			twins = append(twins, c)
		}
	}
	if len(twins) == 0 {
		return "", nil
	}
	var same []string
	for _, m := range []string{"Error", "String"} {
		obj, _, _ := types.LookupFieldOrMethod(xt, false, nil, m)
		f, ok := obj.(*types.Func)
		if !ok {
			continue
		}
		sig := f.Type().(*types.Signature)
		if sig.Params().Len() != 0 || sig.Results().Len() != 1 || !types.Identical(sig.Results().At(0).Type(), types.Typ[types.String]) {
			continue
		}
		same = append(same, x+"."+m+"() == "+v+"."+m+"()")
	}
	if len(same) == 0 {
		return "", nil
	}
	return strings.Join(same, " && "), twins
}

// twinAnswers is twinSame's condition for printing: the methods are compared by a hook
// that recovers their panics (fmt's %T must not panic where a String does; see
// SameAnswers).
func (l *lowerer) twinAnswers(xt types.Type, n types.Type, x, v string) string {
	same, _ := l.twinSame(xt, n, x, v)
	if same == "" {
		return ""
	}
	var guarded []string
	for _, c := range strings.Split(same, " && ") {
		a, b, _ := strings.Cut(c, " == ")
		guarded = append(guarded, HookName+".SameAnswers(func() string { return "+a+" }, func() string { return "+b+" })")
	}
	return strings.Join(guarded, " && ")
}

// boxAssert lowers a, an assertion x.(T) to a boxable type T, and reports whether it did.
func (l *lowerer) boxAssert(a *ast.TypeAssertExpr, depth int) bool {
	n := l.boxable(l.applied(l.typeOf(a.Type)))
	if n == nil || l.callsRecover(a.X) {
		return false
	}
	xt := l.applied(l.typeOf(a.X))
	t := l.typ(n)
	var prefix, suffix string
	if l.okAsserts[a] {
		prefix = "func() (" + t + ", bool) { ᐅx := "
		suffix = "; " + l.boxAssertion(xt, n) + "; return ᐅv, ᐅok }()"
	} else {
		panicked := HookName + ".UnboxMust(ᐅx, " + strconv.Quote(fmtTypeName(n)) + ", " + strconv.Quote(fmtTypeName(xt)) + ")"
		_, twin := l.twinCheck(xt, n)
		prefix = "func() " + t + " { ᐅx := "
		suffix = "; " + l.boxAssertion(xt, n) + "; if !ᐅok { " + twin + "_ = " + panicked + " }; return ᐅv }()"
	}
	l.add(l.off(a.Pos()), 0, prefix, depth)
	l.add(l.off(a.X.End()), l.off(a.End())-l.off(a.X.End()), suffix, closing(depth))
	return true
}

// registerBoxMethod registers d, a method of a boxable type's values that fmt or
// encoding/json calls (String, Error, GoString, Format, MarshalJSON), for boxes of the
// type (see package boxed), after its declaration.
func (l *lowerer) registerBoxMethod(d *ast.FuncDecl) {
	if d.Recv == nil || len(d.Recv.List) != 1 {
		return
	}
	f, ok := l.info().Defs[d.Name].(*types.Func)
	if !ok {
		return
	}
	sig := f.Type().(*types.Signature)
	n := l.boxable(sig.Recv().Type()) // a pointer receiver's method is not a value's
	if n == nil {
		return
	}
	t, u, name := l.typ(n), l.typ(n.Underlying()), strconv.Quote(fmtTypeName(n))
	recv := t + "(ᐅx.(" + u + "))." + d.Name.Name
	var reg string
	switch d.Name.Name {
	case "String", "Error", "GoString":
		if stringMethod(f) {
			reg = "Register(" + name + ", " + strconv.Quote(d.Name.Name) + ", func(ᐅx any) string { return " + recv + "() })"
		}
	case "Format":
		if sig.Params().Len() == 2 && sig.Results().Len() == 0 {
			reg = "RegisterFormat(" + name + ", func(ᐅx any, ᐅs " + l.typ(sig.Params().At(0).Type()) + ", ᐅr " +
				l.typ(sig.Params().At(1).Type()) + ") { " + recv + "(ᐅs, ᐅr) })"
		}
	case "MarshalJSON":
		if sig.Params().Len() == 0 && sig.Results().Len() == 2 {
			reg = "RegisterJSON(" + name + ", func(ᐅx any) ([]byte, error) { return " + recv + "() })"
		}
	}
	if reg != "" {
		l.add(l.off(d.End()), 0, "; var _ = "+HookName+"."+reg, 0)
	}
}

// registerBoxView registers, after d, how fmt prints the values of each boxable type d
// declares whose underlying value prints through methods a box would lose (type Path
// []Point, with Point a Stringer): a view of the value (see fmtArgs), which a box prints
// in place of its bare value.
func (l *lowerer) registerBoxView(d *ast.GenDecl) {
	if d.Tok != token.TYPE {
		return
	}
	var regs strings.Builder
	for _, spec := range d.Specs {
		ts := spec.(*ast.TypeSpec)
		if ts.Assign.IsValid() || ts.TypeParams != nil {
			continue
		}
		obj, ok := l.info().Defs[ts.Name].(*types.TypeName)
		if !ok {
			continue
		}
		n := l.boxable(obj.Type())
		if n == nil {
			continue
		}
		// Registered, or cleared, at every declaration: a later cell may declare the
		// name again over another type.
		view, g := "nil", &viewGen{l: l, sharp: true}
		if g.needs(n.Underlying(), true) {
			view = l.viewFunc(n.Underlying(), g.under("ᐅp", n.Underlying(), fmtTypeName(n), true))
		}
		fmt.Fprintf(&regs, "; var _ = %s.RegisterView(%s, %s)", HookName, strconv.Quote(fmtTypeName(n)), view)
	}
	if regs.Len() > 0 {
		l.add(l.off(d.End()), 0, regs.String(), 0)
	}
}

// viewFunc returns a function viewing a box's value, of type u, as view does ᐅp. A value
// of a type declared again since it was boxed is printed bare.
func (l *lowerer) viewFunc(u types.Type, view string) string {
	return "func(ᐅx any) any { ᐅp, ᐅok := ᐅx.(" + l.typ(u) + "); if !ᐅok { return ᐅx }; return " + view + " }"
}

// rebox boxes the value of e, of the interface type t with methods, going into an empty
// interface, if it is of a boxable type: in an error or fmt.Stringer it is the
// interpreter's, and in an any it must be a box (var a any = err, with err a Code).
func (l *lowerer) rebox(e ast.Expr, t types.Type, depth int) {
	if l.callsRecover(e) {
		return
	}
	ts := l.typ(t)
	if ts == "interface{}" {
		return
	}
	// A panic's value keeps what its Error or String says, for the message of a panic
	// nobody recovers: the any holds the value without its methods (see PanicText).
	said := func(v string) string { return v }
	if l.panicking {
		for _, m := range []string{"Error", "String"} {
			if obj, _, _ := types.LookupFieldOrMethod(t, false, nil, m); obj != nil {
				if f, ok := obj.(*types.Func); ok && stringMethod(f) {
					said = func(v string) string {
						return HookName + ".PanicText(" + v + ", func() string { return " + v + "." + m + "() })"
					}
					break
				}
			}
		}
	}
	var b strings.Builder
	g := &viewGen{l: l}
	impl, _ := g.implementers(t)
	for _, c := range impl {
		n := l.boxable(c)
		if n == nil {
			if l.typ(c) != "interface{}" && (!cellInterface(t) || types.AssignableTo(c, t)) {
				// A struct in a compiled interface (error) is in the interpreter's
				// wrapper, which an assertion from the any would not see through
				// (x.(NotFound) failed), and in a cell's interface in its record,
				// which == and a map compare as such (a == any(C{1}) was false): the
				// any gets the value itself.
				fmt.Fprintf(&b, "if ᐅc, ᐅok := ᐅi.(%s); ᐅok { return %s }; ", l.typ(c), said("ᐅc"))
			}
			continue
		}
		open, close := l.boxCall(n)
		fmt.Fprintf(&b, "if ᐅc, ᐅok := ᐅi.(%s); ᐅok { return %sᐅc%s }; ", l.typ(n), open, close)
	}
	// (Without boxes too: a nil value of a cell's interface made a non-nil any, which
	// printing then crashed on.)
	b.WriteString(lateBoxed("ᐅi", t, "ᐅb")) // a later cell's type (see latebox.go)
	l.add(l.off(e.Pos()), 0, "func(ᐅi "+ts+") any { if "+HookName+".IsNil(ᐅi) { return nil }; "+b.String()+"return "+said("ᐅi")+" }(", depth)
	l.add(l.off(e.End()), 0, ")", closing(depth))
}

// boxOperand boxes e, compared with or used as a case of an operand of type other, if
// other is the empty interface and e is of a boxable type.
func (l *lowerer) boxOperand(e ast.Expr, other types.Type, depth int) {
	if other == nil || !isAny(l.applied(other)) {
		return
	}
	if t := l.typeOf(e); t != nil && !types.IsInterface(l.applied(t)) {
		if n := l.boxable(l.applied(t)); n != nil {
			l.box(e, n, depth)
		}
	}
}

// hasBoxable reports whether the cell's package declares a boxable type.
func (l *lowerer) hasBoxable() bool {
	for _, n := range l.cellTypes() {
		if l.boxable(n) != nil {
			return true
		}
	}
	for tn := range l.k.localTypes { // declared in a function, and at package level
		if n, ok := tn.Type().(*types.Named); ok && l.boxable(n) != nil {
			return true
		}
	}
	return false
}

// boxingPackages are the compiled packages whose functions get boxes for parameters of
// type any: containers that hand the value back (sync.Map, list, heap, atomic.Value,
// context's values), and slog, which prints it through fmt. Others get the value as it
// is: many look at it by reflection (sort.Slice on a named slice, text/template's eq,
// encoding/json finding a MarshalText method), which a box would hide.
var boxingPackages = map[string]bool{"sync": true, "sync/atomic": true, "container/list": true,
	"container/heap": true, "container/ring": true, "context": true, "log/slog": true}

// libraryPath is the import path of the kernel's library, whose functions get boxes too:
// theirs switch on the type (opt.ToFloat took a cell's type Rate float64 for a float64;
// Hyper.Set accepted it).
const libraryPath = "github.com/descentlab/descent/optimizers"

// containerPackages are the boxing packages that only hold values and hand them back.
var containerPackages = map[string]bool{"sync": true, "sync/atomic": true, "container/list": true,
	"container/heap": true, "container/ring": true}

// compiledArgs boxes the operands of c, a call of a compiled function, that go into
// parameters of type any (fmt's and log's printing functions view theirs instead, see
// fmtargs.go).
func (l *lowerer) compiledArgs(c *ast.CallExpr, sig *types.Signature, depth int) {
	fn, ok := l.info().Uses[nameOf(c.Fun)].(*types.Func)
	if !ok || fn.Pkg() == nil {
		return
	}
	if !boxingPackages[fn.Pkg().Path()] && !strings.HasPrefix(fn.Pkg().Path(), libraryPath) {
		l.unboxedArgs(c, fn, sig, depth)
		return
	}
	for i, a := range c.Args {
		at := l.typeOf(a)
		if pt := paramOf(c, sig, i); pt == nil || !isAny(pt) || at == nil {
			continue
		}
		if n := l.boxable(l.applied(at)); n != nil {
			l.box(a, n, depth)
		} else if it, ok := l.applied(at).Underlying().(*types.Interface); ok && !it.Empty() && !hasTypeParams(at) &&
			(!compiledNamed(l.applied(at)) || containerPackages[fn.Pkg().Path()]) {
			// A value of an interface with methods: as an any holds it, which the
			// container hands back (a Job holding a J, pushed on a heap). In an error or
			// fmt.Stringer it stays in the interpreter's wrapper where it is printed
			// (slog, a context's String), which calls its method.
			l.rebox(a, l.applied(at), depth)
		}
	}
}

// paramOf returns the type of the parameter that the i'th operand of c, a call of a
// function of signature sig, goes into (an element of a variadic one's slice); nil for
// operands spread with ... or beyond the parameters.
func paramOf(c *ast.CallExpr, sig *types.Signature, i int) types.Type {
	ps := sig.Params()
	switch {
	case sig.Variadic() && i >= ps.Len()-1:
		if c.Ellipsis.IsValid() {
			return nil
		}
		return ps.At(ps.Len() - 1).Type().(*types.Slice).Elem()
	case i < ps.Len():
		return ps.At(i).Type()
	}
	return nil
}

// unboxingPackages are the compiled packages whose functions get the slices and maps that
// anys hold out of their boxes (see boxed.Unboxed): they look at them by reflection
// (sort.Slice's swapper, reflect's Kind, a template's range), which a box would hide.
// Others get the box, which keeps the value's type where they hand it back or compare
// it (slices.Index, opt.ToFloat), and prints as the value.
var unboxingPackages = map[string]bool{"sort": true, "text/template": true, "html/template": true}

// unboxingFuncs are functions of other packages that get them so (reflect.DeepEqual,
// which compares types too, gets the boxes), by types.Func.FullName.
var unboxingFuncs = map[string]bool{"reflect.ValueOf": true}

// unboxedArgs takes out of their boxes the operands of c, a call of the compiled
// function fn of an unboxingPackage, that are anys going into parameters of type any.
func (l *lowerer) unboxedArgs(c *ast.CallExpr, fn *types.Func, sig *types.Signature, depth int) {
	if !unboxingPackages[fn.Pkg().Path()] && !unboxingFuncs[fn.FullName()] || !l.hasBoxable() {
		return
	}
	for i, a := range c.Args {
		at, pt := l.typeOf(a), paramOf(c, sig, i)
		if pt == nil || !isAny(pt) || at == nil || l.callsRecover(a) {
			continue
		}
		at = l.applied(at)
		hook := ".Unboxed("
		if deepUnboxing[fn.Pkg().Path()] {
			hook = ".UnboxedDeep("
			if !isAny(at) && !anyContainer(at) {
				continue
			}
		} else if !isAny(at) {
			continue
		}
		l.add(l.off(a.Pos()), 0, HookName+hook, depth)
		l.add(l.off(a.End()), 0, ")", closing(depth))
	}
}

// anyContainer reports whether t is a map[string]any, map[any]any or []any.
func anyContainer(t types.Type) bool {
	switch u := types.Unalias(t).(type) {
	case *types.Map:
		return isAny(u.Elem()) && (isAny(u.Key()) || types.Identical(u.Key(), types.Typ[types.String]))
	case *types.Slice:
		return isAny(u.Elem())
	}
	return false
}

// deepUnboxing are the packages whose functions get the boxes inside maps and slices of
// type any taken out too: templates, whose data is such a map.
var deepUnboxing = map[string]bool{"text/template": true, "html/template": true}

// tupleBoxes boxes the values of a call or comma-ok form that n, an assignment, var spec
// or return, puts in variables of type any (var a, b any = two(); a, ok = m[k];
// return f() from a function returning (any, error)): they are made in a function
// literal returning the targets' types, which boxes them:
//
//	a, ok = m[k]  →  a, ok = func() (any, bool) { ᐅt0, ᐅt1 := m[k]; return ᐅdescent.Box(…ᐅt0…), ᐅt1 }()
//
// results are those of the function a return is in. It reports whether it did.
func (l *lowerer) tupleBoxes(n ast.Node, results *types.Tuple, depth int) bool {
	var rhs ast.Expr
	var targets []types.Type
	switch n := n.(type) {
	case *ast.AssignStmt:
		if n.Tok != token.ASSIGN || len(n.Rhs) != 1 || len(n.Lhs) < 2 || l.keptStmts[n] {
			return false
		}
		rhs = n.Rhs[0]
		for _, x := range n.Lhs {
			targets = append(targets, l.typeOf(x))
		}
	case *ast.ValueSpec:
		if n.Type == nil || len(n.Values) != 1 || len(n.Names) < 2 {
			return false
		}
		rhs = n.Values[0]
		for range n.Names {
			targets = append(targets, l.typeOf(n.Type))
		}
	case *ast.ReturnStmt:
		if results == nil || len(n.Results) != 1 || results.Len() < 2 {
			return false
		}
		rhs = n.Results[0]
		for i := range results.Len() {
			targets = append(targets, results.At(i).Type())
		}
	default:
		return false
	}
	if l.callsRecover(rhs) {
		return false
	}
	var sources []types.Type
	switch r := ast.Unparen(rhs).(type) {
	case *ast.CallExpr:
		tuple, ok := l.typeOf(r).(*types.Tuple)
		if !ok {
			return false
		}
		for i := range tuple.Len() {
			sources = append(sources, tuple.At(i).Type())
		}
	case *ast.IndexExpr, *ast.TypeAssertExpr, *ast.UnaryExpr:
		t := l.typeOf(r)
		if tuple, ok := t.(*types.Tuple); ok && tuple.Len() == 2 {
			t = tuple.At(0).Type() // go/types records a comma-ok form's two values
		}
		if ta, ok := r.(*ast.TypeAssertExpr); ok {
			t = l.typeOf(ta.Type)
		}
		if t == nil {
			return false
		}
		sources = []types.Type{t, types.Typ[types.Bool]}
	default:
		return false
	}
	if len(sources) != len(targets) {
		return false
	}
	var spelled, vars, values []string
	boxes := false
	for i, t := range targets {
		if t == nil {
			return false
		}
		t = l.applied(t)
		st := l.typ(t)
		if st == "interface{}" && !types.IsInterface(t) {
			return false
		}
		v := "ᐅt" + strconv.Itoa(i)
		spelled, vars, values = append(spelled, st), append(vars, v), append(values, v)
		if isAny(t) {
			if bn := l.boxable(l.applied(sources[i])); bn != nil && !types.IsInterface(l.applied(sources[i])) {
				open, close := l.boxCall(bn)
				values[i] = open + v + close
				boxes = true
			}
		}
	}
	if !boxes {
		return false
	}
	l.add(l.off(rhs.Pos()), 0, "func() ("+strings.Join(spelled, ", ")+") { "+strings.Join(vars, ", ")+" := ", depth)
	l.add(l.off(rhs.End()), 0, "; return "+strings.Join(values, ", ")+" }()", closing(depth))
	return true
}
