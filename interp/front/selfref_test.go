package front

import (
	"regexp"
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

// TestSelfKeyedMapRefused checks which structs reaching a map keyed by themselves a cell
// may declare: the interpreter builds such a map's key with a placeholder it never
// replaces, so the check refuses them at the type's name and says what to do instead.
func TestSelfKeyedMapRefused(t *testing.T) {
	for _, c := range []struct {
		cell    string
		refused string // the type named at cell[1]:1:6, or ""
	}{
		{"type Node struct{ ID int; Adj map[*Node]float64 }", "Node"},
		{"type Value struct{ Data float64; prev map[*Value]struct{} }", "Value"},
		{"type T struct{ Sets []map[*T]bool }", "T"},
		{"type T struct{ Set Set }\ntype Set map[*T]bool", "T"},
		{"type A struct{ Bs []B }\ntype B struct{ Owner *A; W map[*A]float64 }", "A"},
		{"type GN[T any] struct{ V T; parents map[*GN[T]]bool }\nvar g GN[int]", "GN"},
		{"type Node struct{ ID int; Next map[string]*Node }", ""},
		{"type Node struct{ ID int; Kids []*Node; byName map[string]int }", ""},
		{"type Node struct{ ID int }\ntype Graph struct{ Adj map[*Node][]*Node }", ""},
		{"type Node struct{ ID int; Visit func(map[*Node]bool) }", ""},
		{"type Graph struct{ Adj map[*Node][]*Node }\ntype Node struct{ G *Graph }", ""},
		{"type Worker struct{ Peers map[chan *Worker]string }", ""},
		{"type Set[T comparable] struct{ m map[T]bool }\ntype Node struct{ Peers Set[*Node] }", ""},
		{"type Tape struct{ grads map[*Value]float64; order []*Value }\ntype Value struct{ data float64; tape *Tape }", "Value"},
		{"type Node struct{ Adj map[*Node][]*Node }", ""},
		{"type Edge struct{ From, To *Node }\ntype Node struct{ W map[Edge]float64 }", "Node"},
		{"type V struct{ Pairs map[[2]*V]int }", "V"},
	} {
		_, err := newTestChecker().Check(1, c.cell)
		refused := err != nil && strings.Contains(err.Error(), "holds a map whose key holds a *")
		if refused != (c.refused != "") {
			t.Errorf("%q: refused %v, want %v (%v)", c.cell, refused, c.refused != "", err)
			continue
		}
		if refused && !regexp.MustCompile(`cell\[1\]:\d+:6: type `+c.refused+`'s field`).MatchString(err.Error()) {
			t.Errorf("%q: error not at %s's name: %v", c.cell, c.refused, err)
		}
	}
}
