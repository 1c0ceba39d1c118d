package front

import (
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strings"

	"github.com/descentlab/descent/interp/front/boxed"
	"github.com/descentlab/descent/interp/front/fmtview"
)

// errors.Is and errors.As on values of a cell's error types. The interpreter hands
// compiled code such a value in a wrapper struct with a function field, which == cannot
// compare: errors.Is(err, target) is false when target is one (and err == target
// panics), and errors.As(err, &target) panics when target is of a cell's type, whose
// pointer compiled code sees without its Error method. So errors.Is becomes a version
// that compares what the wrappers hold and calls a cell type's Is method, and errors.As
// with a target of a cell's type becomes an assertion, made by the interpreter, on each
// error of the chain:
//
//	errors.As(err, &me)  →  func(ᐅt **MyErr) bool { for _, ᐅe := range ᐅdescent.ErrorChain(err) { if ᐅv, ᐅok := ᐅe.(*MyErr); ᐅok { *ᐅt = ᐅv; return true } }; return false }(&me)
//
// A %w operand of a cell's error type is made an error first, so that fmt.Errorf wraps
// it (it saw a bare pointer and printed %!w(...)).

// errorsCall lowers c if it calls errors.Is or errors.As, and reports whether it replaced
// the whole call.
func (l *lowerer) errorsCall(c *ast.CallExpr, depth int) bool {
	if _, lib := l.src.(*sourcePackage); lib || len(c.Args) == 0 || len(c.Args) > 2 {
		return false
	}
	fun, targ := c.Fun, ast.Expr(nil)
	if ix, ok := ast.Unparen(fun).(*ast.IndexExpr); ok {
		fun, targ = ix.X, ix.Index // errors.AsType[E]
	}
	id := nameOf(fun)
	if id == nil {
		return false
	}
	fn, ok := l.info().Uses[id].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "errors" && fn.Pkg().Path() != overlays["errors"] {
		return false
	}
	switch fn.Name() {
	case "AsType":
		// For a cell's type, by the chain of what the interpreter's wrappers hold, as
		// errors.As below (the overlay's own walk sees the wrappers).
		// So too for an interface and a compiled error type, as errors.As below.
		if targ == nil || len(c.Args) != 1 || l.callsRecover(c.Args[0]) {
			return false
		}
		tt := l.applied(l.typeOf(targ))
		iface, compiledTarget := l.asTargetKind(tt)
		if !cellValue(tt) && !iface && !compiledTarget {
			return false
		}
		et := l.typ(tt)
		if et == "interface{}" {
			return false
		}
		n := itoa(l.k.uid())
		e, v, okv := "ᐅe"+n, "ᐅv"+n, "ᐅok"+n
		assert := e + ".(" + et + ")"
		if iface {
			if pre, post, ok := l.cellAssertion(types.NewInterfaceType(nil, nil), tt, true); ok {
				assert = pre + e + post
			}
		}
		// Blank edits: the instance's name and the qualifier they replace are not lowered.
		from, to := l.off(c.Pos()), l.off(c.Args[0].Pos())
		l.edits = append(l.edits, edit{at: from, del: to - from, text: "func() (" + et + ", bool) { for _, " + e + " := range " + HookName + ".ErrorChain(", rank: depth, blank: true})
		from, to = l.off(c.Args[0].End()), l.off(c.End())
		held := okv
		if n := l.boxable(l.applied(l.typeOf(targ))); n != nil {
			if same, _ := l.twinSame(types.Universe.Lookup("error").Type(), n, e+".(error)", v); same != "" {
				held += " && " + same // see twinCheck
			}
		}
		asks := "; if ᐅas" + n + ", ᐅok" + n + "as := " + l.asMethod(e) + "; ᐅok" + n + "as { var ᐅtg" + n + " " + et + "; if ᐅas" + n + ".As(&ᐅtg" + n + ") { return ᐅtg" + n + ", true } }"
		l.edits = append(l.edits, edit{at: from, del: to - from, rank: depth, blank: true,
			text: ", " + l.cellErrors(c.Pos()) + ") { if " + v + ", " + okv + " := " + assert + "; " + held + " { return " + v + ", true }" + asks + " }; return *new(" + et + "), false }()"})
		return true
	// The added argument goes after whatever closes at the end of the last one (a
	// conversion of it), hence the rank of the call's closing.
	case "Unwrap":
		if len(c.Args) == 1 {
			l.add(l.off(c.Fun.Pos()), l.off(c.Fun.End())-l.off(c.Fun.Pos()), HookName+".ErrorsUnwrap", depth)
			l.add(l.off(c.Rparen), 0, ", "+l.cellErrors(c.Pos()), closing(depth-1))
		}
	case "Is":
		l.add(l.off(c.Fun.Pos()), l.off(c.Fun.End())-l.off(c.Fun.Pos()), HookName+".ErrorsIs", depth)
		l.add(l.off(c.Rparen), 0, ", "+l.cellErrors(c.Pos())+", "+l.cellIs(c.Pos()), closing(depth-1))
	case "As":
		if len(c.Args) != 2 || l.callsRecover(c.Args[0]) {
			return false
		}
		pt, ok := l.applied(l.typeOf(c.Args[1])).(*types.Pointer)
		if !ok {
			if types.IsInterface(l.applied(l.typeOf(c.Args[1]))) {
				// A target known only when it runs (an As method handing its own on).
				l.add(l.off(c.Fun.Pos()), l.off(c.Fun.End())-l.off(c.Fun.Pos()), HookName+".ErrorsAsAny", depth)
				l.add(l.off(c.Rparen), 0, ", "+l.cellErrors(c.Pos()), closing(depth-1))
			}
			return false
		}
		iface, compiledTarget := l.asTargetKind(pt.Elem())
		// Only a target without calls (Go evaluates the error first).
		compiledTarget = compiledTarget && l.withoutCalls(c.Args[1])
		if !cellValue(pt.Elem()) && !iface && !compiledTarget {
			return false
		}
		target, elem := l.typ(pt), l.typ(pt.Elem())
		if target == "interface{}" || elem == "interface{}" {
			return false
		}
		id := l.k.uid()
		n := itoa(id)
		t, e, v, okv := "ᐅt"+n, "ᐅe"+n, "ᐅv"+n, "ᐅok"+n
		assert := e + ".(" + elem + ")"
		if iface {
			if pre, post, ok := l.cellAssertion(types.NewInterfaceType(nil, nil), pt.Elem(), true); ok {
				assert = pre + e + post
			}
		}
		l.add(l.off(c.Pos()), l.off(c.Args[0].Pos())-l.off(c.Pos()),
			"func("+t+" "+target+") bool { if "+t+` == nil { panic("errors: target must be a non-nil pointer") }; for _, `+e+" := range "+HookName+".ErrorChain(", depth)
		held := okv
		if n := l.boxable(l.applied(pt.Elem())); n != nil {
			if same, _ := l.twinSame(types.Universe.Lookup("error").Type(), n, e+".(error)", v); same != "" {
				held += " && " + same // see twinCheck
			}
		}
		// An error in the chain with an As method is asked too, as the library's As does.
		asks := "; if ᐅas" + n + ", ᐅok" + n + "as := " + l.asMethod(e) + "; ᐅok" + n + "as && ᐅas" + n + ".As(" + t + ") { return true }"
		l.add(l.off(c.Args[0].End()), l.off(c.Args[1].Pos())-l.off(c.Args[0].End()),
			", "+l.cellErrors(c.Pos())+") { if "+v+", "+okv+" := "+assert+"; "+held+" { *"+t+" = "+v+"; return true }"+asks+" }; return false }(", depth)
		return false
	}
	return false
}

