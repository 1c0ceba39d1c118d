package front

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Checking every cell against the whole prelude costs time that grows with the notebook
// (a few microseconds per earlier declaration). Most cells declare no types or methods,
// and for those the earlier declarations can be reused as checked objects: a base
// package, checked from the prelude once, plus the objects that later cells declared
// (variables, functions, constants), inserted as they are into the scope of each new
// check's package. All of them belong to packages with the path "main", which go/types
// treats as one package for unexported names. A cell that declares a type or a method
// takes the full path, since a method must be declared in the same package object as
// its type, and marks the base for rebuilding.

// base returns the checked prelude, rebuilding it if cells declared types or methods.
func (c *Checker) base() *types.Package {
	if c.basePkg != nil && !c.baseDirty {
		return c.basePkg
	}
	k := &check{Checker: c}
	conf := types.Config{Importer: c.im, GoVersion: "go1.26", Error: func(error) {}}
	pkg, _ := conf.Check("main", c.fset, []*ast.File{k.prelude(map[string]bool{})}, nil)
	c.basePkg, c.baseDirty = pkg, false
	c.extra = map[string]types.Object{}
	return pkg
}

// fastPath reports whether the cell can be checked against the base package: it
// declares no types or methods (functions, variables and constants are fine).
func (k *check) fastPath() bool {
	for _, u := range k.units {
		if u.kind == kindDecl && u.tok == token.TYPE {
			return false
		}
	}
	return len(k.cellMethods()) == 0
}

// checkFast type-checks the cell file f against the base package and the objects of
// later cells, leaving out the names the cell declares anew.
func (k *check) checkFast(f *ast.File, conf *types.Config, shadowed map[string]bool) {
	base := k.base()
	pkg := types.NewPackage("main", "main")
	for name, obj := range k.extra {
		if !shadowed[name] {
			pkg.Scope().Insert(obj)
		}
	}
	for _, name := range base.Scope().Names() {
		if !shadowed[name] && pkg.Scope().Lookup(name) == nil {
			pkg.Scope().Insert(base.Scope().Lookup(name))
		}
	}
	k.pkg = pkg
	_ = types.NewChecker(conf, k.fset, pkg, k.tinfo).Files([]*ast.File{f})
}

// keep records an object the cell declared, for later fast checks; a type or method
// makes the base stale instead.
func (k *check) keep(obj types.Object) {
	if obj == nil {
		return
	}
	switch obj.(type) {
	case *types.TypeName:
		k.baseDirty = true
	default:
		if k.extra == nil {
			k.extra = map[string]types.Object{}
		}
		k.extra[obj.Name()] = obj
	}
}
