package front

import (
	"go/types"
	"sort"
)

// ExprType type-checks expr in the session's current scope (what earlier cells declared
// and imported, and the cell code before it, when given) and returns its type. It
// records nothing: completion and inspection use it while the user types.
func (c *Checker) ExprType(before, expr string) (types.Type, bool) {
	for _, src := range []string{before + "\nᐅexpr := (" + expr + ")", "ᐅexpr := (" + expr + ")"} {
		units, err := splitCell(0, src)
		if err != nil {
			continue
		}
		k := &check{Checker: c, cellText: src, units: units, hoisted: map[string]bool{}}
		if k.checkImports() != nil || k.typeCheck() != nil {
			continue
		}
		if v := k.cellVars()["ᐅexpr"]; v != nil && v.Type() != nil && v.Type() != types.Typ[types.Invalid] {
			return v.Type(), true
		}
	}
	return nil, false
}

// Member is a field or method a value of some type has.
type Member struct {
	Name   string
	Method bool
	Type   types.Type // the field's type, or the method's signature
}

// Members lists the fields (promoted ones too) and methods of values of type t that code
// outside t's package may use, and all of them for types declared by cells, sorted.
func Members(t types.Type) []Member {
	seen := map[string]bool{}
	var out []Member
	visible := func(obj types.Object) bool {
		return obj.Exported() || obj.Pkg() == nil || obj.Pkg().Path() == "main"
	}
	base := t
	if p, ok := t.Underlying().(*types.Pointer); ok {
		base = p.Elem()
	}
	for _, mt := range []types.Type{base, types.NewPointer(base)} {
		if _, isIface := base.Underlying().(*types.Interface); isIface && mt != base {
			continue
		}
		ms := types.NewMethodSet(mt)
		for i := 0; i < ms.Len(); i++ {
			f := ms.At(i).Obj()
			if visible(f) && !seen[f.Name()] {
				seen[f.Name()] = true
				out = append(out, Member{Name: f.Name(), Method: true, Type: f.Type()})
			}
		}
	}
	var fields func(t types.Type, depth int)
	fields = func(t types.Type, depth int) {
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok || depth > 4 {
			return
		}
		for i := 0; i < st.NumFields(); i++ {
			f := st.Field(i)
			if visible(f) && !seen[f.Name()] {
				seen[f.Name()] = true
				out = append(out, Member{Name: f.Name(), Type: f.Type()})
			}
			if f.Embedded() {
				fields(f.Type(), depth+1)
			}
		}
	}
	fields(base, 0)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// TypeString writes t as the user would: packages by their names.
func TypeString(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string {
		if p.Path() == "main" {
			return ""
		}
		return p.Name()
	})
}

// PackageNames returns the exported names of a package the front end gives as source
// (the generic standard library), for completion.
func (c *Checker) PackageNames(path string) []string {
	sp, err := c.im.source(path)
	if err != nil || sp == nil {
		return nil
	}
	var out []string
	for _, n := range sp.pkg.Scope().Names() {
		if obj := sp.pkg.Scope().Lookup(n); obj.Exported() && n != "PullAny" {
			out = append(out, n)
		}
	}
	return out
}
