package front

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Printing values of cell types. fmt, compiled, sees a cell's value without its type: the
// elements of a []Point print without their String method, a named int with a String
// method prints as {1 0x5536672} under %d, a value whose pointer has String uses it, and
// %#v and %T name struct { X int } rather than main.Point. The front end knows each
// argument's type, so where a printing function of fmt or log gets a value whose type
// involves a cell's named types, it gets a view of it instead (package fmtview), built in
// a call that takes the value once:
//
//	fmt.Println(ps)  →  fmt.Println(func() any { ᐅp := ps; return ᐅdescent.FmtSeq("[]main.Point", ᐅp == nil, false, len(ᐅp), func(ᐅi1 int) any { return ᐅdescent.FmtNamed(...) }) }())
//
// and %T of such a value, in a constant format, becomes %s of its type's name.

// fmtFuncs are the printing functions whose ...any operands get views, by package; a name
// ending in f takes a format.
var fmtFuncs = map[string]map[string]bool{
	"fmt": {"Print": true, "Println": true, "Printf": true, "Sprint": true, "Sprintln": true,
		"Sprintf": true, "Fprint": true, "Fprintln": true, "Fprintf": true, "Errorf": true,
		"Append": true, "Appendln": true, "Appendf": true},
	"log": {"Print": true, "Println": true, "Printf": true, "Fatal": true, "Fatalln": true,
		"Fatalf": true, "Panic": true, "Panicln": true, "Panicf": true},
}

// yaegiStdlib is the package of the interpreter's own log.Logger (whose Fatal panics
// rather than exiting).
const yaegiStdlib = "github.com/traefik/yaegi/stdlib"

// fmtArgs gives the operands of c, if it calls a printing function, views where they
// need them.
func (l *lowerer) fmtArgs(c *ast.CallExpr, depth int) {
	if _, lib := l.src.(*sourcePackage); lib {
		return
	}
	id := nameOf(c.Fun)
	if id == nil {
		return
	}
	fn, ok := l.info().Uses[id].(*types.Func)
	if !ok || fn.Pkg() == nil {
		return
	}
	sig := fn.Type().(*types.Signature)
	path := fn.Pkg().Path()
	if path == yaegiStdlib && sig.Recv() != nil {
		path = "log" // a method of log.Logger, which the interpreter replaces with its own
	}
	if !fmtFuncs[path][fn.Name()] {
		return
	}
	first := sig.Params().Len() - 1 // the first operand
	if first > len(c.Args) {
		return
	}
	if c.Ellipsis.IsValid() {
		if len(c.Args) == first+1 {
			if viewed := l.spreadViews(c.Args[first], path == "fmt" && fn.Name() == "Errorf", depth); viewed || l.hasBoxable() {
				l.spreadFormat(c, fn, depth) // (boxes too need %T named)
			}
		}
		return
	}
	var verbs map[int][]fmtVerb // by operand, for a constant format; nil for %v or unknown
	var format *ast.BasicLit
	var formatText string
	if strings.HasSuffix(fn.Name(), "f") {
		tv := l.info().Types[c.Args[first-1]]
		if tv.Value != nil && tv.Value.Kind() == constant.String {
			formatText = constant.StringVal(tv.Value)
			verbs = parseVerbs(formatText)
			format, _ = ast.Unparen(c.Args[first-1]).(*ast.BasicLit)
		}
	}
	if len(c.Args) == first+1 && verbs == nil {
		if tuple, ok := l.typeOf(c.Args[first]).(*types.Tuple); ok {
			l.tupleViews(c.Args[first], tuple, depth)
			return
		}
	}
	if verbs == nil && strings.HasSuffix(fn.Name(), "f") && len(c.Args) > first {
		// A format known only when it runs: %T of a view names the type it stands for
		// (see spreadFormat).
		before := len(l.edits)
		defer func() {
			if len(l.edits) > before {
				l.typedFormat(c, fn, first-1, depth)
			}
		}()
	}
	retyped := []byte(formatText)
	var names []string     // operands added for %T (below)
	var renamed []verbEdit // and their verbs
	for i, a := range c.Args[first:] {
		tv, ok := l.info().Types[a]
		if !ok || tv.IsType() || tv.Type == nil || (tv.Value != nil && cellNamed(tv.Type) == nil) {
			continue // a constant only needs a view when its type is a cell's
		}
		t := l.applied(tv.Type)
		if hasTypeParams(t) {
			continue
		}
		errType := types.Universe.Lookup("error").Type()
		if verbs == nil && path == "fmt" && fn.Name() == "Errorf" && types.Implements(t, errType.Underlying().(*types.Interface)) {
			// Of a format known only when it runs, it may be %w's, which wraps the error
			// it is (a view is none): made an error first, if of a cell's type.
			if !types.IsInterface(t) && cellValue(t) && l.typ(t) != "interface{}" {
				l.convertIn(a, t, errType, depth)
			} else if cellInterface(t) {
				l.cellIfaceToCompiled(a, t, errType, depth)
			}
			continue
		}
		sharp, plus, unwrap, late, bad := false, false, false, true, false
		if verbs != nil {
			vs := verbs[i]
			if len(vs) == 0 {
				continue // not printed (or only counted)
			}
			skip, named := false, false
			for _, v := range vs {
				switch {
				case v.verb == 'w':
					// Errorf unwraps it: it must stay the error it is, made one first if
					// it is of a cell's type (see errors.go).
					skip = true
					errType := types.Universe.Lookup("error").Type()
					if len(vs) == 1 && !types.IsInterface(t) && cellValue(t) && l.typ(t) != "interface{}" &&
						types.Implements(t, errType.Underlying().(*types.Interface)) {
						l.convertIn(a, t, errType, depth)
					}
					if len(vs) == 1 && fn.Name() == "Errorf" && cellInterface(t) && types.Implements(t, errType.Underlying().(*types.Interface)) {
						// A cell's interface embedding error: as the error it holds, which
						// Errorf wraps (it printed %!w(…) and unwrapped to nil).
						if l.cellIfaceToCompiled(a, t, errType, depth) && l.nilPointerErrors() && !l.callsRecover(a) {
							l.add(l.off(a.Pos()), 0, HookName+".NilSafeError(", depth-1)
							l.add(l.off(a.End()), 0, ")", closing(depth-1))
						}
					}
					if len(vs) == 1 && (isPointer(t) && cellValue(t) || types.Identical(t, errType) && l.nilPointerErrors()) && !l.callsRecover(a) {
						// A nil pointer in it is printed as fmt prints a nil receiver
						// whose Error panics (see nilReceiverView).
						l.add(l.off(a.Pos()), 0, HookName+".NilSafeError(", depth-1)
						l.add(l.off(a.End()), 0, ")", closing(depth-1))
					}
					if len(vs) == 1 && isAny(t) && !l.callsRecover(a) {
						// An any holding a cell's error: as the error it holds (see
						// spreadViews).
						assert := "ᐅx.(error)"
						if prefix, suffix, ok := l.cellAssertion(t, errType, true); ok {
							assert = prefix + "ᐅx" + suffix
						}
						l.add(l.off(a.Pos()), 0, "func() any { ᐅx := any(", depth)
						l.add(l.off(a.End()), 0, "); if "+HookName+".IsNil(ᐅx) { return nil }; if ᐅe, ᐅok := "+assert+"; ᐅok { return "+HookName+".AsAny(ᐅe) }; return ᐅx }()", closing(depth))
					}
				case v.verb == 'T':
					if onlyT(vs) {
						// The operand is printed by %T alone (once or more): as the
						// string %T prints, made once.
						skip = true
						if format != nil && (named || l.typeName(a, t, depth)) {
							named = true
							retyped[v.at] = 's'
						}
					} else if format != nil && (!types.IsInterface(t) && mentionsCellType(t, nil) || types.IsInterface(t) && sideEffectFree(a) && !l.callsRecover(a)) {
						// The operand is also printed otherwise (%[1]v %[1]T): its type's
						// name is an operand of its own, added at the end (of an
						// interface, the name of what it holds, from the operand again).
						name := strconv.Quote(fmtTypeName(t))
						if types.IsInterface(t) {
							name = "func() string { ᐅv := " + l.text(a.Pos(), a.End()) + "; " + l.heldTypeName(t) + " }()"
						}
						names = append(names, name)
						n := len(c.Args) - first + len(names)
						from, to := v.index, v.end
						if from < 0 {
							from, to = v.at, v.at // no index yet: one goes before the verb
						}
						renamed = append(renamed, verbEdit{from, to, "[" + strconv.Itoa(n) + "]"}, verbEdit{v.at, v.at + 1, "s"})
					}
				case v.sharp:
					sharp = true
				case v.plus:
					plus = true
				}
				if !strings.ContainsRune("vsqxXTw", v.verb) {
					// %d of an error: fmt formats what it holds, not its Error.
					unwrap = true
				}
				if v.verb == 'p' {
					late = false // the address of the value itself
				}
				bad = bad || badVerb(t, v.verb)
			}
			if skip {
				continue
			}
		}
		if types.IsInterface(t) && compiledOrEmpty(t) && !isAny(t) && !sharp && !plainCompiledInterface(t) && !unwrap && !l.richerImplementers(t) {
			// The interpreter hands fmt the value in an error or fmt.Stringer as it is,
			// methods and all; only %#v, which prints the type's name, needs a view,
			// and an error that may hold a nil pointer of a cell's type, which goes in
			// embedded (see convertIn) where fmt would not see a nil receiver.
			if l.nilPointerImplementers(t) && !l.callsRecover(a) {
				l.add(l.off(a.Pos()), 0, HookName+".FmtOperand(", depth)
				l.add(l.off(a.End()), 0, ")", closing(depth))
			}
			continue
		}
		if n := cellNamed(t); bad && n != nil && !l.callsRecover(a) {
			if s, e, gs, f := fmtMethods(types.NewPointer(n)); !s && !e && !gs && !f && l.typ(t.Underlying()) != "interface{}" {
				// A bad verb names the operand's type (%!s(main.Status=5)), which fmt
				// knows only from a view.
				l.lateNamedView(a, t, depth)
				continue
			}
		}
		l.viewOf(a, t, sharp, plus, unwrap, late, depth)
	}
	var all []fmtVerb
	for arg, vs := range verbs {
		for _, v := range vs {
			v.arg = arg
			all = append(all, v)
			if arg >= len(c.Args)-first {
				renamed = nil // a verb without an operand: the format is left as it is
			}
		}
	}
	if len(renamed) > 0 {
		// fmt goes on from the operand after the one an index names: a verb without an
		// index after a rewritten one gets the index of its own operand.
		sort.Slice(all, func(i, j int) bool { return all[i].at < all[j].at })
		moved := map[int]bool{}
		for _, r := range renamed {
			if r.text == "s" {
				moved[r.from] = true
			}
		}
		for i, v := range all[:len(all)-1] {
			if next := all[i+1]; moved[v.at] && !moved[next.at] && next.index < 0 {
				renamed = append(renamed, verbEdit{next.at, next.at, "[" + strconv.Itoa(next.arg+1) + "]"})
			}
		}
		text := string(retyped)
		sort.Slice(renamed, func(i, j int) bool { return renamed[i].from < renamed[j].from })
		for i := len(renamed) - 1; i >= 0; i-- { // last first
			r := renamed[i]
			text = text[:r.from] + r.text + text[r.to:]
		}
		retyped = []byte(text)
		l.add(l.off(c.Rparen), 0, ", "+strings.Join(names, ", "), closing(depth-1))
	}
	if format != nil && string(retyped) != formatText {
		l.add(l.off(format.Pos()), l.off(format.End())-l.off(format.Pos()), strconv.Quote(string(retyped)), depth)
	}
}

