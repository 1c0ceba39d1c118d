package front

import (
	"bytes"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/printer"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"
)

// The prelude is what earlier cells declared, as one more file of the package a new cell
// is checked in: types and constants as declared, functions and methods with their
// bodies stubbed out (only signatures matter to later cells), and variables with their
// types spelled out. Its declarations are parsed once, when their cell ran, and re-used by
// every later check.

const preludeFile = "ᐅprelude.go"

// prelude returns the prelude file for a check of a cell declaring the names shadowed.
func (k *check) prelude(shadowed map[string]bool) *ast.File {
	f := &ast.File{Name: ast.NewIdent("main")}
	imp := &ast.GenDecl{Tok: token.IMPORT}
	entries := k.preludeEntries(shadowed)
	used := map[string]bool{}
	for _, e := range entries {
		for q := range e.quals {
			used[q] = true
		}
	}
	names := map[string]string{}
	for n, p := range k.imports {
		if used[n] && n != "_" && n != "." && !shadowed[n] && k.names[n] == nil {
			names[n] = p
		}
	}
	for p, n := range k.hidden {
		if used[n] {
			names[n] = p
		}
	}
	for _, n := range sortedKeys(names) {
		imp.Specs = append(imp.Specs, &ast.ImportSpec{
			Name: ast.NewIdent(n),
			Path: &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(names[n])},
		})
	}
	if len(imp.Specs) > 0 {
		f.Decls = append(f.Decls, imp)
	}
	for _, e := range entries {
		if e.decl != nil {
			f.Decls = append(f.Decls, e.decl)
		}
	}
	return f
}

// preludeEntries returns the earlier declarations a check of the cell sees, in order.
func (k *check) preludeEntries(shadowed map[string]bool) []*entry {
	var entries []*entry
	for n, e := range k.names {
		if !shadowed[n] {
			entries = append(entries, e)
		}
	}
	redeclared := k.cellMethods()
	for key, e := range k.methods {
		if !redeclared[key] && (!shadowed[strings.SplitN(key, ".", 2)[0]] || k.cellRedeclaresType(key)) {
			entries = append(entries, e)
		}
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].seq < entries[j].seq })
	return entries
}

// cellMethods returns the "T.M" keys of the methods the cell declares.
func (k *check) cellMethods() map[string]bool {
	out := map[string]bool{}
	fset := token.NewFileSet()
	for _, u := range k.units {
		if u.kind != kindDecl || u.tok != token.FUNC {
			continue
		}
		f, err := parser.ParseFile(fset, "", "package p;"+u.src, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil && len(fd.Recv.List) > 0 {
				out[recvTypeName(fd)+"."+fd.Name.Name] = true
			}
		}
	}
	return out
}

// cellRedeclaresType reports whether the receiver type of method key is declared again
// by the cell (identically, or redefinitions would have failed), so that earlier methods
// attach to the cell's declaration.
func (k *check) cellRedeclaresType(key string) bool {
	typ := strings.SplitN(key, ".", 2)[0]
	e := k.names[typ]
	return e != nil && e.kind == "type" && k.declaresType(typ)
}

func (k *check) declaresType(name string) bool {
	fset := token.NewFileSet()
	for _, u := range k.units {
		if u.kind != kindDecl || u.tok != token.TYPE {
			continue
		}
		f, err := parser.ParseFile(fset, "", "package p;"+u.src, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		for _, d := range f.Decls {
			for _, n := range declNames(d) {
				if n == name {
					return true
				}
			}
		}
	}
	return false
}

// parseDecl parses one prelude declaration.
func (c *Checker) parseDecl(src string) ast.Decl {
	return c.parseDeclAt(src, "")
}

// parseDeclAt parses one prelude declaration whose text is the cell's from the place
// directive (see Directive) says: messages that name a place in it (a type parameter's,
// "cannot infer T (declared at cell[1]:1:11)") name the cell's.
func (c *Checker) parseDeclAt(src, directive string) ast.Decl {
	f, err := parser.ParseFile(c.fset, preludeFile, "package main;"+directive+src, parser.SkipObjectResolution)
	if err != nil || len(f.Decls) == 0 {
		return nil
	}
	return f.Decls[0]
}

// directiveBefore returns the line directive that puts text starting n bytes before p, a
// position of the cell, where p's text is ("" where the line has not n bytes before p).
func (k *check) directiveBefore(p token.Pos, n int) string {
	pos := k.fset.Position(p)
	if pos.Column <= n {
		return ""
	}
	cell, line := decodeLine(pos.Line)
	return Directive(cell, line, pos.Column-n)
}

// qualifiers returns the names that n uses as package qualifiers (X in X.Sel).
func qualifiers(n ast.Node) map[string]bool {
	m := map[string]bool{}
	if n == nil {
		return m
	}
	ast.Inspect(n, func(n ast.Node) bool {
		if s, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := s.X.(*ast.Ident); ok {
				m[id.Name] = true
			}
		}
		return true
	})
	return m
}