// errorsAsAny is errors.As for a target whose type the front end does not know (an any
// that an As method hands on): a pointer to a cell's type, which the library rejects (the
// interpreter's types have no methods for reflect), is set from the first error of the
// chain of its type; a pointer to an interface is the library's.
func errorsAsAny(err error, target any, unwrap cellUnwrap) bool {
	tv := reflect.ValueOf(target)
	if tv.Kind() != reflect.Pointer || tv.IsNil() {
		return errors.As(err, target) // with its own panics
	}
	if k := tv.Elem().Kind(); k == reflect.Interface {
		return errors.As(err, target) // the library's, with its checks
	} else if k != reflect.Struct && k != reflect.Pointer {
		// A basic type: a cell's named error type (type Code int) is its underlying
		// type here, which the chain's wrappers do not tell apart; the library would
		// panic, as it does for a *string in Go.
		return false
	}
	et := tv.Type().Elem()
	for _, x := range errorChain(err, unwrap) {
		v := reflect.ValueOf(x)
		if isWrapper(x) {
			v = v.FieldByName("IValue").Elem()
			if k := v.Kind(); k != reflect.Struct && k != reflect.Pointer {
				continue // a named non-struct type's value, whose type the wrapper hides
			}
		}
		if v.IsValid() && v.Type() == et {
			tv.Elem().Set(v)
			return true
		}
	}
	return false
}

