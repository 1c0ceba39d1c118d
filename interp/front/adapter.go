package front

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/types"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Compiled values of unexported types in a cell's interface. An assertion to a cell's
// interface finds a compiled value by the exported types that implement it (see
// compiledImplementers); one of an unexported type (fmt.Errorf's *fmt.wrapError,
// errors.Join's) has no name to assert to, and the interpreter's own assertion never
// finds a compiled type's methods:
//
//	if u, ok := err.(interface{ Unwrap() error }); ok { … }   // false, where Go's holds
//
// So the assertion checks the value's methods by reflection last, and puts a value that
// has them into an adapter, a struct the cell declares whose methods call the value's:
//
//	type ᐅAdapt_3f2a struct{ ᐅadapted any }
//	func (ᐅa ᐅAdapt_3f2a) Unwrap() error { ᐅr := ᐅdescent.CallMethod(ᐅa.ᐅadapted, "Unwrap"); ᐅ0, _ := ᐅr[0].(error); return ᐅ0 }
//
// The adapter prints as the value does (an interface that may hold one gets a view, whose
// FmtOperand takes the value out), but is not the value: an assertion of it to the
// value's type fails.

// adapter returns the name of the adapter for values in target, a cell's interface,
// noting its declaration for the cell; "" if a compiled value cannot have its methods (a
// signature names a cell's type) or they cannot be spelled.
func (l *lowerer) adapter(target types.Type) (name string, names, sigs []string) {
	name, names, sigs, methods := adapterName(target)
	if name == "" || l.k.Checker == nil {
		return "", nil, nil
	}
	if l.k.adapted[name] || l.k.adapters[name] != "" {
		return name, names, sigs
	}
	var decl strings.Builder
	fmt.Fprintf(&decl, "type %s struct{ %s any }\n", name, adapterField)
	hasFormat := false
	for _, m := range methods {
		sig := m.Type().(*types.Signature)
		hasFormat = hasFormat || m.Name() == "Format"
		var params, args, results, rets []string
		for i := range sig.Params().Len() {
			t := sig.Params().At(i).Type()
			p := "ᐅp" + strconv.Itoa(i)
			if sig.Variadic() && i == sig.Params().Len()-1 {
				params = append(params, p+" ..."+l.typ(t.(*types.Slice).Elem()))
			} else {
				params = append(params, p+" "+l.typ(t))
			}
			args = append(args, p)
		}
		var assigns []string
		for i := range sig.Results().Len() {
			t := l.typ(sig.Results().At(i).Type())
			results = append(results, t)
			r := "ᐅ" + strconv.Itoa(i)
			rets = append(rets, r)
			// (The interpreter's assertion of a nil element panics.)
			assigns = append(assigns, fmt.Sprintf("var %s %s; if ᐅr[%d] != nil { %s, _ = ᐅr[%d].(%s) }", r, t, i, r, i, t))
		}
		call := HookName + ".CallMethod(ᐅa." + adapterField + ", " + strconv.Quote(m.Name())
		if len(args) > 0 {
			call += ", " + strings.Join(args, ", ")
		}
		call += ")"
		body := "ᐅr := " + call
		if len(results) == 0 {
			body = "_ = " + call
		}
		for _, a := range assigns {
			body += "; " + a
		}
		if len(rets) > 0 {
			body += "; return " + strings.Join(rets, ", ")
		}
		res := strings.Join(results, ", ")
		if len(results) > 1 {
			res = "(" + res + ")"
		}
		fmt.Fprintf(&decl, "func (ᐅa %s) %s(%s) %s { %s }\n", name, m.Name(), strings.Join(params, ", "), res, body)
	}
	if !hasFormat && l.k.imports["fmt"] == "fmt" && !l.k.declaredNames()["fmt"] {
		// Printed, it is the value it holds.
		fmt.Fprintf(&decl, "func (ᐅa %s) Format(ᐅf fmt.State, ᐅc rune) { %s.FormatAs(ᐅa.%s, ᐅf, ᐅc) }\n", name, HookName, adapterField)
	}
	if l.k.adapters == nil {
		l.k.adapters = map[string]string{}
	}
	l.k.adapters[name] = decl.String()
	return name, names, sigs
}

