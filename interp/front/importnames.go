package front

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strings"
)

// Functions and types named like an import. The interpreter keeps the session's imports
// (the preimported kernel, vec, mat, ... among them) in the scope where a cell's
// functions and types go, and refuses a func kernel or a type vec with "kernel
// redeclared in this block"; Go, whose file never imported them, accepts both. Such a
// function or type is declared under another name, which this cell and later ones use
// wherever they mean it (a variable of that name shadows the import as it is):
//
//	func kernel(x, y float64) float64 { ... }  →  func ᐅkernel(x, y float64) float64 { ... }
//	fmt.Println(kernel(1, 2))                  →  fmt.Println(ᐅkernel(1, 2))

// renamePrefix goes before the name of a function or type named like an import.
const renamePrefix = "ᐅ"

// noteImportNames records the package-level functions and types of the cell that are
// named like an import of the session.
func (k *check) noteImportNames() {
	for _, d := range k.file.Decls {
		if !k.inCell(d.Pos()) {
			continue
		}
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				k.noteImportName(d.Name.Name)
			}
		case *ast.GenDecl:
			if d.Tok != token.TYPE {
				continue
			}
			for _, sp := range d.Specs {
				k.noteImportName(sp.(*ast.TypeSpec).Name.Name)
			}
		}
	}
}

func (k *check) noteImportName(name string) {
	if _, imported := k.imports[name]; !imported || name == "_" {
		return
	}
	if k.renamed == nil {
		k.renamed = map[string]bool{}
	}
	k.renamed[name] = true
}

// declName renames id, which declares a package-level function or type, if it is named
// like an import.
func (l *lowerer) declName(id *ast.Ident) {
	if l.k.renamed[id.Name] {
		l.add(l.off(id.Pos()), len(id.Name), renamePrefix+id.Name, 0)
	}
}

// useName renames id, a use of obj, if obj is a package-level function or type named like
// an import (to later cells, a function is a variable of the prelude), or a field that
// embeds such a type (w.vec, W{vec: v}).
func (l *lowerer) useName(id *ast.Ident, obj types.Object) {
	if l.shadowedPackage(id, obj) {
		return
	}
	if l.k.carriedUse(obj) {
		l.edits = append(l.edits, edit{at: l.off(id.Pos()), del: len(id.Name), text: l.k.carriedRef(id.Name), weak: true})
		return
	}
	if l.renames(id, obj) {
		l.edits = append(l.edits, edit{at: l.off(id.Pos()), del: len(id.Name), text: renamePrefix + id.Name, weak: true})
	}
}

// renames reports whether id, a use of obj, is renamed (see useName).
func (l *lowerer) renames(id *ast.Ident, obj types.Object) bool {
	if !l.k.renamed[id.Name] {
		return false
	}
	if v, ok := obj.(*types.Var); ok && v.IsField() {
		t := v.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		n, ok := types.Unalias(t).(*types.Named)
		return ok && v.Embedded() && cellPackageLevel(n.Obj()) && n.Obj().Name() == id.Name
	}
	switch obj.(type) {
	case *types.Func, *types.TypeName, *types.Var:
		return cellPackageLevel(obj)
	}
	return false
}

// renamedText is text, the source between from and to, with the names in it renamed: the
// text that lowerings copy (an operand viewed for fmt, a deferred call's arguments) is
// the interpreter's.
func (l *lowerer) renamedText(text string, from, to token.Pos) string {
	if len(l.k.renamed) == 0 && len(l.k.carried) == 0 {
		return text
	}
	type at struct {
		off      int
		name, to string
	}
	var found []at
	base := l.off(from)
	for id, obj := range l.info().Uses {
		if id.Pos() < from || id.End() > to {
			continue
		}
		switch {
		case l.renames(id, obj):
			found = append(found, at{l.off(id.Pos()) - base, id.Name, renamePrefix + id.Name})
		case l.k.carriedUse(obj):
			found = append(found, at{l.off(id.Pos()) - base, id.Name, l.k.carriedRef(id.Name)})
		}
	}
	sort.Slice(found, func(i, j int) bool { return found[i].off > found[j].off })
	for _, f := range found {
		if f.off >= 0 && f.off+len(f.name) <= len(text) && text[f.off:f.off+len(f.name)] == f.name {
			text = text[:f.off] + f.to + text[f.off+len(f.name):]
		}
	}
	return text
}

// cellPackageLevel reports whether obj is declared at a cell's package level.
func cellPackageLevel(obj types.Object) bool {
	if obj == nil || obj.Pkg() == nil || obj.Pkg().Path() != "main" {
		return false
	}
	p := obj.Parent()
	return p != nil && p.Parent() == types.Universe
}

// cellTypeName is the name by which lowered code spells the cell's named type t.
func (k *check) cellTypeName(t *types.Named) string {
	if k.renamed[t.Obj().Name()] && cellPackageLevel(t.Obj()) {
		return renamePrefix + t.Obj().Name()
	}
	return t.Obj().Name()
}

// importNamedVar gives a zero value to each variable of d, a var declaration among the
// cell's statements, that is named like an import and kept a declaration of its own (see
// hoistAll). The interpreter refuses var mat [2]int with "mat redeclared in this block",
// but accepts the variable with a value:
//
//	var mat [2]int  →  var mat [2]int = *new([2]int)
func (l *lowerer) importNamedVar(d *ast.DeclStmt, depth int) {
	gd, ok := d.Decl.(*ast.GenDecl)
	if !ok || gd.Tok != token.VAR || l.k.fn == nil || !slices.Contains(l.k.fn.Body.List, ast.Stmt(d)) {
		return
	}
	for _, sp := range gd.Specs {
		vs := sp.(*ast.ValueSpec)
		if vs.Type == nil || len(vs.Values) > 0 || !slices.ContainsFunc(vs.Names, func(n *ast.Ident) bool {
			return l.k.imported(n.Name) && !l.k.hoisted[n.Name]
		}) {
			continue
		}
		t := l.typ(l.typeOf(vs.Type))
		if iface, ok := l.typeOf(vs.Type).Underlying().(*types.Interface); t == "interface{}" && !(ok && iface.Empty()) {
			continue // a type the lowered code cannot spell
		}
		zeros := make([]string, len(vs.Names))
		for i := range zeros {
			zeros[i] = "*new(" + t + ")"
		}
		l.add(l.off(vs.Type.End()), 0, " = "+strings.Join(zeros, ", "), depth)
	}
}

// shadowedPackage renames id, a use of an imported package, by a hidden import of it when
// the cell's statements declare a variable of the package's name, which Go's scopes
// allow: strings := strings.Fields(line). The interpreter resolves the name to the
// variable in all of the cell's evaluation ("undefined method: Fields"). It reports
// whether it did.
//
//	strings := strings.Fields(line)  →  strings := ᐅpkg1.Fields(line)
func (l *lowerer) shadowedPackage(id *ast.Ident, obj types.Object) bool {
	pn, ok := obj.(*types.PkgName)
	if !ok || !l.k.stmtOnly[id.Name] {
		return false
	}
	if _, lib := l.src.(*sourcePackage); lib {
		return false
	}
	l.edits = append(l.edits, edit{at: l.off(id.Pos()), del: len(id.Name), text: l.k.hiddenName(pn.Imported().Path()), weak: true})
	return true
}
