package front

import (
	"fmt"
	"go/ast"
	"strings"
)

// Init functions. Go runs a package's init functions after all its variables are
// initialized; the interpreter runs those of a cell when it declares them, before the
// cell's var declarations (var table = map[string]int{}; func init() { table["a"] = 1 }
// wrote to a nil map). So each init is renamed, and a chunk of statements calls them in
// order after the variables the cell declares before its first statement, which is all
// of them in a pasted program:
//
//	func init() { … }  →  func ᐅA() { … }   …   ᐅA()

// initFunc is a renamed init function of the cell.
type initFunc struct {
	name      string
	line, col int // of its declaration in the cell
}

// renameInit renames d, an init function of the cell, to a name of the same length in
// bytes where it can (columns stay the same), and records it.
func (k *check) renameInit(l *lowerer, d *ast.FuncDecl) {
	name := "ᐅ" + string(rune('A'+len(k.inits)))
	if len(k.inits) >= 26 {
		name = fmt.Sprintf("ᐅinit%d", len(k.inits))
	}
	l.add(k.cellOffset(d.Name.Pos()), len("init"), name, 0)
	p := k.fset.Position(d.Pos())
	_, line := decodeLine(p.Line)
	k.inits = append(k.inits, initFunc{name: name, line: line, col: p.Column})
}

// initChunk returns the chunk that calls the cell's init functions, at the first one's
// place in the cell.
func (k *check) initChunk() Chunk {
	calls := make([]string, len(k.inits))
	for i, f := range k.inits {
		calls[i] = f.name + "()"
	}
	first := k.inits[0]
	return Chunk{Kind: Stmts, Src: "\n;" + Directive(k.cell, first.line, first.col) + strings.Join(calls, "; "), Line: first.line, Col: first.col}
}