// asInterface is interface{ As(any) bool }, the method errors.As asks an error for.
var asInterface = func() types.Type {
	anyT := types.Universe.Lookup("any").Type()
	sig := types.NewSignatureType(nil, nil, nil, types.NewTuple(types.NewVar(token.NoPos, nil, "target", anyT)),
		types.NewTuple(types.NewVar(token.NoPos, nil, "", types.Typ[types.Bool])), false)
	it := types.NewInterfaceType([]*types.Func{types.NewFunc(token.NoPos, nil, "As", sig)}, nil)
	it.Complete()
	return it
}()

// asMethod returns the comma-ok assertion of e, an error of the chain, to asInterface: as
// a lowered assertion makes it (see ifaceassert.go), which finds a cell's error type with
// the method.
func (l *lowerer) asMethod(e string) string {
	if pre, post, ok := l.cellAssertion(types.Universe.Lookup("error").Type(), asInterface, true); ok {
		return pre + e + post
	}
	return e + ".(interface{ As(any) bool })"
}

// asTargetKind reports whether t, what errors.As or AsType looks for, is an interface
// with methods (a cell's, or an anonymous one), whose pointer the library's As panics on
// when the interpreter makes it, or a compiled error type (*fs.PathError), which the
// library's As cannot reach through a cell's Unwrap. For both, the chain is walked by
// the lowered code, asserting by the cell's types (see ifaceassert.go).
func (l *lowerer) asTargetKind(t types.Type) (iface, compiledTarget bool) {
	it, isIface := t.Underlying().(*types.Interface)
	iface = isIface && it.NumMethods() > 0 && !compiledNamed(t)
	// Of a type that implements error: Go panics for others.
	compiledTarget = !isIface && (compiledNamed(t) || compiledPointer(t)) &&
		types.Implements(t, types.Universe.Lookup("error").Type().Underlying().(*types.Interface))
	return iface, compiledTarget
}

// errorsIs is errors.Is, comparing the values that the interpreter's error wrappers
// hold rather than the wrappers (which == cannot compare).
// The errors a cell's error wraps are found by unwrap, made by the front end, which
// calls the Unwrap method of the cell's type (the wrapper lacks it); is calls the Is
// method of a cell's type likewise.
func errorsIs(err, target error, unwrap cellUnwrap, is cellIs) bool {
	if err == nil || target == nil {
		return err == target
	}
	key := unwrapped(target)
	for _, e := range errorChain(err, unwrap) {
		if sameValue(e, key) || sameHeld(e, key) {
			return true
		}
		if is != nil {
			if match, has := is(e, target); has {
				if match {
					return true
				}
				continue
			}
		}
		if x, ok := e.(interface{ Is(error) bool }); ok && x.Is(target) {
			return true
		}
	}
	return false
}

