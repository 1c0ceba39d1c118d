package front

import "go/ast"

// Returns at the top level of a cell. Go's return in main ends the program; the
// interpreter's ends only the statements it runs at once, and the cell went on with the
// next (if err != nil { fmt.Println(err); return } then used the nil result). So a
// return there ends the cell by a panic the session knows and takes for a normal end,
// after the cell's top-level deferred calls:
//
//	return  →  ᐅdescent.Return()
//
// (a return inside the body of a range-over-func loop at the top level ends it the same
// way, once the loop is over; see rangeFunc.exit.)

// cellReturn is what a return at the top level of a cell becomes.
const cellReturn = HookName + ".Return()"

// returned is the panic value of a return at the top level of a cell.
type returned struct{}

// Returned reports whether v, a panic's value, is that of a return at the top level of a
// cell: the cell ended as a Go program's main does when it returns.
func Returned(v any) bool {
	_, ok := v.(returned)
	return ok
}

// topReturn lowers r, a return at the top level of a cell.
func (l *lowerer) topReturn(r *ast.ReturnStmt, depth int) {
	l.add(l.off(r.Return), len("return"), cellReturn, depth)
}
