package front

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"hash/fnv"
	"strconv"
	"strings"
)

// Generics. The interpreter's own instantiation infers wrong types (Map[T, U] called with
// a func(int) string) and crashes on ordinary generic code, so it never sees any: every
// instantiation a cell uses, of a generic function or type of a cell or of the generic
// standard library, becomes a plain declaration with the type arguments written in, named
// for the instance, and the cell refers to that name. Instances are declared once per
// interpreter; a method declared later on a generic type is added to every instance made
// before.

// generics holds the generic declarations of a session and the instances made so far.
type generics struct {
	c          *Checker
	emitted    map[string]bool // instance names the interpreter has
	madeHidden map[string]bool // hidden import paths the interpreter has
	uids       int             // counter for names of lowered constructs
	decls      map[string]*genericDecl
	byDecl     map[*genericDecl][]*instance // emitted instances of each declaration
}

// genericDecl is a generic function or type (with its methods) and where it is written.
type genericDecl struct {
	key     string // "path.Name"
	pkg     string // package name for instance names ("" for cells)
	src     source
	fn      *ast.FuncDecl
	spec    *ast.TypeSpec
	methods []genericMethod
	version int
}

type genericMethod struct {
	src source
	fd  *ast.FuncDecl
}

// instance is one instantiation of a generic declaration.
type instance struct {
	name  string
	decl  *genericDecl
	targs []types.Type
	only  []genericMethod // when not nil: emit just these methods (declared after the type's instance)
}

func newGenerics(c *Checker) *generics {
	return &generics{c: c, emitted: map[string]bool{}, madeHidden: map[string]bool{},
		decls: map[string]*genericDecl{}, byDecl: map[*genericDecl][]*instance{}}
}

// pending is the state of instantiation for one check.
type pending struct {
	local      map[string]*genericDecl    // generic declarations of the cell being checked
	localTypes map[*types.TypeName]string // its local types declared at package level
	queue      []*instance
	seen       map[string]bool
	names      []string // instance names declared by the plan
	errs       []string
}

// localDecls collects the generic declarations of the checked cell, on top of those of
// earlier cells (a method on an earlier cell's generic type extends that declaration).
func (k *check) localDecls() map[string]*genericDecl {
	local := map[string]*genericDecl{}
	for _, d := range k.file.Decls {
		if !k.inCell(d.Pos()) || !k.isGenericDecl(d) {
			continue
		}
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				key := "main." + d.Name.Name
				v := 0
				if old := k.gen.decls[key]; old != nil {
					v = old.version + 1
				}
				local[key] = &genericDecl{key: key, src: k, fn: d, version: v}
			}
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				ts := sp.(*ast.TypeSpec)
				if isGenericSpec(ts) {
					key := "main." + ts.Name.Name
					local[key] = &genericDecl{key: key, src: k, spec: ts}
				}
			}
		}
	}
	for _, d := range k.file.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || !k.inCell(d.Pos()) || fd.Recv == nil || !isGenericRecv(fd) {
			continue
		}
		key := "main." + recvTypeName(fd)
		gd := local[key]
		if gd == nil {
			old := k.gen.decls[key]
			if old == nil {
				continue
			}
			cp := *old
			cp.methods = append([]genericMethod(nil), old.methods...)
			gd = &cp
			local[key] = gd
		}
		gd.methods = append(gd.methods, genericMethod{src: k, fd: fd})
	}
	return local
}

// lookup returns the generic declaration of obj.
func (g *generics) lookup(p *pending, obj types.Object) *genericDecl {
	if obj == nil || obj.Pkg() == nil {
		return nil
	}
	key := obj.Pkg().Path() + "." + obj.Name()
	if d := p.local[key]; d != nil {
		return d
	}
	if d := g.decls[key]; d != nil {
		return d
	}
	if sp, err := g.c.im.source(obj.Pkg().Path()); err == nil && sp != nil {
		if d := sp.generic(obj.Name()); d != nil {
			g.decls[key] = d
			return d
		}
	}
	return nil
}