// ifaceEqual lowers b, an == or != with an operand of interface type (and no nil), to a
// comparison made in compiled code: the interpreter compares interface values holding
// cell values wrongly (two Shapes holding Square{1} differ; the same *Node in two
// variables differs) or panics (an error of a cell's pointer type is uncomparable).
func (l *lowerer) ifaceEqual(b *ast.BinaryExpr, depth int) {
	xt, yt, ok := l.comparedTypes(b)
	if !ok {
		return
	}
	if !types.IsInterface(xt) && !types.IsInterface(yt) || hasTypeParams(xt) || hasTypeParams(yt) {
		return
	}
	// Only where a cell value can be in it: an interface the cell declared, or any,
	// error or fmt.Stringer compared with a cell value or each other.
	if !mayHoldCellValue(xt) && !mayHoldCellValue(yt) {
		return
	}
	prefix := HookName + ".IfaceEqual("
	if b.Op == token.NEQ {
		prefix = "!" + prefix
	}
	l.add(l.off(b.X.Pos()), 0, prefix, depth)
	l.add(l.off(b.X.End()), l.off(b.Y.Pos())-l.off(b.X.End()), ", ", depth)
	l.add(l.off(b.Y.End()), 0, ")", closing(depth))
	// A value of a cell's type compared with an error (or another compiled interface)
	// is compared as that interface holds it: in the interpreter's wrapper.
	if !types.IsInterface(yt) && types.IsInterface(xt) && !isAny(xt) && needsCopy(yt) && l.typ(yt) != "interface{}" {
		l.convertIn(b.Y, yt, xt, depth)
	}
	if !types.IsInterface(xt) && types.IsInterface(yt) && !isAny(yt) && needsCopy(xt) && l.typ(xt) != "interface{}" {
		l.convertIn(b.X, xt, yt, depth)
	}
	// A value of a boxable type compared with an any is compared as the box it would be,
	// also from an interface with methods.
	l.boxOperand(b.X, yt, depth)
	l.boxOperand(b.Y, xt, depth)
	if isAny(xt) && !isAny(yt) && types.IsInterface(yt) {
		l.rebox(b.Y, yt, depth)
	}
	if isAny(yt) && !isAny(xt) && types.IsInterface(xt) {
		l.rebox(b.X, xt, depth)
	}
	// Two values of cell interfaces that a named slice, map or func type implements:
	// boxed, which names the type in the panic of comparing two of it (the interpreter
	// holds them as their underlying type).
	if !isAny(xt) && !isAny(yt) && types.IsInterface(xt) && types.IsInterface(yt) &&
		(l.uncomparableBoxed(xt) || l.uncomparableBoxed(yt)) {
		l.rebox(b.X, xt, depth)
		l.rebox(b.Y, yt, depth)
	}
}

// uncomparableBoxed reports whether a cell's boxable type of an uncomparable
// underlying type (a slice, map or func) implements t, an interface.
func (l *lowerer) uncomparableBoxed(t types.Type) bool {
	if !cellInterface(t) {
		return false
	}
	impl, _ := (&viewGen{l: l}).implementers(t)
	for _, c := range impl {
		if n := l.boxable(c); n != nil && !types.Comparable(n.Underlying()) {
			return true
		}
	}
	return false
}

// comparedTypes returns the types of the operands of b, an == or != without nil, and
// reports whether it is one.
func (l *lowerer) comparedTypes(b *ast.BinaryExpr) (xt, yt types.Type, ok bool) {
	if b.Op != token.EQL && b.Op != token.NEQ {
		return nil, nil, false
	}
	xt, yt = l.typeOf(b.X), l.typeOf(b.Y)
	if xt == nil || yt == nil || isNil(l, b.X) || isNil(l, b.Y) {
		return nil, nil, false
	}
	return l.applied(xt), l.applied(yt), true
}