// adapterName returns the name of the adapter for target, a cell's interface, the names
// of its methods and their signatures, in order of name; "" if a compiled value cannot
// have them (a signature names a cell's type, or a method is unexported).
func adapterName(target types.Type) (name string, names, sigs []string, methods []*types.Func) {
	it, ok := target.Underlying().(*types.Interface)
	if !ok || it.NumMethods() == 0 {
		return "", nil, nil, nil
	}
	for i := range it.NumMethods() {
		methods = append(methods, it.Method(i))
	}
	sort.Slice(methods, func(i, j int) bool { return methods[i].Name() < methods[j].Name() })
	for _, m := range methods {
		sig := m.Type().(*types.Signature)
		if mentionsCellType(sig, nil) || !m.Exported() || m.Name() == "Error" {
			// (An adapter in an error would reach compiled code that takes errors, which
			// cannot call its methods.)
			return "", nil, nil, nil
		}
		names = append(names, m.Name())
		sigs = append(sigs, reflectSpelling(types.TypeString(plainSignature(sig), func(p *types.Package) string { return p.Name() })))
	}
	sum := sha256.Sum256([]byte(strings.Join(names, ";") + "|" + strings.Join(sigs, ";")))
	return "ᐅAdapt_" + hex.EncodeToString(sum[:4]), names, sigs, methods
}

// reflectSpellings spell the universe's aliases and the empty interface as reflect does.
var reflectSpellings = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`\bbyte\b`), "uint8"},
	{regexp.MustCompile(`\brune\b`), "int32"},
	{regexp.MustCompile(`\bany\b`), "interface {}"},
	{regexp.MustCompile(`interface\{\}`), "interface {}"},
}

// reflectSpelling spells sig, a signature as types.TypeString spells it with package
// names, as reflect's Type.String does.
func reflectSpelling(sig string) string {
	for _, r := range reflectSpellings {
		sig = r.re.ReplaceAllString(sig, r.with)
	}
	return sig
}

// adapted returns the value that v, if it is an adapter, holds (fmt prints that).
func adapted(v any) (any, bool) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Struct || rv.NumField() != 1 || !strings.HasSuffix(rv.Type().Field(0).Name, adapterField) {
		return nil, false
	}
	return rv.Field(0).Interface(), true
}

// adapterField is the name of an adapter's field, which the interpreter may prefix.
const adapterField = "ᐅadapted"

// hasAdapter reports whether a value of t, a cell's interface, may be an adapter: the
// session declared t's.
func (l *lowerer) hasAdapter(t types.Type) bool {
	if l.k.Checker == nil {
		return false
	}
	name, _, _, _ := adapterName(t)
	return name != "" && (l.k.adapted[name] || l.k.adapters[name] != "")
}

// adapterDecls returns the declarations of the adapters the cell needs, and records them
// in p.
func (k *check) adapterDecls(p *Plan) string {
	var b strings.Builder
	for _, name := range sortedKeys(k.adapters) {
		b.WriteString(k.adapters[name])
		p.adapters = append(p.adapters, name)
	}
	return b.String()
}

// adapt returns x and true if x, a compiled value, has the methods names with the
// signatures sigs (as types.TypeString spells them with package names, which is how
// reflect spells them too).
func adapt(x any, names, sigs []string) (any, bool) {
	v := reflect.ValueOf(x)
	if !v.IsValid() {
		return nil, false
	}
	for i, n := range names {
		m := v.MethodByName(n)
		if !m.IsValid() || m.Type().String() != sigs[i] {
			return nil, false
		}
	}
	return x, true
}

// callMethod calls the method name of x with args, and returns its results.
func callMethod(x any, name string, args ...any) []any {
	m := reflect.ValueOf(x).MethodByName(name)
	t := m.Type()
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		pt := t.In(min(i, t.NumIn()-1))
		if a == nil {
			in[i] = reflect.Zero(pt)
			continue
		}
		in[i] = reflect.ValueOf(a)
		if in[i].Type() != pt && in[i].Type().ConvertibleTo(pt) {
			in[i] = in[i].Convert(pt)
		}
	}
	var out []reflect.Value
	if t.IsVariadic() {
		out = m.CallSlice(in)
	} else {
		out = m.Call(in)
	}
	res := make([]any, len(out))
	for i, o := range out {
		res[i] = o.Interface()
	}
	return res
}

// formatAs prints v as fmt would for verb, with f's flags, width and precision.
func formatAs(v any, f fmt.State, verb rune) { fmt.Fprintf(f, fmt.FormatString(f, verb), v) }
