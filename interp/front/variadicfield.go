package front

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Variadic functions held in struct fields. The interpreter calls a function value
// selected from a struct (o.F, p.F through a pointer, objs[0].F) with its variadic
// operands unpacked wrongly: o.F(1, 2, 3) panicked with index out of range [1] with
// length 1, and through a pointer the cell was refused (CFG post-order panic). The
// operands go in as the slice Go makes of them, which such a call takes:
//
//	o.F(1, 2, 3)  →  o.F([]float64{1, 2, 3}...)

// variadicField lowers c, a call, as above where it calls a field of variadic func type
// with two or more variadic operands.
func (l *lowerer) variadicField(c *ast.CallExpr, depth int) {
	if c.Ellipsis.IsValid() {
		return
	}
	if _, later := l.later[c]; later {
		return // deferred or started as a goroutine: its operands move (see defer.go)
	}
	sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	s := l.info().Selections[sel]
	if s == nil || s.Kind() != types.FieldVal {
		return
	}
	sig, ok := l.applied(s.Type()).Underlying().(*types.Signature)
	if !ok || !sig.Variadic() {
		return
	}
	fixed := sig.Params().Len() - 1
	if len(c.Args)-fixed < 2 {
		return
	}
	elem := l.typ(sig.Params().At(fixed).Type().(*types.Slice).Elem())
	if elem == "interface{}" && !types.IsInterface(sig.Params().At(fixed).Type().(*types.Slice).Elem()) {
		return
	}
	// (Around the operands' own edits, which the call's conversions made first.)
	first, last := c.Args[fixed], c.Args[len(c.Args)-1]
	l.add(l.off(first.Pos()), 0, "[]"+elem+"{", depth-1)
	l.add(l.off(last.End()), 0, "}...", closing(depth-1))
}

// A variable the interpreter declares from such a field (p := o.F, var p = o.F, and the
// function value a defer binds) gets a type it cannot call with several variadic
// operands either: p(1, 2) was refused (CFG post-order panic). Converted to its type
// first, the value declares a variable that can:
//
//	p := o.F  →  p := (func(...float64))(o.F)
//
// (A named type's conversion goes without parentheses, which crash the interpreter.)

// funcFieldValues lowers the values of n, an assignment or a var spec, as above where
// it declares variables from fields of variadic func type (or named ones with methods).
func (l *lowerer) funcFieldValues(n ast.Node, depth int) {
	var values []ast.Expr
	switch n := n.(type) {
	case *ast.AssignStmt:
		if n.Tok != token.DEFINE || len(n.Lhs) != len(n.Rhs) {
			return
		}
		values = n.Rhs
	case *ast.ValueSpec:
		if n.Type != nil || len(n.Names) != len(n.Values) {
			return
		}
		values = n.Values
	}
	for _, v := range values {
		l.funcFieldValue(v, depth)
	}
}

// hasMethods reports whether t, a named type, declares methods.
func hasMethods(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.NumMethods() > 0
}

// funcFieldValue converts e to its type where it selects a field of a variadic func
// type, or of a named func type with methods, which a variable declared from the field
// lost likewise (f := p.S; f.String() was an undefined method).
func (l *lowerer) funcFieldValue(e ast.Expr, depth int) {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return
	}
	s := l.info().Selections[sel]
	if s == nil || s.Kind() != types.FieldVal {
		return
	}
	t := l.applied(s.Type())
	sig, ok := t.Underlying().(*types.Signature)
	if !ok || !sig.Variadic() && !hasMethods(t) {
		return
	}
	spelled := l.typ(t)
	if spelled == "interface{}" {
		return // a type the lowered code cannot spell
	}
	open := "(" + spelled + ")("
	if _, named := types.Unalias(t).(*types.Named); named {
		open = spelled + "("
	}
	l.add(l.off(e.Pos()), 0, open, depth)
	l.add(l.off(e.End()), 0, ")", closing(depth))
}
