package front

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Methods promoted from an embedded compiled type. The interpreter builds a cell's struct
// type by reflection, which gives a struct value no methods from an embedded interface
// and none from an embedded compiled type, and a pointer none from an embedded compiled
// type's pointer methods; so such a struct is not the interface its methods make:
//
//	type MyErr struct{ error; code int }
//	var err error = MyErr{...}      // fmt.Println(err): "method not found: Error"
//	type Log struct{ bytes.Buffer }
//	var w io.Writer = &l            // "cannot use type *Log as type io.Writer"
//
// Declared methods are found. So a cell that puts such a value in an interface (a
// pointer, for the second kind) declares, for each method promoted from a compiled
// embedded field, the method Go promotes, which calls through the field:
//
//	func (ᐅr MyErr) Error() string { if ᐅfwMyErr_Error != nil { return ᐅfwMyErr_Error(ᐅr) }; return ᐅr.error.Error() }
//
// Only then: a pointer to a struct embedding an interface (a decorator around an
// opt.Optimizer) needs none, and a later cell may declare a method of that name, with a
// pointer receiver that a forwarder's copy of the value would defeat. Declared after a
// forwarder, as Go lets a type replace a promoted method, it cannot redefine it in the
// interpreter; so that cell declares its method under another name and points the
// forwarder's hook at it:
//
//	func (c *Clipped) Step(p, g []float64) error {…}  →  func (c *Clipped) ᐅoStep(p, g []float64) error {…}
//	                                                      ᐅfwClipped_Step = func(ᐅx any, ᐅa0 []float64, ᐅa1 []float64) error { ᐅr := ᐅx.(*Clipped); return ᐅr.ᐅoStep(ᐅa0, ᐅa1) }

// forwarder is a method a cell declared for a promoted one, by "T.M".
type forwarder struct {
	field string // the embedded field's type, as the user wrote it
	hook  string // the variable that, set, replaces it
	ptr   bool   // whether its receiver is a pointer
	sig   string // its signature, without receiver, packages by path
}

// wantForwarders notes that a value of type vt goes into an interface of type target
// here, so that the cell declares the forwarders it needs (see above).
func (l *lowerer) wantForwarders(vt, target types.Type) {
	if vt == nil || target == nil || l.k == nil {
		return
	}
	if _, lib := l.src.(*sourcePackage); lib {
		return
	}
	it, ok := types.Unalias(target).Underlying().(*types.Interface)
	if !ok {
		return
	}
	p, isPointer := types.Unalias(vt).(*types.Pointer)
	if isPointer {
		vt = p.Elem()
	}
	n, ok := types.Unalias(vt).(*types.Named)
	if !ok {
		return
	}
	if it.NumMethods() == 0 {
		// Into an any, from which an assertion to a compiled interface may take it: the
		// methods of embedded cell interfaces only.
		if !isPointer {
			l.k.wantCellIfaceForwarders(n)
		}
		return
	}
	l.k.wantForwarders(n, isPointer, cellInterface(types.Unalias(target)), map[*types.Named]bool{})
}

// wantCellIfaceForwarders notes n as needing forwarders if it is a cell's struct type
// that embeds a cell's interface: the interpreter's wrapper for a compiled interface
// (fmt.Stringer, error, a library's) does not find the methods its value gets from the
// embedded interface, where a cell's interface does.
func (k *check) wantCellIfaceForwarders(n *types.Named) {
	if !cellPackageLevel(n.Obj()) && k.localTypes[n.Obj()] == "" || n.TypeParams().Len() > 0 || n.TypeArgs().Len() > 0 {
		return
	}
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return
	}
	for i := range st.NumFields() {
		if f := st.Field(i); f.Embedded() && cellIfaceEmbed(f.Type()) {
			if k.wantFwd == nil {
				k.wantFwd = map[string]*types.Named{}
			}
			k.wantFwd[k.instanceOf(n)] = n
			return
		}
	}
}

