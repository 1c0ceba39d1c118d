package front

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/descentlab/descent/interp/front/boxed"
	"github.com/descentlab/descent/interp/front/fmtview"
)

// Names of a cell's struct types in runtime messages. The interpreter makes a cell's
// struct type with reflect, so its failed assertion reads "interface conversion:
// interface {} is struct { X int }, not int" where Go's names main.Pt. The cell that
// declares such a type registers its name under the type's reflect string,
//
//	var _ = ᐅdescent.NameType(Pt{}, "main.Pt")
//
// and GoTypeNames puts the names back into a message.

// typeNames holds the registered names by reflect string. The last registration wins: in
// a session two cell types never share one (structname.go tags twins), and a session
// after %reset, or another in the process, declares its types again.
var typeNames = struct {
	sync.Mutex
	m     map[string]string
	owner map[string]*registrar // the session that registered the name
}{m: map[string]string{}, owner: map[string]*registrar{}}

// registrar stands for the session whose cells register names and descriptions: a
// description counts only while the session that made it owns the name, so that a
// type another session (or the same after %reset) declares anew does not print through
// the methods of the old one.
type registrar struct {
	late     asRegistry    // conversions to interfaces (see lateassert.go)
	not      notAsRegistry // values whose pointers alone implement them (see notAsGuard)
	errs     errorMethods  // Unwrap and Is methods (see errorsregistry.go)
	recs     sync.Map      // "main.T.M" of the methods that call recover (see claims.go)
	nrec     atomic.Int32  // how many recs holds
	recTypes sync.Map      // recType of the struct types' methods among recs
}

// nameType registers name for the type of v.
func (r *registrar) nameType(v any, name string) bool {
	if v == nil {
		return true
	}
	s := reflect.TypeOf(v).String()
	typeNames.Lock()
	defer typeNames.Unlock()
	typeNames.m[s] = name
	typeNames.owner[s] = r
	return true
}

// typeInfo is what a struct type registers besides its name (see instanceName and
// describeDecls): its fields' names and the methods fmt calls, by reflect string.
type typeInfo struct {
	fields     []string
	str, error func(any) string
	// viewed are the indexes of the fields that print by methods the interpreter's
	// struct lost (a Loss field with String is a float64 there), and views returns
	// their views, of a value of the type (see describeFields).
	viewed []int
	views  func(any) []any
	nils   []string // by field, an interface field's type as %#v names its nil ("error")
	// late are the fields of named numbers without fmt's methods when the type was
	// declared, whose views (lateViews) call those a later cell declares; only when one
	// has (lateHas), as the views cost a print twice its time (see describeLateFields).
	late      []int
	lateViews func(any) []any
	lateHas   func() bool
	// pstr and perror are the methods of a pointer to the type, called with the pointer.
	pstr, perror func(any) string
	by           *registrar
}

var typeInfos sync.Map // reflect string → typeInfo

// describeType registers the fields' names and fmt's methods of the type of v.
func (r *registrar) describeType(v any, fields []string, str, err func(any) string) bool {
	s := reflect.TypeOf(v).String()
	info := typeInfo{fields: fields, str: str, error: err, by: r}
	if old, ok := typeInfos.Load(s); ok && old.(typeInfo).by == r {
		o := old.(typeInfo)
		info.pstr, info.perror, info.viewed, info.views, info.nils = o.pstr, o.perror, o.viewed, o.views, o.nils
		info.late, info.lateViews, info.lateHas = o.late, o.lateViews, o.lateHas
	}
	typeInfos.Store(s, info)
	return true
}

// describeFields registers the views of the fields of the type of v at the indexes
// viewed (see typeInfo).
func (r *registrar) describeFields(v any, viewed []int, views func(any) []any, nils []string) bool {
	return r.complete(v, func(info *typeInfo) { info.viewed, info.views, info.nils = viewed, views, nils })
}

// describeLateFields registers the late views of the fields of the type of v at the
// indexes late (see typeInfo).
func (r *registrar) describeLateFields(v any, late []int, has func() bool, views func(any) []any) bool {
	return r.complete(v, func(info *typeInfo) { info.late, info.lateHas, info.lateViews = late, has, views })
}

// describePointer registers the String and Error of a pointer to the type of v, which
// take the pointer (after describeType, whose registration it completes).
func (r *registrar) describePointer(v any, str, err func(any) string) bool {
	return r.complete(v, func(info *typeInfo) { info.pstr, info.perror = str, err })
}

