package interp

import "github.com/descentlab/descent/interp/front"

// tracker is what cells declared, as the front end remembers it: the interpreter lists no
// functions or types, and cannot tell which method belongs to which cell type.
type tracker struct{ c *front.Checker }

// global is a name declared by a cell.
type global struct {
	kind string // "var", "const", "func" or "type"
	decl string // the declaration (signature for a func, type for a var)
}

// names returns the declared names, sorted.
func (t tracker) names() []string {
	var out []string
	for _, g := range t.c.Globals() {
		out = append(out, g.Name)
	}
	return out
}

// global returns the declaration of name.
func (t tracker) global(name string) (global, bool) {
	g, ok := t.c.Lookup(name)
	return global{kind: g.Kind, decl: g.Decl}, ok
}

// methodsOf returns the methods cells declared on the type named by decl ("T" or "*T"),
// as name → signature, since reflection does not see methods of cell types.
func (t tracker) methodsOf(decl string) map[string]string { return t.c.Methods(decl) }

// globalDecl returns the declaration of the global called name, or "".
func (s *Session) globalDecl(name string) string {
	g, _ := s.decls.global(name)
	return g.decl
}
