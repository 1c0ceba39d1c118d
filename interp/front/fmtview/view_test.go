package fmtview

import (
	"fmt"
	"testing"
)

// The values below are built by hand as the front end builds them for a cell; each must
// print as real fmt prints the Go value it stands for.

type pt struct{ X, Y int }

func (p pt) String() string { return fmt.Sprintf("(%d,%d)", p.X, p.Y) }

type celsius float64

func (c celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

type code int

func (c code) Error() string { return fmt.Sprint("code ", int(c)) }

type opt8 uint8

func (o opt8) String() string { return "opt" }

func opt8View(o opt8) any { return &Named{Type: "fmtview.opt8", Under: uint8(o), String: o.String} }

type plain struct {
	A pt
	B []celsius
	c pt // unexported: fmt does not call its String
}

// outcome holds values with methods below unexported fields, where fmt calls none.
type outcome struct {
	Step int
	err  error
	at   any
	seen []fmt.Stringer
}

type node struct {
	V    int
	Next *node
}

func ptView(p pt) any {
	return &Named{Under: &Struct{Type: "fmtview.pt", Names: []string{"X", "Y"}, Fields: []any{p.X, p.Y}}, String: p.String}
}

func celsiusView(c celsius) any {
	return &Named{Type: "fmtview.celsius", Under: float64(c), String: c.String}
}

func seqView[E any](typ string, xs []E, view func(E) any) any {
	return &Seq{Type: typ, Nil: xs == nil, Len: len(xs), At: func(i int) any { return view(xs[i]) }}
}

func plainView(p plain) any {
	return &Struct{Type: "fmtview.plain", Names: []string{"A", "B", "c"}, Fields: []any{
		ptView(p.A), seqView("[]fmtview.celsius", p.B, celsiusView),
		&Struct{Type: "fmtview.pt", Names: []string{"X", "Y"}, Fields: []any{p.c.X, p.c.Y}},
	}}
}

func nodeView(n *node) any {
	return &Pointer{Type: "*fmtview.node", Nil: n == nil, Addr: n, Elem: func() any {
		return &Struct{Type: "fmtview.node", Names: []string{"V", "Next"}, Fields: []any{n.V, nodeView(n.Next)}}
	}}
}

func TestViewsPrintAsFmt(t *testing.T) {
	p := plain{A: pt{1, 2}, B: []celsius{20, 21.5}, c: pt{3, 4}}
	n := &node{1, &node{2, nil}}
	m := map[celsius]pt{3: {1, 1}, -1: {2, 2}, 2: {3, 3}}
	mv := &Map{Type: "map[fmtview.celsius]fmtview.pt", Range: func(add func(k, e any)) {
		for k, e := range m {
			add(celsiusView(k), ptView(e))
		}
	}}
	// A key struct whose fields are unexported: its view hides them, and the keys still
	// sort by their values.
	type cellKey struct{ i, j int }
	hm := map[cellKey]int{{1, 2}: 3, {0, 0}: 1, {0, 5}: 2, {1, -1}: 4}
	hmv := &Map{Type: "map[fmtview.cellKey]int", Range: func(add func(k, e any)) {
		for k, e := range hm {
			add(&Struct{Type: "fmtview.cellKey", Names: []string{"i", "j"}, Fields: []any{&Hidden{k.i}, &Hidden{k.j}}}, e)
		}
	}}
	cases := []struct {
		name string
		val  any
		view any
	}{
		{"map by unexported fields", hm, hmv},
		{"bytes in a struct", struct{ B []byte }{[]byte{1, 2}}, &Struct{Type: "struct { B []uint8 }", Names: []string{"B"}, Fields: []any{[]byte{1, 2}}}},
		{"stringer", pt{1, 2}, ptView(pt{1, 2})},
		{"named float", celsius(21.5), celsiusView(21.5)},
		{"error int", code(7), &Named{Type: "fmtview.code", Under: 7, Error: code(7).Error}},
		{"slice", []pt{{1, 2}, {3, 4}}, seqView("[]fmtview.pt", []pt{{1, 2}, {3, 4}}, ptView)},
		{"nil slice", []pt(nil), seqView("[]fmtview.pt", []pt(nil), ptView)},
		{"bytes with String", []opt8{65, 66}, seqView("[]fmtview.opt8", []opt8{65, 66}, opt8View)},
		{"struct", p, plainView(p)},
		{"pointer", &p, &Pointer{Type: "*fmtview.plain", Addr: &p, Elem: func() any { return plainView(p) }}},
		{"list", n, nodeView(n)},
		{"nil pointer", (*node)(nil), nodeView(nil)},
		{"map", m, mv},
		{"unexported", outcome{3, code(4), plain{A: pt{1, 2}}, []fmt.Stringer{pt{5, 6}}}, &Struct{Type: "fmtview.outcome",
			Names: []string{"Step", "err", "at", "seen"}, Fields: []any{3, &Hidden{code(4)}, &Hidden{plain{A: pt{1, 2}}}, &Hidden{[]fmt.Stringer{pt{5, 6}}}}}},
	}
	verbs := []string{"%v", "%+v", "%#v", "%s", "%d", "%x", "%q", "%6.1f", "%-8v|", "%08v"}
	for _, c := range cases {
		for _, verb := range verbs {
			want := fmt.Sprintf(verb, c.val)
			if got := fmt.Sprintf(verb, c.view); got != want {
				t.Errorf("%s %s: got %s, fmt gives %s", c.name, verb, got, want)
			}
		}
	}
	// Go syntax names the types; the view's names are the ones the cell's package gives.
	if got, want := fmt.Sprintf("%#v", plainView(p)), fmt.Sprintf("%#v", p); got != want {
		t.Errorf("%%#v: got %s, fmt gives %s", got, want)
	}
	if got, want := fmt.Sprintf("%#v", nodeView(nil)), fmt.Sprintf("%#v", (*node)(nil)); got != want {
		t.Errorf("%%#v of nil: got %s, fmt gives %s", got, want)
	}
	if got := fmt.Sprintln(ptView(pt{5, 6}), seqView("[]fmtview.celsius", []celsius{1}, celsiusView)); got != "(5,6) [1.0°C]\n" {
		t.Errorf("Sprintln: %q", got)
	}
}

func TestNilPointerStringPrintsNil(t *testing.T) {
	var p *pt
	v := &Named{Under: &Pointer{Type: "*fmtview.pt", Nil: true, Addr: p}, String: func() string { return p.String() }, NilPointer: true}
	for _, verb := range []string{"%v", "%s", "%8v", "%-8s|"} {
		if got, want := fmt.Sprintf(verb, v), fmt.Sprintf(verb, p); got != want {
			t.Errorf("%s: got %q, fmt gives %q", verb, got, want)
		}
	}
}