// richerImplementers reports whether a cell's type that t, a compiled interface, can hold
// has a method that fmt prefers to t's: Format, or Error where t has String only.
func (l *lowerer) richerImplementers(t types.Type) bool {
	it, ok := t.Underlying().(*types.Interface)
	if !ok || it.Empty() {
		return false
	}
	if r, ok := l.richer[t]; ok {
		return r
	}
	r := l.richerIn(t, it)
	if l.richer == nil {
		l.richer = map[types.Type]bool{}
	}
	l.richer[t] = r
	return r
}

func (l *lowerer) richerIn(t types.Type, it *types.Interface) bool {
	hasError := false
	for i := range it.NumMethods() {
		hasError = hasError || it.Method(i).Name() == "Error"
	}
	impl, _ := (&viewGen{l: l}).implementers(t)
	for _, c := range impl {
		_, e, _, f := fmtMethods(c)
		if f || e && !hasError {
			return true
		}
	}
	return false
}

// hasRegisteredStructs reports whether the cells declare struct types whose values
// register their names at run time, which FmtTypeName and FmtOperand look up: generic
// ones, whose instances do (see instanceName), or ones inside functions (localtypes.go).
func (l *lowerer) hasRegisteredStructs() bool {
	if l.k.pkg == nil {
		return false
	}
	if l.k.Checker != nil && (l.k.namedLocal || len(l.k.localSpecs) > 0) {
		return true // local struct types, which register their names too (see localtypes.go)
	}
	if l.registeredStructs == nil {
		has := l.findRegisteredStructs()
		l.registeredStructs = &has
	}
	return *l.registeredStructs
}

// findRegisteredStructs is hasRegisteredStructs for the generic struct types.
func (l *lowerer) findRegisteredStructs() bool {
	scope := l.k.pkg.Scope()
	for _, name := range scope.Names() {
		if tn, ok := scope.Lookup(name).(*types.TypeName); ok {
			if n, ok := tn.Type().(*types.Named); ok && n.TypeParams().Len() > 0 {
				if _, ok := n.Underlying().(*types.Struct); ok {
					return true
				}
			}
		}
	}
	return false
}

// verbEdit replaces the text of a format between from and to.
type verbEdit struct {
	from, to int
	text     string
}

