package front

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
)

// Ranges over a string. The interpreter steps through the string's runes and computes each
// rune's byte offset by encoding the runes before it again: a byte that is not UTF-8 (one
// byte in the string, three as U+FFFD) put every later index off by two, and the loop took
// time quadratic in the string's length. Without a value it stepped by bytes: for i :=
// range "héllo" gave 0 1 2 3 4 where Go gives the rune starts 0 1 3 4 5. So a range
// that defines an index walks the offsets and runes a compiled helper decodes as Go does:
//
//	for i, r := range s { body }  →  for _, ᐅr := range ᐅdescent.Runes(s) { i, r := ᐅr.Pos, ᐅr.Rune; { body } }
//
// and a range without variables asks for both, to count runes: for range s → for _, _ =
// range s. (A range that assigns its index, for i = range s, is rangeAssign's.)

// rangeString lowers s as described above, where it ranges over a string. It reports
// whether it declared the loop's variables itself.
func (l *lowerer) rangeString(s *ast.RangeStmt, depth int) bool {
	if !l.overString(s) {
		return false
	}
	switch {
	case s.Key == nil:
		l.add(l.off(s.Range), 0, "_, _ = ", depth)
	case s.Tok == token.DEFINE && !isBlank(s.Key):
		r := fmt.Sprintf("ᐅr%d", l.k.uid())
		l.add(l.off(s.Key.Pos()), l.off(s.X.Pos())-l.off(s.Key.Pos()), "_, "+r+" := range "+HookName+".Runes(", depth)
		l.add(l.off(s.X.End()), 0, ")", closing(depth))
		decl := fmt.Sprintf(" %s := %s.Pos;", l.text(s.Key.Pos(), s.Key.End()), r)
		if s.Value != nil && !isBlank(s.Value) {
			decl = fmt.Sprintf(" %s, %s := %s.Pos, %s.Rune;", l.text(s.Key.Pos(), s.Key.End()), l.text(s.Value.Pos(), s.Value.End()), r, r)
		}
		l.declareInBody(s.Body, decl, depth)
		return true
	case s.Value == nil && isBlank(s.Key): // for _ = range s, for _ := range s
		l.add(l.off(s.Key.End()), 0, ", _", depth)
	}
	return false
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
