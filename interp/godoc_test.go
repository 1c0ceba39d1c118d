package interp

import (
	"strings"
	"testing"
)

func TestDocAnswersLikeGoDoc(t *testing.T) {
	s := newSession(t)
	run(t, s, "// Scale multiplies xs by k.\n// It returns xs.\nfunc Scale(xs []float64, k float64) []float64 { return xs }\n\n// Point is a place in the plane.\ntype Point struct{ X, Y float64 }")
	tests := []struct {
		name    string
		want    []string // substrings, in order
		notWant string
	}{
		// A package: its overview, then every exported name with a one-line summary,
		// methods under their type; plots is not imported, go doc needs no import.
		{"model", []string{"package model // import", "Package model holds", "type Net struct { ... }", "    func (m *Net) Params() []float64", "func NewMLP("}, ""},
		{"opt", []string{"package optimizers", "func NewAdam() *Adam", "NewAdam returns Adam"}, ""},
		{"plots.Figure.Line", []string{"func (f *Figure) Line(", "Line adds a line series"}, ""},
		{"model.Net.Params", []string{"func (m *Net) Params() []float64", "Params returns"}, ""},
		{"Scale", []string{"func Scale(xs []float64, k float64) []float64", "Scale multiplies xs by k.\nIt returns xs."}, ""},
		{"Point", []string{"type Point struct", "Point is a place in the plane."}, ""},
		{"fmt", []string{"package fmt", "func Println("}, "_"},
	}
	for _, tc := range tests {
		text, err := s.page(tc.name)
		if err != nil {
			t.Errorf("%%doc %s: %v", tc.name, err)
			continue
		}
		at := 0
		for _, w := range tc.want {
			i := strings.Index(text[at:], w)
			if i < 0 {
				t.Errorf("%%doc %s lacks %q (in order) in:\n%s", tc.name, w, text)
				break
			}
			at += i + len(w)
		}
		if tc.notWant != "" && strings.Contains(text, "func "+tc.notWant) {
			t.Errorf("%%doc %s lists %q", tc.name, tc.notWant)
		}
	}
	if _, err := s.page("nosuch.Thing"); err == nil || !strings.Contains(err.Value, "pkg.Type.Method") {
		t.Errorf("unknown name: %v", err)
	}
}