// name returns the name of the instance of obj with type arguments targs, queueing the
// instance for declaration unless the interpreter has it.
func (g *generics) name(p *pending, obj types.Object, targs []types.Type) string {
	d := g.lookup(p, obj)
	if d == nil {
		p.errs = append(p.errs, fmt.Sprintf("the generic %s has no source this kernel can instantiate", obj.Name()))
		return obj.Name()
	}
	h := fnv.New32a()
	fmt.Fprintf(h, "%s#%d", d.key, d.version)
	for _, t := range targs {
		h.Write([]byte{0})
		h.Write([]byte(canonicalType(t)))
		for tn, name := range p.localTypes {
			if mentions(t, tn) {
				h.Write([]byte(name)) // local types of one name in two functions differ
			}
		}
	}
	prefix := "ᐅ"
	if d.pkg != "" {
		prefix += d.pkg + "_"
	}
	name := fmt.Sprintf("%s%s_%08x", prefix, obj.Name(), h.Sum32())
	if !g.emitted[name] && !p.seen[name] {
		p.seen[name] = true
		p.queue = append(p.queue, &instance{name: name, decl: d, targs: targs})
	}
	return name
}

// instancesFor declares every instance the lowered cell needs and the interpreter lacks,
// and the methods that the cell adds to generic types already instantiated.
func (g *generics) instancesFor(k *check, p *Plan) (string, error) {
	pd := k.pend
	// Methods declared by this cell on generic types that have instances already.
	for key, d := range pd.local {
		old := g.decls[key]
		if old == nil || d.spec != nil && old.spec != d.spec && d.src == k {
			continue
		}
		var added []genericMethod
		for _, m := range d.methods {
			if m.src == source(k) {
				added = append(added, m)
			}
		}
		if len(added) == 0 {
			continue
		}
		for _, in := range g.byDecl[old] {
			pd.queue = append(pd.queue, &instance{name: in.name, decl: d, targs: in.targs, only: added})
		}
	}
	// Types first: the interpreter wants a type declared before a function that uses it.
	var typesSrc, funcsSrc strings.Builder
	for len(pd.queue) > 0 {
		in := pd.queue[0]
		pd.queue = pd.queue[1:]
		if in.decl.spec != nil {
			typesSrc.WriteString(g.declare(k, pd, in))
		} else {
			funcsSrc.WriteString(g.declare(k, pd, in))
		}
		if in.only == nil {
			pd.names = append(pd.names, in.name)
		}
	}
	if len(pd.errs) > 0 {
		return "", &Error{Kind: "CompileError", List: pd.errs}
	}
	p.instances = pd.names
	return typesSrc.String() + funcsSrc.String(), nil
}

// declare returns the source of one instance.
func (g *generics) declare(k *check, p *pending, in *instance) string {
	d := in.decl
	var b strings.Builder
	switch {
	case d.fn != nil:
		sig := d.src.info().Defs[d.fn.Name].Type().(*types.Signature)
		sub := newSubstitution(sig.TypeParams(), in.targs)
		b.WriteString(g.instantiate(k, p, d.src, d.fn, sub, in.name, nil))
	case d.spec != nil:
		named := d.src.info().Defs[d.spec.Name].Type().(*types.Named)
		sub := newSubstitution(named.TypeParams(), in.targs)
		if in.only == nil {
			b.WriteString(g.instantiate(k, p, d.src, d.spec, sub, in.name, nil))
			b.WriteString(instanceName(d, named, in))
		}
		methods := d.methods
		if in.only != nil {
			methods = in.only
		}
		for _, m := range methods {
			msig := m.src.info().Defs[m.fd.Name].Type().(*types.Signature)
			msub := newSubstitution(msig.RecvTypeParams(), in.targs)
			b.WriteString(g.instantiate(k, p, m.src, m.fd, msub, in.name, m.fd))
		}
	}
	if d.spec != nil && d.pkg == "" && in.only == nil {
		// Found again in interfaces by assertions of code that does not know it (see
		// lateassert.go): the interpreter's own assertion does not find an instance's
		// methods.
		named := d.src.info().Defs[d.spec.Name].Type().(*types.Named)
		if t, err := types.Instantiate(nil, named, in.targs, false); err == nil {
			if _, isStruct := t.Underlying().(*types.Struct); isStruct {
				b.WriteString(k.registerAs(t, in.name, k.lateIfaces()))
				if n, ok := t.(*types.Named); ok {
					b.WriteString(k.instanceErrorMethods(n)) // (errors.Is of one made in a generic body)
				}
			}
		}
	}
	if in.only == nil {
		g.byDecl[d] = append(g.byDecl[d], in)
	}
	return b.String()
}

