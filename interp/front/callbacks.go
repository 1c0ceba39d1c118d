package front

import (
	"go/ast"
	"go/types"
)

// Callbacks made in loops. A function literal handed straight to compiled code (wg.Go,
// sync.OnceFunc, time.AfterFunc, a library's callback, a field of a library's struct
// literal: opt.Problem{Func: ...}) becomes a Go function that reads
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

// bindLiterals makes each function literal that c hands to compiled code in its own call:
// an argument of a compiled function, or of a conversion to a compiled function type
// (http.HandlerFunc(func(...) {...})).
func (l *lowerer) bindLiterals(c *ast.CallExpr, f *frame, depth int) {
	if len(f.loops) == 0 {
		return
	}
	if tv, ok := l.info().Types[c.Fun]; !(ok && tv.IsType() && compiledNamed(tv.Type)) && !l.compiledCallee(c) {
		return
	}
	for _, a := range c.Args {
		l.bindLiteral(a, depth)
	}
}

// bindLiteralElements does as bindLiterals for the function literals in c, a composite
// literal of a compiled type (opt.Problem{Func: func(x []float64) float64 {...}}).
func (l *lowerer) bindLiteralElements(c *ast.CompositeLit, f *frame, depth int) {
	if len(f.loops) == 0 || !compiledNamed(l.typeOf(c)) {
		return
	}
	for _, e := range c.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			e = kv.Value
		}
		l.bindLiteral(e, depth)
	}
}

// bindLiteral makes e, if it is a function literal, in a call of its own.
func (l *lowerer) bindLiteral(e ast.Expr, depth int) {
	lit, ok := ast.Unparen(e).(*ast.FuncLit)
	if !ok {
		return
	}
	sig, _ := l.typeOf(lit).(*types.Signature)
	if sig == nil {
		return
	}
	t := l.typ(sig)
	if t == "interface{}" {
		return
	}
	l.add(l.off(lit.Pos()), 0, "func() "+t+" { return ", depth)
	l.add(l.off(lit.End()), 0, " }()", closing(depth))
}
