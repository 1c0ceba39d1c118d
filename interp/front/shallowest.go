package front

import (
	"go/ast"
	"go/types"
	"strings"
)

// Promoted names at several depths. Go selects the field or method of a name at the
// shallowest depth of a struct's embedded fields; the interpreter takes the first it
// meets walking them depth first, in the order they are declared. So with
//
//	type Base struct{ Hyper }        // Hyper has LR
//	type Adam struct{ Base; Config } // Config has LR
//
// a.LR read and wrote a.Base.Hyper.LR, where Go means a.Config.LR. Where a selected
// name is found more than once below the operand's type, lowered code spells out the
// path Go takes:
//
//	a.LR = 0.5  →  a.Config.LR = 0.5

// shallowest lowers s, a selector of a promoted field or method, as described above. A
// method value (not called) is left to methodValue, which spells the path itself.
func (l *lowerer) shallowest(s *ast.SelectorExpr, called map[ast.Expr]bool) {
	sel := l.info().Selections[s]
	if sel == nil || sel.Kind() == types.MethodExpr || len(sel.Index()) < 2 || sel.Kind() == types.MethodVal && !called[s] {
		return
	}
	path, holder, t, ok := l.embeddedPath(sel)
	if !ok || path == "" || sel.Kind() == types.MethodVal && cellValue(holder) && types.IsInterface(t) {
		return // (spelled out already, see ifacePromoted)
	}
	if occurrences(l.applied(sel.Recv()), s.Sel.Name, 0, map[types.Type]bool{}) < 2 {
		return
	}
	l.add(l.off(s.X.End()), 0, path, 0)
}

// occurrences counts the fields and methods named name in t's embedded fields, at any
// depth, as far as maxEmbedDepth.
func occurrences(t types.Type, name string, depth int, seen map[types.Type]bool) int {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || depth > maxEmbedDepth || seen[t] {
		return 0
	}
	seen[t] = true // (on this path: a type embedded twice counts twice)
	defer delete(seen, t)
	n := 0
	for i := range st.NumFields() {
		f := st.Field(i)
		if f.Name() == name {
			n++
		}
		if !f.Embedded() {
			continue
		}
		ft := f.Type()
		if p, ok := ft.Underlying().(*types.Pointer); ok {
			ft = p.Elem()
		}
		if named, ok := types.Unalias(ft).(*types.Named); ok {
			for j := range named.NumMethods() {
				if named.Method(j).Name() == name {
					n++
				}
			}
		}
		if it, ok := ft.Underlying().(*types.Interface); ok {
			for j := range it.NumMethods() {
				if it.Method(j).Name() == name {
					n++
				}
			}
		}
		n += occurrences(ft, name, depth+1, seen)
	}
	return n
}

// maxEmbedDepth bounds the search of occurrences.
const maxEmbedDepth = 8

// shallowForwarders returns the methods that the cell's struct types declare for the
// promoted methods whose names they have at several depths: the interpreter's
// interface of such a value would take the first one it meets (see above), so the type
// declares the one Go promotes, which calls it by its path, as a forwarder (see
// forwarders.go), whose hook a later cell's method of the name sets:
//
//	func (ᐅr Adam) Name() string { if ᐅfwAdam_Name != nil { … }; return ᐅr.Tag.Name() }
//
// Only for methods of the cells' types, reached through the cells' structs: those of
// compiled types have forwarders of their own. It records them in p.
func (k *check) shallowForwarders(p *Plan) string {
	if k.file == nil || k.pkg == nil {
		return ""
	}
	declared, _ := k.changedTypes()
	qual := k.qualifier(k.declaredNames())
	spelled := func(t types.Type) string { return spell(t, qual, k.instanceOf) }
	var b strings.Builder
	for _, n := range declared {
		if _, ok := n.Underlying().(*types.Struct); !ok || n.TypeParams().Len() > 0 || !cellPackageLevel(n.Obj()) {
			continue
		}
		name := k.instanceOf(n)
		directive := k.directive(n.Obj().Pos())
		values := types.NewMethodSet(n)
		ptrs := types.NewMethodSet(types.NewPointer(n))
		for i := range ptrs.Len() {
			m := ptrs.At(i)
			fn, ok := m.Obj().(*types.Func)
			if !ok || len(m.Index()) < 2 || fn.Pkg() == nil || fn.Pkg().Path() != "main" ||
				occurrences(n, fn.Name(), 0, map[types.Type]bool{}) < 2 {
				continue
			}
			path, ok := cellPath(n, m.Index())
			key := name + "." + fn.Name()
			if _, done := k.forwarded[key]; done || !ok {
				continue
			}
			if _, done := p.forward[key]; done {
				continue
			}
			sig := fn.Type().(*types.Signature)
			fw := forwarder{field: path[1:], hook: "ᐅfw" + name + "_" + fn.Name(), ptr: values.Lookup(fn.Pkg(), fn.Name()) == nil, sig: pathSignature(sig)}
			if p.forward == nil {
				p.forward = map[string]forwarder{}
			}
			p.forward[key] = fw
			recv := spelled(n)
			if fw.ptr {
				recv = "*" + recv
			}
			params, args := spellParams(sig, spelled)
			results := spellResults(sig, spelled)
			ret := ""
			if sig.Results().Len() > 0 {
				ret = "return "
			}
			hookParams := "ᐅr any"
			if params != "" {
				hookParams += ", " + params
			}
			call := fw.hook + "(" + strings.Join(append([]string{"ᐅr"}, args...), ", ") + ")"
			if ret == "" {
				call += "; return"
			}
			b.WriteString(directive + "var " + fw.hook + " func(" + hookParams + ") " + results + "\n")
			b.WriteString(directive + "func (ᐅr " + recv + ") " + fn.Name() + "(" + params + ") " + results + " { " +
				"if " + fw.hook + " != nil { " + ret + call + " }; " + ret + "ᐅr" + path + "." + fn.Name() + "(" + strings.Join(args, ", ") + ") }\n")
		}
	}
	return b.String()
}

// cellPath returns the selector path (".Base.Tag") of the embedded fields index leads
// through from n, all of them fields of the cells' struct types.
func cellPath(n *types.Named, index []int) (string, bool) {
	var t types.Type = n
	path := ""
	for _, i := range index[:len(index)-1] {
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok || !cellValue(t) {
			return "", false
		}
		f := st.Field(i)
		if !f.Embedded() || isInstance(f.Type()) {
			return "", false // (an instance's field has the instance's name)
		}
		path += "." + f.Name()
		t = f.Type()
	}
	return path, true
}
