package interp

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/printer"
	"go/token"
	"sort"
	"strings"
)

// tracker remembers what cells declared, because the interpreter cannot tell: it lists
// no functions or types, and it silently keeps the first definition of a type or method.
type tracker struct {
	types   map[string]string // type name → its declaration as printed
	methods map[string]string // "T.M" → the method's declaration as printed
	sigs    map[string]string // "T.M" → the method's signature, for inspection
	globals map[string]global // every top-level name a cell declared
}

// global is a name declared by a cell.
type global struct {
	kind string // "var", "const", "func" or "type"
	decl string // the declaration (signature for a func), or "" for a var made by :=
}

func newTracker() *tracker {
	return &tracker{types: map[string]string{}, methods: map[string]string{}, sigs: map[string]string{}, globals: map[string]global{}}
}

// render prints n, without function bodies, independently of where it was written.
func render(n ast.Node) string {
	if fd, ok := n.(*ast.FuncDecl); ok {
		c := *fd
		c.Body = nil
		n = &c
	}
	var b bytes.Buffer
	if err := printer.Fprint(&b, token.NewFileSet(), n); err != nil {
		return ""
	}
	return b.String()
}

// renderFull prints n with function bodies: what must match for a redefinition to be
// harmless.
func renderFull(n ast.Node) string {
	var b bytes.Buffer
	if err := printer.Fprint(&b, token.NewFileSet(), n); err != nil {
		return ""
	}
	return b.String()
}

func recvType(fd *ast.FuncDecl) string {
	t := fd.Recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		case *ast.ParenExpr:
			t = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

// check reports a type or method that the cell defines differently from an earlier
// cell, which the interpreter would silently ignore. Running the same definition again,
// as when a cell is re-run, is fine.
func (t *tracker) check(units []unit) *Error {
	for _, u := range units {
		for _, d := range u.decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				if d.Tok != token.TYPE {
					continue
				}
				for _, sp := range d.Specs {
					ts := sp.(*ast.TypeSpec)
					if prev, ok := t.types[ts.Name.Name]; ok && prev != renderFull(ts) {
						return redefined(u, ts.Name.NamePos, "type "+ts.Name.Name)
					}
				}
			case *ast.FuncDecl:
				if d.Recv == nil || len(d.Recv.List) == 0 {
					continue
				}
				key := recvType(d) + "." + d.Name.Name
				if prev, ok := t.methods[key]; ok && prev != renderFull(d) {
					return redefined(u, d.Name.NamePos, "method "+key)
				}
			}
		}
	}
	return nil
}

func redefined(u unit, pos token.Pos, what string) *Error {
	return newError("RedefinitionError", fmt.Sprintf(
		"%s: %s is already defined differently by an earlier cell, and the interpreter cannot redefine types or methods: it would keep running the old definition. Give the new one another name, or run %%reset to clear all state (then re-run the cells you need)",
		cellPositions(u.fset.Position(pos).String()), what))
}

// record notes what units declared; errLine is the cell line a failed chunk's error
// points at, or 0 when the chunk succeeded. The interpreter keeps a method even when its
// chunk failed (broken, it panics when called) and keeps a type declared in a failed chunk
// unless the type's own declaration was wrong, so those count as defined; other names
// count only when the chunk succeeded.
func (t *tracker) record(units []unit, ok bool, errLine int) {
	for _, u := range units {
		for _, d := range u.decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				for _, sp := range d.Specs {
					switch sp := sp.(type) {
					case *ast.TypeSpec:
						from := u.fset.Position(sp.Pos()).Line % lineBase
						to := u.fset.Position(sp.End()).Line % lineBase
						if !ok && errLine >= from && errLine <= to {
							continue // rejected: the interpreter does not keep it
						}
						t.types[sp.Name.Name] = renderFull(sp)
						if ok {
							t.globals[sp.Name.Name] = global{"type", "type " + render(sp)}
						}
					case *ast.ValueSpec:
						if !ok {
							continue
						}
						for _, n := range sp.Names {
							if n.Name == "_" {
								continue
							}
							g := global{kind: d.Tok.String()}
							if sp.Type != nil {
								g.decl = render(sp.Type)
							}
							t.globals[n.Name] = g
						}
					}
				}
			case *ast.FuncDecl:
				if d.Recv != nil && len(d.Recv.List) > 0 {
					key := recvType(d) + "." + d.Name.Name
					t.methods[key] = renderFull(d)
					t.sigs[key] = render(d)
					continue
				}
				if ok {
					t.globals[d.Name.Name] = global{"func", render(d)}
				}
			}
		}
		if !ok {
			continue
		}
		for _, st := range u.stmts {
			as, isAssign := st.(*ast.AssignStmt)
			if !isAssign || as.Tok != token.DEFINE {
				continue
			}
			for i, l := range as.Lhs {
				if id, isIdent := l.(*ast.Ident); isIdent && id.Name != "_" {
					g := global{kind: "var"}
					if len(as.Rhs) == len(as.Lhs) {
						g.decl = literalType(as.Rhs[i])
					}
					t.globals[id.Name] = g
				}
			}
		}
	}
}

// names returns the declared names, sorted.
func (t *tracker) names() []string {
	l := make([]string, 0, len(t.globals))
	for n := range t.globals {
		l = append(l, n)
	}
	sort.Strings(l)
	return l
}

// literalType is the type of a composite literal such as P{1, 2} or &P{}, which
// reflection cannot name when P was declared in a cell; "" for other expressions.
func literalType(e ast.Expr) string {
	prefix := ""
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		prefix, e = "*", u.X
	}
	if c, ok := e.(*ast.CompositeLit); ok && c.Type != nil {
		return prefix + render(c.Type)
	}
	return ""
}

// methodsOf returns the methods cells declared on the type named by decl ("T" or "*T"),
// as name → signature, since reflection does not see methods of cell types.
func (t *tracker) methodsOf(decl string) map[string]string {
	typ := strings.TrimPrefix(decl, "*")
	m := map[string]string{}
	for k, sig := range t.sigs {
		if recv, name, ok := strings.Cut(k, "."); ok && recv == typ {
			m[name] = sig
		}
	}
	return m
}