// complete sets, by set, part of what r registered for the type of v, keeping the rest.
func (r *registrar) complete(v any, set func(*typeInfo)) bool {
	s := reflect.TypeOf(v).String()
	info := typeInfo{by: r}
	if old, ok := typeInfos.Load(s); ok && old.(typeInfo).by == r {
		info = old.(typeInfo)
	}
	set(&info)
	typeInfos.Store(s, info)
	return true
}

// describedAs returns what was registered for the type of reflect string s by the
// session that owns its name.
func describedAs(s string) (typeInfo, bool) {
	i, ok := typeInfos.Load(s)
	if !ok {
		return typeInfo{}, false
	}
	info := i.(typeInfo)
	typeNames.Lock()
	owner := typeNames.owner[s]
	typeNames.Unlock()
	if info.by != owner {
		return typeInfo{}, false
	}
	return info, true
}

// registeredName returns the name registered for the type of v, or for what v points to
// with a "*" before it, if v is a struct or a pointer to one; "" otherwise.
func registeredName(v any) string {
	t := reflect.TypeOf(v)
	if t == nil {
		return ""
	}
	star := ""
	if t.Kind() == reflect.Pointer {
		t, star = t.Elem(), "*"
	}
	if t.Kind() != reflect.Struct {
		return ""
	}
	typeNames.Lock()
	defer typeNames.Unlock()
	if n := typeNames.m[t.String()]; n != "" {
		return star + n
	}
	return ""
}

// fmtTypeNameOf is what %T prints for v, a value that reached fmt as the interpreter holds
// it: a box's type, or a cell's struct type by its registered name.
func fmtTypeNameOf(v any) string {
	if isWrapper(v) {
		// A cell's value that reached a compiled interface (error) in an earlier cell's
		// code, which could not name its type.
		v = reflect.ValueOf(v).FieldByName("IValue").Interface()
	}
	if a, ok := adapted(v); ok {
		return fmt.Sprintf("%T", a) // see adapter.go
	}
	if _, ok := boxed.Open(v); !ok {
		if n := registeredName(v); n != "" {
			return n
		}
		if t := reflect.TypeOf(v); t != nil && t.Kind() != reflect.Struct && t.Name() == "" {
			// A function, slice, map, ... of a cell's struct types: func(main.Trial)
			// float64, where reflect writes the struct's fields.
			return GoTypeNames(t.String())
		}
	}
	return boxed.TypeName(v)
}

// fmtOperand returns what fmt gets for v, a value in an interface that no view of a
// cell's type took: a struct of a registered name (an instance of a generic type,
// main.Box[int]), or a pointer to one, is viewed with its name for %#v; anything else is
// v itself.
func fmtOperand(v any) any {
	if isWrapper(v) {
		if x, ok := nilReceiverView(v); ok {
			return x
		}
		return v
	}
	if a, ok := adapted(v); ok {
		return a // see adapter.go
	}
	name := registeredName(v)
	if name == "" {
		if x, ok := dynamicView(reflect.ValueOf(v)); ok {
			return x
		}
		return v
	}
	rv := reflect.ValueOf(v)
	// view views sv, a struct of the type named name: with its String and Error if
	// methods and a cell registered them; nil if it prints as it is.
	view := func(sv reflect.Value, name string, methods bool) any {
		t := sv.Type()
		info, _ := describedAs(t.String()) // (the zero info when none)
		if !methods {
			info.str, info.error = nil, nil
		}
		names := make([]string, t.NumField())
		fields := make([]any, t.NumField())
		var under any = &fmtview.Struct{Type: name, Names: names, Fields: fields}
		for i := range names {
			f := sv.Field(i)
			if f.Kind() == reflect.Interface && f.IsNil() && i < len(info.nils) && info.nils[i] != "" && t.Field(i).IsExported() {
				// A nil of the field's type, which the cell named.
				names[i] = t.Field(i).Name
				if len(info.fields) == len(names) {
					names[i] = info.fields[i]
				}
				fields[i] = &fmtview.NilInterface{Type: info.nils[i]}
				continue
			}
			if !t.Field(i).IsExported() || f.Kind() == reflect.Interface && f.IsNil() {
				// A field the view would lose (a nil of its type): printed as it is,
				// through the methods fmt calls if a later cell declared them.
				if info.str == nil && info.error == nil {
					return nil
				}
				under = sv.Interface()
				break
			}
			names[i] = t.Field(i).Name
			if len(info.fields) == len(names) {
				names[i] = info.fields[i] // as Go spells it (the interpreter's Xv is v)
			}
			fields[i] = viewed(f, ast.IsExported(names[i]))
		}
		if info.views != nil {
			for j, v := range info.views(sv.Interface()) {
				fields[info.viewed[j]] = v
			}
		}
		if info.lateViews != nil && info.lateHas() {
			for j, v := range info.lateViews(sv.Interface()) {
				fields[info.late[j]] = v
			}
		}
		if info.str == nil && info.error == nil {
			return under
		}
		x := sv.Interface()
		n := &fmtview.Named{Type: name, Under: under}
		if info.str != nil {
			n.String = func() string { return info.str(x) }
		}
		if info.error != nil {
			n.Error = func() string { return info.error(x) }
		}
		return n
	}
	if rv.Kind() != reflect.Pointer {
		if s := view(rv, name, true); s != nil {
			return s
		}
		return v
	}
	// A pointer: its methods are those of what it points to (a value's String is the
	// pointer's too), through which it prints with %v and %s, else as a pointer.
	info, _ := describedAs(rv.Type().Elem().String())
	if info.pstr != nil || info.perror != nil {
		info.str, info.error = info.pstr, info.perror // the pointer's method set has both
	} else if info.str != nil || info.error != nil {
		// A value's methods, for the value it points to.
		str, err := info.str, info.error
		info.str, info.error = nil, nil
		if str != nil {
			info.str = func(p any) string { return str(reflect.ValueOf(p).Elem().Interface()) }
		}
		if err != nil {
			info.error = func(p any) string { return err(reflect.ValueOf(p).Elem().Interface()) }
		}
	}
	var under any = v
	if rv.IsNil() {
		under = &fmtview.Pointer{Type: name, Nil: true, Addr: v, Elem: func() any { return nil }}
	} else if e := view(rv.Elem(), name[1:], false); e != nil {
		under = &fmtview.Pointer{Type: name, Addr: v, Elem: func() any { return view(rv.Elem(), name[1:], false) }}
	}
	if info.str == nil && info.error == nil {
		return under
	}
	// On a nil pointer, fmt calls the method too: one that panics (a value's, which
	// dereferences it) prints <nil>.
	n := &fmtview.Named{Type: name, Under: under, NilPointer: rv.IsNil()}
	if info.str != nil {
		n.String = func() string { return info.str(v) }
	}
	if info.error != nil {
		n.Error = func() string { return info.error(v) }
	}
	return n
}

