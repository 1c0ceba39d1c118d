package front

import (
	"go/ast"
	"go/types"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Assertions of earlier cells to types of later ones. A cell's assertion to an interface
// (v.(fmt.Stringer), err.(error), x.(Shape)) knows the types that implement it when the
// cell runs; the interpreter's own assertion does not find a struct type that a later
// cell declares, or gives methods, so func check(v any) of an early cell said false for
// it. A cell that declares a struct type, or methods of one, registers for each
// interface of the session it implements a conversion of its values to that interface,
// which an assertion that failed then tries:
//
//	var _ = ᐅdescent.RegisterAs("fmt.Stringer", func(ᐅx any) (any, bool) { if ᐅc, ᐅok := ᐅx.(T); ᐅok { return func(ᐅv T) fmt.Stringer { return struct{ T }{ᐅv} }(ᐅc), true }; return nil, false })
//	v.(fmt.Stringer)  →  … if ᐅl, ᐅk := ᐅdescent.LateAs(ᐅx, "fmt.Stringer"); ᐅk { … ᐅl.(fmt.Stringer) … }
//
// A compiled interface's value in an any is the interpreter's wrapper, which the
// assertion finds.

// asRegistry holds a session's conversions by interface name, latest first.
type asRegistry struct {
	mu sync.Mutex
	as map[string][]func(any) (any, bool)
}

// registerAs records a conversion to the interface named iface.
func (r *registrar) registerAs(iface string, f func(any) (any, bool)) bool {
	r.late.mu.Lock()
	defer r.late.mu.Unlock()
	if r.late.as == nil {
		r.late.as = map[string][]func(any) (any, bool){}
	}
	r.late.as[iface] = append([]func(any) (any, bool){f}, r.late.as[iface]...)
	return true
}

// lateAs converts x to the interface named iface by the conversions registered for it.
func (r *registrar) lateAs(x any, iface string) (any, bool) {
	r.late.mu.Lock()
	fs := r.late.as[iface]
	r.late.mu.Unlock()
	for _, f := range fs {
		if v, ok := f(x); ok {
			return v, true
		}
	}
	if y := unwrapped(x); reflect.TypeOf(y) != reflect.TypeOf(x) {
		// A cell's value in a compiled interface (an error, a fmt.Stringer) comes in
		// the interpreter's wrapper: the conversions test the value it holds.
		return r.lateAs(y, iface)
	}
	return nil, false
}

// lateFallback returns the statement that, in an assertion of ᐅx to target (spelled ts)
// whose other tests failed, tries the conversions later cells registered: it returns the
// result (with true, for commaOk) when one applies.
func lateFallback(target types.Type, ts string, commaOk bool) string {
	if !lateTarget(target) {
		return ""
	}
	ret := "return ᐅv"
	if commaOk {
		ret += ", true"
	}
	return "if ᐅl, ᐅk := " + HookName + ".LateAs(ᐅx, " + strconv.Quote(fmtTypeName(target)) + "); ᐅk { if ᐅv, ᐅok := ᐅl.(" + ts + "); ᐅok { " + ret + " } }; "
}

// notAsGuard returns the statement that, in an assertion of ᐅx to target, fails first
// when ᐅx is a value of a later cell's type whose pointer has the methods and which
// lacks one itself: the interpreter's assertion takes methods of pointer receivers for
// the value's, and a call then changed the copy the interface holds. names are the
// interface's methods, quoted, for the message.
func notAsGuard(target types.Type, commaOk bool, names []string) string {
	if !notAsTarget(target) {
		return ""
	}
	name := strconv.Quote(fmtTypeName(target))
	fail := "return nil, false"
	if !commaOk {
		// (named by the value, not the interpreter's wrapper of it in an error)
		fail = "panic(" + HookName + ".AssertionFailed(" + HookName + ".Inner(ᐅx), " + name + ", []string{" + strings.Join(names, ", ") + "}))"
	}
	return "if " + HookName + ".NotAs(ᐅx, " + name + ") { " + fail + " }; "
}

// notAsTarget reports whether t is an interface whose assertions test values against
// the registry below: a cell's named interface. (The interpreter's own assertion to
// error or fmt.Stringer tells a value from its pointer.)
func notAsTarget(t types.Type) bool {
	if !lateTarget(t) {
		return false
	}
	switch fmtTypeName(t) {
	case "error", "fmt.Stringer":
		return false
	}
	return true
}

// notAsRegistry holds, by interface name and then by type name, the tests of whether a
// value is of a cell's struct type whose pointer implements the interface and which
// does not itself.
type notAsRegistry struct {
	mu  sync.Mutex
	not map[string]map[string]func(any) bool
}

// registerNotAs records (or, with f nil, forgets) the test of values of the type named
// typ for the interface named iface.
func (r *registrar) registerNotAs(iface, typ string, f func(any) bool) bool {
	r.not.mu.Lock()
	defer r.not.mu.Unlock()
	if r.not.not == nil {
		r.not.not = map[string]map[string]func(any) bool{}
	}
	if r.not.not[iface] == nil {
		r.not.not[iface] = map[string]func(any) bool{}
	}
	if f == nil {
		delete(r.not.not[iface], typ)
	} else {
		r.not.not[iface][typ] = f
	}
	return true
}

// notAs reports whether x is a value that a registered test says lacks the methods of
// the interface named iface.
func (r *registrar) notAs(x any, iface string) bool {
	r.not.mu.Lock()
	var fs []func(any) bool
	for _, f := range r.not.not[iface] {
		fs = append(fs, f)
	}
	r.not.mu.Unlock()
	for _, f := range fs {
		if f(x) {
			return true
		}
	}
	if y := unwrapped(x); reflect.TypeOf(y) != reflect.TypeOf(x) {
		return r.notAs(y, iface) // (see lateAs)
	}
	return false
}

// lateTarget reports whether conversions to t are registered: error, fmt.Stringer and a
// cell's named interfaces.
func lateTarget(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || !types.IsInterface(n) || n.TypeParams().Len() > 0 || n.TypeArgs().Len() > 0 {
		return false
	}
	switch fmtTypeName(n) {
	case "error", "fmt.Stringer":
		return true
	}
	return cellPackageLevel(n.Obj()) && n.Underlying().(*types.Interface).NumMethods() > 0
}

// changedTypes returns the named types the cell declares, in order, and those it declares
// or declares methods of, by name.
func (k *check) changedTypes() (declared, changed []*types.Named) {
	seen := map[*types.Named]bool{}
	for _, d := range k.file.Decls {
		if !k.inCell(d.Pos()) {
			continue
		}
		switch d := d.(type) {
		case *ast.FuncDecl:
			if fn, ok := k.tinfo.Defs[d.Name].(*types.Func); ok {
				if n := recvNamed(fn); n != nil {
					seen[n] = true
				}
			}
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				if ts, ok := sp.(*ast.TypeSpec); ok {
					if tn, ok := k.tinfo.Defs[ts.Name].(*types.TypeName); ok && !tn.IsAlias() {
						if n, ok := tn.Type().(*types.Named); ok {
							declared = append(declared, n)
							seen[n] = true
						}
					}
				}
			}
		}
	}
	for n := range seen {
		changed = append(changed, n)
	}
	sort.Slice(changed, func(i, j int) bool { return changed[i].Obj().Name() < changed[j].Obj().Name() })
	return declared, changed
}

