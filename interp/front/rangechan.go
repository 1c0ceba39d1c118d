package front

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Ranges over containers of channels. The interpreter panics ranging with a value over
// a slice, array or map whose elements are channels (reflect: call of reflect.Value.Len
// on int Value), as a fan-in over a []chan int does; ranging over the keys alone works,
// so the value is read by its key in the body, from the range expression evaluated once
// before the loop, as Go does (an array is copied: neither a slice variable the body
// assigns nor an element does change what the loop reads):
//
//	for i, c := range chans { … }  →  { ᐅs1 := chans; for i := range ᐅs1 { c := ᐅs1[i]; … } }

// rangeChanElems lowers s as above when it needs it, and reports whether it did.
func (l *lowerer) rangeChanElems(s *ast.RangeStmt, depth int) bool {
	if s.Value == nil || s.Key == nil {
		return false
	}
	if id, ok := s.Value.(*ast.Ident); ok && id.Name == "_" {
		return false
	}
	var elem types.Type
	switch t := l.applied(l.typeOf(s.X)).Underlying().(type) {
	case *types.Slice:
		elem = t.Elem()
	case *types.Array:
		elem = t.Elem()
	case *types.Map:
		elem = t.Elem()
	case *types.Pointer:
		// A pointer to an array, which the loop's own lowering made a slice of it
		// ((&arr)[:]): its elements are the array's, not a copy, as in Go.
		a, ok := t.Elem().Underlying().(*types.Array)
		if !ok {
			return false
		}
		elem = a.Elem()
	default:
		return false
	}
	if _, ok := elem.Underlying().(*types.Chan); !ok {
		return false
	}
	key, ok := s.Key.(*ast.Ident)
	if !ok {
		return false // for m[k], c = range …: left as it was
	}
	id := itoa(l.k.uid())
	k, tok := key.Name, s.Tok.String()
	if k == "_" {
		k, tok = "ᐅk"+id, ":="
	}
	from, to := l.off(s.For), l.off(s.X.Pos())
	if strings.Contains(l.text(s.For, s.X.Pos()), "\n") {
		return false // lines would move
	}
	// The range expression stays where it is (lowerings may have edited it); a label
	// moves into the block, onto the loop.
	label := ""
	if ls := l.labeledStmt(s); ls != nil {
		label = ls.Label.Name + ": "
		l.add(l.off(ls.Pos()), l.off(ls.Colon)+1-l.off(ls.Pos()), "", depth)
	}
	x := "ᐅs" + id
	l.add(from, to-from, "{ "+x+" := ", depth)
	// (After whatever closes around the operand: its own lowerings, the slice of a
	// pointer to an array.)
	l.add(l.off(s.X.End()), 0, "; "+label+"for "+k+" "+tok+" range "+x, closing(depth-1))
	l.add(l.off(s.End()), 0, " }", closing(depth))
	decl := " " + l.text(s.Value.Pos(), s.Value.End()) + " " + s.Tok.String() + " " + x + "[" + k + "];"
	if s.Tok == token.DEFINE {
		l.declareInBody(s.Body, decl, depth)
	} else {
		l.add(l.off(s.Body.Lbrace)+1, 0, decl, depth)
	}
	l.rangeVars(s, depth, s.Key)
	return true
}

// sideEffectFree reports whether evaluating e again gives the same value with nothing
// else happening: a variable, or a field of one.
func sideEffectFree(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return true
	case *ast.SelectorExpr:
		return sideEffectFree(e.X)
	}
	return false
}

// labeledStmt returns the labeled statement that labels s, or nil.
func (l *lowerer) labeledStmt(s ast.Stmt) *ast.LabeledStmt {
	var found *ast.LabeledStmt
	for _, f := range l.files() {
		ast.Inspect(f, func(n ast.Node) bool {
			if ls, ok := n.(*ast.LabeledStmt); ok && ls.Stmt == s {
				found = ls
			}
			return found == nil
		})
	}
	return found
}

// files returns the files of the source being lowered.
func (l *lowerer) files() []*ast.File {
	if sp, ok := l.src.(*sourcePackage); ok {
		var fs []*ast.File
		for _, f := range sp.files {
			fs = append(fs, f.file)
		}
		return fs
	}
	return []*ast.File{l.k.file}
}