// GoTypeNames replaces the reflect strings of a cell's struct types in msg, a runtime
// error's message, by the types' names.
func GoTypeNames(msg string) string {
	typeNames.Lock()
	var strs []string
	for s, n := range typeNames.m {
		if n != "" && strings.Contains(msg, s) {
			strs = append(strs, s)
		}
	}
	names := make(map[string]string, len(strs))
	for _, s := range strs {
		names[s] = typeNames.m[s]
	}
	typeNames.Unlock()
	sort.Slice(strs, func(i, j int) bool { return len(strs[i]) > len(strs[j]) }) // a struct holding another first
	for _, s := range strs {
		msg = strings.ReplaceAll(msg, s, names[s])
	}
	return msg
}

// typeNameDecls returns the registrations of the struct types the cell declares.
func (k *check) typeNameDecls() string {
	if k.file == nil {
		return ""
	}
	var b strings.Builder
	for _, n := range k.cellStructs() {
		spelled := spell(n, k.qualifier(k.declaredNames()), k.instanceOf)
		b.WriteString("var _ = " + HookName + ".NameType(" + spelled + "{}, " + strconv.Quote(fmtTypeName(n)) + ")\n")
		if st := n.Underlying().(*types.Struct); (hasUnexported(st) || hasShadowing(st)) && !hasFmtMethod(n) {
			// Its fields' names, where the interpreter's hide which are unexported
			// (v is Xv), below which fmt calls no methods (see fmtOperand); one with
			// String or Error gets them from describeDecls.
			fields := make([]string, st.NumFields())
			for i := range fields {
				fields[i] = strconv.Quote(st.Field(i).Name())
			}
			b.WriteString("var _ = " + HookName + ".DescribeType(" + spelled + "{}, []string{" + strings.Join(fields, ", ") + "}, nil, nil)\n")
		}
	}
	b.WriteString(k.describeDecls())
	b.WriteString(k.describeFieldsDecls())
	b.WriteString(k.lateAsDecls())
	b.WriteString(k.lateBoxDecls())
	b.WriteString(k.errorMethodDecls())
	return b.String()
}

// hasUnexported reports whether st has an unexported field.
func hasUnexported(st *types.Struct) bool {
	for f := range st.Fields() {
		if !f.Exported() {
			return true
		}
	}
	return false
}

// hasShadowing reports whether st has a field renamed for a method it shadows (see
// shadowfields.go).
func hasShadowing(st *types.Struct) bool {
	for f := range st.Fields() {
		if shadowsMethod(st, f) {
			return true
		}
	}
	return false
}