// cellIfaceEmbed reports whether t, the type of an embedded field, is a cell's named
// interface type.
func cellIfaceEmbed(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "main" && types.IsInterface(n) &&
		n.TypeParams().Len() == 0 && n.TypeArgs().Len() == 0
}

// wantForwarders notes n, a cell's struct type, and the cell struct types it embeds, as
// needing forwarders: for a value, all; for a pointer, those of embedded compiled types
// that are not interfaces (their pointer methods), and going into a cell's interface,
// those of embedded pointers to compiled types (var n Namer = &Sign{...} could not call
// Name, promoted from *opt.Base; into a library interface, it can).
func (k *check) wantForwarders(n *types.Named, pointer, cellTarget bool, seen map[*types.Named]bool) {
	k.wantForwardersAt(n, pointer, cellTarget, false, seen)
}

// wantForwardersAt is wantForwarders for n, itself embedded (nested) or not. A cell's
// interface embedded in a struct that is itself embedded (type App struct{ Service; id
// int } with Service struct{ Logger }) is forwarded for a cell's interface too: the
// interpreter finds its methods one level down, not two (method not found: Log).
func (k *check) wantForwardersAt(n *types.Named, pointer, cellTarget, nested bool, seen map[*types.Named]bool) {
	if seen[n] || !cellPackageLevel(n.Obj()) && k.localTypes[n.Obj()] == "" || n.TypeParams().Len() > 0 && n.TypeArgs().Len() == 0 {
		return // (a local type declared at package level has them too: see localtypes.go)
	}
	seen[n] = true
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return
	}
	for i := range st.NumFields() {
		f := st.Field(i)
		if !f.Embedded() {
			continue
		}
		t := types.Unalias(f.Type())
		want := compiledEmbed(t) && (!pointer || !types.IsInterface(t)) ||
			compiledPointerEmbed(t) && pointer && cellTarget ||
			cellIfaceEmbed(t) && (!cellTarget || nested)
		if want {
			if k.wantFwd == nil {
				k.wantFwd = map[string]*types.Named{}
			}
			k.wantFwd[k.instanceOf(n)] = n
		}
		if fn, isPointer := embeddedNamed(f); fn != nil && cellValue(fn) && (pointer || isPointer || cellTarget) {
			// (Not for a value going into a library interface: there, a value of a
			// struct whose error comes from an embedded cell struct's forwarder is not
			// found again by assertions, silently, where without it the conversion fails.)
			k.wantForwardersAt(fn, true, cellTarget, true, seen)
		}
	}
}

// forwarders returns the declarations of the forwarders the cell needs, and records them
// in p. A method forwarded by an earlier cell is not declared again: the interpreter
// keeps the first, and its hook.
func (k *check) forwarders(p *Plan) string {
	if k.pkg == nil || len(k.wantFwd) == 0 {
		return ""
	}
	var b strings.Builder
	for _, name := range sortedKeys(k.wantFwd) {
		k.forward(&b, p, name, k.wantFwd[name])
	}
	return b.String()
}

