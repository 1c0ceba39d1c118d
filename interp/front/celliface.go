package front

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Values of a cell's interface types put in compiled ones. The interpreter's conversion
// of a value of a cell's interface type (type StepErr interface{ error; Step() int }) to
// a compiled interface (error, fmt.Stringer, io.Writer) wraps the interface value, not
// what it holds: the result refers to the variable it came from (errors collected in a
// loop all read the last one), its dynamic type is lost (err.(nanErr), errors.As and %T
// failed), and a nil one panicked. Where the cell knows types that may be in it, the value
// is taken out and converted by its own type, as a value of that type would be:
//
//	errs = append(errs, se)  →  errs = append(errs, func(ᐅi StepErr) error { if ᐅi == nil { return nil }; switch ᐅc := ᐅi.(type) { case nanErr: return func(ᐅv nanErr) error { return struct{ nanErr }{ᐅv} }(ᐅc) }; return ᐅi }(se))
//
// A value of a type the cell does not know (a later cell's) goes in as before.

// maxHeld bounds the types a conversion tells apart, so that an interface many types
// implement does not make every conversion long.
const maxHeld = 48

// cellIfaceToCompiled converts e, of a cell's interface type t, to the compiled interface
// target as described above, and reports whether it did.
func (l *lowerer) cellIfaceToCompiled(e ast.Expr, t, target types.Type, depth int) bool {
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		return false // a receive, which a select's case must keep as it is
	}
	held := l.convertsHeld(t, target)
	if held == nil {
		return false
	}
	src, dst := l.typ(t), l.typ(target)
	text := "func(ᐅi " + src + ") " + dst + " { if ᐅi == nil { return nil }; "
	if len(held) > 0 {
		text += "switch ᐅc := ᐅi.(type) {"
		for _, c := range held {
			l.wantForwarders(c, target)
			text += " case " + l.typ(c) + ": return " + l.converter(c, target) + "(ᐅc);"
		}
		text += " }; "
	}
	text += "return ᐅi }("
	closer := ")"
	switch ast.Unparen(e).(type) {
	case *ast.CallExpr, *ast.TypeAssertExpr:
		// A call's result goes into the literal's parameter converted, as a value of
		// the interface type (see cellInterfaceArg).
		text += src + "("
		closer = "))"
	}
	l.add(l.off(e.Pos()), 0, text, depth)
	l.add(l.off(e.End()), 0, closer, closing(depth))
	return true
}

// convertsHeld returns the types that a conversion of a value of type t to target tells
// apart (see above), or nil if it is not one that cellIfaceToCompiled converts.
func (l *lowerer) convertsHeld(t, target types.Type) []types.Type {
	if t == nil || target == nil || !cellInterface(t) || !(compiledInterface(target) || target == types.Universe.Lookup("error").Type()) {
		return nil
	}
	if l.typ(t) == "interface{}" || l.typ(target) == "interface{}" {
		return nil // an interface declared in a function: no name to convert through
	}
	held := l.heldTypes(t, target)
	if len(held) > maxHeld {
		return nil
	}
	if held == nil {
		held = []types.Type{} // converted all the same: a nil one panicked
	}
	return held
}

// heldTypes returns the cell's types, and pointers to them, that a value of the cell's
// interface type t may hold and that go into target.
func (l *lowerer) heldTypes(t, target types.Type) []types.Type {
	var out []types.Type
	for _, n := range l.cellTypes() {
		if types.IsInterface(n) {
			continue
		}
		for _, c := range []types.Type{n, types.NewPointer(n)} {
			if types.AssignableTo(c, t) && types.AssignableTo(c, target) && l.typ(c) != "interface{}" {
				out = append(out, c)
			}
		}
	}
	return out
}