// mayHoldCellValue reports whether a value of type t may be, or hold, a value of a cell's
// type: an interface other than a compiled package's with methods of its own (which
// compiled values implement), or a cell's type.
func mayHoldCellValue(t types.Type) bool {
	if types.IsInterface(t) {
		return true
	}
	return cellValue(t)
}

// ifaceEqual is a == b for operands of interface type, comparing what the interpreter's
// wrappers of cell errors hold; it panics as Go does on an uncomparable dynamic type.
func ifaceEqual(a, b any) bool {
	a, b = unwrapped(a), unwrapped(b)
	if isWrapper(a) && isWrapper(b) {
		return sameHeld(a, b)
	}
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	ta, tb := reflect.TypeOf(a), reflect.TypeOf(b)
	if ta != tb {
		return false
	}
	if !ta.Comparable() {
		panic(RuntimeError("runtime error: comparing uncomparable type " + GoTypeNames(ta.String())))
	}
	if holdsRecords(ta, map[reflect.Type]bool{}) {
		// A struct or array holding cell interface values: what they hold (see
		// structequal.go).
		return recordsEqual(reflect.ValueOf(a), reflect.ValueOf(b))
	}
	if ba, ok := boxed.Open(a); ok {
		// A box of a named slice, map or func type is a comparable struct: Go's panic
		// names the type.
		bb, _ := boxed.Open(b)
		if ba.Type != bb.Type {
			return false
		}
		if ba.V != nil && !reflect.TypeOf(ba.V).Comparable() {
			panic(RuntimeError("runtime error: comparing uncomparable type " + ba.Type))
		}
	}
	return a == b
}

// errorsUnwrap is errors.Unwrap, calling the Unwrap method of a cell's error through
// unwrap.
func errorsUnwrap(err error, unwrap cellUnwrap) error {
	if err == nil {
		return nil
	}
	if v := unwrapped(err); unwrap != nil {
		next, _, ok := unwrap(v)
		if ok {
			return next
		}
		if _, same := v.(error); !same {
			return nil
		}
	}
	if u, ok := err.(interface{ Unwrap() error }); ok {
		return u.Unwrap()
	}
	return nil
}

// cellUnwrap returns what x, a value of a cell's type, wraps by its Unwrap method:
// one error, or several, and whether its type has the method at all.
type cellUnwrap = func(x any) (error, []error, bool)

// cellIs reports what the Is method of x, a value of a cell's type, says of target, and
// whether x's type has the method.
type cellIs = func(x any, target error) (match, has bool)

// errorChain returns err and the errors it wraps, in the order errors.As visits them,
// each as the value the interpreter's wrapper holds (an assertion on the wrapper to a
// cell's value type fails).
func errorChain(err error, unwrap cellUnwrap) []any {
	var chain []any
	var walk func(error)
	walk = func(err error) {
		for err != nil {
			v := unwrapped(err)
			chain = append(chain, v)
			// A cell's value: by its Unwrap method, if its type has one. One of a named
			// non-struct type stays in the interpreter's wrapper, an error itself.
			if unwrap != nil {
				next, list, ok := unwrap(v)
				if _, same := v.(error); !ok && !same {
					return
				}
				if ok && list == nil {
					err = next
					continue
				}
				if ok {
					for _, e := range list {
						walk(e)
					}
					return
				}
			}
			switch x := err.(type) {
			case interface{ Unwrap() error }:
				err = x.Unwrap()
			case interface{ Unwrap() []error }:
				for _, e := range x.Unwrap() {
					walk(e)
				}
				return
			default:
				return
			}
		}
	}
	walk(err)
	return chain
}

