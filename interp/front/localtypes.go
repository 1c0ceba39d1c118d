package front

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// Types declared inside a function. The interpreter gets several of them wrong: a generic
// instantiated with one is declared at package level, where the type is out of scope
// (slices.SortFunc(people, ...) with type Person declared in main: "undefined:
// Person"); a value cannot be assigned to a local interface type; a value of a local
// named non-struct type is not boxed in an any. A local type that names nothing else
// local but other such types is declared at package level instead, under a name of its
// own, and its uses take that name:
//
//	func main() { type Person struct{ Name string }; ps := []Person{...} }
//	→ type ᐅL3_1Person struct{Name string}
//	  func main() {                                ; ps := []ᐅL3_1Person{...} }

// hoistLocalTypes chooses the cell's local types to declare at package level.
func (k *check) hoistLocalTypes() {
	var specs []*ast.TypeSpec
	var decls = map[*ast.TypeSpec]*ast.GenDecl{}
	for _, d := range k.file.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || !k.inCell(d.Pos()) || fd.Body == nil || fd.Type.TypeParams != nil || fd.Recv != nil && isGenericRecv(fd) {
			continue
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if ds, ok := n.(*ast.DeclStmt); ok {
				if gd, ok := ds.Decl.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
					for _, sp := range gd.Specs {
						ts := sp.(*ast.TypeSpec)
						if !ts.Assign.IsValid() && ts.TypeParams == nil {
							specs = append(specs, ts)
							decls[ts] = gd
						}
					}
				}
			}
			return true
		})
	}
	if len(specs) == 0 {
		return
	}
	local := map[*types.TypeName]*ast.TypeSpec{}
	for _, ts := range specs {
		if tn, ok := k.tinfo.Defs[ts.Name].(*types.TypeName); ok {
			local[tn] = ts
		}
	}
	// Those naming only what the package level can name and each other; not one that a
	// struct embeds, nor a struct embedding one, since the field takes the type's name
	// (b.A, with A embedded, would be b.ᐅL1_1A).
	ok := map[*types.TypeName]bool{}
	for tn := range local {
		ok[tn] = true
	}
	for tn := range local {
		st, isStruct := tn.Type().Underlying().(*types.Struct)
		if !isStruct {
			continue
		}
		for i := range st.NumFields() {
			f := st.Field(i)
			if !f.Embedded() {
				continue
			}
			if n, _ := embeddedNamed(f); n != nil && cellLocal(n.Obj()) {
				delete(ok, n.Obj())
				delete(ok, tn)
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for tn := range ok {
			if !k.nameable(tn.Type().Underlying(), ok) {
				delete(ok, tn)
				changed = true
			}
		}
	}
	if len(ok) == 0 {
		return
	}
	k.localTypes = map[*types.TypeName]string{}
	i := 0
	for _, ts := range specs {
		tn, _ := k.tinfo.Defs[ts.Name].(*types.TypeName)
		if ok[tn] {
			i++
			k.localTypes[tn] = fmt.Sprintf("ᐅL%d_%d%s", k.cell, i, tn.Name())
			k.localSpecs = append(k.localSpecs, localSpec{tn, ts, decls[ts]})
		}
	}
}

// localSpec is a local type declaration that hoistLocalTypes chose.
type localSpec struct {
	tn   *types.TypeName
	spec *ast.TypeSpec
	decl *ast.GenDecl
}

// nameable reports whether a type declared with underlying type t at package level names
// only what is there: no type parameter, no local type but those in ok, no unexported
// part of another package.
func (k *check) nameable(t types.Type, ok map[*types.TypeName]bool) bool {
	good := true
	other := func(p *types.Package) bool { return p != nil && p.Path() != "main" }
	walkTypes(t, func(t types.Type) bool {
		switch t := t.(type) {
		case *types.Named:
			obj := t.Obj()
			if other(obj.Pkg()) && !obj.Exported() || cellLocal(obj) && !ok[obj] {
				good = false
			}
		case *types.TypeParam:
			good = false
		case *types.Struct:
			for i := range t.NumFields() {
				if f := t.Field(i); !f.Exported() && other(f.Pkg()) {
					good = false
				}
			}
		case *types.Interface:
			for i := range t.NumMethods() {
				if m := t.Method(i); !m.Exported() && other(m.Pkg()) {
					good = false
				}
			}
		}
		return good
	})
	return good
}

// localTypeDecls returns the package-level declarations of the hoisted local types. A
// struct is tagged with its name, as structTwin tags a twin declared in place.
func (k *check) localTypeDecls() string {
	var b strings.Builder
	qual := k.qualifier(k.declaredNames())
	sp := func(t types.Type) string { return spell(t, qual, k.instanceOf) }
	for _, s := range k.localSpecs {
		under := s.tn.Type().Underlying()
		text := sp(under)
		if st, ok := under.(*types.Struct); ok && st.NumFields() > 0 {
			// Always, by its own name: a twin may be in another cell, or another
			// function's type of the same name. (Not an empty one, whose tag needs a
			// field that %+v would show.)
			text = taggedStruct(st, k.localTypes[s.tn], sp)
		}
		b.WriteString(k.directive(s.spec.Pos()))
		b.WriteString("type " + k.localTypes[s.tn] + " " + text + "\n")
		if st, ok := under.(*types.Struct); ok && st.NumFields() > 0 {
			// Its name and its fields' for %T, %#v and runtime messages, which would show
			// the tag (see typenames.go).
			fields := make([]string, st.NumFields())
			for i := range fields {
				fields[i] = strconv.Quote(st.Field(i).Name())
			}
			name := k.localTypes[s.tn]
			b.WriteString("var _ = " + HookName + ".NameType(" + name + "{}, " + strconv.Quote(fmtTypeName(s.tn.Type())) + ")\n")
			b.WriteString("var _ = " + HookName + ".DescribeType(" + name + "{}, []string{" + strings.Join(fields, ", ") + "}, nil, nil)\n")
			k.namesStructs = true
		}
	}
	return b.String()
}

// taggedStruct spells st with a tag naming it on its first field (see nameStruct).
func taggedStruct(st *types.Struct, name string, sp func(types.Type) string) string {
	tag := tagKey + ":" + strconv.Quote(name)
	if st.NumFields() == 0 {
		return "struct{_ " + HookName + ".Mark " + quoteTag(`json:"-" `+tag) + "}"
	}
	var b strings.Builder
	b.WriteString("struct{")
	for i := range st.NumFields() {
		f := st.Field(i)
		if i > 0 {
			b.WriteString("; ")
		}
		if !f.Embedded() {
			b.WriteString(f.Name() + " ")
		}
		b.WriteString(sp(f.Type()))
		t := st.Tag(i)
		if i == 0 {
			t = strings.TrimSpace(t + " " + tag)
		}
		if t != "" {
			b.WriteString(" " + quoteTag(t))
		}
	}
	b.WriteString("}")
	return b.String()
}

// hoistedLocal blanks the declaration of a hoisted local type.
func (l *lowerer) hoistedLocal(d *ast.GenDecl) {
	k, ok := l.src.(*check)
	if !ok || len(k.localTypes) == 0 || d.Tok != token.TYPE {
		return
	}
	all := true
	for _, sp := range d.Specs {
		if tn, ok := l.info().Defs[sp.(*ast.TypeSpec).Name].(*types.TypeName); !ok || k.localTypes[tn] == "" {
			all = false
		}
	}
	for _, sp := range d.Specs {
		ts := sp.(*ast.TypeSpec)
		tn, ok := l.info().Defs[ts.Name].(*types.TypeName)
		if !ok || k.localTypes[tn] == "" {
			continue
		}
		from, to := ts.Pos(), ts.End()
		if all {
			from, to = d.Pos(), d.End()
		}
		l.edits = append(l.edits, k.blank(from, to)...)
		if all {
			return
		}
	}
}

// hoistedUse gives id, a use of a hoisted local type, its package-level name, and
// reports whether it did.
func (l *lowerer) hoistedUse(id *ast.Ident, tn *types.TypeName) bool {
	name := l.k.localTypes[tn]
	if name == "" {
		return false
	}
	// Weak: an edit that spells out the text around it (v.(mm) lowered) has the name.
	l.edits = append(l.edits, edit{at: l.off(id.Pos()), del: len(id.Name), text: name, weak: true})
	return true
}

// mentions reports whether t is or contains the named type of tn.
func mentions(t types.Type, tn *types.TypeName) bool {
	found := false
	walkTypes(t, func(t types.Type) bool {
		if n, ok := t.(*types.Named); ok && n.Obj() == tn {
			found = true
		}
		return !found
	})
	return found
}