// fmtFuncValue makes s, a printing function of fmt or log used as a value (pr :=
// fmt.Println) rather than called, a function literal that gives its operands views as a
// call does (see spreadViews):
//
//	pr := fmt.Println  →  pr := func(ᐅa ...any) (int, error) { return fmt.Println(func() []any { … }()...) }
func (l *lowerer) fmtFuncValue(s *ast.SelectorExpr, called map[ast.Expr]bool, depth int) {
	if called[s] {
		return
	}
	if _, lib := l.src.(*sourcePackage); lib {
		return
	}
	fn, ok := l.info().Uses[s.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || !fmtFuncs[fn.Pkg().Path()][fn.Name()] || len(l.cellTypes()) == 0 {
		return
	}
	sig := fn.Type().(*types.Signature)
	if !sig.Variadic() {
		return
	}
	recv := ""
	if sig.Recv() != nil {
		if !l.loggerValue(s, fn) {
			return
		}
		recv = l.typ(sig.Recv().Type())
	}
	anyType := types.NewInterfaceType(nil, nil)
	view := (&viewGen{l: l}).view("ᐅs[ᐅi]", anyType, true)
	if fn.Pkg().Path() == "fmt" && fn.Name() == "Errorf" {
		assert := "ᐅs[ᐅi].(error)"
		if prefix, suffix, ok := l.cellAssertion(anyType, types.Universe.Lookup("error").Type(), true); ok {
			assert = prefix + "ᐅs[ᐅi]" + suffix
		}
		view = "func() any { if " + HookName + ".IsNil(ᐅs[ᐅi]) { return nil }; if ᐅe, ᐅok := " + assert + "; ᐅok { return " +
			HookName + ".ErrorView(ᐅe, " + view + ") }; return " + view + " }()"
	}
	var params, args, results []string
	spread := ""
	for i := range sig.Params().Len() {
		name := "ᐅa" + strconv.Itoa(i)
		pt := sig.Params().At(i).Type()
		if i == sig.Params().Len()-1 {
			params = append(params, name+" ..."+l.typ(pt.(*types.Slice).Elem()))
			spread = "ᐅv := " + HookName + ".FmtSpread(len(" + name + "), func(ᐅi int) any { ᐅs := " + name + "; return " + view + " }); "
			args = append(args, "ᐅv...")
			break
		}
		params = append(params, name+" "+l.typ(pt))
		args = append(args, name)
	}
	if strings.HasSuffix(fn.Name(), "f") && len(args) >= 2 {
		// A format: %T of the views names the values' types.
		f := len(args) - 2
		spread += args[f] + ", ᐅv = " + HookName + ".FmtTyped(" + args[f] + ", ᐅv); "
	}
	for i := range sig.Results().Len() {
		results = append(results, l.typ(sig.Results().At(i).Type()))
	}
	if recv != "" {
		call := "ᐅl." + fn.Name() + "(" + strings.Join(args, ", ") + ")"
		if len(results) > 0 {
			call = "return " + call
		}
		lit := "func(" + strings.Join(params, ", ") + ") (" + strings.Join(results, ", ") + ") { " + spread + call + " }"
		ft := "func(" + strings.Join(params, ", ") + ") (" + strings.Join(results, ", ") + ")"
		l.add(l.off(s.Pos()), 0, "func(ᐅl "+recv+") "+ft+" { return "+lit+" }(", depth)
		l.add(l.off(s.X.End()), l.off(s.End())-l.off(s.X.End()), ")", closing(depth))
		return
	}
	call := l.text(s.Pos(), s.End()) + "(" + strings.Join(args, ", ") + ")"
	if len(results) > 0 {
		call = "return " + call
	}
	call = spread + call
	l.add(l.off(s.Pos()), l.off(s.End())-l.off(s.Pos()), "func("+strings.Join(params, ", ")+") ("+strings.Join(results, ", ")+") { "+call+" }", depth)
}

// loggerValue reports whether s, selecting fn, is a *log.Logger's printing method taken
// as a value (lf := lg.Printf) that fmtFuncValue lowers: the logger is bound where the
// value is made, as Go binds it, and the operands get views.
func (l *lowerer) loggerValue(s *ast.SelectorExpr, fn *types.Func) bool {
	if _, lib := l.src.(*sourcePackage); lib || len(l.cellTypes()) == 0 {
		return false
	}
	sig := fn.Type().(*types.Signature)
	return fn.Pkg() != nil && fn.Pkg().Path() == "log" && fmtFuncs["log"][fn.Name()] && sig.Variadic() &&
		sig.Recv() != nil && types.Identical(l.typeOf(s.X), sig.Recv().Type())
}

// tupleViews makes e, a call of several results printed as the operands of a printing
// call (fmt.Println(f())), a []any of their views, spread.
func (l *lowerer) tupleViews(e ast.Expr, tuple *types.Tuple, depth int) {
	g := &viewGen{l: l}
	var names, views []string
	need := false
	for i := range tuple.Len() {
		t := l.applied(tuple.At(i).Type())
		name := "ᐅr" + strconv.Itoa(i)
		names = append(names, name)
		if hasTypeParams(t) || types.IsInterface(t) && compiledOrEmpty(t) && !isAny(t) && !plainCompiledInterface(t) || !g.needs(t, true) {
			views = append(views, name)
			continue
		}
		need = true
		views = append(views, g.view(name, t, true))
	}
	if !need || l.callsRecover(e) {
		return
	}
	l.add(l.off(e.Pos()), 0, "func() []any { "+strings.Join(names, ", ")+" := ", depth)
	l.add(l.off(e.End()), 0, "; return []any{"+strings.Join(views, ", ")+"} }()...", closing(depth))
}

// spreadViews makes e, a []any spread into a printing call, a slice of the views of its
// elements (a cell value in an []any reaches compiled code in the interpreter's internal
// form).
func (l *lowerer) spreadViews(e ast.Expr, errorf bool, depth int) bool {
	s, ok := l.applied(l.typeOf(e)).Underlying().(*types.Slice)
	if !ok || !isAny(s.Elem()) {
		return false
	}
	if l.callsRecover(e) {
		return false
	}
	g := &viewGen{l: l}
	view := HookName + ".FmtOperand(ᐅs[ᐅi])" // what it holds, known when it runs (see dynview.go)
	if g.needs(s.Elem(), true) {
		view = g.view("ᐅs[ᐅi]", s.Elem(), true)
	}
	if errorf {
		// An error among them, which %w wraps, goes as the error it is: a view is none
		// (fmt.Errorf(format, args...) in a wrapf helper gave %!w(*fmtview.Named=...)).
		errType := types.Universe.Lookup("error").Type()
		assert := "ᐅs[ᐅi].(error)"
		if prefix, suffix, ok := l.cellAssertion(s.Elem(), errType, true); ok {
			assert = prefix + "ᐅs[ᐅi]" + suffix
		}
		// An error goes as one that formats as its view (%v, %#v, %d) and unwraps to
		// itself (%w).
		view = "func() any { if " + HookName + ".IsNil(ᐅs[ᐅi]) { return nil }; if ᐅe, ᐅok := " + assert + "; ᐅok { return " + HookName + ".ErrorView(ᐅe, " + view + ") }; return " + view + " }()"
	}
	l.add(l.off(e.Pos()), 0, "func() []any { ᐅs := ", depth)
	l.add(l.off(e.End()), 0, "; return "+HookName+".FmtSpread(len(ᐅs), func(ᐅi int) any { return "+view+" }) }()", closing(depth))
	return true
}

// spreadFormat lowers c, a call of fmt's or log's function fn with a format and operands
// spread from a slice that spreadViews made views of (fmt.Printf(format, args...), in a
// logf helper), so that %T names the types of the values the views stand for: the format
// and views go through fmtTyped first.
//
//	fmt.Printf(format, args...)  →  func() (int, error) { ᐅf, ᐅv := ᐅdescent.FmtTyped(format, …views of args…); return fmt.Printf(ᐅf, ᐅv...) }()
func (l *lowerer) spreadFormat(c *ast.CallExpr, fn *types.Func, depth int) {
	sig := fn.Type().(*types.Signature)
	sel, ok := c.Fun.(*ast.SelectorExpr)
	at := sig.Params().Len() - 2 // the format's
	if !ok || sig.Recv() != nil || !strings.HasSuffix(fn.Name(), "f") || at < 0 || len(c.Args) != at+2 {
		return // a Logger's method
	}
	if _, later := l.later[c]; later {
		return // deferred or started as a goroutine: the call must stay one
	}
	if _, pkg := l.info().Uses[nameOf(sel.X)].(*types.PkgName); !pkg {
		return
	}
	if tv := l.info().Types[c.Args[at]]; tv.Value != nil && !strings.Contains(tv.Value.String(), "T") {
		return // a constant format without %T
	}
	if tv := l.info().Types[c.Args[at]]; tv.Value != nil && !typeVerb.MatchString(constant.StringVal(tv.Value)) {
		return // a constant format without %T
	}
	results, ret := l.resultsOf(sig)
	// What goes before the format (Fprintf's writer) and makes no calls is read after
	// the operands' calls, as Go's compiler reads it, from a copy of its text.
	lead, copied := "", true
	for _, a := range c.Args[:at] {
		if !l.withoutCalls(a) || cellValue(l.typeOf(a)) {
			copied = false
		}
		lead += l.text(a.Pos(), a.End()) + ", "
	}
	if copied {
		l.add(l.off(c.Pos()), l.off(c.Args[at].Pos())-l.off(c.Pos()),
			"func() ("+results+") { ᐅf, ᐅv := "+HookName+".FmtTyped(", depth)
		l.add(l.off(c.Args[at+1].End()), l.off(c.End())-l.off(c.Args[at+1].End()),
			"); "+ret+l.text(c.Fun.Pos(), c.Fun.End())+"("+lead+"ᐅf, ᐅv...) }()", depth)
		return
	}
	// Otherwise it is a function's parameter, in place, with its own lowering (a cell's
	// writer into io.Writer):
	//
	//	fmt.Fprintf(w, format, args...)  →  func(ᐅl0 io.Writer) func(string, ...any) (int, error) { return func(ᐅf0 string, ᐅa ...any) (int, error) { …FmtTyped… } }(w)(format, args...)
	var leadParams, leadArgs []string
	for i := range at {
		n := "ᐅl" + strconv.Itoa(i)
		t := l.typ(sig.Params().At(i).Type())
		if t == "interface{}" && !types.IsInterface(sig.Params().At(i).Type()) {
			return
		}
		leadParams = append(leadParams, n+" "+t)
		leadArgs = append(leadArgs, n)
	}
	ft := "func(string, ...any) (" + results + ")"
	inner := "func(ᐅf0 string, ᐅa ...any) (" + results + ") { ᐅf, ᐅv := " + HookName + ".FmtTyped(ᐅf0, ᐅa); " + ret +
		l.text(c.Fun.Pos(), c.Fun.End()) + "(" + strings.Join(leadArgs, ", ") + ", ᐅf, ᐅv...) }"
	l.add(l.off(c.Pos()), l.off(c.Args[0].Pos())-l.off(c.Pos()),
		"func("+strings.Join(leadParams, ", ")+") "+ft+" { return "+inner+" }(", depth)
	l.add(l.off(c.Args[at-1].End()), l.off(c.Args[at].Pos())-l.off(c.Args[at-1].End()), ")(", depth)
}

// typeVerb matches a %T verb, with flags, width, precision or an argument index.
var typeVerb = regexp.MustCompile(`%[-+# 0]*(\[\d+\])?[\d*]*(\.[\d*]*)?(\[\d+\])?T`)

// resultsOf returns the result types of sig, spelled as a function literal's, and what
// its body's last statement begins with: "return " where there are results.
func (l *lowerer) resultsOf(sig *types.Signature) (results, ret string) {
	var rs []string
	for i := range sig.Results().Len() {
		rs = append(rs, l.typ(sig.Results().At(i).Type()))
	}
	if len(rs) > 0 {
		ret = "return "
	}
	return strings.Join(rs, ", "), ret
}

// typedFormat lowers c, a call of fmt's or log's function fn with a format (its
// operand at) known only when it runs and operands some of which are views, as
// spreadFormat does:
//
//	fmt.Printf(f, p)  →  func() (int, error) { ᐅf, ᐅv := ᐅdescent.FmtTyped(f, []any{…view of p…}); return fmt.Printf(ᐅf, ᐅv...) }()
func (l *lowerer) typedFormat(c *ast.CallExpr, fn *types.Func, at int, depth int) {
	sig := fn.Type().(*types.Signature)
	if c.Ellipsis.IsValid() {
		return
	}
	if _, later := l.later[c]; later {
		return // deferred or started as a goroutine: the call must stay one
	}
	// What goes before the format (Fprintf's writer, a Logger) is then evaluated after
	// the operands: only without calls.
	if sel, ok := c.Fun.(*ast.SelectorExpr); !ok || !l.withoutCalls(sel.X) {
		return
	}
	lead := ""
	for _, a := range c.Args[:at] {
		if !l.withoutCalls(a) {
			return
		}
		lead += l.text(a.Pos(), a.End()) + ", "
	}
	results, ret := l.resultsOf(sig)
	format := c.Args[at]
	l.edits = append(l.edits, edit{at: l.off(c.Pos()), del: l.off(format.Pos()) - l.off(c.Pos()), rank: depth, blank: true,
		text: "func() (" + results + ") { ᐅf, ᐅv := " + HookName + ".FmtTyped("})
	l.add(l.off(format.End()), l.off(c.Args[at+1].Pos())-l.off(format.End()), ", []any{", depth)
	last := c.Args[len(c.Args)-1]
	l.add(l.off(last.End()), l.off(c.End())-l.off(last.End()),
		"}); "+ret+l.text(c.Fun.Pos(), c.Fun.End())+"("+lead+"ᐅf, ᐅv...) }()", depth)
}

// callsRecover reports whether e calls recover other than inside a function literal:
// moved into a function literal of a lowering, recover would no longer be called by the
// deferred function itself, and would return nil.
func (l *lowerer) callsRecover(e ast.Node) bool {
	return callsRecoverExcept(l.info(), e, l.moved)
}

// typeName makes e, of type t and printed with %T, the string %T would print, if the
// interpreter's would differ, and reports whether it did.
func (l *lowerer) typeName(e ast.Expr, t types.Type, depth int) bool {
	if l.callsRecover(e) {
		return false
	}
	var name string
	if types.IsInterface(t) {
		name = "; " + l.heldTypeName(t) + " }()"
	} else {
		if !mentionsCellType(t, nil) && !mentionsAnonInterface(t) {
			return false
		}
		name = "; _ = ᐅv; return " + strconv.Quote(fmtTypeName(t)) + " }()"
	}
	// The operand is still evaluated, once; bound with := its type needs no spelling
	// (a type declared inside a function has none).
	l.add(l.off(e.Pos()), 0, "func() string { ᐅv := ", depth)
	l.add(l.off(e.End()), 0, name, closing(depth))
	return true
}

// heldTypeName returns statements that return the name of the type of the value that ᐅv,
// of the interface type t, holds, as %T prints it ("<nil>" for none).
func (l *lowerer) heldTypeName(t types.Type) string {
	// By the type of the value it holds, as the views choose it (sharp: also in an
	// error or fmt.Stringer, whose wrapper's type fmt would name).
	g := &viewGen{l: l, sharp: true}
	cs := g.candidates(t, true, false)
	// (Even with no candidates: a later cell's values, boxed or wrapped, may reach it.)
	var b strings.Builder
	b.WriteString("if " + HookName + ".IsNil(ᐅv) { return \"<nil>\" }")
	for _, c := range cs {
		if l.boxable(c) != nil && isAny(t) {
			continue // boxed in an any, and FmtTypeName names a box's type
		}
		y, cond := "_", "ᐅok"
		if same := l.twinAnswers(l.applied(t), c, "ᐅv", "ᐅy"); same != "" {
			y, cond = "ᐅy", cond+" && "+same // (see twinCheck)
		}
		b.WriteString("; if " + y + ", ᐅok := " + l.promotedOperand("ᐅv", t, c) + ".(" + l.typ(c) + "); " + cond + " { return " + strconv.Quote(fmtTypeName(c)) + " }")
	}
	b.WriteString("; " + lateBoxed("ᐅv", t, HookName+".FmtTypeName(ᐅb)") + "return " + HookName + ".FmtTypeName(ᐅv)")
	return b.String()
}

// viewOf makes e, of type t, a view if it needs one; sharp and plus are whether it is
// printed with %#v or %+v.
// With late, one that needs none now may print through methods later cells declare.
func (l *lowerer) viewOf(e ast.Expr, t types.Type, sharp, plus, unwrap, late bool, depth int) {
	g := &viewGen{l: l, sharp: sharp, plus: plus, unwrap: unwrap}
	if l.callsRecover(e) {
		return
	}
	if !g.needs(t, true) {
		if late && lateView(t) {
			// What it holds may print through a String or Error that a later cell
			// declares, which this cell's views cannot know (see describeDecls).
			l.add(l.off(e.Pos()), 0, HookName+".FmtOperand(", depth)
			l.add(l.off(e.End()), 0, ")", closing(depth))
		} else if late && l.nilPointersWithin(t) {
			// Its elements may hold a nil pointer of a cell's type in a compiled
			// interface (see nilReceiverView).
			l.add(l.off(e.Pos()), 0, HookName+".FmtOperand(", depth)
			l.add(l.off(e.End()), 0, ")", closing(depth))
		} else if late && l.lateNamed(t) {
			// Likewise for a named basic type's value (see box.go's registrations).
			l.lateNamedView(e, t, depth)
		}
		return
	}
	x := "ᐅp"
	body := g.view(x, t, true)
	l.add(l.off(e.Pos()), 0, "func() any { "+x+" := ", depth)
	l.add(l.off(e.End()), 0, "; return "+body+" }()", closing(depth))
	l.funcFieldValue(e, depth) // (inside: ᐅp := T(p.S))
}

// onlyT reports whether every verb of vs is %T.
func onlyT(vs []fmtVerb) bool {
	for _, v := range vs {
		if v.verb != 'T' {
			return false
		}
	}
	return true
}

// badVerb reports whether fmt prints an operand of type t with verb as a bad verb
// (%!verb(type=value)), for a t of a basic underlying type.
func badVerb(t types.Type, verb rune) bool {
	b, ok := t.Underlying().(*types.Basic)
	if !ok || verb == 'T' || verb == 'v' {
		return false
	}
	var good string
	switch {
	case b.Info()&types.IsInteger != 0:
		good = "bcdoOqxXU"
	case b.Info()&(types.IsFloat|types.IsComplex) != 0:
		good = "beEfFgGxX"
	case b.Info()&types.IsString != 0:
		good = "sqxX"
	case b.Info()&types.IsBoolean != 0:
		good = "t"
	default:
		return false
	}
	return !strings.ContainsRune(good, verb)
}

// lateView reports whether a value of type t, which needs no view now, may need one once
// later cells declare methods: an any, or a value of (or pointer to) a cell's struct type,
// or a slice, array or map of such values.
func lateView(t types.Type) bool {
	if isAny(t) {
		return true
	}
	return lateElems(t, 0)
}

// lateElems reports whether t is a cell's struct type or a pointer to one, or a slice,
// array or map of such values, to a few levels (see lateView).
func lateElems(t types.Type, depth int) bool {
	if depth > 4 {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Slice: // (its elements, which fmt prints with their methods too)
		return lateElems(u.Elem(), depth+1)
	case *types.Array:
		return lateElems(u.Elem(), depth+1)
	case *types.Map:
		return lateElems(u.Key(), depth+1) || lateElems(u.Elem(), depth+1)
	}
	return lateStruct(t)
}

// lateStruct reports whether t is a cell's struct type or a pointer to one (see
// lateView).
func lateStruct(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n := cellNamed(t)
	if n == nil || n.TypeParams().Len() > 0 || !cellPackageLevel(n.Obj()) {
		return false
	}
	_, ok := n.Underlying().(*types.Struct)
	return ok
}

// lateNamedView hands e, a value of the cell's named basic type t, to fmt in a view that
// names the type and calls the String or Error a later cell registers for it.
func (l *lowerer) lateNamedView(e ast.Expr, t types.Type, depth int) {
	l.add(l.off(e.Pos()), 0, l.lateNamedOpen(t), depth)
	l.add(l.off(e.End()), 0, "))", closing(depth))
}

// lateNamedOpen is what goes before a value of t in its late view, which "))" closes.
func (l *lowerer) lateNamedOpen(t types.Type) string {
	return HookName + ".FmtLateNamed(" + strconv.Quote(fmtTypeName(t)) + ", (" + l.typ(t.Underlying()) + ")("
}

// lateNamed reports whether t is a cell's named type over a basic type, without the
// methods fmt calls yet, whose boxes a later cell may register them for.
func (l *lowerer) lateNamed(t types.Type) bool {
	n := cellNamed(t)
	if n == nil || l.boxable(n) == nil {
		return false
	}
	b, basic := n.Underlying().(*types.Basic)
	if !basic || b.Info()&types.IsString != 0 {
		// (Not a string: fmt.Sprint puts no space next to one, and would next to the
		// view.)
		return false
	}
	s, e, gs, f := fmtMethods(types.NewPointer(n))
	return !s && !e && !gs && !f
}

// resultView makes the value of e, a cell's final expression, a view if it needs one:
// the kernel shows it as fmt prints it.
func (l *lowerer) resultView(e ast.Expr, depth int) {
	tv, ok := l.info().Types[e]
	if !ok || tv.IsType() || tv.IsVoid() || tv.Type == nil || (tv.Value != nil && cellNamed(tv.Type) == nil) {
		return
	}
	if _, tuple := tv.Type.(*types.Tuple); tuple {
		return
	}
	if types.IsInterface(tv.Type) && compiledOrEmpty(tv.Type) {
		return
	}
	for _, m := range []string{"MIMEBundle", "ColorModel"} {
		if obj, _, _ := types.LookupFieldOrMethod(tv.Type, true, nil, m); obj != nil {
			return // a rich display (package display) or an image: shown as such
		}
	}
	l.viewOf(e, tv.Type, false, false, false, false, depth) // shown now: its cell knows every method
}

// fmtVerb is one verb of a format: where its letter is, the letter, and whether it has
// the # flag (Go syntax under %#v names types).
type fmtVerb struct {
	at          int
	verb        rune
	sharp, plus bool
	index, end  int // the argument index [n] that chose the verb's operand, or at, at
	arg         int // the operand's index, once known
}

// parseVerbs returns the verbs of a Printf format by the operand each formats, following
// fmt's doPrintf: flags, argument indexes [n], * widths and precisions (which take an
// operand of their own), %%.
func parseVerbs(format string) map[int][]fmtVerb {
	verbs := map[int][]fmtVerb{}
	arg := 0
	idxFrom, idxTo := -1, -1   // the last [n] of the verb being parsed
	index := func(i int) int { // an explicit [n] at i, or i itself
		if i < len(format) && format[i] == '[' {
			if j := strings.IndexByte(format[i:], ']'); j > 0 {
				if n, err := strconv.Atoi(format[i+1 : i+j]); err == nil && n > 0 {
					arg = n - 1
				}
				idxFrom, idxTo = i, i+j+1
				return i + j + 1
			}
		}
		return i
	}
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		idxFrom, idxTo = -1, -1
		sharp, plus := false, false
		for ; i < len(format) && strings.IndexByte("+-# 0", format[i]) >= 0; i++ {
			sharp = sharp || format[i] == '#'
			plus = plus || format[i] == '+'
		}
		i = index(i)
		if i < len(format) && format[i] == '*' {
			arg++
			i = index(i + 1)
		}
		for ; i < len(format) && format[i] >= '0' && format[i] <= '9'; i++ {
		}
		if i < len(format) && format[i] == '.' {
			i = index(i + 1)
			if i < len(format) && format[i] == '*' {
				arg++
				i = index(i + 1)
			}
			for ; i < len(format) && format[i] >= '0' && format[i] <= '9'; i++ {
			}
		}
		i = index(i)
		if i >= len(format) {
			break
		}
		if format[i] == '%' {
			continue
		}
		r := rune(format[i])
		if r >= 0x80 {
			continue // a verb fmt does not know: the operand prints as a bad verb
		}
		verbs[arg] = append(verbs[arg], fmtVerb{at: i, verb: r, sharp: sharp && r == 'v', plus: plus && r == 'v', index: idxFrom, end: idxTo})
		arg++
	}
	return verbs
}

