package front

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Closures the interpreter makes in a frame that other code goes on using. It keeps a
// function literal's closure in a slot of the frame that evaluates the literal, and each
// call of the closure writes the slot back, when it returns, to what the slot held when
// the closure was made. Two things go wrong in a frame that outlives such a call:
//
//   - A frame that makes deferred calls is held locked while it makes them, and the
//     write-back locks it: a deferred call that calls a closure made there (defer
//     cleanup(), defer func() { err = wrap(err) }()) never returns.
//   - In a loop (or a function with a goto back), a closure from an earlier iteration that returns on another goroutine
//     writes the slot back between the loop making this iteration's closure and reading
//     it: the loop hands on an older iteration's closure (of jobs <- func() { out[i] = i },
//     sent 20,000 times to four workers, a dozen ran twice and as many never), or the
//     slot's first value, a nil function, which a go statement started in a goroutine
//     of its own and the call's panic ended the process.
//
// So such a closure is made in a call of its own, whose frame nothing reads after it
// returns, and which sees the same variables.

// ownFrame makes lit, a function literal kept as a value (not called where it stands),
// in a call of its own where the frame that evaluates it is one of those above:
//
//	cleanup := func() { ... }  →  cleanup := func() func() { return func() { ... } }()
func (l *lowerer) ownFrame(lit *ast.FuncLit, f *frame, depth int) {
	if !f.defers && !f.inLoop() {
		return
	}
	t := l.typ(l.typeOf(lit))
	if t == "interface{}" || !l.namesReach(l.typeOf(lit), lit.Pos()) {
		// A type the lowered code cannot spell (a type declared in a function that
		// stays there, or one a local variable's name hides): its statement, in a
		// loop, runs in a call of its own instead.
		if f.inLoop() {
			l.ownFrameStmt(depth)
		}
		return
	}
	l.add(l.off(lit.Pos()), 0, "func() "+t+" { return ", depth)
	l.add(l.off(lit.End()), 0, " }()", closing(depth))
}

// ownFrameGo puts s, a go statement in a loop, in a call of its own: its function is a
// literal, the user's or the one that guards the goroutine (see goGuard), which the
// interpreter makes in the loop's frame (see ownFrame):
//
//	go func() { ... }()  →  func() { go func() { ... }() }()
func (l *lowerer) ownFrameGo(s *ast.GoStmt, f *frame, depth int) {
	if !f.inLoop() {
		return
	}
	l.add(l.off(s.Pos()), 0, "func() { ", depth)
	l.add(l.off(s.End()), 0, " }()", closing(depth))
}

// inLoop reports whether a statement of f may run more than once in one call of f: in a
// loop, or anywhere in a function with a goto back to an earlier label (which the
// closures above are too rare in to tell apart).
func (f *frame) inLoop() bool { return len(f.loops) > 0 || f.gotoLoop }

// gotoesBack reports whether list, a function's body, has a goto to a label before it,
// outside function literals (whose labels are their own).
func gotoesBack(list []ast.Stmt) bool {
	labels := map[string]token.Pos{}
	var gotos []*ast.BranchStmt
	for _, st := range list {
		ast.Inspect(st, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.LabeledStmt:
				labels[n.Label.Name] = n.Pos()
			case *ast.BranchStmt:
				if n.Tok == token.GOTO && n.Label != nil {
					gotos = append(gotos, n)
				}
			}
			return true
		})
	}
	for _, g := range gotos {
		if at, ok := labels[g.Label.Name]; ok && at < g.Pos() {
			return true
		}
	}
	return false
}

// ownFrameStmt puts the statement being lowered in a call of its own, as ownFrameGo
// does a go statement, when it is one that can run there as it is: a send, an
// assignment without :=, a call or an increment.
//
//	tasks <- func() trial { … }  →  func() { tasks <- func() trial { … } }()
func (l *lowerer) ownFrameStmt(depth int) {
	st := l.plain
	if st == nil || l.wrapped[st] {
		return
	}
	switch s := st.(type) {
	case *ast.SendStmt, *ast.ExprStmt, *ast.IncDecStmt:
	case *ast.AssignStmt:
		if s.Tok == token.DEFINE {
			return
		}
	default:
		return
	}
	if l.wrapped == nil {
		l.wrapped = map[ast.Stmt]bool{}
	}
	l.wrapped[st] = true
	l.add(l.off(st.Pos()), 0, "func() { ", depth)
	l.add(l.off(st.End()), 0, " }()", closing(depth))
}

// namesReach reports whether the names of the cell's types that spell t name them at
// pos: a local variable of the same name hides one (point := 0.5 beside type point).
func (l *lowerer) namesReach(t types.Type, pos token.Pos) bool {
	scope := l.k.pkg.Scope().Innermost(pos)
	if scope == nil {
		return true
	}
	ok := true
	walkTypes(t, func(t types.Type) bool {
		if n, named := types.Unalias(t).(*types.Named); named && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "main" {
			if _, found := scope.LookupParent(n.Obj().Name(), pos); found != nil && found != n.Obj() {
				if _, isType := found.(*types.TypeName); !isType {
					ok = false
				}
			}
		}
		return ok
	})
	return ok
}
