package interp

import (
	"math"
	"reflect"
	"strconv"
	"sync"
)

// witnesses are the operands of the indexes of the running cell's top-level statements,
// as each statement left them when it ended (see front's witness.go): those of an index
// that panicked name its index and length in the message, as Go's runtime does.
type witnesses struct {
	mu   sync.Mutex
	seen map[[3]int][]witnessed // by cell, line and column of the index
}

// witnessed is one index's operands: the length of what it indexes (-1: not known) and
// the index, with how Go prints it.
type witnessed struct {
	n    int
	i    int
	text string
}

// note keeps the operands a statement hands over: for each index, its cell, line,
// column, length and index.
func (w *witnesses) note(args ...any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.seen == nil {
		w.seen = map[[3]int][]witnessed{}
	}
	fresh := map[[3]int][]witnessed{}
	for k := 0; k+5 <= len(args); k += 5 {
		var at [3]int
		ok := true
		for j := range at {
			if at[j], _, ok = integer(args[k+j]); !ok {
				break
			}
		}
		n, _, ok1 := integer(args[k+3])
		i, text, ok2 := integer(args[k+4])
		if ok && ok1 && ok2 {
			// (grid[i] and grid[i][j] are at one place)
			fresh[at] = append(fresh[at], witnessed{n: n, i: i, text: text})
		}
	}
	for at, list := range fresh {
		w.seen[at] = list
	}
}

// find returns the operands of the first of the candidates (line, column) in the cell
// of the frame lines[0] whose index is out of range, and which candidate it is.
func (w *witnesses) find(lines []string, candidates [][2]int) (n, i int, text string, k int, ok bool) {
	if len(lines) == 0 || len(candidates) == 0 {
		return 0, 0, "", -1, false
	}
	m := frameAt.FindStringSubmatch(lines[0])
	if m == nil {
		m = frameAlso.FindStringSubmatch(lines[0])
	}
	if m == nil {
		return 0, 0, "", -1, false
	}
	cell, _ := strconv.Atoi(m[1])
	w.mu.Lock()
	defer w.mu.Unlock()
	// The one out of range: where two are (y[j] = x[i], a[i] skipped by ||), which
	// one the statement ran is not known.
	found, at := witnessed{}, -1
	seen := map[[2]int]bool{}
	for k, c := range candidates {
		if seen[c] {
			continue
		}
		seen[c] = true
		for _, x := range w.seen[[3]int{cell, c[0], c[1]}] {
			if x.n >= 0 && (x.i < 0 || x.i >= x.n) {
				if at >= 0 {
					return 0, 0, "", -1, false
				}
				found, at = x, k
			}
		}
	}
	if at < 0 {
		return 0, 0, "", -1, false
	}
	if len(seen) == 1 {
		at = -1 // the frame is where it is already
	}
	return found.n, found.i, found.text, at, true
}

// reset forgets the operands, for a new cell.
func (w *witnesses) reset() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.seen = nil
}

// integer returns v, a value of an integer type, as an int and as Go prints it. An
// unsigned value past the largest int is that largest int, which is out of range as
// the value is.
func integer(v any) (int, string, bool) {
	x := reflect.ValueOf(v)
	switch {
	case x.CanInt():
		return int(x.Int()), strconv.FormatInt(x.Int(), 10), true
	case x.CanUint():
		return int(min(x.Uint(), math.MaxInt)), strconv.FormatUint(x.Uint(), 10), true
	}
	return 0, "", false
}
