package optimizers

import (
	"strings"
	"testing"
)

func TestLayoutAndCover(t *testing.T) {
	ts := Layout([]int{4, 3}, []int{3}, nil)
	want := []struct {
		off, size int
	}{{0, 12}, {12, 3}, {15, 1}}
	for i, w := range want {
		if ts[i].Offset != w.off || ts[i].Size() != w.size {
			t.Errorf("Layout tensor %d = %v (size %d), want offset %d size %d", i, ts[i], ts[i].Size(), w.off, w.size)
		}
	}
	if ts[0].String() != "t0[4x3]@0" {
		t.Errorf("String() = %q", ts[0].String())
	}
	// Gaps before, between and after the tensors become 1-D tensors.
	got, err := cover([]Tensor{{Name: "b", Offset: 10, Shape: []int{2}}, {Name: "W", Offset: 2, Shape: []int{2, 3}}}, 14)
	if err != nil {
		t.Fatal(err)
	}
	var desc []string
	for _, t := range got {
		desc = append(desc, t.String())
	}
	if s := strings.Join(desc, " "); s != "[0:2][2]@0 W[2x3]@2 [8:10][2]@8 b[2]@10 [12:14][2]@12" {
		t.Errorf("cover = %s", s)
	}
	if got, err := cover(nil, 5); err != nil || len(got) != 1 || got[0].Size() != 5 {
		t.Errorf("cover(nil, 5) = %v, %v; want one tensor of 5", got, err)
	}
	if _, err := cover([]Tensor{{Name: "W", Offset: 2, Shape: []int{2, 3}}}, 7); err == nil || !strings.Contains(err.Error(), "past the 7 parameters") {
		t.Errorf("a tensor past the end: err = %v", err)
	}
}

func TestSetShapesErrors(t *testing.T) {
	for _, c := range []struct {
		ts   []Tensor
		want string
	}{
		{[]Tensor{{Name: "a", Offset: -1, Shape: []int{2}}}, "negative offset"},
		{[]Tensor{{Name: "a", Offset: 0, Shape: []int{2, 0}}}, "dimension 0"},
		{[]Tensor{{Name: "a", Offset: 0, Shape: []int{4}}, {Name: "b", Offset: 3, Shape: []int{2}}}, "overlap"},
	} {
		for _, o := range []Optimizer{NewLamb(), NewAdam(), Transformed(NewMuon())} {
			err := SetShapes(o, c.ts)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s: SetShapes(%v): err = %v, want %q", o.Name(), c.ts, err, c.want)
			}
		}
	}
	if err := SetShapes(nil, nil); err == nil {
		t.Error("SetShapes(nil optimizer) succeeded")
	}
	// Shapes reaching past the vector are reported by Step, which knows its length.
	o := NewAdafactor()
	if err := SetShapes(o, Layout([]int{3, 3})); err != nil {
		t.Fatal(err)
	}
	if err := o.Step(make([]float64, 8), make([]float64, 8)); err == nil || !strings.Contains(err.Error(), "past the 8 parameters") {
		t.Errorf("Step with a 3x3 tensor in 8 parameters: err = %v", err)
	}
	// Once state exists, a different layout is refused; the same one is fine.
	o = NewAdafactor()
	_ = SetShapes(o, Layout([]int{2, 2}))
	if err := o.Step([]float64{1, 2, 3, 4}, []float64{1, 1, 1, 1}); err != nil {
		t.Fatal(err)
	}
	if err := SetShapes(o, Layout([]int{2, 2})); err != nil {
		t.Errorf("the same layout again: %v", err)
	}
	if err := SetShapes(o, Layout([]int{4})); err == nil || !strings.Contains(err.Error(), "Reset") {
		t.Errorf("a new layout after a step: err = %v", err)
	}
	o.State().Reset()
	if err := SetShapes(o, Layout([]int{4})); err != nil {
		t.Errorf("a new layout after Reset: %v", err)
	}
}

// TestSetShapesReachesWrapped checks that the shapes get through every wrapper to the
// optimizer that uses them, with group offsets made relative to each group.
func TestSetShapesReachesWrapped(t *testing.T) {
	m1, m2 := NewMuon(), NewMuon()
	g, err := NewGroups([]Group{{Size: 6, Opt: NewAdam()}, {Size: 12, Opt: NewLookahead(m1)}, {Size: 8, Opt: Transformed(m2, ClipGradValue(1))}})
	if err != nil {
		t.Fatal(err)
	}
	ts := []Tensor{{Name: "a", Offset: 0, Shape: []int{2, 3}}, {Name: "W", Offset: 6, Shape: []int{3, 4}}, {Name: "V", Offset: 18, Shape: []int{2, 4}}}
	if err := SetShapes(Transformed(g, ClipGradNorm(1, 2)), ts); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		o    *Muon
		want string
	}{{m1, "W[3x4]@0"}, {m2, "V[2x4]@0"}} {
		if len(c.o.given) != 1 || c.o.given[0].String() != c.want {
			t.Errorf("%v got %v, want %s", c.o.Name(), c.o.given, c.want)
		}
	}
	bad := []Tensor{{Name: "x", Offset: 4, Shape: []int{4}}}
	if err := SetShapes(g, bad); err == nil || !strings.Contains(err.Error(), "inside one group") {
		t.Errorf("a tensor across two groups: err = %v", err)
	}
}