// lateAsDecls returns the registrations described above for the struct types the cell
// declares or declares methods of.
func (k *check) lateAsDecls() string {
	if k.file == nil || k.pkg == nil {
		return ""
	}
	_, names := k.changedTypes()
	ifaces := k.lateIfaces()
	qual := k.qualifier(k.declaredNames())
	var b strings.Builder
	for _, n := range names {
		if _, ok := n.Underlying().(*types.Struct); !ok || n.TypeParams().Len() > 0 || !cellPackageLevel(n.Obj()) {
			continue
		}
		b.WriteString(k.registerAs(n, spell(n, qual, k.instanceOf), ifaces))
	}
	return b.String()
}

// lateIfaces returns the interfaces conversions are registered for: error, fmt.Stringer
// and the session's named interfaces.
func (k *check) lateIfaces() []types.Type {
	ifaces := []types.Type{types.Universe.Lookup("error").Type()}
	if fmtPkg, err := k.im.Import("fmt"); err == nil {
		if o := fmtPkg.Scope().Lookup("Stringer"); o != nil {
			ifaces = append(ifaces, o.Type())
		}
	}
	if k.pkg != nil {
		scope := k.pkg.Scope()
		for _, name := range scope.Names() {
			if tn, ok := scope.Lookup(name).(*types.TypeName); ok && !tn.IsAlias() && lateTarget(tn.Type()) {
				ifaces = append(ifaces, tn.Type())
			}
		}
	}
	return ifaces
}

// registerAs returns the registrations of conversions of values of n (spelled as given),
// and of pointers to them, to each of ifaces they implement.
func (k *check) registerAs(n types.Type, spelled string, ifaces []types.Type) string {
	qual := k.qualifier(k.declaredNames())
	var b strings.Builder
	for _, it := range ifaces {
		is := spell(it, qual, k.instanceOf)
		if !embedsCompiledStruct(n) && notAsTarget(it) {
			// A value whose pointer alone implements it: an assertion fails (see
			// notAsGuard); else it passes, as a later cell may have made it.
			test := "nil"
			if !types.AssignableTo(n, it) && types.AssignableTo(types.NewPointer(n), it) {
				test = "func(ᐅx any) bool { _, ᐅok := ᐅx.(" + spelled + "); return ᐅok }"
			}
			if test != "nil" || types.AssignableTo(n, it) {
				b.WriteString("var _ = " + HookName + ".RegisterNotAs(" + strconv.Quote(fmtTypeName(it)) + ", " +
					strconv.Quote(fmtTypeName(n)) + ", " + test + ")\n")
			}
		}
		var tests []string
		for _, c := range []types.Type{n, types.NewPointer(n)} {
			if !types.AssignableTo(c, it) || embedsCompiledStruct(c) {
				continue // (one that embeds a compiled type needs forwarders: left out)
			}
			cs := spelled
			if _, ptr := c.(*types.Pointer); ptr {
				cs = "*" + spelled
			}
			v := "ᐅv"
			if wrappedStruct(c, it) {
				v = "struct{ " + cs + " }{ᐅv}" // see convertIn
			}
			// Converted in a return, as convertIn does: the interpreter's conversion in
			// a declaration (var ᐅi error = …) failed for some.
			tests = append(tests, "if ᐅc, ᐅok := ᐅx.("+cs+"); ᐅok { return func(ᐅv "+cs+") "+is+" { return "+v+" }(ᐅc), true }")
		}
		if len(tests) == 0 {
			continue
		}
		b.WriteString("var _ = " + HookName + ".RegisterAs(" + strconv.Quote(fmtTypeName(it)) + ", func(ᐅx any) (any, bool) { " +
			strings.Join(tests, "; ") + "; return nil, false })\n")
	}
	return b.String()
}