// forward writes the forwarders of n, named name in lowered code.
func (k *check) forward(b *strings.Builder, p *Plan, name string, n *types.Named) {
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return
	}
	shadowed := k.declaredNames()
	qual := k.qualifier(shadowed)
	recv := spell(n, qual, k.instanceOf)
	values := types.NewMethodSet(n)
	ptrs := types.NewMethodSet(types.NewPointer(n))
	directive := ""
	if k.inCell(n.Obj().Pos()) {
		directive = k.directive(n.Obj().Pos())
	}
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		if !f.Embedded() || !compiledEmbed(f.Type()) && !compiledPointerEmbed(f.Type()) && !cellIfaceEmbed(f.Type()) {
			continue
		}
		for j := 0; j < ptrs.Len(); j++ {
			m := ptrs.At(j)
			fn := m.Obj().(*types.Func)
			if !fn.Exported() || len(m.Index()) != 2 || m.Index()[0] != i {
				continue // not promoted from f itself: declared, deeper, or unexported
			}
			key := name + "." + fn.Name()
			if _, done := k.forwarded[key]; done {
				continue
			}
			if _, done := p.forward[key]; done {
				continue
			}
			sig := fn.Type().(*types.Signature)
			if _, ok := k.typeString(plainSignature(sig), shadowed); !ok || !k.importable(sig) {
				continue // a type the cell cannot name (reflect.Value's unsafe.Pointer)
			}
			fw := forwarder{
				field: types.TypeString(f.Type(), func(p *types.Package) string { return p.Name() }),
				hook:  "ᐅfw" + name + "_" + fn.Name(),
				// Through an embedded pointer, on the pointer only: the struct's value in
				// an interface would hold the pointer instead (%T and assertions went
				// wrong), and a later cell's method replacing it gets the pointer.
				ptr: values.Lookup(fn.Pkg(), fn.Name()) == nil || compiledPointerEmbed(f.Type()),
				sig: pathSignature(sig),
			}
			if p.forward == nil {
				p.forward = map[string]forwarder{}
			}
			p.forward[key] = fw
			r := recv
			if fw.ptr {
				r = "*" + recv
			}
			params, args := spellParams(sig, func(t types.Type) string { return spell(t, qual, k.instanceOf) })
			results := spellResults(sig, func(t types.Type) string { return spell(t, qual, k.instanceOf) })
			ret := ""
			if sig.Results().Len() > 0 {
				ret = "return "
			}
			// The hook takes the receiver as an any: a variable whose type names the
			// struct, declared with it, made the interpreter's struct type another.
			b.WriteString(directive)
			b.WriteString("var " + fw.hook + " func(ᐅr any")
			if params != "" {
				b.WriteString(", " + params)
			}
			b.WriteString(") " + results + "\n")
			b.WriteString(directive)
			b.WriteString("func (ᐅr " + r + ") " + fn.Name() + "(" + params + ") " + results + " { ")
			call := fw.hook + "(" + strings.Join(append([]string{"ᐅr"}, args...), ", ") + ")"
			if ret == "" {
				call += "; return"
			}
			b.WriteString("if " + fw.hook + " != nil { " + ret + call + " }; ")
			b.WriteString(ret + "ᐅr." + f.Name() + "." + fn.Name() + "(" + strings.Join(args, ", ") + ") }\n")
		}
	}
}

// importable reports whether every package that sig's types come from can be imported
// (a method of *os.File names syscall's, which the kernel lacks).
func (k *check) importable(sig *types.Signature) bool {
	ok := true
	walkTypes(sig, func(t types.Type) bool {
		switch t := t.(type) {
		case *types.Named:
			if p := t.Obj().Pkg(); p != nil && p.Path() != "main" && !k.im.Has(p.Path()) {
				ok = false
			}
		case *types.Basic:
			if t.Kind() == types.UnsafePointer {
				ok = false
			}
		}
		return ok
	})
	return ok
}

