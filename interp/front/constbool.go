package front

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// Boolean constants. The interpreter evaluates a constant declaration's comparison
// (const debug = 1 == 1, const IsProd = Env == "prod", !(3 < 2)) to false, whatever the
// operands, and a bool variable initialized from such a constant is refused ("constant
// definition loop"). The checker knows the value; the declaration spells it out:
//
//	const IsProd = Env == "prod"  →  const IsProd = true

// constBools lowers the boolean values of d, a constant declaration, as described above.
func (l *lowerer) constBools(d *ast.GenDecl, depth int) {
	if d.Tok != token.CONST {
		return
	}
	for _, s := range d.Specs {
		if vs, ok := s.(*ast.ValueSpec); ok && (len(vs.Names) > 1 || len(vs.Values) == 0) {
			return // constRepeats spells out the values
		}
	}
	for _, s := range d.Specs {
		vs, ok := s.(*ast.ValueSpec)
		if !ok {
			continue
		}
		for _, v := range vs.Values {
			tv, ok := l.info().Types[v]
			if !ok || tv.Value == nil || tv.Value.Kind() != constant.Bool {
				continue
			}
			if b, ok := tv.Type.(*types.Basic); !ok || b.Info()&types.IsUntyped == 0 {
				continue // typed: typedConsts gives it its value
			}
			if id, ok := ast.Unparen(v).(*ast.Ident); ok && l.info().Uses[id] != nil && l.info().Uses[id].Parent() == types.Universe {
				continue // true or false itself
			}
			text := "false"
			if constant.BoolVal(tv.Value) {
				text = "true"
			}
			at := l.off(v.Pos())
			l.edits = append(l.edits, edit{at: at, del: l.off(v.End()) - at, text: text, rank: depth, blank: true})
		}
	}
}

// untypedLiteral returns the value of name, an untyped boolean, integer or float
// constant, as a literal.
func (l *lowerer) untypedLiteral(name *ast.Ident) (string, bool) {
	c, ok := l.info().Defs[name].(*types.Const)
	if !ok {
		return "", false
	}
	b, ok := c.Type().(*types.Basic)
	if !ok {
		return "", false
	}
	switch b.Kind() {
	case types.UntypedBool:
		return c.Val().ExactString(), true
	case types.UntypedInt:
		if _, exact := constant.Int64Val(c.Val()); exact {
			return c.Val().ExactString(), true
		} // a larger one stays an expression, which the interpreter keeps exact
	case types.UntypedFloat:
		return "(" + constLiteral(c.Val(), c.Type()) + ")", true // exact (see compiledFloat)

	}
	return "", false
}

// constBool replaces e, a boolean constant expression other than a name (a comparison
// of constants, a negation, a conversion, && or || of them), by its value, and reports
// whether it did. The interpreter compares constants as float64 or int64, so
// 1e-200*1e-200 > 0 (the product underflows) and math.MaxInt64+1 > math.MaxInt64 (it
// wraps) were false, and 1<<100 == 1<<100+1 did not compile; and its conversion of a
// constant boolean is true as a case (case bool(false): ran) and false on the left of ||
// (bool(false) || k == 0). go/types has the exact answer.
func (l *lowerer) constBool(e ast.Expr, depth int) bool {
	switch e := e.(type) {
	case *ast.BinaryExpr, *ast.ParenExpr, *ast.CallExpr:
	case *ast.UnaryExpr:
		if e.Op != token.NOT {
			return false
		}
	default:
		return false
	}
	tv, ok := l.info().Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Bool {
		return false
	}
	text := "false"
	if constant.BoolVal(tv.Value) {
		text = "true"
	}
	if _, ok := tv.Type.(*types.Basic); !ok && l.namedBoolOperand(e) {
		// A named boolean type's, from a constant of that type (!On, (On), a
		// conversion): it keeps its type, and its methods (!On prints by String). One
		// made of untyped constants (1 > 2) is of that type by its context only, where
		// the untyped value becomes it too.
		return false
	}
	l.replace(e, text, depth)
	return true
}

// namedBoolOperand reports whether e, a boolean constant expression, has an operand of a
// named type: a constant of it, or a conversion to it.
func (l *lowerer) namedBoolOperand(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BinaryExpr:
			switch n.Op {
			case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
				return false // a comparison is untyped, whatever its operands
			}
		case *ast.Ident, *ast.CallExpr, *ast.SelectorExpr:
			if tv, ok := l.info().Types[n.(ast.Expr)]; ok && tv.Type != nil {
				if _, basic := tv.Type.(*types.Basic); !basic {
					found = true
				}
			}
			return false
		}
		return !found
	})
	return found
}
