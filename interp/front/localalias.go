package front

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Type aliases declared inside a function. The interpreter does not find them
// ("undefined: Row" for type Row = []float64 in a function), so the declaration goes
// and each use of the alias is spelled as the type it stands for:
//
//	type Row = []float64; m = append(m, Row{1, 2})  →  ; m = append(m, []float64{1, 2})

// conversion notes c's function if it names a local alias, which converts (see
// aliasUse).
func (l *lowerer) conversion(c *ast.CallExpr) {
	fun := ast.Unparen(c.Fun)
	switch x := fun.(type) {
	case *ast.IndexExpr:
		fun = x.X // a generic alias's instance (see instanceExpr)
	case *ast.IndexListExpr:
		fun = x.X
	}
	if id, ok := fun.(*ast.Ident); ok {
		if tn, ok := l.info().Uses[id].(*types.TypeName); ok && tn.IsAlias() {
			if l.converts == nil {
				l.converts = map[*ast.Ident]bool{}
			}
			l.converts[id] = true
		}
	}
}

// instanceAliasUse spells id, a use of an alias of a generic type's instance, as that
// instance, and reports whether it did. The interpreter took the alias for the type
// before its instance was declared, one without methods (type V64 = Vec[float64]; V64{1}.Len()
// was undefined), and found no type through it in a conversion (type Ints =
// iter.Seq[int]; Ints(seq) crashed compiling the cell).
func (l *lowerer) instanceAliasUse(id *ast.Ident, tn *types.TypeName) bool {
	if !tn.IsAlias() || l.localAlias(tn) || tn.Pkg() == nil || tn.Pkg().Path() != "main" {
		return false
	}
	if _, generic := l.info().Instances[id]; generic {
		return false // a generic alias: see instanceExpr
	}
	n, ok := types.Unalias(tn.Type()).(*types.Named)
	if !ok || n.TypeArgs().Len() == 0 {
		return false
	}
	text := l.typ(n)
	if text == "interface{}" {
		return false
	}
	if l.converts[id] && (strings.HasPrefix(text, "*") || strings.HasPrefix(text, "func") || strings.HasPrefix(text, "<-") || strings.HasPrefix(text, "chan")) {
		text = "(" + text + ")"
	}
	l.add(l.off(id.Pos()), len(id.Name), text, 0)
	return true
}

// localAliases blanks the specs of d, a declaration inside a function, that declare
// aliases.
func (l *lowerer) localAliases(d *ast.GenDecl) {
	if d.Tok != token.TYPE {
		return
	}
	for _, s := range d.Specs {
		ts := s.(*ast.TypeSpec)
		if tn, ok := l.info().Defs[ts.Name].(*types.TypeName); ok && l.localAlias(tn) {
			from, to := ts.Pos(), ts.End()
			if len(d.Specs) == 1 {
				from, to = d.Pos(), d.End()
			}
			if k, ok := l.src.(*check); ok {
				l.edits = append(l.edits, k.blank(from, to)...)
			}
		}
	}
}

// localAlias reports whether tn is an alias declared inside a function of the cell.
func (l *lowerer) localAlias(tn *types.TypeName) bool {
	if !tn.IsAlias() || tn.Pkg() == nil || tn.Pkg().Path() != "main" || tn.Parent() == nil {
		return false
	}
	p := tn.Parent()
	return p != tn.Pkg().Scope() && p != types.Universe && l.k.inCell(tn.Pos())
}

// aliasUse spells id, a use of a local alias, as the type it stands for, and reports
// whether it did.
func (l *lowerer) aliasUse(id *ast.Ident, tn *types.TypeName) bool {
	if !l.localAlias(tn) {
		return false
	}
	text := l.typ(types.Unalias(tn.Type()))
	if text == "interface{}" && !isAny(types.Unalias(tn.Type())) {
		return false // a type no name reaches (a local named type): left as it was
	}
	if l.converts[id] && (strings.HasPrefix(text, "*") || strings.HasPrefix(text, "func") || strings.HasPrefix(text, "<-")) {
		text = "(" + text + ")" // P(x), not *int(x); and nowhere else: var p (*int) panics
	}
	l.edits = append(l.edits, edit{at: l.off(id.Pos()), del: len(id.Name), text: text, weak: true}) // (see hoistedUse)
	return true
}