// instanceName returns the registration of the name of in, an instance of a cell's
// generic struct type, for runtime messages and %T (see typenames.go): the interpreter
// knows it as struct { V int }, Go as main.Box[int].
func instanceName(d *genericDecl, generic *types.Named, in *instance) string {
	if d.pkg != "" {
		return ""
	}
	if _, ok := generic.Underlying().(*types.Struct); !ok {
		return ""
	}
	t, err := types.Instantiate(nil, generic, in.targs, false)
	if err != nil {
		return ""
	}
	// Its fields' names as Go spells them (the interpreter renames unexported ones) and
	// the methods fmt calls, for printing it from an interface (see fmtOperand).
	st := t.Underlying().(*types.Struct)
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
	pt := types.NewPointer(t)
	return "var _ = " + HookName + ".NameType(" + in.name + "{}, " + strconv.Quote(fmtTypeName(t)) + ")\n" +
		"var _ = " + HookName + ".DescribeType(" + in.name + "{}, []string{" + strings.Join(fields, ", ") + "}, " +
		method(t, in.name, "String") + ", " + method(t, in.name, "Error") + ")\n" +
		// And a pointer's (a pointer receiver's String), as describeDecls does.
		"var _ = " + HookName + ".DescribePointer(" + in.name + "{}, " +
		method(pt, "*"+in.name, "String") + ", " + method(pt, "*"+in.name, "Error") + ")\n"
}

// instantiate writes node (a generic function, type spec or method of src) with the type
// arguments of sub, named name (for a method: on the receiver type name).
func (g *generics) instantiate(k *check, p *pending, src source, node ast.Node, sub *substitution, name string, method *ast.FuncDecl) string {
	l := &lowerer{k: k, src: src, subst: sub}
	var from, to token.Pos
	var prefix string
	switch n := node.(type) {
	case *ast.TypeSpec:
		from, to = n.Pos(), n.End()
		prefix = "type "
		l.add(l.off(n.Name.Pos()), len(n.Name.Name), name, 0)
		l.add(l.off(n.TypeParams.Opening), l.off(n.TypeParams.Closing)+1-l.off(n.TypeParams.Opening), "", 0)
		l.selfKeyedMap(n)
		if st, ok := n.Type.(*ast.StructType); ok && (l.instanceTwin(st) || g.twinDecl(p, n) || l.namedBasicArgs()) {
			// Tagged with its name: the interpreter tells types apart by structure, and
			// an instance with the fields of a cell's struct type would be that type, as
			// would instances of two generic types with the same fields (Stack[int] and
			// Queue[int]), or as would Box[Celsius] and Box[float64] (the interpreter
			// holds a Celsius as a float64). Only then: the tag shows through reflect,
			// and an untagged instance converts to and from struct{ ... } as in Go.
			l.nameStruct(st, name)
		}
		l.namedBase(n, 0)
		if _, st := n.Type.(*ast.StructType); !st {
			l.definedStruct(n, name) // type Twin[T any] Pair[T]
		}
		l.node(n.Type, &frame{}, 0)
	case *ast.FuncDecl:
		from, to = n.Pos(), n.End()
		if n.Doc != nil {
			from = n.Type.Func
		}
		if method != nil {
			// The receiver's type, Stack[T] or *Stack[T], names the instance.
			rt := n.Recv.List[0].Type
			if s, ok := rt.(*ast.StarExpr); ok {
				rt = s.X
			}
			l.add(l.off(rt.Pos()), l.off(rt.End())-l.off(rt.Pos()), name, 0)
		} else {
			l.add(l.off(n.Name.Pos()), len(n.Name.Name), name, 0)
			if tp := n.Type.TypeParams; tp != nil {
				l.add(l.off(tp.Opening), l.off(tp.Closing)+1-l.off(tp.Opening), "", 0)
			}
		}
		l.nameParams(n.Type.Params)
		l.node(n.Type.Params, &frame{}, 0)
		if n.Type.Results != nil {
			l.node(n.Type.Results, &frame{}, 0)
		}
		sig, _ := src.info().Defs[n.Name].Type().(*types.Signature)
		if method != nil && l.claimPrologue(n) {
			l.method = n.Name.Name // (see plan.go)
		}
		l.lowerFunc(n.Body, sig, 1)
		l.method = ""
	}
	p.errs = append(p.errs, l.errs...)
	a, b := l.off(from), l.off(to)
	text := l.editedText(src.code(from), a, b, func(e edit) bool { return e.at >= a && e.at <= b })
	return src.directive(from) + prefix + text + "\n"
}

