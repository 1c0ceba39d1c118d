package front

import (
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
//	func (ᐅr MyErr) Error() string { return ᐅr.error.Error() }
//	func (ᐅr *Log) Write(ᐅa0 []byte) (int, error) { return ᐅr.Buffer.Write(ᐅa0) }

// A later cell cannot declare a method of the same name (the interpreter would keep the
// forwarder), so p records them for redefinitions to refuse.

// forwarders returns the declarations of those methods for the struct types the cell
// declares, and records them in p.
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
			sig := fn.Type().(*types.Signature)
			if _, ok := k.typeString(types.NewSignatureType(nil, nil, nil, sig.Params(), sig.Results(), sig.Variadic()), shadowed); !ok {
				continue // a type the cell cannot name
			}
			if p.forward == nil {
				p.forward = map[string]string{}
			}
			p.forward[n.Obj().Name()+"."+fn.Name()] = types.TypeString(f.Type(), func(p *types.Package) string { return p.Name() })
			r := "ᐅr " + recv
			if values.Lookup(fn.Pkg(), fn.Name()) == nil {
				r = "ᐅr *" + recv
			}
			b.WriteString(k.directive(ts.Pos()))
			b.WriteString("func (" + r + ") " + fn.Name() + "(")
			var args []string
			for p := 0; p < sig.Params().Len(); p++ {
				a := "ᐅa" + itoa(p)
				t := sig.Params().At(p).Type()
				if p > 0 {
					b.WriteString(", ")
				}
				if sig.Variadic() && p == sig.Params().Len()-1 {
					b.WriteString(a + " ..." + spell(t.(*types.Slice).Elem(), qual, k.instanceOf))
					a += "..."
				} else {
					b.WriteString(a + " " + spell(t, qual, k.instanceOf))
				}
				args = append(args, a)
			}
			b.WriteString(") ")
			ret := ""
			if res := sig.Results(); res.Len() > 0 {
				ret = "return "
				var rs []string
				for r := 0; r < res.Len(); r++ {
					rs = append(rs, spell(res.At(r).Type(), qual, k.instanceOf))
				}
				b.WriteString("(" + strings.Join(rs, ", ") + ") ")
			}
			b.WriteString("{ " + ret + "ᐅr." + f.Name() + "." + fn.Name() + "(" + strings.Join(args, ", ") + ") }\n")
		}
	}
}

// compiledEmbed reports whether t, the type of an embedded field, is a compiled package's
// named type (an interface or not). Not a pointer to one: a cell's plugin embeds
// *opt.Base and is used by pointer, which works, and later cells may declare methods
// that replace Base's (String, MIMEBundle), which a forwarder would refuse.
func compiledEmbed(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	p := n.Obj().Pkg()
	return p == nil || p.Path() != "main" && !sourcePaths[p.Path()] // nil: error

}
