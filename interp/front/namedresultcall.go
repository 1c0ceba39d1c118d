package front

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Calls of a function with a named result, assigned. The interpreter has a declared
// function with named results write them straight into the caller's destination, so one
// that set its result and then panicked left it assigned, where Go assigns nothing: a
// trial recovered into an error slot kept its loss of 5e47, and a deferred function read
// the result of a call that never returned. Converted to its type, the result goes
// through a value of the caller's own first:
//
//	out = f()     →  out = float64(f())
//	return f()    →  return float64(f())     (in a function with named results)

// namedResultCall converts e, the one value assigned or returned, as above where it is
// the call of a cell's function with one named result.
func (l *lowerer) namedResultCall(e ast.Expr, depth int) {
	c, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return
	}
	fun := ast.Unparen(c.Fun)
	switch x := fun.(type) {
	case *ast.IndexExpr:
		fun = x.X
	case *ast.IndexListExpr:
		fun = x.X
	}
	id, ok := fun.(*ast.Ident)
	if !ok {
		return
	}
	// (A function of an earlier cell is a variable of this one's.)
	obj := l.info().Uses[id]
	if obj == nil || obj.Pkg() == nil || obj.Pkg().Path() != "main" {
		return
	}
	sig, ok := obj.Type().(*types.Signature)
	if !ok || sig.Recv() != nil || sig.Results().Len() != 1 || sig.Results().At(0).Name() == "" {
		return
	}
	t := l.applied(l.typeOf(c))
	if t == nil || hasTypeParams(t) {
		return
	}
	switch t.Underlying().(type) {
	case *types.Signature, *types.Chan:
		return // (a conversion to a named func type in parentheses crashes the interpreter)
	}
	if !l.namesReach(t, c.Pos()) || !l.basicNamesReach(t, c.Pos()) {
		return // a parameter named like the type (func run(config config))
	}
	spelled := l.typ(t)
	if spelled == "interface{}" && !types.IsInterface(t) {
		return
	}
	if strings.HasPrefix(spelled, "*") {
		spelled = "(" + spelled + ")"
	}
	l.add(l.off(c.Pos()), 0, spelled+"(", depth)
	l.add(l.off(c.End()), 0, ")", closing(depth))
}

// namedResultAssign applies namedResultCall to the value of a, an assignment of one.
func (l *lowerer) namedResultAssign(a *ast.AssignStmt, depth int) {
	if a.Tok == token.ASSIGN && len(a.Lhs) == 1 && len(a.Rhs) == 1 {
		l.namedResultCall(a.Rhs[0], depth)
	}
}

// basicNamesReach reports whether the predeclared types that spell t (float64, error)
// name them at pos: no local variable takes the name.
func (l *lowerer) basicNamesReach(t types.Type, pos token.Pos) bool {
	scope := l.k.pkg.Scope().Innermost(pos)
	if scope == nil {
		return true
	}
	ok := true
	walkTypes(t, func(t types.Type) bool {
		name := ""
		switch t := types.Unalias(t).(type) {
		case *types.Basic:
			name = t.Name()
		case *types.Named:
			if t.Obj().Pkg() == nil {
				name = t.Obj().Name() // error, comparable
			}
		}
		if name != "" {
			if _, found := scope.LookupParent(name, pos); found != nil && found.Parent() != types.Universe {
				ok = false
			}
		}
		return ok
	})
	return ok
}