// viewGen writes the Go source that makes a view of a value.
type viewGen struct {
	l          *lowerer
	sharp      bool                  // a %#v operand: types without methods need views too, for their names
	plus       bool                  // a %+v operand: structs with unexported fields need views, for their names
	unwrap     bool                  // a %d operand (or %f, ...): an error or fmt.Stringer holding a cell's value needs one, for the value
	n          int                   // for fresh names
	stack      []*types.Named        // the named types being viewed, against recursion
	selfTop    *types.Named          // the type whose self view's body is being made (see selfView)
	inDispatch bool                  // viewing the dynamic value of an interface
	recur      map[types.Type]string // the function viewing the dynamic value of an interface, by type, while its body is made

	cands map[candidateKey][]types.Type
}

// candidates returns the types of cell values that an interface of type t may hold and
// that print wrongly from it: the cell's named types with methods (the interpreter hands
// those over in a wrapper, or as a bare struct without the methods), and pointers to
// them, that implement t. Those without the methods fmt uses come first: the
// interpreter's assertion tells apart only types of different structure, and a type that
// prints plainly is the safer guess. Only a cell's interfaces and any have candidates:
// the interpreter's assertions on a compiled interface's value (error, fmt.Stringer)
// are wrong too often to choose by, except below an unexported field (hidden), where
// fmt would call none of the methods the interpreter's wrapper there has. With all,
// types without methods are candidates too (for %T, which names them wrongly from any).
func (g *viewGen) candidates(t types.Type, all, hidden bool) []types.Type {
	key := candidateKey{t, all, hidden}
	if cs, ok := g.cands[key]; ok {
		return cs
	}
	if g.cands == nil {
		g.cands = map[candidateKey][]types.Type{}
	}
	g.cands[key] = nil // while computing: a field of type t inside a candidate
	var plain, methods, composites []types.Type
	it, _ := t.Underlying().(*types.Interface)
	if it != nil && (it.Empty() || !compiledOrEmpty(t) || g.sharp || g.unwrap || hidden || plainCompiledInterface(t) || g.l.richerImplementers(t)) {
		for _, n := range g.l.cellTypes() {
			_, isStruct := n.Underlying().(*types.Struct)
			// A struct without methods whose fields print by their methods (type R
			// struct{ L Loss }) is one for an any as well.
			fields := isStruct && it.Empty() && g.needs(n, true)
			if !all && types.NewMethodSet(types.NewPointer(n)).Len() == 0 && !(g.plus && emptyStruct(n)) && !fields {
				continue // (%+v would name an empty struct's mark, see structname.go)
			}
			if !isStruct && it.Empty() {
				// The interpreter's assertion takes a plain 5 in an any for any named
				// int type: such types are left alone there.
				continue
			}
			if _, basic := n.Underlying().(*types.Basic); !isStruct && !basic && (plainCompiledInterface(t) || g.unwrap && compiledNamed(t)) {
				// Nor a named slice or map in a library interface, where a library's
				// sort.IntSlice passed for a cell's []int type.
				continue
			}
			for _, c := range []types.Type{n, types.NewPointer(n)} {
				if !types.AssignableTo(c, t) {
					continue
				}
				s, e, gs, f := fmtMethods(c)
				if s || e || gs || f {
					methods = append(methods, c)
				} else {
					plain = append(plain, c)
				}
				if it.Empty() && !all && (s || e || gs || f || fields) {
					// In an any, a slice or map of them too ([]Pt, map[string]Pt), which
					// the interpreter hands fmt without the methods.
					composites = append(composites, types.NewSlice(c), types.NewMap(types.Typ[types.String], c))
				}
				if it.Empty() && all && isStruct {
					// For %T, a slice of them too: the Tour's describe([]Vertex{...})
					// printed []struct { X int; Y int }.
					composites = append(composites, types.NewSlice(c))
				}
			}
		}
	}
	g.cands[key] = append(append(plain, methods...), composites...)
	return g.cands[key]
}

