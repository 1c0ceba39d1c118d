package front

import (
	"fmt"
	"regexp"
	"strconv"
)

// Positions in the interpreter. The interpreter resolves imports per file name, so every
// chunk it is given must keep its default file name "_.go"; the cell number travels in
// the line number instead (line L of cell N is line N*lineBase+L), and Positions decodes
// it in messages.

// CellName is how positions name a cell: cell[N].
func CellName(cell int) string { return fmt.Sprintf("cell[%d]", cell) }

// lineBase encodes cell numbers in line numbers. Go's scanner rejects line numbers above 1<<30, so cells may
// have up to lineBase-1 lines and the encoding holds maxCell cells.
const lineBase = 100000

// maxCell is the last cell number the encoding holds. Later execution counts wrap
// around (see encodeCell): their positions name a wrong cell, which beats failing.
const maxCell = 1<<30/lineBase - 2

// encodeCell returns the number that stands for cell in encoded lines.
func encodeCell(cell int) int {
	if cell == ExprCell || cell == libCell || (cell >= 0 && cell <= maxCell) {
		return cell
	}
	return ((cell%maxCell)+maxCell)%maxCell + 1
}

// Directive makes positions in the source that follows it count from the unit's
// place in the cell. It must start a line, hence the leading newline (the interpreter
// prepends "package main;" or a function header to what it is given).
func Directive(cell, line, col int) string {
	return fmt.Sprintf("\n//line _.go:%d:%d\n", encodeCell(cell)*lineBase+line, col)
}

var encodedPos = regexp.MustCompile(`_\.go:(\d+):(\d+)\b|\b(\d{6,}):(\d+)\b`)

// Positions rewrites the encoded positions in an interpreter message as
// cell[N]:line:col.
func Positions(msg string) string {
	return encodedPos.ReplaceAllStringFunc(msg, func(m string) string {
		sub := encodedPos.FindStringSubmatch(m)
		if sub[1] == "" {
			sub = []string{sub[0], sub[3], sub[4]}
		}
		n, err := strconv.Atoi(sub[1])
		if err != nil {
			return m
		}
		if n < lineBase {
			return m
		}
		if n/lineBase == libCell {
			if lib := libPosition(n % lineBase); lib != "" {
				return lib + ":" + sub[2]
			}
		}
		return fmt.Sprintf("%s:%d:%s", CellName(n/lineBase), n%lineBase, sub[2])
	})
}

// ExprCell is the cell number user expressions (Jupyter's user_expressions) run as, just
// past those of real cells (see encodeCell), so that their positions can be told from
// those of the cells they call into. It leaves room for expressions of 41823 lines.
const ExprCell = maxCell + 1

// libCell is the cell number of library code (see libPosition).
const libCell = maxCell + 2

// decodeLine splits an encoded line number into cell and line.
func decodeLine(l int) (cell, line int) { return l / lineBase, l % lineBase }
