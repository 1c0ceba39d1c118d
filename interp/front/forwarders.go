package front

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Methods promoted from an embedded compiled type. The interpreter builds a cell's struct
// type by reflection, which gives a struct no methods from an embedded interface and
// none, on the value, from an embedded compiled type; so a struct that embeds one is not
// the interface its methods make:
//
//	type MyErr struct{ error; code int }
//	var err error = MyErr{...}      // fmt.Println(err): "method not found: Error"
//	type Log struct{ bytes.Buffer }
//	var w io.Writer = &l            // "cannot use type *Log as type io.Writer"
//
// Declared methods are found. So the cell that declares such a struct also declares,
// for each method promoted from a compiled embedded field, the method Go promotes, which
// calls through the field:
//
//	func (ᐅr MyErr) Error() string { if ᐅfwMyErr_Error != nil { return ᐅfwMyErr_Error(ᐅr) }; return ᐅr.error.Error() }
//
// A later cell may declare a method of that name, as Go lets a type replace a promoted
// method (a decorator's Step around an embedded opt.Optimizer). The interpreter cannot
// redefine the forwarder, so that cell declares its method under another name and
// points the forwarder's hook at it:
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

// forwarders returns the declarations of those methods for the struct types the cell
// declares, and records them in p. A method forwarded by an earlier cell is not declared
// again (re-running a cell): the interpreter keeps the first, and its hook.
func (k *check) forwarders(p *Plan) string {
	if k.file == nil {
		return ""
	}
	var b strings.Builder
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
				k.forward(&b, p, n, ts)
			}
		}
	}
	return b.String()
}

// forward writes the forwarders of n, declared by ts.
func (k *check) forward(b *strings.Builder, p *Plan, n *types.Named, ts *ast.TypeSpec) {
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return
	}
	shadowed := k.declaredNames()
	qual := k.qualifier(shadowed)
	recv := spell(n, qual, k.instanceOf)
	values := types.NewMethodSet(n)
	ptrs := types.NewMethodSet(types.NewPointer(n))
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		if !f.Embedded() || !compiledEmbed(f.Type()) {
			continue
		}
		for j := 0; j < ptrs.Len(); j++ {
			m := ptrs.At(j)
			fn := m.Obj().(*types.Func)
			if !fn.Exported() || len(m.Index()) != 2 || m.Index()[0] != i {
				continue // not promoted from f itself: declared, deeper, or unexported
			}
			key := n.Obj().Name() + "." + fn.Name()
			if _, done := k.forwarded[key]; done {
				continue
			}
			sig := fn.Type().(*types.Signature)
			if _, ok := k.typeString(plainSignature(sig), shadowed); !ok {
				continue // a type the cell cannot name
			}
			fw := forwarder{
				field: types.TypeString(f.Type(), func(p *types.Package) string { return p.Name() }),
				hook:  "ᐅfw" + n.Obj().Name() + "_" + fn.Name(),
				ptr:   values.Lookup(fn.Pkg(), fn.Name()) == nil,
				sig:   pathSignature(sig),
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
			b.WriteString(k.directive(ts.Pos()))
			// The hook takes the receiver as an any: a variable whose type names the
			// struct, declared with it, makes the interpreter's struct type another
			// (err.(CodeErr) failed).
			b.WriteString("var " + fw.hook + " func(ᐅr any")
			if params != "" {
				b.WriteString(", " + params)
			}
			b.WriteString(") " + results + "\n")
			b.WriteString(k.directive(ts.Pos()))
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

// pathSignature spells sig without its receiver, naming packages by path, to compare
// the signatures of methods that different cells checked.
func pathSignature(sig *types.Signature) string {
	return types.TypeString(plainSignature(sig), func(p *types.Package) string { return p.Path() })
}

// compiledEmbed reports whether t, the type of an embedded field, is a compiled package's
// named type (an interface or not), or a pointer to one.
func compiledEmbed(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	p := n.Obj().Pkg()
	return p == nil || p.Path() != "main" && !sourcePaths[p.Path()] // nil: error
}