// plainCompiledInterface reports whether t is an interface of compiled code with methods
// but no String or Error, whose wrapper of a cell's value fmt would print as a struct of
// the value and its methods (io.Reader, loss.Loss).
func plainCompiledInterface(t types.Type) bool {
	if !compiledNamed(t) {
		return false
	}
	it, ok := t.Underlying().(*types.Interface)
	if !ok || it.Empty() {
		return false
	}
	for i := range it.NumMethods() {
		if n := it.Method(i).Name(); n == "String" || n == "Error" || n == "GoString" || n == "Format" {
			return false
		}
	}
	return true
}

// candidateKey is what the candidates of an interface depend on.
type candidateKey struct {
	t           types.Type
	all, hidden bool
}

// selfView views x, of a cell's struct type n that holds values of itself (type Node
// struct{ V Phase; Kids []Node }), by a function of its own that views the inner values
// by calling itself: a view stopped at the first inner value, whose fields then printed
// without their String methods ({a [{1 []}]} for {a [{b []}]}).
func (g *viewGen) selfView(x string, n *types.Named, methods bool) (string, bool) {
	if _, ok := n.Underlying().(*types.Struct); !ok || !holdsItself(n) {
		return "", false
	}
	ts := g.l.typ(n)
	if ts == "interface{}" {
		return "", false
	}
	fn, v := g.fresh("ᐅview"), g.fresh("ᐅn")
	if g.recur == nil {
		g.recur = map[types.Type]string{}
	}
	g.recur[n] = fn
	// The body views v as view does; inner values of n call fn.
	g.selfTop = n
	body := g.view(v, n, methods)
	delete(g.recur, n)
	return "func() any { var " + fn + " func(" + ts + ") any; " + fn + " = func(" + v + " " + ts + ") any { return " + body + " }; return " + fn + "(" + x + ") }()", true
}

// holdsItself reports whether n's values hold values of n, in fields, elements or keys
// (not through pointers, which print as addresses below the top).
func holdsItself(n *types.Named) bool {
	found := false
	var walk func(t types.Type, seen map[types.Type]bool)
	walk = func(t types.Type, seen map[types.Type]bool) {
		if len(seen) > 0 && types.Unalias(t) == types.Type(n) {
			found = true
		}
		if found || seen[t] {
			return
		}
		seen[t] = true
		switch u := types.Unalias(t).(type) {
		case *types.Named:
			walk(u.Underlying(), seen)
		case *types.Struct:
			for f := range u.Fields() {
				walk(f.Type(), seen)
			}
		case *types.Slice:
			walk(u.Elem(), seen)
		case *types.Array:
			walk(u.Elem(), seen)
		case *types.Map:
			walk(u.Key(), seen)
			walk(u.Elem(), seen)
		}
	}
	walk(n, map[types.Type]bool{})
	return found
}