// record adds the declarations of units (indices into k.units) to the checker, for
// later cells.
func (k *check) record(units map[int]bool) {
	shadowed := k.declaredNames()
	for _, d := range k.file.Decls {
		at := k.cellOffset(d.Pos())
		if at < 0 || !units[k.unitAt(at)] {
			continue
		}
		switch d := d.(type) {
		case *ast.FuncDecl:
			k.recordFunc(d)
			switch {
			case d.Recv != nil || d.Type.TypeParams != nil:
				k.baseDirty = true
			case d.Name.Name != "main" && d.Name.Name != "init":
				k.keep(k.tinfo.Defs[d.Name])
			}
		case *ast.GenDecl:
			switch d.Tok {
			case token.TYPE:
				for _, sp := range d.Specs {
					ts := sp.(*ast.TypeSpec)
					src := "type " + k.span(ts.Pos(), ts.End())
					doc := docOf(d.Doc, ts.Doc)
					if doc == "" {
						doc = k.docAbove(k.cellOffset(d.Pos()))
					}
					k.add(&entry{name: ts.Name.Name, kind: "type", decl: k.parseDeclAt(src, k.directiveBefore(ts.Pos(), len("type "))), full: render(ts),
						show: "type " + ts.Name.Name + " " + k.span(ts.Type.Pos(), ts.Type.End()), doc: doc})
					if isGenericSpec(ts) {
						k.gen.declareType(k, ts)
					}
					k.baseDirty = true
				}
			case token.CONST:
				for _, sp := range d.Specs {
					for _, n := range sp.(*ast.ValueSpec).Names {
						if c, ok := k.tinfo.Defs[n].(*types.Const); ok && n.Name != "_" {
							src := k.constSource(c, shadowed)
							show := strings.TrimPrefix(src, "const "+n.Name+" ")
							k.keep(c)
							k.add(&entry{name: n.Name, kind: "const", decl: k.parseDecl(src), show: show, doc: docOf(d.Doc, sp.(*ast.ValueSpec).Doc)})
						}
					}
				}
			}
		}
	}
	if k.fn == nil {
		return
	}
	for _, st := range k.fn.Body.List {
		at := k.cellOffset(st.Pos())
		if at < 0 || !units[k.unitAt(at)] {
			continue
		}
		switch st := st.(type) {
		case *ast.AssignStmt:
			if st.Tok != token.DEFINE {
				continue
			}
			for i, l := range st.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
					k.recordVar(id, st.Lhs, st.Rhs, i, shadowed, "")
				}
			}
		case *ast.DeclStmt:
			gd, ok := st.Decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, sp := range gd.Specs {
				vs := sp.(*ast.ValueSpec)
				lhs := make([]ast.Expr, len(vs.Names))
				for i, n := range vs.Names {
					lhs[i] = n
				}
				for i, n := range vs.Names {
					if n.Name != "_" {
						k.recordVar(n, lhs, vs.Values, i, shadowed, docOf(gd.Doc, vs.Doc))
					}
				}
			}
		}
	}
}

// recordVar records variable id, the i-th of lhs assigned from rhs.
func (k *check) recordVar(id *ast.Ident, lhs, rhs []ast.Expr, i int, shadowed map[string]bool, doc string) {
	obj := k.tinfo.Defs[id]
	if obj == nil {
		obj = k.tinfo.Uses[id] // a hoisted variable, assigned
	}
	v, ok := obj.(*types.Var)
	if !ok {
		return
	}
	k.keep(v)
	e := &entry{name: id.Name, kind: "var", doc: doc}
	if len(rhs) == len(lhs) {
		if lit, ok := ast.Unparen(rhs[i]).(*ast.FuncLit); ok {
			e.recovers = recoversFirst(k.tinfo, lit.Body)
		}
	}
	if t, ok := k.typeString(v.Type(), shadowed); ok {
		e.decl = k.parseDecl("var " + id.Name + " " + t)
		e.show = t
	} else if len(rhs) > 0 {
		names := make([]string, len(lhs))
		for j := range names {
			names[j] = "_"
		}
		names[i] = id.Name
		var vals []string
		for _, r := range rhs {
			vals = append(vals, k.span(r.Pos(), r.End()))
		}
		e.decl = k.parseDecl("var " + strings.Join(names, ", ") + " = " + strings.Join(vals, ", "))
		e.show = types.TypeString(v.Type(), types.RelativeTo(k.pkg))
	}
	k.add(e)
}

// recordFunc records a function or method declaration, with its body stubbed out.
func (k *check) recordFunc(d *ast.FuncDecl) {
	if d.Recv == nil && (d.Name.Name == "init" || d.Name.Name == "main") {
		return // nothing can refer to init; a pasted program's main ran once (see Plan.Main)
	}
	sig := k.span(d.Pos(), d.Type.End())
	// A plain function is a variable of its type to later cells, which costs the
	// checker far less than a function with a body; methods and generic functions
	// need the real form, with a stub body.
	src := "var " + d.Name.Name + " func" + k.span(d.Type.Params.Pos(), d.Type.End())
	directive := ""
	if d.Recv != nil || d.Type.TypeParams != nil {
		src = sig + " { panic(0) }"
		directive = k.directiveBefore(d.Pos(), 0)
	}
	doc := docOf(d.Doc)
	if doc == "" {
		doc = k.docAbove(k.cellOffset(d.Pos()))
	}
	e := &entry{name: d.Name.Name, kind: "func", decl: k.parseDeclAt(src, directive), show: sig, doc: doc}
	e.factory = d.Body != nil && returnsRecovering(k.tinfo, d.Body)
	if d.Recv != nil && len(d.Recv.List) > 0 {
		e.kind = "method"
		e.full = render(d)
		e.recovers = d.Body != nil && callsRecoverIn(k.tinfo, d.Body)
		e.name = recvTypeName(d) + "." + d.Name.Name
		if isGenericRecv(d) {
			k.gen.declareMethod(k, d)
		}
	} else if d.Type.TypeParams != nil && len(d.Type.TypeParams.List) > 0 {
		k.gen.declareFunc(k, d)
	}
	k.add(e)
}

