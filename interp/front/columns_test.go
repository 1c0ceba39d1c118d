package front

import (
	"strings"
	"testing"

	"github.com/traefik/yaegi/stdlib"

	"github.com/descentlab/descent/interp/symbols"
)

func newTestChecker() *Checker {
	im := NewImporter(Symbols(stdlib.Symbols), Symbols(symbols.Symbols))
	return NewChecker(im, map[string]string{"fmt": "fmt", "math": "math"})
}

// TestColumnUndoesLoweringShifts lowers cells whose lines gain text before a position
// (a wrapped loop, a range over an int, per-iteration variables) and checks that the
// column the interpreter would report there maps back to the column as written.
func TestColumnUndoesLoweringShifts(t *testing.T) {
	for _, cell := range []string{
		"xs := []int{1}\nfor i := range 3 { fmt.Println(xs[i]) }",
		"xs := []int{1}\nfor i := 0; i < 3; i++ { f := func() int { return i }; fmt.Println(xs[f()]) }",
		"xs := []int{1}\nif len(xs) > 0 { fmt.Println(xs[2]) }",
	} {
		c := newTestChecker()
		p, err := c.Check(7, cell)
		if err != nil {
			t.Fatalf("%q: %v", cell, err)
		}
		var lowered string
		for _, ch := range p.Chunks {
			if strings.Contains(ch.Src, "fmt.Println(xs[") {
				lowered = ch.Src
			}
		}
		var loweredLine string
		for _, l := range strings.Split(lowered, "\n") {
			if strings.Contains(l, "fmt.Println(xs[") {
				loweredLine = l
			}
		}
		line2 := strings.Split(cell, "\n")[1]
		got := c.Column(7, 2, strings.Index(loweredLine, "xs[")+1)
		want := strings.Index(line2, "xs[") + 1
		if got != want || loweredLine == line2 {
			t.Errorf("%q: lowered %q; column of xs maps to %d, want %d", cell, loweredLine, got, want)
		}
	}
}