// overrideForwarder lowers d, a method of the cell, when an earlier cell declared a
// forwarder of its name (see above): d gets a hidden name, and the forwarder's hook is
// set to call it. A signature other than the forwarder's, which the hook cannot take,
// is an error.
func (k *check) overrideForwarder(l *lowerer, d *ast.FuncDecl) error {
	fw, found := k.forwarded[recvTypeName(d)+"."+d.Name.Name]
	if !found {
		return nil
	}
	fn, _ := k.tinfo.Defs[d.Name].(*types.Func)
	if fn == nil {
		return nil
	}
	sig := fn.Type().(*types.Signature)
	if pathSignature(sig) != fw.sig {
		t := recvTypeName(d)
		return &Error{Kind: "RedefinitionError", List: []string{fmt.Sprintf(
			"%s: method %s.%s has another signature than the %s that %s gets from its embedded %s, which the interpreter fixed when an earlier cell declared %s: it cannot redefine methods. Give the new one another name, or declare it in the cell that declares %s, or run %%reset to clear all state (then re-run the cells you need)",
			Positions(k.fset.Position(d.Name.Pos()).String()), t, d.Name.Name, d.Name.Name, t, fw.field, t, t)}}
	}
	hidden := "ᐅo" + d.Name.Name
	l.add(k.cellOffset(d.Name.Pos()), len(d.Name.Name), hidden, 0)
	recv := l.typ(sig.Recv().Type())
	if p, isPtr := sig.Recv().Type().(*types.Pointer); isPtr {
		recv = l.typ(p.Elem())
	}
	if fw.ptr {
		recv = "*" + recv
	}
	params, args := spellParams(sig, l.typ)
	ret := ""
	if sig.Results().Len() > 0 {
		ret = "return "
	}
	if params != "" {
		params = ", " + params
	}
	k.hooks = append(k.hooks, fw.hook+" = func(ᐅx any"+params+") "+spellResults(sig, l.typ)+" { ᐅr := ᐅx.("+recv+"); "+ret+"ᐅr."+hidden+"("+strings.Join(args, ", ")+") }")
	return nil
}

// hooksChunk returns the chunk that sets the hooks of the forwarders the cell's methods
// replace, to run before the cell's statements.
func (k *check) hooksChunk() Chunk {
	return Chunk{Kind: Stmts, Src: "\n;" + strings.Join(k.hooks, "; ")}
}

// spellParams spells the parameters of sig, named ᐅa0, ᐅa1, ..., and the arguments that
// pass them on.
func spellParams(sig *types.Signature, typ func(types.Type) string) (params string, args []string) {
	var ps []string
	for i := 0; i < sig.Params().Len(); i++ {
		a := "ᐅa" + itoa(i)
		t := sig.Params().At(i).Type()
		if sig.Variadic() && i == sig.Params().Len()-1 {
			ps = append(ps, a+" ..."+typ(t.(*types.Slice).Elem()))
			a += "..."
		} else {
			ps = append(ps, a+" "+typ(t))
		}
		args = append(args, a)
	}
	return strings.Join(ps, ", "), args
}

// spellResults spells the results of sig, in parentheses ("" for none).
func spellResults(sig *types.Signature, typ func(types.Type) string) string {
	if sig.Results().Len() == 0 {
		return ""
	}
	var rs []string
	for i := 0; i < sig.Results().Len(); i++ {
		rs = append(rs, typ(sig.Results().At(i).Type()))
	}
	return "(" + strings.Join(rs, ", ") + ")"
}

// plainSignature is sig without receiver or parameter names.
func plainSignature(sig *types.Signature) *types.Signature {
	unnamed := func(t *types.Tuple) *types.Tuple {
		vs := make([]*types.Var, t.Len())
		for i := range vs {
			vs[i] = types.NewParam(token.NoPos, nil, "", t.At(i).Type())
		}
		return types.NewTuple(vs...)
	}
	return types.NewSignatureType(nil, nil, nil, unnamed(sig.Params()), unnamed(sig.Results()), sig.Variadic())
}

// pathSignature spells sig without its receiver, naming packages by path and aliases by
// what they stand for (any, byte, rune), to compare the signatures of methods that
// different cells checked.
func pathSignature(sig *types.Signature) string {
	s := spell(plainSignature(sig), func(p *types.Package) string { return p.Path() }, nil)
	return basicAliases.Replace(s)
}

// basicAliases spells byte and rune as the types they are.
var basicAliases = strings.NewReplacer("byte", "uint8", "rune", "int32")

// compiledPointerEmbed reports whether t, the type of an embedded field, is a pointer to
// a compiled package's named type.
func compiledPointerEmbed(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && compiledEmbed(p.Elem())
}

// compiledEmbed reports whether t, the type of an embedded field, is a compiled package's
// named type (an interface or not).
func compiledEmbed(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	p := n.Obj().Pkg()
	return p == nil || p.Path() != "main" && !sourcePaths[p.Path()] // nil: error
}