// unwrapped returns what err holds if it is the interpreter's wrapper (a struct with the
// value in a field IValue and the method in a func field) of a cell's struct or a pointer
// to one, else err. (The wrapper holds a struct value itself only when the front end
// made it, see convertIn.)
func unwrapped(err any) any {
	if ev, ok := err.(*errorView); ok {
		err = ev.err // an error of fmt.Errorf's args... (see fmtargs.go)
	}
	v := reflect.ValueOf(err)
	if v.Kind() != reflect.Struct || !wrapperPackages[v.Type().PkgPath()] {
		return err // neither the wrapper of an error nor one of a standard interface (fmt.Stringer)
	}
	x, ok := fmtview.WrapperHeld(v)
	if !ok || !x.IsValid() {
		return err
	}
	if x.Kind() == reflect.Struct && x.NumField() > 0 || x.Kind() == reflect.Pointer && x.Type().Elem().Kind() == reflect.Struct {
		return x.Interface()
	}
	return err // an empty struct stays in its wrapper, where the interpreter asserts it (out of it, it panics)
}

// fmtError is err for fmt, except that an error holding a nil pointer of a cell's type
// (as the interpreter's wrapper holds it, or embedded in a struct of its own, see
// convertIn) prints as fmt prints a nil receiver whose Error method panics: <nil>.
func fmtError(err error) any {
	if err == nil {
		return err
	}
	v := reflect.ValueOf(unwrapped(err))
	if v.Kind() == reflect.Struct && v.NumField() == 1 && v.Type().Field(0).Anonymous {
		v = v.Field(0)
	}
	if v.Kind() == reflect.Pointer && v.IsNil() {
		return &fmtview.Named{Type: v.Type().String(), Error: err.Error, NilPointer: true}
	}
	return err
}

// isWrapper reports whether x is the interpreter's wrapper of a value of a cell's type
// in a compiled interface (a struct with the value in a field IValue).
func isWrapper(x any) bool {
	v := reflect.ValueOf(x)
	if v.Kind() != reflect.Struct || !wrapperPackages[v.Type().PkgPath()] {
		return false
	}
	f := v.FieldByName("IValue")
	return f.IsValid() && f.CanInterface() && !f.IsNil()
}

// wrapperPackages are the packages of the wrappers in which compiled code holds a cell's
// values: the interpreter's, and the session's for the optimizer interfaces (see
// interp/compose), made in their image.
var wrapperPackages = map[string]bool{
	"github.com/traefik/yaegi/interp":              true,
	yaegiStdlib:                                    true,
	"github.com/descentlab/descent/interp/compose": true,
	"github.com/descentlab/descent/interp/symbols": true, // the library's interfaces (opt.Transform)
}

// sameHeld reports whether a and b, wrappers of values of cell's named non-struct error
// types (type Code int, a sentinel string constant), hold equal values of one type: the
// wrappers, with func fields, cannot be compared, and the values in them are the
// underlying ones, so the type shows only in what their methods say.
func sameHeld(a, b any) (same bool) {
	if !isWrapper(a) || !isWrapper(b) {
		return false
	}
	va := reflect.ValueOf(a).FieldByName("IValue").Elem().Interface()
	vb := reflect.ValueOf(b).FieldByName("IValue").Elem().Interface()
	if !sameValue(va, vb) {
		return false
	}
	defer func() {
		if recover() != nil {
			same = false
		}
	}()
	ea, aErr := a.(error)
	eb, bErr := b.(error)
	if aErr && bErr {
		return ea.Error() == eb.Error()
	}
	sa, aStr := a.(fmt.Stringer)
	sb, bStr := b.(fmt.Stringer)
	if aStr && bStr {
		return sa.String() == sb.String()
	}
	return aErr == bErr && aStr == bStr
}

// sameValue is a == b, false where == would panic.
func sameValue(a, b any) (eq bool) {
	defer func() {
		if recover() != nil {
			eq = false
		}
	}()
	if a == nil || b == nil || !reflect.TypeOf(a).Comparable() || !reflect.TypeOf(b).Comparable() {
		return false
	}
	return a == b
}

