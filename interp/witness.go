package interp

import (
	"math"
	"reflect"
	"strconv"
	"sync"
)

// witnesses are the operands of the indexes and slice expressions of the running
// cell's top-level statement that a panic ended, as it left them (see front's
// witness.go): those of the one out of range name its operands in the message, as Go's
// runtime does.
type witnesses struct {
	mu   sync.Mutex
	seen map[[3]int][]witnessed // by cell, line and column of the expression
}

// witnessed is one expression's operands: for an index, the length of what it indexes
// and the index, with how Go prints it; for a slice expression, what Go says of its
// bounds ("" when they are in range).
type witnessed struct {
	slice  bool
	n, i   int
	text   string
	detail string
	// For a division or map write (fault): whether it would fail (a divisor 0, a nil
	// map).
	fault, fails bool
}

// out reports whether the operands are out of range.
func (x witnessed) out() bool {
	if x.slice {
		return x.detail != ""
	}
	return x.n >= 0 && (x.i < 0 || x.i >= x.n)
}

// placeFault returns the position (line, column) of the one of the candidates in the
// cell of the frame lines[0], divisions or map writes, that would fail, and whether
// there is one (or several, on one line).
func (w *witnesses) placeFault(lines []string, candidates [][2]int) ([2]int, bool) {
	if len(lines) == 0 || len(candidates) < 2 {
		return [2]int{}, false
	}
	cell, ok := frameCell(lines[0])
	if !ok {
		return [2]int{}, false
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	var at [2]int
	found := false
	for _, c := range candidates {
		xs := w.seen[[3]int{cell, c[0], c[1]}]
		if len(xs) == 0 {
			return [2]int{}, false // one not witnessed may have been it
		}
		for _, x := range xs {
			if x.fault && x.fails {
				if found && at[0] != c[0] {
					return [2]int{}, false
				}
				if !found {
					at, found = c, true
				}
			}
		}
	}
	return at, found
}

// note keeps the operands a statement hands over: for each index 0, its cell, line,
// column, length and index; for each slice expression 1, its cell, line, column, the
// flags of its bounds (1 high, 2 a slice, 4 max), low, high, max, length and capacity;
// for each division or map write 2, its cell, line, column and 1 if it would fail.
func (w *witnesses) note(args ...any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.seen == nil {
		w.seen = map[[3]int][]witnessed{}
	}
	fresh := map[[3]int][]witnessed{}
	ints := func(vs []any) ([]int, []string, bool) {
		is, ts := make([]int, len(vs)), make([]string, len(vs))
		for j, v := range vs {
			var ok bool
			if is[j], ts[j], ok = integer(v); !ok {
				return nil, nil, false
			}
		}
		return is, ts, true
	}
	for k := 0; k < len(args); {
		size := 6
		switch kind, _, _ := integer(args[k]); kind {
		case 1:
			size = 10
		case 2:
			size = 5
		}
		if k+size > len(args) {
			break
		}
		is, ts, ok := ints(args[k+1 : k+size])
		k += size
		if !ok {
			return // an operand not known (an element out of range): none is
		}
		at := [3]int{is[0], is[1], is[2]}
		var x witnessed
		switch size {
		case 5:
			x = witnessed{fault: true, fails: is[3] == 1}
		case 6:
			x = witnessed{n: is[3], i: is[4], text: ts[4]}
		default:
			flags, lo, hi, mx, n, c := is[3], is[4], is[5], is[6], is[7], is[8]
			x.slice = true
			if flags&4 != 0 {
				x.detail, _ = slice3Detail(lo, hi, mx, c, ts[4], ts[5], ts[6], flags&2 != 0)
			} else {
				x.detail, _ = sliceDetail(lo, hi, n, c, ts[4], ts[5], flags&1 != 0, flags&2 != 0)
			}
		}
		fresh[at] = append(fresh[at], x) // (grid[i] and grid[i][j] are at one place)
	}
	for at, list := range fresh {
		w.seen[at] = list
	}
}

// find returns the operands of the one of the candidates (line, column) in the cell of
// the frame lines[0] that is out of range, an index or (slice) a slice expression, and
// which candidate it is.
func (w *witnesses) find(lines []string, candidates [][2]int, slice bool) (x witnessed, k int, ok bool) {
	if len(lines) == 0 || len(candidates) == 0 {
		return witnessed{}, -1, false
	}
	cell, ok := frameCell(lines[0])
	if !ok {
		return witnessed{}, -1, false
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	// The one out of range: where two are (y[j] = x[i], a[i] skipped by ||), which
	// one the statement ran is not known.
	// Two out of range with the same operands (perm[i], perm[j] = perm[j], perm[i])
	// say the same; an index whose length is not known (grid[i][j] with i out of range)
	// may have been it, unless another at its place is out of range.
	at, lines2 := -1, map[int]bool{}
	seen := map[[2]int]bool{}
	for j, c := range candidates {
		if seen[c] {
			continue
		}
		seen[c] = true
		here, unknown := false, false
		for _, y := range w.seen[[3]int{cell, c[0], c[1]}] {
			if y.slice != slice {
				continue
			}
			if !y.slice && y.n < 0 {
				unknown = true
			}
			if y.out() {
				here = true
				if at >= 0 && (y.n != x.n || y.text != x.text || y.detail != x.detail) {
					return witnessed{}, -1, false
				}
				if at < 0 {
					x, at = y, j
				}
				lines2[c[0]] = true
			}
		}
		if unknown && !here {
			return witnessed{}, -1, false
		}
	}
	if at < 0 {
		return witnessed{}, -1, false
	}
	if len(seen) == 1 || len(lines2) > 1 {
		at = -1 // the frame is where it is already (or, of several lines, not known)
	}
	return x, at, true
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