// dynamic views x, of interface type t, by the cell type it holds. The view is a
// function of its own, which views a value of t held in a field of what it holds by
// calling itself (an expression tree: type Add struct{ L, R Expr }).
func (g *viewGen) dynamic(x string, t types.Type, methods bool) string {
	if f, ok := g.recur[t]; ok {
		return f + "(" + x + ")"
	}
	ts := g.l.typ(t) // the function takes the value as the interface it is in
	if ts == "interface{}" && !isAny(t) {
		ts = "any" // an interface declared in a function: no name to give it
	}
	outer := g.inDispatch
	g.inDispatch = true
	defer func() { g.inDispatch = outer }()
	fn := g.fresh("ᐅview")
	if g.recur == nil {
		g.recur = map[types.Type]string{}
	}
	g.recur[t] = fn
	defer delete(g.recur, t)
	// The cell types being viewed around x recur through the function, which views
	// each dynamic value afresh.
	stack := g.stack
	g.stack = nil
	defer func() { g.stack = stack }()
	v, ok := g.fresh("ᐅv"), g.fresh("ᐅok")
	var b strings.Builder
	// A nil one is one of t's nil, which %#v names inside another value.
	b.WriteString("func() any { var " + fn + " func(" + ts + ") any; " + fn + " = func(" + v + " " + ts + ") any { if " + HookName + ".IsNil(" + v + ") { return " +
		HookName + ".FmtNil(" + strconv.Quote(fmtTypeName(t)) + ") }")
	for _, c := range g.candidates(t, false, !methods) {
		y := g.fresh("ᐅy")
		var view string
		switch {
		case g.needs(c, methods):
			view = g.view(y, c, methods)
		case isPointer(c):
			view = g.pointer(y, c.(*types.Pointer), fmtTypeName(c), methods)
		default:
			view = g.under(y, c.Underlying(), fmtTypeName(c), methods)
		}
		if methods && lateStruct(c) && !anyFmtMethod(c) {
			// A cell's struct without the methods fmt calls yet, which a later cell
			// may declare: through them if it has when printed (see fmtLate).
			view = HookName + ".FmtLate(" + strconv.Quote(fmtTypeName(c)) + ", " + y + ", " + view + ")"
		}
		cond := ok
		if same := g.l.twinAnswers(g.l.applied(t), c, v, y); same != "" {
			// A Loss and an Acc, both float64 with a String, pass each other's
			// assertions (see twinCheck).
			cond += " && " + same
		}
		b.WriteString("; if " + y + ", " + ok + " := " + g.l.promotedOperand(v, t, c) + ".(" + g.l.typ(c) + "); " + cond + " { return " + view + " }")
	}
	// Any other value is handed over as an operand of its own: from within an any
	// returned to compiled code, the interpreter would hand over its internal form.
	operand := HookName + ".FmtOperand"
	if !methods {
		operand = HookName + ".FmtHidden" // below an unexported field
	}
	b.WriteString("; " + lateBoxed(v, t, operand+"(ᐅb)") + "return " + operand + "(" + v + ") }; return " + fn + "(" + x + ") }()")
	return b.String()
}

// anyFmtMethod reports whether t, or a pointer to it, has a method that fmt calls.
func anyFmtMethod(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	s, e, gs, f := fmtMethods(types.NewPointer(t))
	return s || e || gs || f
}

// isAny reports whether t is the empty interface.
func isAny(t types.Type) bool {
	it, ok := t.Underlying().(*types.Interface)
	return ok && it.Empty()
}

func isPointer(t types.Type) bool {
	_, ok := t.(*types.Pointer)
	return ok
}

// fmtMethods reports which of the methods fmt uses the method set of t holds.
func fmtMethods(t types.Type) (str, err, goStr, format bool) {
	ms := types.NewMethodSet(t)
	for i := range ms.Len() {
		f, ok := ms.At(i).Obj().(*types.Func)
		if !ok {
			continue
		}
		sig := f.Type().(*types.Signature)
		returnsString := sig.Params().Len() == 0 && sig.Results().Len() == 1 &&
			types.Identical(sig.Results().At(0).Type(), types.Typ[types.String])
		switch f.Name() {
		case "String":
			str = returnsString
		case "Error":
			err = returnsString
		case "GoString":
			goStr = returnsString
		case "Format":
			format = sig.Params().Len() == 2
		}
	}
	return
}

// cellNamed returns t as a named non-interface type a cell declared, or nil.
func cellNamed(t types.Type) *types.Named {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "main" || types.IsInterface(n) {
		return nil
	}
	return n
}

// compiledNamed reports whether t is a named type of a compiled package (or a
// predeclared one, error).
func compiledNamed(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && (n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "main")
}

// needs reports whether a value of type t prints wrongly without a view; methods is
// whether fmt would call its methods (not below an unexported field).
func (g *viewGen) needs(t types.Type, methods bool) bool {
	return g.needsIn(t, methods, map[types.Type]bool{})
}

