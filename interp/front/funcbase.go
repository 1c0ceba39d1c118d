package front

import (
	"go/ast"
	"go/types"
)

// A type defined over a named function type. The interpreter cannot call a value of such
// a type (type G F with F a func type, or type Stream[T any] iter.Seq[T]: "too many
// arguments"), nor range over it. Its underlying type is written out instead, which in
// Go is the same declaration: a defined type has no methods from the type it names.
//
//	type IntSeq iter.Seq[int]  →  type IntSeq func(yield func(int) bool)

// namedFuncBase lowers s as above where it defines a type over a named func type.
func (l *lowerer) namedFuncBase(s *ast.TypeSpec, depth int) {
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
	if _, named := t.(*types.Named); !named {
		return
	}
	if _, ok := t.Underlying().(*types.Signature); !ok {
		return
	}
	text := l.typ(t.Underlying())
	if text == "interface{}" {
		return
	}
	l.replace(s.Type, text, depth)
}
