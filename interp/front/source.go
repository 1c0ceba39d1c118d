package front

import (
	"go/ast"
	"go/token"
	"go/types"
)

// source is checked code that lowering edits: a cell, or a file of the generic library.
type source interface {
	// offset maps a position to a byte offset in code(pos), or -1.
	offset(token.Pos) int
	// code returns the text of the file that holds pos.
	code(pos token.Pos) string
	info() *types.Info
	fileset() *token.FileSet
	// labels maps labeled statements to their labels.
	labels() map[ast.Stmt]string
	// directive returns the line directive that makes positions of the text from pos on
	// those of the source.
	directive(pos token.Pos) string
}

func (k *check) offset(p token.Pos) int  { return k.cellOffset(p) }
func (k *check) code(token.Pos) string   { return k.cellText }
func (k *check) info() *types.Info       { return k.tinfo }
func (k *check) fileset() *token.FileSet { return k.fset }
func (k *check) directive(p token.Pos) string {
	pos := k.fset.Position(p)
	cell, line := decodeLine(pos.Line)
	return Directive(cell, line, pos.Column)
}

// textOf returns the text of src between two positions.
func textOf(src source, from, to token.Pos) string {
	a, b := src.offset(from), src.offset(to)
	if a < 0 || b < a {
		return ""
	}
	return src.code(from)[a:b]
}

// labelsOf collects the labeled statements under n.
func labelsOf(n ast.Node) map[ast.Stmt]string {
	m := map[ast.Stmt]string{}
	ast.Inspect(n, func(n ast.Node) bool {
		if ls, ok := n.(*ast.LabeledStmt); ok {
			m[ls.Stmt] = ls.Label.Name
		}
		return true
	})
	return m
}