func (g *viewGen) needsIn(t types.Type, methods bool, seen map[types.Type]bool) bool {
	t = types.Unalias(t)
	if seen[t] {
		return false
	}
	seen[t] = true
	if compiledNamed(t) && !((g.sharp || g.unwrap || !methods || g.l.richerImplementers(t)) && types.IsInterface(t)) && !plainCompiledInterface(t) {
		// A compiled type: fmt prints it right, and its fields are not ours; but an error
		// or fmt.Stringer may hold a cell's value, whose name %#v prints, and an io.Reader
		// the interpreter's wrapper of one ({{4} 0x549740} for R{4}).
		return false
	}
	if n := cellNamed(t); n != nil {
		if g.sharp || g.plus && emptyStruct(n) {
			return true
		}
		s, e, gs, f := fmtMethods(types.NewPointer(n))
		if s || e || gs || f {
			return true
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Interface:
		if _, recursive := g.recur[t]; recursive {
			return methods // viewed by the function being made for t
		}
		if !g.inDispatch && methods && u.Empty() && g.l.hasRegisteredStructs() {
			return true // an instance held in it prints with its name and methods (see FmtOperand)
		}
		if !g.inDispatch && methods && g.l.hasAdapter(t) {
			return true // it may hold an adapter (see FmtOperand)
		}
		if !u.Empty() && !compiledNamed(t) {
			// A cell's interface: the interpreter's record of its value inside another
			// prints as its internals; it is opened (by its candidates, else as
			// FmtOperand finds it: an instance of a generic type), also inside a value
			// a dispatch found (a Run{Cfg: Config{S: Const{}}} in an any).
			return true
		}
		if !g.inDispatch && !methods {
			// An interface below an unexported field: the interpreter's wrapper in it
			// (error), or its box of a named number (any), has the methods, which fmt
			// would not call; it is opened.
			return len(g.candidates(t, false, true)) > 0 || g.l.boxesFmtMethods()
		}
		return !g.inDispatch && methods && len(g.candidates(t, false, false)) > 0
	case *types.Pointer:
		return g.needsIn(u.Elem(), methods, seen)
	case *types.Slice:
		return g.needsIn(u.Elem(), methods, seen)
	case *types.Array:
		return g.needsIn(u.Elem(), methods, seen)
	case *types.Map:
		return g.needsIn(u.Key(), methods, seen) || g.needsIn(u.Elem(), methods, seen)
	case *types.Struct:
		for i := range u.NumFields() {
			if (g.plus || g.sharp) && (!u.Field(i).Exported() || u.Field(i).Embedded() && isInstance(u.Field(i).Type())) {
				// The interpreter renames unexported fields (x is Xx), and an embedded
				// instance of a generic type is named for its lowered type.
				return true
			}
			if g.needsIn(u.Field(i).Type(), methods && u.Field(i).Exported(), seen) {
				return true
			}
		}
	}
	return false
}

func (g *viewGen) fresh(name string) string {
	g.n++
	return name + strconv.Itoa(g.n)
}

// view returns an expression of type any that views x, an expression without side
// effects of type t; methods is whether fmt would call the methods of what x holds.
func (g *viewGen) view(x string, t types.Type, methods bool) string {
	t = types.Unalias(t)
	if methods && len(g.stack) > 0 && g.l.lateNamed(t) {
		// A field of a named number (an enum): with the String or Error a later cell
		// may declare for it (see lateNamedView).
		return g.l.lateNamedOpen(t) + x + "))"
	}
	if !g.needs(t, methods) {
		return x
	}
	if types.IsInterface(t) {
		if g.inDispatch && !isAny(t) && !compiledNamed(t) {
			// A cell's interface inside a value a dispatch found: viewed when printed
			// (see dynview.go), as a dispatch of its own in each would grow with every
			// type of the session.
			return HookName + ".FmtOperand(" + x + ")"
		}
		return g.dynamic(x, t, methods)
	}
	if compiledNamed(t) {
		return x
	}
	h := HookName + "."
	name := fmtTypeName(t)
	if n := cellNamed(t); n != nil {
		body := false // of n's self view (see selfView)
		if f, ok := g.recur[n]; ok {
			if g.selfTop != n {
				return f + "(" + x + ")"
			}
			g.selfTop, body = nil, true
		}
		for _, m := range g.stack {
			if m == n {
				return x // a recursive type: no view of the inner value
			}
		}
		if !body {
			if v, ok := g.selfView(x, n, methods); ok {
				return v
			}
		}
		g.stack = append(g.stack, n)
		defer func() { g.stack = g.stack[:len(g.stack)-1] }()
		under := g.under(x, n.Underlying(), name, methods)
		if !methods {
			if _, basic := n.Underlying().(*types.Basic); basic {
				// Its name, for a bad verb's message (%!s(main.Code=3)).
				return h + "FmtNamed(" + strconv.Quote(name) + ", " + under + ", nil, nil, nil, nil, false)"
			}
			return under
		}
		s, e, gs, f := fmtMethods(n)
		if !s && !e && !f && !(gs && g.sharp) {
			return under
		}
		return h + "FmtNamed(" + strconv.Quote(name) + ", " + under + ", " +
			method(g.receiver(x, n, "String"), "String", s) + ", " + method(g.receiver(x, n, "Error"), "Error", e) + ", " +
			method(g.receiver(x, n, "GoString"), "GoString", gs) + ", " + g.formatter(x, n, f) + ", false)"
	}
	if p, ok := t.(*types.Pointer); ok {
		ptr := g.pointer(x, p, name, methods)
		if n := cellNamed(p.Elem()); n != nil && methods {
			if s, e, gs, f := fmtMethods(p); s || e || f || (gs && g.sharp) {
				return h + "FmtNamed(" + strconv.Quote(name) + ", " + ptr + ", " +
					method(g.receiver(x, p, "String"), "String", s) + ", " + method(g.receiver(x, p, "Error"), "Error", e) + ", " +
					method(g.receiver(x, p, "GoString"), "GoString", gs) + ", " + g.formatter(x, p, f) + ", " + x + " == nil)"
			}
		}
		return ptr
	}
	return g.under(x, t, name, methods)
}

// formatter returns a function calling the Format method of x, of type t, or nil if has
// is false.
func (g *viewGen) formatter(x string, t types.Type, has bool) string {
	if !has {
		return "nil"
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "Format")
	sig := obj.(*types.Func).Type().(*types.Signature)
	state := g.l.typ(sig.Params().At(0).Type())
	verb := g.l.typ(sig.Params().At(1).Type())
	return "func(ᐅs " + state + ", ᐅr " + verb + ") { " + g.receiver(x, t, "Format") + ".Format(ᐅs, ᐅr) }"
}

// receiver returns the operand on which the method name of x, of type t, is called: x
// itself, or the embedded field it is promoted from, spelled out (x.Loss), since the
// interpreter fails to call a method promoted through an embedded interface field. The
// path stops at a compiled type, whose own method set promotes the rest.
func (g *viewGen) receiver(x string, t types.Type, name string) string {
	_, index, _ := types.LookupFieldOrMethod(t, true, nil, name)
	cur := t
	for _, i := range index[:max(len(index)-1, 0)] {
		if p, ok := cur.Underlying().(*types.Pointer); ok {
			cur = p.Elem()
		}
		if cellNamed(cur) == nil {
			break
		}
		st, ok := cur.Underlying().(*types.Struct)
		if !ok {
			break
		}
		f := st.Field(i)
		x = "(" + x + ")." + g.fieldName(f)
		cur = f.Type()
	}
	if n := cellNamed(cur); n != nil && strings.Contains(x, ".") {
		if _, isFunc := n.Underlying().(*types.Signature); isFunc {
			// A method of a named func type on a field, which the interpreter does not
			// find: on the result of a call (see funcFieldMethod).
			if ts := g.l.typ(n); ts != "interface{}" {
				x = "func(ᐅf " + ts + ") " + ts + " { return ᐅf }(" + x + ")"
			}
		}
	}
	return x
}

// method returns a function calling x's method name, or nil if has is false.
func method(x, name string, has bool) string {
	if !has {
		return "nil"
	}
	return "func() string { return " + x + "." + name + "() }"
}

// pointer views x, a pointer.
func (g *viewGen) pointer(x string, p *types.Pointer, name string, methods bool) string {
	// The interpreter hands over a pointer with methods in a wrapper, which holds the
	// pointer (see fmtview.WrapperHeld).
	return HookName + ".FmtPointer(" + strconv.Quote(name) + ", " + x + " == nil, " + x +
		", func() any { return " + g.view("(*"+x+")", p.Elem(), methods) + " })"
}

// under views x as a value of t, a type literal (or the underlying type of a named type
// called name).
func (g *viewGen) under(x string, t types.Type, name string, methods bool) string {
	h := HookName + "."
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return g.l.typ(u) + "(" + x + ")"
	case *types.Pointer:
		return g.pointer(x, u, name, methods)
	case *types.Slice, *types.Array:
		elem := u.(interface{ Elem() types.Type }).Elem()
		i := g.fresh("ᐅi")
		isNil, array := x+" == nil", "false"
		if _, ok := u.(*types.Array); ok {
			isNil, array = "false", "true"
		}
		return h + "FmtSeq(" + strconv.Quote(name) + ", " + isNil + ", " + array + ", len(" + x + "), func(" + i + " int) any { return " +
			g.nilNamed(g.view(x+"["+i+"]", elem, methods), elem) + " })"
	case *types.Map:
		// Each entry is viewed in a call of its own: a view calls its methods after the loop,
		// when the interpreter's loop variables hold the last entry.
		add, k, e, k2, e2 := g.fresh("ᐅadd"), g.fresh("ᐅk"), g.fresh("ᐅe"), g.fresh("ᐅk"), g.fresh("ᐅe")
		return h + "FmtMap(" + strconv.Quote(name) + ", " + x + " == nil, func(" + add + " func(any, any)) { for " + k + ", " + e +
			" := range " + x + " { func() { " + k2 + ", " + e2 + " := " + k + ", " + e + "; " + add + "(" +
			g.view(k2, u.Key(), methods) + ", " + g.view(e2, u.Elem(), methods) + ") }() } })"
	case *types.Struct:
		var names, fields []string
		for i := range u.NumFields() {
			f := u.Field(i)
			if f.Name() == "_" {
				return x // a blank field cannot be read
			}
			names = append(names, strconv.Quote(f.Name()))
			field := g.fieldName(f)
			if shadowsMethod(u, f) {
				field += shadowSuffix // see shadowfields.go
			}
			fields = append(fields, g.nilNamed(g.view("("+x+")."+field, f.Type(), methods && f.Exported()), f.Type()))
		}
		return h + "FmtStruct(" + strconv.Quote(name) + ", []string{" + strings.Join(names, ", ") + "}" +
			strings.Join(append([]string{""}, fields...), ", ") + ")"
	}
	return x
}

// nilNamed returns view, the view of an element or field of type t, so that %#v names
// t when it is a nil interface (error(nil)): a view of an interface does so itself (see
// dynamic); a value left as it is gets FmtNilOr.
func (g *viewGen) nilNamed(view string, t types.Type) string {
	if !g.sharp || !types.IsInterface(t) || strings.HasPrefix(view, "func()") {
		return view
	}
	return HookName + ".FmtNilOr(" + view + ", " + strconv.Quote(fmtTypeName(t)) + ")"
}

// fieldName is the name by which lowered code reaches the field f: an embedded instance
// of a generic type (Base[int]) is a field named for the type it was lowered to.
func (g *viewGen) fieldName(f *types.Var) string {
	if f.Embedded() && g.l.renames(ast.NewIdent(f.Name()), f) {
		return renamePrefix + f.Name() // embedding a type named like an import
	}
	if !f.Embedded() || !isInstance(f.Type()) {
		return f.Name()
	}
	name := g.l.typ(f.Type())
	name = strings.TrimPrefix(name, "*")
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	return name
}

// isInstance reports whether t, or what it points to, is an instance of a generic type.
func isInstance(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.TypeArgs().Len() > 0
}

// mentionsCellType reports whether t involves a named type a cell declared.
func mentionsCellType(t types.Type, seen map[types.Type]bool) bool {
	if seen == nil {
		seen = map[types.Type]bool{}
	}
	t = types.Unalias(t)
	if seen[t] {
		return false
	}
	seen[t] = true
	if n, ok := t.(*types.Named); ok {
		if n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "main" {
			return true
		}
		return false
	}
	switch u := t.(type) {
	case *types.Pointer:
		return mentionsCellType(u.Elem(), seen)
	case *types.Slice:
		return mentionsCellType(u.Elem(), seen)
	case *types.Array:
		return mentionsCellType(u.Elem(), seen)
	case *types.Map:
		return mentionsCellType(u.Key(), seen) || mentionsCellType(u.Elem(), seen)
	case *types.Chan:
		return mentionsCellType(u.Elem(), seen)
	case *types.Struct:
		for i := range u.NumFields() {
			if mentionsCellType(u.Field(i).Type(), seen) {
				return true
			}
		}
	case *types.Signature:
		for _, tup := range []*types.Tuple{u.Params(), u.Results()} {
			for i := range tup.Len() {
				if mentionsCellType(tup.At(i).Type(), seen) {
					return true
				}
			}
		}
	}
	return false
}

