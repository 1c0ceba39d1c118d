package front

import (
	"go/ast"
	"go/types"
)

// Callbacks made in loops. A function literal handed straight to compiled code (wg.Go,
// sync.OnceFunc, time.AfterFunc, a library's callback) becomes a Go function that reads
// the variables of the loop's iteration from where the last iteration left them:
//
//	for i := range 3 { wg.Go(func() { res[i] = i + 1 }) }   gives [0 0 3], Go [1 2 3]
//
// The same literal made first, then handed over, keeps its iteration's variables, so in a
// loop such an argument is made by a call of its own:
//
//	wg.Go(func() { ... })  →  wg.Go(func() func() { return func() { ... } }())

// compiledCallee reports whether c calls a function or method of compiled code.
func (l *lowerer) compiledCallee(c *ast.CallExpr) bool {
	id := nameOf(c.Fun)
	if id == nil {
		return false
	}
	fn, ok := l.info().Uses[id].(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() != "main" && !l.isSourcePackage(fn.Pkg())
}

// nameOf returns the identifier that names what e refers to: F in F and in pkg.F or x.F,
// or nil.
func nameOf(e ast.Expr) *ast.Ident {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e
	case *ast.SelectorExpr:
		return e.Sel
	}
	return nil
}

// isSourcePackage reports whether p is library code lowered from source (the generic
// standard library), which runs interpreted.
func (l *lowerer) isSourcePackage(p *types.Package) bool {
	sp, ok := l.src.(*sourcePackage)
	return ok && sp.pkg == p
}

// bindLiterals makes each function literal that c hands to compiled code in its own call.
func (l *lowerer) bindLiterals(c *ast.CallExpr, f *frame, depth int) {
	if len(f.loops) == 0 || !l.compiledCallee(c) {
		return
	}
	for _, a := range c.Args {
		lit, ok := ast.Unparen(a).(*ast.FuncLit)
		if !ok {
			continue
		}
		sig, _ := l.typeOf(lit).(*types.Signature)
		if sig == nil {
			continue
		}
		t := l.typ(sig)
		if t == "interface{}" {
			continue
		}
		l.add(l.off(lit.Pos()), 0, "func() "+t+" { return ", depth)
		l.add(l.off(lit.End()), 0, " }()", closing(depth))
	}
}
