package front

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Increments and decrements of a uintptr. The interpreter's ++ and -- leave a uintptr
// (or a type over one) as it was; += and -= work:
//
//	n++  →  n += 1

// uintptrIncDec lowers s as above where its operand is a uintptr.
func (l *lowerer) uintptrIncDec(s *ast.IncDecStmt, depth int) {
	t := l.typeOf(s.X)
	if t == nil {
		return
	}
	if b, ok := l.applied(t).Underlying().(*types.Basic); !ok || b.Kind() != types.Uintptr {
		return
	}
	op := " += 1"
	if s.Tok == token.DEC {
		op = " -= 1"
	}
	l.add(l.off(s.TokPos), len(s.Tok.String()), op, depth)
}