// substitution maps the type parameters of a generic declaration to type arguments.
type substitution struct {
	m map[*types.TypeParam]types.Type
}

func newSubstitution(params *types.TypeParamList, args []types.Type) *substitution {
	s := &substitution{m: map[*types.TypeParam]types.Type{}}
	for i := 0; params != nil && i < params.Len() && i < len(args); i++ {
		s.m[params.At(i)] = args[i]
	}
	return s
}

// apply replaces the type parameters in t.
func (s *substitution) apply(t types.Type) types.Type {
	if s == nil || len(s.m) == 0 {
		return t
	}
	switch t := t.(type) {
	case *types.TypeParam:
		if r, ok := s.m[t]; ok {
			return r
		}
		return t
	case *types.Alias:
		return s.apply(types.Unalias(t))
	case *types.Named:
		ta := t.TypeArgs()
		if ta == nil || ta.Len() == 0 {
			return t
		}
		args := make([]types.Type, ta.Len())
		changed := false
		for i := range args {
			args[i] = s.apply(ta.At(i))
			changed = changed || args[i] != ta.At(i)
		}
		if !changed {
			return t
		}
		r, err := types.Instantiate(nil, t.Origin(), args, false)
		if err != nil {
			return t
		}
		return r
	case *types.Pointer:
		return types.NewPointer(s.apply(t.Elem()))
	case *types.Slice:
		return types.NewSlice(s.apply(t.Elem()))
	case *types.Array:
		return types.NewArray(s.apply(t.Elem()), t.Len())
	case *types.Map:
		return types.NewMap(s.apply(t.Key()), s.apply(t.Elem()))
	case *types.Chan:
		return types.NewChan(t.Dir(), s.apply(t.Elem()))
	case *types.Tuple:
		if t == nil {
			return t
		}
		vs := make([]*types.Var, t.Len())
		for i := range vs {
			v := t.At(i)
			vs[i] = types.NewVar(v.Pos(), v.Pkg(), v.Name(), s.apply(v.Type()))
		}
		return types.NewTuple(vs...)
	case *types.Signature:
		return types.NewSignatureType(nil, nil, nil, s.apply(t.Params()).(*types.Tuple), s.apply(t.Results()).(*types.Tuple), t.Variadic())
	case *types.Struct:
		fs := make([]*types.Var, t.NumFields())
		tags := make([]string, t.NumFields())
		for i := range fs {
			f := t.Field(i)
			fs[i] = types.NewField(f.Pos(), f.Pkg(), f.Name(), s.apply(f.Type()), f.Embedded())
			tags[i] = t.Tag(i)
		}
		return types.NewStruct(fs, tags)
	}
	return t
}

