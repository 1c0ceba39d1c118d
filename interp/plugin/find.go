package plugin

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
)

// registries are the import paths of the packages whose Register calls make plugins.
var registries = map[string]Kind{
	"github.com/descentlab/descent/optimizers":          Optimizer,
	"github.com/descentlab/descent/optimizers/schedule": Schedule,
	"github.com/descentlab/descent/optimizers/loss":     Loss,
}

// call is a Register call found in source: its kind, the name when it is a constant
// string, its line, and the doc comment of what it registers.
type call struct {
	kind Kind
	name string
	line int
	doc  string
}

// findCalls returns the Register calls of a parsed file, in source order, with the
// first line of the doc comment of the type each factory builds (or the comment above
// the call, or the file's package comment). imports maps the names the file's imports
// bind to import paths; docOf looks up types declared outside the file (by cells), and
// may be nil.
func findCalls(fset *token.FileSet, f *ast.File, imports map[string]string, docOf func(typ string) string) []call {
	types := map[string]string{}        // type declared in f → its doc
	funcs := map[string]*ast.FuncDecl{} // functions declared in f
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			if d.Tok != token.TYPE {
				continue
			}
			for _, s := range d.Specs {
				ts := s.(*ast.TypeSpec)
				types[ts.Name.Name] = firstLine(docText(ts.Doc, d.Doc))
			}
		case *ast.FuncDecl:
			if d.Recv == nil {
				funcs[d.Name.Name] = d
			}
		}
	}
	lookup := func(name string) (string, bool) {
		if doc, ok := types[name]; ok {
			return doc, true
		}
		if docOf != nil {
			if doc := docOf(name); doc != "" {
				return doc, true
			}
		}
		return "", false
	}
	var out []call
	ast.Inspect(f, func(n ast.Node) bool {
		ce, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := ce.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Register" {
			return true
		}
		pkg, ok := sel.X.(*ast.Ident)
		if !ok {
			return true
		}
		kind, ok := registries[imports[pkg.Name]]
		if !ok {
			return true
		}
		c := call{kind: kind, line: fset.Position(ce.Pos()).Line}
		if len(ce.Args) > 0 {
			if lit, ok := ce.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				c.name, _ = strconv.Unquote(lit.Value)
			}
		}
		if len(ce.Args) > 1 {
			c.doc = builtDoc(ce.Args[1], funcs, lookup)
		}
		if c.doc == "" {
			c.doc = commentAbove(fset, f, ce.Pos())
		}
		if c.doc == "" && f.Doc != nil {
			c.doc = firstLine(f.Doc.Text())
		}
		out = append(out, c)
		return true
	})
	return out
}

// builtDoc returns the doc of the first type, declared in the file or known to lookup,
// that factory builds with a composite literal or new: in its body, or in the body of a
// function of the file that it calls (a constructor).
func builtDoc(factory ast.Expr, funcs map[string]*ast.FuncDecl, lookup func(string) (string, bool)) string {
	var doc string
	found := false
	var visit func(n ast.Node, depth int)
	visit = func(n ast.Node, depth int) {
		ast.Inspect(n, func(n ast.Node) bool {
			if found {
				return false
			}
			var name string
			switch x := n.(type) {
			case *ast.CompositeLit:
				name = typeName(x.Type)
			case *ast.CallExpr:
				if id, ok := x.Fun.(*ast.Ident); ok {
					if id.Name == "new" && len(x.Args) == 1 {
						name = typeName(x.Args[0])
					} else if fd := funcs[id.Name]; fd != nil && fd.Body != nil && depth < 2 {
						visit(fd.Body, depth+1)
					}
				}
			}
			if name != "" {
				if d, ok := lookup(name); ok {
					doc, found = d, true
					return false
				}
			}
			return true
		})
	}
	if id, ok := factory.(*ast.Ident); ok {
		if fd := funcs[id.Name]; fd != nil && fd.Body != nil {
			visit(fd.Body, 1)
		}
		return doc
	}
	visit(factory, 0)
	return doc
}

// typeName is the name of a type expression T or *T, or "".
func typeName(e ast.Expr) string {
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// commentAbove returns the first line of the comment group that ends on the line above
// pos, or "".
func commentAbove(fset *token.FileSet, f *ast.File, pos token.Pos) string {
	line := fset.Position(pos).Line
	for _, g := range f.Comments {
		if fset.Position(g.End()).Line == line-1 {
			return firstLine(g.Text())
		}
	}
	return ""
}

// fileImports maps the names a file's imports bind to their paths.
func fileImports(f *ast.File) map[string]string {
	m := map[string]string{}
	for _, is := range f.Imports {
		p, err := strconv.Unquote(is.Path.Value)
		if err != nil {
			continue
		}
		name := p[strings.LastIndexByte(p, '/')+1:]
		if is.Name != nil {
			name = is.Name.Name
		}
		m[name] = p
	}
	return m
}

// parseCalls parses src, a Go file, and returns its Register calls (nil if it does not
// parse: the front end reports why).
func parseCalls(name, src string) []call {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	return findCalls(fset, f, fileImports(f), nil)
}

func docText(groups ...*ast.CommentGroup) string {
	for _, g := range groups {
		if g != nil {
			if t := strings.TrimSpace(g.Text()); t != "" {
				return t
			}
		}
	}
	return ""
}

// firstLine is the summary %plugins shows of a doc comment: its first sentence (as go doc
// takes it: up to a period followed by a space, within the first paragraph), at most
// maxDoc characters.
func firstLine(s string) string {
	para, _, _ := strings.Cut(strings.TrimSpace(s), "\n\n")
	para = strings.Join(strings.Fields(para), " ")
	if i := strings.Index(para, ". "); i >= 0 {
		para = para[:i+1]
	}
	if r := []rune(para); len(r) > maxDoc {
		para = string(r[:maxDoc-1]) + "…"
	}
	return para
}

// maxDoc bounds a doc summary, so that %plugins stays one line per plugin.
const maxDoc = 160