// cellIs returns the source of a cellIs for the cell's types with an Is method, or nil if
// there are none.
func (l *lowerer) cellIs(pos token.Pos) string {
	var b strings.Builder
	errType := types.Universe.Lookup("error").Type()
	l.cellMethods(pos, "Is", func(t types.Type, sig *types.Signature) {
		if sig.Params().Len() == 1 && types.Identical(sig.Params().At(0).Type(), errType) &&
			sig.Results().Len() == 1 && types.Identical(sig.Results().At(0).Type(), types.Typ[types.Bool]) {
			fmt.Fprintf(&b, "if %s; ᐅok { return ᐅv.Is(ᐅt), true }; ", l.heldAssertion(t))
		}
	})
	if b.Len() == 0 {
		return "nil"
	}
	return "func(ᐅx any, ᐅt error) (bool, bool) { ᐅe, _ := ᐅx.(error); _ = ᐅe; " + b.String() + "return false, false }"
}

// heldAssertion returns the statement that asserts ᐅx, a value in an error's chain as
// unwrapped gives it, to the cell's type t, into ᐅv, ᐅok. A struct (or pointer to one)
// comes out of the interpreter's wrapper; a value of a named non-struct type (type Code
// int, type MultiErr []error) stays in it, and is asserted from the error ᐅe, as the
// cell's own assertions are (see boxAssertion).
func (l *lowerer) heldAssertion(t types.Type) string {
	n := l.boxable(t)
	if p, ok := t.(*types.Pointer); ok && l.boxable(p.Elem()) != nil {
		// A pointer to one stays in the wrapper too, and its assertion from the
		// error holds.
		prefix, suffix := nilTested(l.typ(t), fmtTypeName(t), "ᐅx", "nil", true)
		return "ᐅv, ᐅok := " + prefix + "ᐅe" + suffix
	}
	if n == nil {
		// From the error too, where the any holds the interpreter's wrapper of an empty
		// struct, which only an assertion from the error sees through.
		ts := l.typ(t)
		return "ᐅv, ᐅok := func() (" + ts + ", bool) { if ᐅv, ᐅok := ᐅx.(" + ts + "); ᐅok || ᐅe == nil { return ᐅv, ᐅok }; ᐅv, ᐅok := ᐅe.(" + ts + "); return ᐅv, ᐅok }()"
	}
	ts := l.typ(t)
	errType := types.Universe.Lookup("error").Type()
	return "ᐅv, ᐅok := func(ᐅx error) (" + ts + ", bool) { if " + HookName + ".IsNil(ᐅx) { return *new(" + ts + "), false }; " +
		l.boxAssertion(errType, n) + "; return ᐅv, ᐅok }(ᐅe)"
}

// cellMethods calls f for each of the cell's types visible at pos, and pointers to them,
// that have a method called name, with its signature.
func (l *lowerer) cellMethods(pos token.Pos, name string, f func(t types.Type, sig *types.Signature)) {
	for _, n := range l.visibleCellTypes(pos) {
		for _, t := range []types.Type{n, types.NewPointer(n)} {
			obj, _, _ := types.LookupFieldOrMethod(t, false, n.Obj().Pkg(), name)
			if fn, ok := obj.(*types.Func); ok {
				f(t, fn.Type().(*types.Signature))
			}
		}
	}
}

// cellErrors returns the source of a cellUnwrap for the cell's types with an Unwrap
// method, or nil if there are none.
func (l *lowerer) cellErrors(pos token.Pos) string {
	var b strings.Builder
	l.cellMethods(pos, "Unwrap", func(t types.Type, sig *types.Signature) {
		if ret, ok := unwrapResult(sig); ok {
			fmt.Fprintf(&b, "if %s; ᐅok { return %s }; ", l.heldAssertion(t), ret)
		}
	})
	l.instanceUnwraps(&b)
	if b.Len() == 0 {
		return "nil"
	}
	return "func(ᐅx any) (error, []error, bool) { ᐅe, _ := ᐅx.(error); _ = ᐅe; " + b.String() + "return nil, nil, false }"
}

