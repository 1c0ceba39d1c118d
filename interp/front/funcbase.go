package front

import (
	"go/ast"
	"go/types"
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
