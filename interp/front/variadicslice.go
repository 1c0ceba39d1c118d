package front

import (
	"go/ast"
	"go/types"
)

// A slice among the variadic operands of a cell's function. The interpreter spreads an
// operand of the variadic parameter's own slice type, written without ..., into the
// parameter: count([]any{1, 2}) had len(args) 2, and logf("%v", row) with row an []any
// printed its first element and %!(EXTRA ...). Go passes it as one value. The operands
// go in a slice spread explicitly:
//
//	count(xs, 1)  →  count([]any{xs, 1}...)

// variadicSlices lowers c, a call of a cell's variadic function, as described above.
func (l *lowerer) variadicSlices(c *ast.CallExpr, depth int) {
	if _, lib := l.src.(*sourcePackage); lib || c.Ellipsis.IsValid() || l.compiledCallee(c) {
		return
	}
	if _, later := l.later[c]; later {
		return // deferred or started as a goroutine: the call must stay one
	}
	tv, ok := l.info().Types[c.Fun]
	if !ok || tv.IsType() || tv.IsBuiltin() || tv.Type == nil {
		return // (append's operands are its own)
	}
	sig, ok := l.applied(tv.Type).Underlying().(*types.Signature)
	if !ok || !sig.Variadic() {
		return
	}
	n := sig.Params().Len()
	if len(c.Args) < n {
		return // none in the variadic parameter
	}
	elem := l.applied(sig.Params().At(n - 1).Type()).(*types.Slice).Elem()
	if !types.IsInterface(elem) || hasTypeParams(elem) {
		return
	}
	spread := false
	for i, a := range c.Args {
		at := l.typeOf(a)
		if at == nil {
			return
		}
		if _, fn := l.applied(at).Underlying().(*types.Signature); fn {
			return // a function among them: the interpreter's call then fails to set it
		}
		if s, ok := l.applied(at).Underlying().(*types.Slice); ok && i >= n-1 && types.Identical(s.Elem(), elem) {
			spread = true
		}
	}
	es := l.typ(elem)
	if !spread || es == "interface{}" && !isAny(elem) {
		return
	}
	last := c.Args[len(c.Args)-1]
	l.add(l.off(c.Args[n-1].Pos()), 0, "[]"+es+"{", depth-1)
	l.add(l.off(last.End()), 0, "}...", closing(depth-1))
}
