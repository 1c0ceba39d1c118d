package front

import (
	"go/ast"
	"go/types"
	"strconv"
	"sync"
)

// Marks of panic calls. The interpreter reports a frame at the first node its function
// ran (see sites.go), so of several panic calls in one function, Place could tell apart
// only those whose message the source spells: a validation helper with panic(Code(1))
// and panic(Code(2)) had its second panic put on the line of its first. A panic call
// statement notes where it is just before it panics, which costs nothing on the paths
// that do not panic:
//
//	panic(Code(2))  →  ᐅdescent.PanicAt(1, 7, 3); panic(Code(2))
//
// Place takes the mark when it is one of the candidate sites.

// panicMark is where the latest panic call of the process was: cell, line and column.
var panicMark struct {
	sync.Mutex
	at [3]int
}

// setPanicMark is the hook PanicAt.
func setPanicMark(cell, line, col int) {
	panicMark.Lock()
	panicMark.at = [3]int{cell, line, col}
	panicMark.Unlock()
}

// ForgetPanicMark drops the mark of the latest panic call: a recover stopped that panic,
// and a later one (of a deferred panic call, which marks nothing) is another.
func ForgetPanicMark() {
	panicMark.Lock()
	panicMark.at = [3]int{}
	panicMark.Unlock()
}

// markedPanic returns the site among fits that the latest panic call of cell marked, and
// forgets the mark.
func markedPanic(cell int, fits []site) (site, bool) {
	panicMark.Lock()
	at := panicMark.at
	panicMark.at = [3]int{}
	panicMark.Unlock()
	if at[0] != cell {
		return site{}, false
	}
	for _, f := range fits {
		if f.at.line == at[1] && f.at.col == at[2] {
			return f, true
		}
	}
	return site{}, false
}

// markPanic marks s, a statement, where it is a call of panic (see above).
func (l *lowerer) markPanic(s ast.Stmt, depth int) {
	es, ok := s.(*ast.ExprStmt)
	if !ok {
		return
	}
	c, ok := ast.Unparen(es.X).(*ast.CallExpr)
	if !ok {
		return
	}
	id, ok := ast.Unparen(c.Fun).(*ast.Ident)
	if !ok {
		return
	}
	if b, ok := l.info().Uses[id].(*types.Builtin); !ok || b.Name() != "panic" {
		return
	}
	if _, lib := l.src.(*sourcePackage); lib {
		return
	}
	p := l.src.fileset().Position(c.Pos())
	cell, line := decodeLine(p.Line)
	if cell == 0 {
		return
	}
	l.add(l.off(es.Pos()), 0, HookName+".PanicAt("+strconv.Itoa(cell)+", "+strconv.Itoa(line)+", "+strconv.Itoa(p.Column)+"); ", depth)
}
