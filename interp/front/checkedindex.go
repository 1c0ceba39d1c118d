package front

import (
	"go/ast"
	"go/types"
)

// Indexes where a panic is recovered. The interpreter's index out of range is reflect's,
// which names neither the index nor the length, so recover gave
// "runtime error: index out of range" where Go gives "... [5] with length 3". (An
// unrecovered one gets them after the fact, where the cell can evaluate its operands
// again; see interp.) In a function that defers a call recovering the panic (and at the
// top level of a cell that does), where the message is what the code goes on with, an
// index is checked by a compiled call that panics with Go's message:
//
//	xs[i]  →  xs[ᐅdescent.Index(i, len(xs))]
//
// Only there, and outside loops: the call costs five times what the index does.

// recoveringDefers reports whether body defers a call that recovers: a function literal
// or a cell's function or method that calls recover itself.
func (l *lowerer) recoveringDefers(body []ast.Stmt) bool {
	found := false
	for _, st := range body {
		ast.Inspect(st, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.DeferStmt:
				switch fun := ast.Unparen(n.Call.Fun).(type) {
				case *ast.FuncLit:
					found = found || callsRecoverIn(l.info(), fun.Body)
				case *ast.Ident, *ast.SelectorExpr:
					if fn, ok := l.info().Uses[nameOf(fun)].(*types.Func); ok {
						found = found || l.recovers(fn)
					}
				}
			}
			return !found
		})
	}
	return found
}

// checkedIndex lowers x, an index of a slice, array or string, as described above.
func (l *lowerer) checkedIndex(x *ast.IndexExpr, depth int) {
	tv, ok := l.info().Types[x.X]
	if !ok || !tv.IsValue() || !sideEffectFree(x.X) {
		return
	}
	switch u := l.applied(tv.Type).Underlying().(type) {
	case *types.Slice:
	case *types.Basic:
		if u.Info()&types.IsString == 0 {
			return
		}
	case *types.Array:
		if iv := l.info().Types[x.Index]; iv.Value != nil {
			return // a constant index of an array is checked by the compiler
		}
	case *types.Pointer:
		if _, ok := u.Elem().Underlying().(*types.Array); !ok {
			return
		}
	default:
		return // a map
	}
	iv := l.info().Types[x.Index]
	if iv.Type == nil {
		return
	}
	hook, conv := ".Index(", "int("
	if b, ok := underBasic(iv.Type); ok && b.Info()&types.IsUnsigned != 0 {
		hook, conv = ".IndexU(", "uint64(" // (as int, a wrapped uint64 was -1)
	}
	l.add(l.off(x.Index.Pos()), 0, HookName+hook+conv, depth)
	l.add(l.off(x.Index.End()), 0, "), len("+l.text(x.X.Pos(), x.X.End())+"))", closing(depth))
}
