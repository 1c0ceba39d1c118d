package front

import (
	"go/ast"
)

// Closures the interpreter makes in a frame that other code goes on using. It keeps a
// function literal's closure in a slot of the frame that evaluates the literal, and each
// call of the closure writes the slot back, when it returns, to what the slot held when
// the closure was made. Two things go wrong in a frame that outlives such a call:
//
//   - A frame that makes deferred calls is held locked while it makes them, and the
//     write-back locks it: a deferred call that calls a closure made there (defer
//     cleanup(), defer func() { err = wrap(err) }()) never returns.
//   - In a loop, a closure from an earlier iteration that returns on another goroutine
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
	if !f.defers && len(f.loops) == 0 {
		return
	}
	t := l.typ(l.typeOf(lit))
	if t == "interface{}" {
		return // a type the lowered code cannot spell
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
	if len(f.loops) == 0 {
		return
	}
	l.add(l.off(s.Pos()), 0, "func() { ", depth)
	l.add(l.off(s.End()), 0, " }()", closing(depth))
}