// instanceUnwraps writes the clauses of a cellUnwrap for the instances of the session's
// generic types with an Unwrap method (type ErrAt[T any] struct{ …; Err error }): those
// the session made (by name, held as they are), and those this cell names.
func (l *lowerer) instanceUnwraps(b *strings.Builder) {
	if l.k == nil || l.k.gen == nil {
		return
	}
	done := map[string]bool{}
	clause := func(name, ret string) {
		if !done[name] {
			done[name] = true
			fmt.Fprintf(b, "if ᐅv, ᐅok := ᐅx.(%s); ᐅok { return %s }; ", name, ret)
		}
	}
	decls := make([]*genericDecl, 0, len(l.k.gen.byDecl))
	for d := range l.k.gen.byDecl {
		decls = append(decls, d)
	}
	sort.Slice(decls, func(i, j int) bool { return decls[i].key < decls[j].key }) // (the same text each time)
	for _, d := range decls {
		ins := l.k.gen.byDecl[d]
		for _, m := range d.methods {
			fd := m.fd
			if fd.Name.Name != "Unwrap" || fd.Type.Params.NumFields() != 0 || fd.Type.Results.NumFields() != 1 || len(fd.Recv.List) != 1 {
				continue
			}
			ret := ""
			switch r := fd.Type.Results.List[0].Type.(type) {
			case *ast.Ident:
				if r.Name == "error" {
					ret = "ᐅv.Unwrap(), nil, true"
				}
			case *ast.ArrayType:
				if id, ok := r.Elt.(*ast.Ident); ok && id.Name == "error" && r.Len == nil {
					ret = "nil, ᐅv.Unwrap(), true"
				}
			}
			if ret == "" {
				continue
			}
			_, pointer := fd.Recv.List[0].Type.(*ast.StarExpr)
			for _, in := range ins {
				if !pointer {
					clause(in.name, ret)
				}
				clause("*"+in.name, ret)
			}
		}
	}
	for _, inst := range l.info().Instances {
		n, ok := inst.Type.(*types.Named)
		if !ok || !cellValue(n) || hasTypeParams(n) {
			continue // (an instance over a type parameter is inside generic code)
		}
		for _, t := range []types.Type{n, types.NewPointer(n)} {
			obj, _, _ := types.LookupFieldOrMethod(t, false, n.Obj().Pkg(), "Unwrap")
			fn, ok := obj.(*types.Func)
			if !ok {
				continue
			}
			ret, ok := unwrapResult(fn.Type().(*types.Signature))
			if !ok {
				continue
			}
			if name := l.typ(t); name != "interface{}" {
				clause(name, ret)
			}
		}
	}
}

// unwrapResult returns what a cellUnwrap returns for ᐅv, whose Unwrap method has the
// signature sig, and whether that is an Unwrap the errors package calls (() error or
// () []error).
func unwrapResult(sig *types.Signature) (string, bool) {
	if sig.Params().Len() != 0 || sig.Results().Len() != 1 {
		return "", false
	}
	errType := types.Universe.Lookup("error").Type()
	switch r := sig.Results().At(0).Type(); {
	case types.Identical(r, errType):
		return "ᐅv.Unwrap(), nil, true", true
	case types.Identical(r, types.NewSlice(errType)):
		return "nil, ᐅv.Unwrap(), true", true
	}
	return "", false
}

// compiledPointer reports whether t is a pointer to a named type of a compiled package.
func compiledPointer(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && compiledNamed(p.Elem())
}

// withoutCalls reports whether evaluating e calls nothing but new and conversions, and
// receives nothing: moved after another operand, it gives the same value.
func (l *lowerer) withoutCalls(e ast.Expr) bool {
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if !l.isConversion(n) && !l.builtinCall(n, "new") {
				ok = false
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				ok = false
			}
		case *ast.FuncLit:
			return false
		}
		return ok
	})
	return ok
}