// add enters e, replacing an earlier declaration of its name.
func (c *Checker) add(e *entry) {
	c.seq++
	e.seq = c.seq
	e.quals = qualifiers(e.decl)
	if e.kind == "method" {
		c.methods[e.name] = e
		return
	}
	c.names[e.name] = e
}

// unitAt returns the index of the unit holding cell offset at.
func (k *check) unitAt(at int) int {
	for i, u := range k.units {
		if at >= u.start && at <= u.end {
			return i
		}
	}
	return -1
}

// span returns the cell text between two positions of the check file.
func (k *check) span(from, to token.Pos) string {
	a, b := k.cellOffset(from), k.cellOffset(to)
	if a < 0 || b < a {
		return ""
	}
	return k.cellText[a:b]
}

// constSource declares constant c with its exact value, so that later cells see the same
// constant without the expression (and iota) that made it.
func (k *check) constSource(c *types.Const, shadowed map[string]bool) string {
	val := constLiteral(c.Val(), c.Type())
	if b, ok := c.Type().(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
		return "const " + c.Name() + " = " + val
	}
	t, ok := k.typeString(c.Type(), shadowed)
	if !ok {
		return "const " + c.Name() + " = " + val
	}
	return "const " + c.Name() + " " + t + " = " + val
}

// constLiteral spells an exact constant value.
func constLiteral(v constant.Value, t types.Type) string {
	switch v.Kind() {
	case constant.Bool:
		return v.String()
	case constant.String:
		return v.ExactString()
	case constant.Int:
		if b, ok := t.(*types.Basic); ok && b.Kind() == types.UntypedRune {
			if r, ok := constant.Int64Val(v); ok {
				return strconv.QuoteRune(rune(r))
			}
		}
		if b, ok := underBasic(t); ok && b.Info()&types.IsFloat != 0 {
			return v.ExactString() + ".0" // a whole float: max(3, 2.5) is 3.0, not 3
		}
		if b, ok := underBasic(t); ok && b.Info()&types.IsComplex != 0 {
			return "(" + v.ExactString() + ".0 + 0*1i)"
		}
		return v.ExactString()
	case constant.Float:
		if r := constant.ToInt(v); r.Kind() == constant.Int {
			return r.ExactString() + ".0"
		}
		return "(" + constant.Num(v).ExactString() + ".0 / " + constant.Denom(v).ExactString() + ")"
	case constant.Complex:
		return "(" + constLiteral(constant.Real(v), types.Typ[types.UntypedFloat]) + " + " + constLiteral(constant.Imag(v), types.Typ[types.UntypedFloat]) + "*1i)"
	}
	return "0"
}

// render prints n with its bodies, independently of where it was written: what must
// match for a redefinition to be harmless.
func render(n ast.Node) string {
	switch d := n.(type) {
	case *ast.FuncDecl:
		c := *d
		c.Doc = nil
		n = &c
	case *ast.TypeSpec:
		c := *d
		c.Doc, c.Comment = nil, nil
		n = &c
	}
	var b bytes.Buffer
	if err := printer.Fprint(&b, token.NewFileSet(), n); err != nil {
		return ""
	}
	return b.String()
}

// docAbove returns the // comment lines right above byte offset at of the cell: a doc
// comment, which the unit's own text does not include.
func (k *check) docAbove(at int) string {
	if at < 0 {
		return ""
	}
	lines := strings.Split(k.cellText[:at], "\n")
	if len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	var doc []string
	for i := len(lines) - 1; i >= 0; i-- {
		t := strings.TrimSpace(lines[i])
		if !strings.HasPrefix(t, "//") {
			break
		}
		doc = append([]string{strings.TrimSpace(strings.TrimPrefix(t, "//"))}, doc...)
	}
	return strings.Join(doc, "\n")
}

// docOf returns the text of the first non-empty comment group.
func docOf(groups ...*ast.CommentGroup) string {
	for _, g := range groups {
		if g != nil {
			if t := strings.TrimSpace(g.Text()); t != "" {
				return t
			}
		}
	}
	return ""
}

// underBasic returns the basic type under t, if t is one (nil is not).
func underBasic(t types.Type) (*types.Basic, bool) {
	if t == nil {
		return nil, false
	}
	b, ok := t.Underlying().(*types.Basic)
	return b, ok
}
