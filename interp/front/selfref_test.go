package front

import (
	"strings"
	"testing"
)

// TestSelfReferenceRefused checks which recursive types a cell may declare: through a
// struct the interpreter holds them; without one it panicked or overflowed its stack,
// so the check refuses them with an error at the type's name.
func TestSelfReferenceRefused(t *testing.T) {
	for _, c := range []struct {
		cell    string
		refused bool
	}{
		{"type Node struct{ Val int; Kids []*Node }", false},
		{"type L struct{ Items []L }", false},
		{"type G struct{ Next func() *G }", false},
		{"type Expr interface{ Simplify() Expr }", false},
		{"type Tree []Tree", true},
		{"type M map[string]M", true},
		{"type stateFn func(int) stateFn", true},
		{"type Visitor func(float64) []Visitor", true},
		{"type Rec func(Rec, int) int", true},
		{"type A []B\ntype B map[int]A", true},
	} {
		_, err := newTestChecker().Check(1, c.cell)
		refused := err != nil && strings.Contains(err.Error(), "refers to itself without a struct in between")
		if refused != c.refused {
			t.Errorf("%q: refused %v, want %v (%v)", c.cell, refused, c.refused, err)
		}
		if refused && !strings.Contains(err.Error(), "cell[1]:1:6:") {
			t.Errorf("%q: error not at the type's name: %v", c.cell, err)
		}
	}
}
