package remote

import (
	"strings"
	"sync"
)

// cellLog remembers the cells that succeeded since the last %reset, so that %rerun can
// rebuild what a restart lost. A cell is live while the current interpreter holds what
// it did; a restart makes every cell lost, and %rerun makes them live again.
type cellLog struct {
	mu    sync.Mutex
	cells []loggedCell
}

type loggedCell struct {
	code  string
	count int // execution count it ran with
	live  bool
}

// maxLoggedCells bounds the log; the oldest cells are forgotten first.
const maxLoggedCells = 10000

func (l *cellLog) add(code string, count int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.cells) == maxLoggedCells {
		l.cells = append(l.cells[:0], l.cells[1:]...)
	}
	l.cells = append(l.cells, loggedCell{code, count, true})
}

// reset forgets every cell: a %reset cleared the interpreter on purpose.
func (l *cellLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.cells = nil
}

// lose records a restart: no cell's work is in the new interpreter.
func (l *cellLog) lose() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := range l.cells {
		l.cells[i].live = false
	}
}

// lost returns the cells %rerun must run again, in order, with their positions.
func (l *cellLog) lost() ([]loggedCell, []int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var cs []loggedCell
	var at []int
	for i, c := range l.cells {
		if !c.live {
			cs = append(cs, c)
			at = append(at, i)
		}
	}
	return cs, at
}

// revive marks the cell at position i live again, if the log still has it there.
func (l *cellLog) revive(i int, count int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if i < len(l.cells) && l.cells[i].count == count {
		l.cells[i].live = true
	}
}

// counts returns how many cells were logged and how many of them are lost.
func (l *cellLog) counts() (all, lost int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, c := range l.cells {
		if !c.live {
			lost++
		}
	}
	return len(l.cells), lost
}

// codes returns the code and execution count of every logged cell, newest first.
func (l *cellLog) codes() []loggedCell {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]loggedCell, len(l.cells))
	for i, c := range l.cells {
		out[len(l.cells)-1-i] = c
	}
	return out
}

// magics returns the names of the magic lines at the top of a cell (after blank and
// comment lines), as the interpreter reads them, and the code with the %rerun lines
// blanked, so that line numbers still match.
func magics(code string) (names []string, withoutRerun string) {
	lines := strings.Split(code, "\n")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "//") {
			continue
		}
		if !strings.HasPrefix(t, "%") {
			break
		}
		name, _, _ := strings.Cut(t[1:], " ")
		names = append(names, name)
		if name == "rerun" {
			lines[i] = ""
		}
	}
	return names, strings.Join(lines, "\n")
}

func contains(names []string, name string) bool {
	for _, n := range names {
		if n == name {
			return true
		}
	}
	return false
}