// ident lowers a use of a name: a type parameter becomes its type argument, and a
// generic function or type used with inferred type arguments becomes its instance.
func (l *lowerer) ident(id *ast.Ident) {
	info := l.info()
	obj := info.Uses[id]
	if tn, ok := obj.(*types.TypeName); ok && (l.aliasUse(id, tn) || l.hoistedUse(id, tn) || l.instanceAliasUse(id, tn)) {
		return
	}
	l.useName(id, obj)
	if tn, ok := obj.(*types.TypeName); ok && l.subst != nil {
		if tp, ok := tn.Type().(*types.TypeParam); ok {
			if r, ok := l.subst.m[tp]; ok {
				text := l.spellType(r)
				if !l.bareTypes[id] && (strings.HasPrefix(text, "*") || strings.HasPrefix(text, "func") || strings.HasPrefix(text, "<-")) {
					// (P(x) is no *T(x); but a declared type goes bare, since the
					// interpreter panics on var o (*T) in a function)
					text = "(" + text + ")"
				}
				// Weak: an edit that spells out the text around it (x.(T) lowered) has
				// the type argument already.
				l.edits = append(l.edits, edit{at: l.off(id.Pos()), del: len(id.Name), text: text, weak: true})
			}
			return
		}
	}
	if inst, ok := info.Instances[id]; ok {
		l.add(l.off(id.Pos()), len(id.Name), l.instanceName(obj, inst), 0)
		return
	}
	// Inside library code, a compiled package by the name the cell's code knows it by
	// (sync.Once in an overlay, with sync imported as s2 by the cell).
	if pn, ok := obj.(*types.PkgName); ok && !sourcePaths[pn.Imported().Path()] {
		if _, lib := l.src.(*sourcePackage); lib {
			if q := l.k.qualifier(l.k.declaredNames())(pn.Imported()); q != id.Name {
				l.add(l.off(id.Pos()), len(id.Name), q, 0)
			}
			return
		}
	}
	// Inside library code, the package's other declarations: constants by value, and
	// functions by the name of their (one) instance.
	if sp, ok := l.src.(*sourcePackage); ok && obj != nil && obj.Pkg() == sp.pkg && obj.Parent() == sp.pkg.Scope() {
		switch o := obj.(type) {
		case *types.Const:
			l.add(l.off(id.Pos()), len(id.Name), constLiteral(o.Val(), o.Type()), 0)
		case *types.Func:
			if hook, ok := compiledLib[sp.path+"."+o.Name()]; ok {
				l.add(l.off(id.Pos()), len(id.Name), HookName+"."+hook, 0)
				return
			}
			l.add(l.off(id.Pos()), len(id.Name), l.k.gen.name(l.k.pend, o, nil), 0)
		}
	}
}

// instanceExpr lowers F[T] or pkg.F[T]: the whole expression becomes the instance.
func (l *lowerer) instanceExpr(e ast.Expr) bool {
	var x ast.Expr
	switch e := e.(type) {
	case *ast.IndexExpr:
		x = e.X
	case *ast.IndexListExpr:
		x = e.X
	}
	id := nameOf(x)
	if id == nil {
		return false
	}
	inst, ok := l.info().Instances[id]
	if !ok {
		return false
	}
	if tn, ok := l.info().Uses[id].(*types.TypeName); ok && tn.IsAlias() {
		// A generic alias stands for the type it instantiates to; spell that, in
		// parentheses where a conversion to it would read otherwise (Ptr[int](&x) is
		// no *int(&x), Recv[T](ch) no receive; see aliasUse).
		text := l.spellType(types.Unalias(inst.Type))
		for _, p := range []string{"func", "*", "<-", "chan"} {
			if l.converts[id] && strings.HasPrefix(text, p) {
				text = "(" + text + ")"
				break
			}
		}
		l.add(l.off(e.Pos()), l.off(e.End())-l.off(e.Pos()), text, 0)
		return true
	}
	l.add(l.off(e.Pos()), l.off(e.End())-l.off(e.Pos()), l.instanceName(l.info().Uses[id], inst), 0)
	return true
}

// selectorInstance lowers pkg.F used with inferred type arguments.
func (l *lowerer) selectorInstance(s *ast.SelectorExpr) bool {
	inst, ok := l.info().Instances[s.Sel]
	if !ok {
		return false
	}
	l.add(l.off(s.Pos()), l.off(s.End())-l.off(s.Pos()), l.instanceName(l.info().Uses[s.Sel], inst), 0)
	return true
}

func (l *lowerer) instanceName(obj types.Object, inst types.Instance) string {
	targs := make([]types.Type, inst.TypeArgs.Len())
	for i := range targs {
		targs[i] = l.subst.apply(inst.TypeArgs.At(i))
	}
	return l.k.gen.name(l.k.pend, obj, targs)
}

// spellType writes t for lowered code, after substitution.
func (l *lowerer) spellType(t types.Type) string {
	return spell(l.subst.apply(t), l.k.qualifier(l.k.declaredNames()), l.k.instanceOf)
}

// instanceOf names the instance of an instantiated generic type.
func (k *check) instanceOf(t *types.Named) string {
	if name := k.localTypes[t.Obj()]; name != "" {
		return name
	}
	ta := t.TypeArgs()
	if ta.Len() == 0 {
		return k.cellTypeName(t)
	}
	targs := make([]types.Type, ta.Len())
	for i := range targs {
		targs[i] = ta.At(i)
	}
	return k.gen.name(k.pend, t.Origin().Obj(), targs)
}