// hasFmtMethod reports whether n or *n has a String or Error method.
func hasFmtMethod(n *types.Named) bool {
	for _, m := range []string{"String", "Error"} {
		if obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(n), false, n.Obj().Pkg(), m); obj != nil {
			return true
		}
	}
	return false
}

// recvNamed returns the named type whose method fn is, through a pointer receiver too;
// nil for a function.
func recvNamed(fn *types.Func) *types.Named {
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil {
		return nil
	}
	t := types.Unalias(recv.Type())
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, _ := t.(*types.Named)
	return n
}

// describeDecls registers, for each struct type of the session whose String or Error
// method the cell declares, the methods fmt calls: code of an earlier cell prints its
// values through them (func show(v any) { fmt.Println(v) }, declared before the type
// or the method; see fmtOperand).
func (k *check) describeDecls() string {
	if k.file == nil {
		return ""
	}
	var b strings.Builder
	done := map[*types.Named]bool{}
	var described []*types.Named
	for _, d := range k.file.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || !k.inCell(fd.Pos()) || (fd.Name.Name != "String" && fd.Name.Name != "Error") {
			continue
		}
		fn, ok := k.tinfo.Defs[fd.Name].(*types.Func)
		if !ok || !stringMethod(fn) {
			continue
		}
		if n := recvNamed(fn); n != nil {
			described = append(described, n)
		}
	}
	// And the cell's struct types that get String or Error from an embedded type.
	for _, n := range k.cellStructs() {
		for _, name := range []string{"String", "Error"} {
			obj, index, _ := types.LookupFieldOrMethod(types.NewPointer(n), false, nil, name)
			if f, ok := obj.(*types.Func); ok && len(index) > 1 && stringMethod(f) {
				described = append(described, n)
			}
		}
	}
	for _, n := range described {
		if n == nil || done[n] || n.TypeParams().Len() > 0 || !cellPackageLevel(n.Obj()) {
			continue
		}
		st, ok := n.Underlying().(*types.Struct)
		if !ok {
			continue
		}
		done[n] = true
		spelled := spell(n, k.qualifier(k.declaredNames()), k.instanceOf)
		fields := make([]string, st.NumFields())
		for i := range fields {
			fields[i] = strconv.Quote(st.Field(i).Name())
		}
		method := func(t types.Type, spelled, name string) string {
			obj, _, _ := types.LookupFieldOrMethod(t, false, nil, name)
			if f, ok := obj.(*types.Func); ok && stringMethod(f) {
				return "func(ᐅx any) string { return ᐅx.(" + spelled + ")." + name + "() }"
			}
			return "nil"
		}
		b.WriteString("var _ = " + HookName + ".DescribeType(" + spelled + "{}, []string{" + strings.Join(fields, ", ") + "}, " +
			method(n, spelled, "String") + ", " + method(n, spelled, "Error") + ")\n")
		// And a pointer's, which fmt calls for a pointer (a pointer receiver's String).
		pt := types.NewPointer(n)
		b.WriteString("var _ = " + HookName + ".DescribePointer(" + spelled + "{}, " +
			method(pt, "*"+spelled, "String") + ", " + method(pt, "*"+spelled, "Error") + ")\n")
	}
	return b.String()
}

