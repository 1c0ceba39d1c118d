package front

import (
	"sort"
	"strings"
)

// Lowering edits keep lines but move columns after an insertion on the same line. The
// interpreter reports positions in the lowered text; Column maps them back to the
// columns the user wrote, for the cells it has seen.

// lowered is what Column and Frame need of one cell: its text, its edits, and where its
// top-level statements and chunks start.
type lowered struct {
	text   string
	edits  []edit
	stmts  [][2]pos        // extent of each top-level statement
	lits   [][2]pos        // extent of each function literal
	chunks map[[2]int]bool // line, col where each chunk starts
	bodies []body          // what runs as one frame, for Place
}

// pos is a line and column of a cell.
type pos struct{ line, col int }

func (p pos) before(q pos) bool { return p.line < q.line || p.line == q.line && p.col < q.col }

func within(p pos, r [2]pos) bool { return !p.before(r[0]) && p.before(r[1]) }

// remember keeps the cell's edits for Column.
func (c *Checker) remember(cell int, text string, edits []edit) {
	if c.cells == nil {
		c.cells = map[int]lowered{}
	}
	es := append([]edit(nil), edits...)
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if a.at != b.at {
			return a.at < b.at
		}
		if (a.del > 0) != (b.del > 0) {
			return a.del > 0
		}
		return a.rank < b.rank
	})
	c.cells[cell] = lowered{text: text, edits: es, chunks: map[[2]int]bool{}}
}

// Frame tells what a frame the interpreter reports at line:col of cell is: "statement"
// for the function literal a top-level statement runs in, "chunk" for the function the
// interpreter wraps a run of statements in (neither is the user's), or "".
func (c *Checker) Frame(cell, line, col int) string {
	lc, ok := c.cells[cell]
	if !ok {
		return ""
	}
	if lc.chunks[[2]int{line, col}] {
		return "chunk"
	}
	p := pos{line, col}
	for _, r := range lc.lits {
		if within(p, r) {
			return "" // in a function literal the user wrote
		}
	}
	for _, r := range lc.stmts {
		if within(p, r) {
			return "statement"
		}
	}
	return ""
}

// Column maps column col (1-based, in bytes) of line of cell, as the interpreter reports
// it for the lowered cell, to the column in the cell as written. A position inside text
// the lowering inserted maps to where it was inserted.
func (c *Checker) Column(cell, line, col int) int {
	lc, ok := c.cells[cell]
	if !ok || line < 1 || col < 1 {
		return col
	}
	start := 0
	for i := 1; i < line; i++ {
		j := strings.IndexByte(lc.text[start:], '\n')
		if j < 0 {
			return col
		}
		start += j + 1
	}
	end := len(lc.text)
	if j := strings.IndexByte(lc.text[start:], '\n'); j >= 0 {
		end = start + j
	}
	// Edits on earlier lines keep their lines, so only this line's edits move columns;
	// each chunk restarts positions with a line directive at its first unit.
	loweredPos := start + col - 1
	shift := 0
	for _, e := range lc.edits {
		if e.at < start || e.at > end {
			continue
		}
		at := e.at + shift
		if loweredPos < at {
			break
		}
		if loweredPos < at+len(e.text) {
			return e.at - start + 1
		}
		shift += len(e.text) - e.del
	}
	return loweredPos - shift - start + 1
}