// declareFunc, declareMethod and declareType record the generic declarations of a cell
// that ran, for later cells.
func (g *generics) declareFunc(k *check, d *ast.FuncDecl) {
	if gd := k.pend.local["main."+d.Name.Name]; gd != nil {
		g.decls[gd.key] = gd
	}
}

func (g *generics) declareMethod(k *check, d *ast.FuncDecl) {
	if gd := k.pend.local["main."+recvTypeName(d)]; gd != nil {
		if old := g.decls[gd.key]; old != nil && old != gd {
			g.byDecl[gd] = g.byDecl[old]
		}
		g.decls[gd.key] = gd
	}
}

func (g *generics) declareType(k *check, ts *ast.TypeSpec) {
	if gd := k.pend.local["main."+ts.Name.Name]; gd != nil {
		g.decls[gd.key] = gd
	}
}

// twinDecl reports whether another generic struct type of the session has the field
// names of ts, a generic struct type's declaration: their instances may have the same
// fields.
func (g *generics) twinDecl(p *pending, ts *ast.TypeSpec) bool {
	names := fieldNames(ts)
	if names == "" {
		return false
	}
	check := func(d *genericDecl) bool {
		return d.spec != nil && d.spec != ts && d.spec.Name.Name != ts.Name.Name && fieldNames(d.spec) == names
	}
	for _, d := range g.decls {
		if check(d) {
			return true
		}
	}
	for _, d := range p.local {
		if check(d) {
			return true
		}
	}
	return false
}

// fieldNames returns the field names of ts's struct type, in order, or "" if it is no
// struct type.
func fieldNames(ts *ast.TypeSpec) string {
	st, ok := ts.Type.(*ast.StructType)
	if !ok || st.Fields == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString("{")
	for _, f := range st.Fields.List {
		if len(f.Names) == 0 {
			b.WriteString(types.ExprString(f.Type) + ";") // embedded
		}
		for _, n := range f.Names {
			b.WriteString(n.Name + ";")
		}
	}
	return b.String()
}

// canonicalType spells t as the same type is spelled however it is written: without
// aliases (A[byte] is A[uint8], A[any] is A[interface{}], A[F] with type F = float64 is
// A[float64]), naming packages by path. Instances are named by it, so that one type is
// one instance.
func canonicalType(t types.Type) string {
	qual := func(p *types.Package) string { return p.Path() }
	switch u := t.(type) {
	case *types.Alias:
		return canonicalType(types.Unalias(u))
	case *types.Basic:
		switch u.Kind() {
		case types.Byte:
			return "uint8"
		case types.Rune:
			return "int32"
		}
		return u.Name()
	case *types.Pointer:
		return "*" + canonicalType(u.Elem())
	case *types.Slice:
		return "[]" + canonicalType(u.Elem())
	case *types.Array:
		return "[" + strconv.FormatInt(u.Len(), 10) + "]" + canonicalType(u.Elem())
	case *types.Map:
		return "map[" + canonicalType(u.Key()) + "]" + canonicalType(u.Elem())
	case *types.Chan:
		dir := "chan "
		switch u.Dir() {
		case types.SendOnly:
			dir = "chan<- "
		case types.RecvOnly:
			dir = "<-chan "
		}
		return dir + "(" + canonicalType(u.Elem()) + ")"
	case *types.Named:
		if u.TypeArgs().Len() == 0 {
			return types.TypeString(u, qual)
		}
		args := make([]string, u.TypeArgs().Len())
		for i := range args {
			args[i] = canonicalType(u.TypeArgs().At(i))
		}
		return types.TypeString(u.Origin(), qual) + "[" + strings.Join(args, ",") + "]"
	case *types.Interface:
		if u.Empty() {
			return "interface {}"
		}
	}
	return types.TypeString(t, qual)
}

// namedBasicArgs reports whether a type argument of the instance being lowered is, or
// holds, a cell's named type that the interpreter represents by its underlying type (one
// not a struct or an interface).
func (l *lowerer) namedBasicArgs() bool {
	if l.subst == nil {
		return false
	}
	found := false
	for _, t := range l.subst.m {
		walkTypes(t, func(t types.Type) bool {
			if n := cellNamed(t); n != nil {
				switch n.Underlying().(type) {
				case *types.Struct, *types.Interface:
				default:
					found = true
				}
			}
			return !found
		})
	}
	return found
}
