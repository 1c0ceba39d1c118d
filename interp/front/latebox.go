package front

import (
	"go/types"
	"strconv"
	"strings"
)

// Values of later cells' named non-struct types in earlier cells' interfaces. A value of
// type Constant float64 goes into an any boxed (see box.go), where the code converting it
// knows its type. Inside a function of an earlier cell that takes a cell's interface
// (func Show(s Schedule)), the value is in that interface, and where it goes on into an
// any (printed, returned as any) the function's code knows only the types of its own
// and earlier cells: a later cell's Constant went on as its underlying float64, printed
// as 0.1 without its String method, with %T float64, silently. So each cell's named
// interface has a variable holding a function that boxes the values of later types, and
// a cell that declares a named type implementing it (or its methods) chains one more, in
// a function of its own (a var _ = func() … }() that assigns the variable is a
// "variable definition loop" to the interpreter). A struct's value goes bare: its
// record in the interface compared as a record (== with an equal value, a map's key).
// A type with a twin over the same underlying type is not boxed: the interpreter's
// assertion takes one for the other.
//
//	type Schedule interface{ … }  →  … var ᐅlbSchedule func(Schedule) (any, bool)
//	type Constant float64 (+ methods)  →  … func ᐅlbSchedule_Constant() bool { ᐅp := ᐅlbSchedule; ᐅlbSchedule = func(ᐅi Schedule) (any, bool) { if ᐅc, ᐅok := ᐅi.(Constant); ᐅok { return …box of ᐅc…, true }; if ᐅp != nil { return ᐅp(ᐅi) }; return nil, false }; return true }
//	                                       var _ = ᐅlbSchedule_Constant()
//
// which the conversion of a Schedule to an any, and its views for fmt, try before handing
// the value over as it is.

// lateBoxVar returns the variable of t's function, or "" when t is not a cell's named
// interface with methods.
func lateBoxVar(t types.Type) string {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || !cellPackageLevel(n.Obj()) || n.TypeParams().Len() > 0 || n.TypeArgs().Len() > 0 {
		return ""
	}
	it, ok := n.Underlying().(*types.Interface)
	if !ok || it.NumMethods() == 0 || !it.IsMethodSet() {
		return ""
	}
	return "ᐅlb" + n.Obj().Name()
}

// lateBoxed returns the statement that, with ᐅb the box of v (of type t) a later cell's
// function made, returns ret (an expression of ᐅb); "" where t has no such function.
func lateBoxed(v string, t types.Type, ret string) string {
	lb := lateBoxVar(t)
	if lb == "" {
		return ""
	}
	return "if " + lb + " != nil { if ᐅb, ᐅk := " + lb + "(" + v + "); ᐅk { return " + ret + " } }; "
}

// lateBoxDecls returns the declarations described above: of the variables of the cell's
// interfaces, and of the functions for the named non-struct types it declares or
// declares methods of.
func (k *check) lateBoxDecls() string {
	if k.file == nil || k.pkg == nil {
		return ""
	}
	qual := k.qualifier(k.declaredNames())
	var b strings.Builder
	declared, names := k.changedTypes()
	for _, n := range declared {
		if lb := lateBoxVar(n); lb != "" {
			b.WriteString("var " + lb + " func(" + spell(n, qual, k.instanceOf) + ") (any, bool)\n")
		}
	}
	var ifaces []*types.Named
	scope := k.pkg.Scope()
	for _, name := range scope.Names() {
		if tn, ok := scope.Lookup(name).(*types.TypeName); ok && !tn.IsAlias() && lateBoxVar(tn.Type()) != "" {
			ifaces = append(ifaces, tn.Type().(*types.Named))
		}
	}
	for _, n := range names {
		if !cellPackageLevel(n.Obj()) || n.TypeParams().Len() > 0 {
			continue
		}
		ts, okT := k.typeString(n, k.declaredNames())
		if !okT {
			continue
		}
		var box string
		switch n.Underlying().(type) {
		case *types.Interface:
			continue // no values of its own
		case *types.Struct:
			// Bare: a struct keeps its type in an any, where the interpreter's record
			// of it in the interface would compare (==, a map's key) as a record.
			if embedsCompiledStruct(n) {
				continue
			}
			box = "ᐅc"
		default:
			us, okU := k.typeString(n.Underlying(), k.declaredNames())
			if !okU {
				continue
			}
			str, err := boxMethods(n)
			box = HookName + ".Box((" + us + ")(ᐅc), " + strconv.Quote(fmtTypeName(n)) + ", " + strconv.FormatBool(str) + ", " + strconv.FormatBool(err) + ")"
		}
		for _, it := range ifaces {
			if !types.Implements(n, it.Underlying().(*types.Interface)) || !declaresAll(n, it.Underlying().(*types.Interface)) {
				continue // (promoted methods the interpreter's assertion would not find)
			}
			lb, is := lateBoxVar(it), spell(it, qual, k.instanceOf)
			reg := lb + "_" + n.Obj().Name()
			result := box + ", true"
			if box != "ᐅc" && hasTwin(scope, n, it) {
				// The interpreter's assertion takes a value of a type over the same
				// underlying type for n's: which it is, is not known, and the value goes
				// on as it is (nor do earlier boxes take it).
				result = "nil, false"
			}
			b.WriteString("func " + reg + "() bool { ᐅp := " + lb + "; " + lb + " = func(ᐅi " + is + ") (any, bool) { if ᐅc, ᐅok := ᐅi.(" + ts +
				"); ᐅok { return " + result + " }; if ᐅp != nil { return ᐅp(ᐅi) }; return nil, false }; return true }\nvar _ = " + reg + "()\n")
		}
	}
	return b.String()
}

// declaresAll reports whether n declares each method of it itself, with a value
// receiver: none comes from an embedded field.
func declaresAll(n *types.Named, it *types.Interface) bool {
	for i := range it.NumMethods() {
		m := it.Method(i)
		obj, index, _ := types.LookupFieldOrMethod(n, false, m.Pkg(), m.Name())
		if _, ok := obj.(*types.Func); !ok || len(index) != 1 {
			return false
		}
	}
	return true
}

// hasTwin reports whether another named type of the session has n's underlying type and
// implements it: the interpreter holds values of both as the same.
func hasTwin(scope *types.Scope, n, it *types.Named) bool {
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		c, ok := tn.Type().(*types.Named)
		if ok && c != n && c.TypeParams().Len() == 0 && types.Identical(c.Underlying(), n.Underlying()) &&
			types.Implements(c, it.Underlying().(*types.Interface)) {
			return true
		}
	}
	return false
}