// mentionsAnonInterface reports whether t involves an unnamed interface type with
// methods, which the interpreter's reflection names interp.valueInterface.
func mentionsAnonInterface(t types.Type) bool {
	s := strings.ReplaceAll(types.TypeString(t, nil), "interface{}", "")
	if !strings.Contains(s, "interface{") {
		return false
	}
	param := false
	walkTypes(t, func(t types.Type) bool {
		_, isParam := t.(*types.TypeParam)
		param = param || isParam
		return !param
	})
	return !param // in a generic instance the interface may still name a parameter
}

// hasTypeParams reports whether t still involves type parameters.
func hasTypeParams(t types.Type) bool {
	found := false
	var walk func(types.Type, int)
	walk = func(t types.Type, depth int) {
		if found || depth > 8 {
			return
		}
		switch u := types.Unalias(t).(type) {
		case *types.TypeParam:
			found = true
		case *types.Named:
			if ta := u.TypeArgs(); ta != nil {
				for i := range ta.Len() {
					walk(ta.At(i), depth+1)
				}
			}
		case *types.Pointer:
			walk(u.Elem(), depth+1)
		case *types.Slice:
			walk(u.Elem(), depth+1)
		case *types.Array:
			walk(u.Elem(), depth+1)
		case *types.Map:
			walk(u.Key(), depth+1)
			walk(u.Elem(), depth+1)
		case *types.Chan:
			walk(u.Elem(), depth+1)
		case *types.Struct:
			for i := range u.NumFields() {
				walk(u.Field(i).Type(), depth+1)
			}
		}
	}
	walk(t, 0)
	return found
}

// fmtTypeName names t as reflect (and so fmt's %T and %#v) does, with a cell's package
// called main.
func fmtTypeName(t types.Type) string {
	var b strings.Builder
	writeTypeName(&b, t)
	return b.String()
}

func writeTypeName(b *strings.Builder, t types.Type) {
	switch t := types.Unalias(t).(type) {
	case *types.Basic:
		switch t.Kind() {
		case types.Byte:
			b.WriteString("uint8")
		case types.Rune:
			b.WriteString("int32")
		case types.UnsafePointer:
			b.WriteString("unsafe.Pointer")
		default:
			b.WriteString(types.Default(t).(*types.Basic).Name())
		}
	case *types.Named:
		if p := t.Obj().Pkg(); p != nil {
			b.WriteString(p.Name() + ".")
		}
		b.WriteString(t.Obj().Name())
		if ta := t.TypeArgs(); ta != nil && ta.Len() > 0 {
			b.WriteString("[")
			for i := range ta.Len() {
				if i > 0 {
					b.WriteString(",")
				}
				writeTypeName(b, ta.At(i))
			}
			b.WriteString("]")
		}
	case *types.Pointer:
		b.WriteString("*")
		writeTypeName(b, t.Elem())
	case *types.Slice:
		b.WriteString("[]")
		writeTypeName(b, t.Elem())
	case *types.Array:
		fmt.Fprintf(b, "[%d]", t.Len())
		writeTypeName(b, t.Elem())
	case *types.Map:
		b.WriteString("map[")
		writeTypeName(b, t.Key())
		b.WriteString("]")
		writeTypeName(b, t.Elem())
	case *types.Chan:
		switch t.Dir() {
		case types.SendOnly:
			b.WriteString("chan<- ")
		case types.RecvOnly:
			b.WriteString("<-chan ")
		default:
			b.WriteString("chan ")
		}
		writeTypeName(b, t.Elem())
	case *types.Struct:
		if t.NumFields() == 0 {
			b.WriteString("struct {}")
			return
		}
		b.WriteString("struct { ")
		for i := range t.NumFields() {
			if i > 0 {
				b.WriteString("; ")
			}
			f := t.Field(i)
			if !f.Embedded() {
				b.WriteString(f.Name() + " ")
			}
			writeTypeName(b, f.Type())
			if tag := t.Tag(i); tag != "" {
				b.WriteString(" " + strconv.Quote(tag))
			}
		}
		b.WriteString(" }")
	case *types.Signature:
		b.WriteString("func(")
		ps := t.Params()
		for i := range ps.Len() {
			if i > 0 {
				b.WriteString(", ")
			}
			if t.Variadic() && i == ps.Len()-1 {
				b.WriteString("...")
				writeTypeName(b, ps.At(i).Type().(*types.Slice).Elem())
				continue
			}
			writeTypeName(b, ps.At(i).Type())
		}
		b.WriteString(")")
		rs := t.Results()
		switch rs.Len() {
		case 0:
		case 1:
			b.WriteString(" ")
			writeTypeName(b, rs.At(0).Type())
		default:
			b.WriteString(" (")
			for i := range rs.Len() {
				if i > 0 {
					b.WriteString(", ")
				}
				writeTypeName(b, rs.At(i).Type())
			}
			b.WriteString(")")
		}
	case *types.Interface:
		if t.Empty() {
			b.WriteString("interface {}")
			return
		}
		// As reflect writes it: interface { M() int; N() }, methods sorted by name.
		b.WriteString("interface { ")
		for i := range t.NumMethods() {
			if i > 0 {
				b.WriteString("; ")
			}
			m := t.Method(i)
			if !m.Exported() && m.Pkg() != nil {
				b.WriteString(m.Pkg().Name() + ".") // as reflect qualifies it
			}
			b.WriteString(m.Name())
			var sig strings.Builder
			writeTypeName(&sig, m.Type())
			b.WriteString(strings.TrimPrefix(sig.String(), "func"))
		}
		b.WriteString(" }")
	default:
		b.WriteString(types.TypeString(t, func(p *types.Package) string { return p.Name() }))
	}
}

// nilPointerErrors reports whether a pointer to a cell's type implements error, so that
// an error may hold a nil one.
func (l *lowerer) nilPointerErrors() bool {
	return l.nilPointerImplementers(types.Universe.Lookup("error").Type())
}

// nilPointersWithin reports whether t is a slice, array or map (of them) whose elements
// are of a compiled interface that a cell's pointer type implements.
func (l *lowerer) nilPointersWithin(t types.Type) bool {
	seen := map[types.Type]bool{} // (type L []L: no end of elements)
	for !seen[t] {
		seen[t] = true
		switch u := t.Underlying().(type) {
		case *types.Slice:
			t = u.Elem()
		case *types.Array:
			t = u.Elem()
		case *types.Map:
			t = u.Elem()
		case *types.Interface:
			return !u.Empty() && compiledNamed(t) && l.nilPointerImplementers(t)
		default:
			return false
		}
	}
	return false
}

// nilPointerImplementers reports whether a pointer type of the cell's implements t, an
// interface: a nil one in it goes in embedded, or in the interpreter's wrapper, where
// fmt would not see a nil receiver (see fmtError).
func (l *lowerer) nilPointerImplementers(t types.Type) bool {
	g := &viewGen{l: l}
	impl, _ := g.implementers(t)
	for _, c := range impl {
		if isPointer(c) {
			return true
		}
	}
	return false
}

// printRecover lowers st when it prints what recover returns, called as an operand
// (fmt.Println("recovered:", recover())): there fmt would get the panic value without
// the methods of a cell's type, which a view needs the value in a variable for. recover
// is called first, in a block around the statement, still by the deferred function:
//
//	fmt.Println("recovered:", recover())  →  { ᐅr1 := recover(); fmt.Println("recovered:", ᐅr1) }
//
// Only when the operands before it have no effects that would then come after.
func (l *lowerer) printRecover(st ast.Stmt, depth int) {
	es, ok := st.(*ast.ExprStmt)
	if !ok {
		return
	}
	c, ok := es.X.(*ast.CallExpr)
	if !ok || c.Ellipsis.IsValid() {
		return
	}
	fn, ok := l.info().Uses[nameOf(c.Fun)].(*types.Func)
	if !ok || fn.Pkg() == nil || !fmtFuncs[fn.Pkg().Path()][fn.Name()] {
		return
	}
	for _, a := range c.Args {
		r, ok := ast.Unparen(a).(*ast.CallExpr)
		if !ok {
			if !sideEffectFree(a) && !isConstant(l, a) {
				return
			}
			continue
		}
		if b, ok := l.info().Uses[nameOf(r.Fun)].(*types.Builtin); !ok || b.Name() != "recover" {
			return
		}
		if l.moved == nil {
			l.moved = map[*ast.CallExpr]bool{}
		}
		l.moved[r] = true
		v := "ᐅr" + itoa(l.k.uid())
		rec := "recover()"
		if l.valueLit || l.method != "" {
			rec = l.takeOver() + "recover())" // see handover.go
		}
		l.add(l.off(st.Pos()), 0, "{ "+v+" := "+rec+"; ", depth)
		at := l.off(r.Pos())
		l.edits = append(l.edits, edit{at: at, del: l.off(r.End()) - at, text: v, rank: depth, blank: true})
		l.add(l.off(st.End()), 0, " }", closing(depth))
		return
	}
}

// isConstant reports whether e is a constant.
func isConstant(l *lowerer, e ast.Expr) bool {
	tv, ok := l.info().Types[e]
	return ok && tv.Value != nil
}
