package front

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Ranges over a string without a value. The interpreter steps such a range by bytes, so
// for i := range "héllo" gave 0 1 2 3 4 where Go gives the rune starts 0 1 3 4 5, and
// for range s counted bytes. With a value it steps by runes; so the value is asked for:
//
//	for i := range s  →  for i, _ := range s
//	for range s       →  for _, _ = range s
//
// (with = and a variable, rangeAssign adds it).

// rangeString lowers s as described above, where it ranges over a string with := or
// without variables.
func (l *lowerer) rangeString(s *ast.RangeStmt, depth int) {
	if s.Value != nil || !l.overString(s) {
		return
	}
	switch {
	case s.Key == nil:
		l.add(l.off(s.Range), 0, "_, _ = ", depth)
	case s.Tok == token.DEFINE || isBlank(s.Key): // else rangeAssign's
		l.add(l.off(s.Key.End()), 0, ", _", depth)
	}
}

// overString reports whether s ranges over a string.
func (l *lowerer) overString(s *ast.RangeStmt) bool {
	b, ok := l.applied(l.typeOf(s.X)).Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

func isBlank(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "_"
}
