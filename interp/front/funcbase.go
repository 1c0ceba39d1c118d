package front

import (
	"go/ast"
	"go/types"
	"unicode"
)

// A type defined over a named type that is not a struct, an interface or a basic type.
// The interpreter cannot call a value of a type defined over a named func type (type G F,
// or type Stream[T any] iter.Seq[T]: "too many arguments"), nor range over it; a type
// over a named map or slice type takes that type's String method along (type Raw Vec
// printed as Vec did), and its composite literals crash the interpreter's compiler or
// lose their elided element types (R{"a": 1}: CFG post-order panic). Its underlying
// type is written out instead, which in Go is the same declaration: a defined type has
// no methods from the type it names.
//
//	type IntSeq iter.Seq[int]  →  type IntSeq func(yield func(int) bool)
//	type Raw Vec               →  type Raw []float64

// namedBase lowers s as above where it defines a type over such a named type.
func (l *lowerer) namedBase(s *ast.TypeSpec, depth int) {
	if s.Assign.IsValid() {
		return // an alias is the type it names
	}
	switch ast.Unparen(s.Type).(type) {
	case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr, *ast.IndexListExpr:
	default:
		return
	}
	t := l.typeOf(s.Type)
	if t == nil {
		return
	}
	if _, named := types.Unalias(t).(*types.Named); !named { // (type Raw VA, with type VA = Vec)
		return
	}
	switch t.Underlying().(type) {
	case *types.Signature, *types.Slice, *types.Map, *types.Array, *types.Chan, *types.Pointer:
	default:
		return
	}
	text := l.typ(t.Underlying())
	if text == "interface{}" {
		return
	}
	l.replace(s.Type, text, depth)
}

// namedFuncResults converts each result of r, a return statement of a function with
// results, that is a call returning a named func type (Op, iter.Seq[int]) to that type:
// a value returned as the call's result made the interpreter's compiler crash where it
// was called later (func (t *T) All() iter.Seq[int] { return t.walk(0) }, then
// for v := range t.All(): CFG post-order panic).
//
//	return e.get()  →  return Op(e.get())
func (l *lowerer) namedFuncResults(r *ast.ReturnStmt, results *types.Tuple, depth int) {
	if results == nil || len(r.Results) != results.Len() {
		return
	}
	for i, e := range r.Results {
		c, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			continue
		}
		if tv, ok := l.info().Types[c.Fun]; !ok || tv.IsType() {
			continue // a conversion already
		}
		t := l.applied(results.At(i).Type())
		n, ok := types.Unalias(t).(*types.Named)
		if !ok {
			continue
		}
		if _, fn := n.Underlying().(*types.Signature); !fn {
			continue
		}
		ts := l.typ(t)
		if ts == "interface{}" {
			continue
		}
		if !plainName(ts) {
			// The type written out (an instance of iter.Seq2): in parentheses. (A
			// name goes without: (Op)(…) crashed the same way.)
			ts = "(" + ts + ")"
		}
		l.add(l.off(e.Pos()), 0, ts+"(", depth)
		l.add(l.off(e.End()), 0, ")", closing(depth))
	}
}

// plainName reports whether s is a name, qualified or not.
func plainName(s string) bool {
	for i, r := range s {
		if !(r == '_' || unicode.IsLetter(r) || i > 0 && (unicode.IsDigit(r) || r == '.')) {
			return false
		}
	}
	return s != ""
}
