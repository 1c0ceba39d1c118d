package front

import "go/ast"

// generics holds the generic declarations of a session and the instances emitted so far.
type generics struct {
	c          *Checker
	emitted    map[string]bool // instance names the interpreter has
	madeHidden map[string]bool // hidden import paths the interpreter has
}

func newGenerics(c *Checker) *generics {
	return &generics{c: c, emitted: map[string]bool{}, madeHidden: map[string]bool{}}
}

func (g *generics) declareFunc(k *check, d *ast.FuncDecl)   {}
func (g *generics) declareMethod(k *check, d *ast.FuncDecl) {}
func (g *generics) declareType(k *check, ts *ast.TypeSpec)  {}

// instancesFor returns the declarations of the instances the cell needs that the
// interpreter does not have yet.
func (g *generics) instancesFor(k *check, p *Plan) (string, error) { return "", nil }