// describeFieldsDecls returns the registrations of the views of the fields of the
// cell's struct types whose fields print by methods the interpreter's struct lost (a
// field of a named float type with String, a slice of one): fmt called from code that
// did not know the type (a helper show(v any) of an earlier cell) printed them bare.
// Interface fields are left to the views made when printed (see dynview.go).
func (k *check) describeFieldsDecls() string {
	if k.file == nil {
		return ""
	}
	var b strings.Builder
	g := &viewGen{l: &lowerer{k: k, src: k}}
	for _, n := range k.cellStructs() {
		st := n.Underlying().(*types.Struct)
		spelled := spell(n, k.qualifier(k.declaredNames()), k.instanceOf)
		var indexes, views, nils []string
		var late, lateTypes, lateViews []string
		for i := range st.NumFields() {
			f := st.Field(i)
			if f.Name() == "_" {
				indexes = nil
				break
			}
			nilName := ""
			if types.IsInterface(f.Type()) {
				nilName = fmtTypeName(f.Type())
			}
			nils = append(nils, strconv.Quote(nilName))
			if f.Exported() && g.l.lateNamed(f.Type()) && !shadowsMethod(st, f) {
				// A field of a named number (an enum) whose String a later cell may
				// declare: fmt calls it, also from an earlier cell's helper.
				t := f.Type()
				late = append(late, strconv.Itoa(i))
				lateTypes = append(lateTypes, strconv.Quote(fmtTypeName(t)))
				lateViews = append(lateViews, g.l.lateNamedOpen(t)+"ᐅv."+g.fieldName(f)+"))")
				continue
			}
			if types.IsInterface(f.Type()) || !g.needs(f.Type(), f.Exported()) {
				continue
			}
			field := g.fieldName(f)
			if shadowsMethod(st, f) {
				field += shadowSuffix
			}
			indexes = append(indexes, strconv.Itoa(i))
			views = append(views, g.view("ᐅv."+field, f.Type(), f.Exported()))
		}
		if len(late) > 0 {
			dl := "ᐅdl" + itoa(k.uid())
			b.WriteString("func " + dl + "() bool { return " + HookName + ".DescribeLateFields(" + spelled + "{}, []int{" + strings.Join(late, ", ") +
				"}, []string{" + strings.Join(lateTypes, ", ") + "}, func(ᐅx any) []any { ᐅv := ᐅx.(" + spelled + "); return []any{" +
				strings.Join(lateViews, ", ") + "} }) }\nvar _ = " + dl + "()\n")
		}
		if len(indexes) == 0 {
			continue
		}
		// In a function of its own: a package variable's initializer that reads a
		// variable of an earlier cell (the views read ᐅlb variables, see latebox.go) is
		// a "variable definition loop" to the interpreter.
		df := "ᐅdf" + itoa(k.uid())
		b.WriteString("func " + df + "() bool { " + HookName + ".DescribeFields(" + spelled + "{}, []int{" + strings.Join(indexes, ", ") +
			"}, func(ᐅx any) []any { ᐅv := ᐅx.(" + spelled + "); return []any{" + strings.Join(views, ", ") + "} }, []string{" +
			strings.Join(nils, ", ") + "}); return true }\nvar _ = " + df + "()\n")
	}
	return b.String()
}

// cellStructs returns the struct types the cell declares at its package level, not
// generic, in order.
func (k *check) cellStructs() []*types.Named {
	var out []*types.Named
	for _, d := range k.file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE || !k.inCell(gd.Pos()) {
			continue
		}
		for _, sp := range gd.Specs {
			ts := sp.(*ast.TypeSpec)
			tn, ok := k.tinfo.Defs[ts.Name].(*types.TypeName)
			if !ok || tn.IsAlias() || ts.TypeParams != nil {
				continue
			}
			if n, ok := tn.Type().(*types.Named); ok {
				if _, isStruct := n.Underlying().(*types.Struct); isStruct {
					out = append(out, n)
				}
			}
		}
	}
	return out
}

// fmtLate is what fmt gets for x, a value of a cell's struct type (or a pointer to one)
// named name that had no String or Error when the code printing it was checked: static,
// its view then, or a view of it through the String and Error a later cell registered
// for its type since.
func fmtLate(name string, x any, static any) any {
	rv := reflect.ValueOf(x)
	var str, errf func() string
	if rv.Kind() == reflect.Pointer {
		info, _ := describedAs(rv.Type().Elem().String())
		switch {
		case info.pstr != nil || info.perror != nil: // the pointer's method set has both
			if info.pstr != nil {
				str = func() string { return info.pstr(x) }
			}
			if info.perror != nil {
				errf = func() string { return info.perror(x) }
			}
		case !rv.IsNil(): // a value's methods, for the value it points to
			if info.str != nil {
				str = func() string { return info.str(rv.Elem().Interface()) }
			}
			if info.error != nil {
				errf = func() string { return info.error(rv.Elem().Interface()) }
			}
		}
	} else {
		info, _ := describedAs(rv.Type().String())
		if info.str != nil {
			str = func() string { return info.str(x) }
		}
		if info.error != nil {
			errf = func() string { return info.error(x) }
		}
	}
	if str == nil && errf == nil {
		return static
	}
	return &fmtview.Named{Type: name, Under: static, String: str, Error: errf, NilPointer: rv.Kind() == reflect.Pointer && rv.IsNil()}
}

// lateText returns the Error, else String, method that a later cell registered for the
// type of v, a cell's struct value (or a pointer to one) whose code did not know it.
func lateText(v any) (func() string, bool) {
	if v == nil {
		return nil, false
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Struct && rv.Kind() != reflect.Pointer {
		return nil, false
	}
	n, ok := fmtLate("", v, nil).(*fmtview.Named)
	if !ok {
		return nil, false
	}
	if n.Error != nil {
		return n.Error, true
	}
	return n.String, n.String != nil
}
