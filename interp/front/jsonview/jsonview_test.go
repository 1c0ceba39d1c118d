package jsonview

import (
	"encoding/json"
	"reflect"
	"testing"
)

// The interpreter's form of the cell types below: what reflect can make of them
// (unexported fields renamed with an X, embedded fields plain ones).
type (
	iMeta = struct{ Epochs int }
	iRun  = struct {
		Name   string    `json:"name"`
		LR     float64   `json:"lr,omitempty"`
		Losses []float64 `json:"losses,omitempty"`
		Xseed  int
	}
	iTagged = struct {
		Meta   iMeta
		Name   string
		Xinner int
	}
	iHidden = struct {
		Xmeta iMeta
		Xmin  float64 // exported in the cell: an X then a lower-case letter
	}
)

// iNode stands for a recursive cell type (named here only because an alias cannot refer
// to itself).
type iNode struct {
	Val  int
	Next *iNode
	Xtag string
}

// What the cell declared, compiled: the reference encoding/json works on.
type (
	Meta struct{ Epochs int }
	run  struct {
		Name   string    `json:"name"`
		LR     float64   `json:"lr,omitempty"`
		Losses []float64 `json:"losses,omitempty"`
		seed   int
	}
	tagged struct {
		Meta
		Name  string
		inner int
	}
	meta   struct{ Epochs int }
	hidden struct {
		meta
		Xmin float64
	}
	node struct {
		Val  int
		Next *node
		tag  string
	}
)

var shapes = Parse(
	[]any{iMeta{}, iRun{}, iTagged{}, iHidden{}, iNode{}},
	[]string{"Epochs", "Name,LR,Losses,seed", "^Meta,Name,inner", "^meta,Xmin", "Val,Next,tag"},
)

func TestViewEncodesAsGo(t *testing.T) {
	for _, c := range []struct {
		name   string
		interp any // the interpreter's value
		goVal  any // the same value in Go
	}{
		{"unexported field", iRun{Name: "adam", LR: 0.1, Losses: []float64{1, 0.5}, Xseed: 3},
			run{Name: "adam", LR: 0.1, Losses: []float64{1, 0.5}, seed: 3}},
		{"omitempty", iRun{Name: "sgd"}, run{Name: "sgd"}},
		{"slice of structs", []iRun{{Name: "a", Xseed: 1}, {Name: "b", LR: 2}},
			[]run{{Name: "a", seed: 1}, {Name: "b", LR: 2}}},
		{"map of pointers", map[string]*iRun{"x": {Name: "x"}, "nil": nil},
			map[string]*run{"x": {Name: "x"}, "nil": nil}},
		{"embedded", iTagged{iMeta{3}, "x", 1}, tagged{Meta{3}, "x", 1}},
		{"embedded unexported, X field", iHidden{iMeta{4}, 1.5}, hidden{meta{4}, 1.5}},
		{"in any", map[string]any{"run": iRun{Name: "r", Xseed: 9}, "n": 1, "list": []any{iTagged{Name: "t"}}},
			map[string]any{"run": run{Name: "r", seed: 9}, "n": 1, "list": []any{tagged{Name: "t"}}}},
		{"recursive", &iNode{1, &iNode{2, nil, "b"}, "a"}, &node{1, &node{2, nil, "b"}, "a"}},
		{"array", [2]iRun{{Name: "p"}, {Xseed: 2}}, [2]run{{Name: "p"}, {seed: 2}}},
		{"untouched", []int{1, 2}, []int{1, 2}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := json.Marshal(shapes.View(c.interp))
			if err != nil {
				t.Fatal(err)
			}
			want, err := json.Marshal(c.goVal)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		})
	}
}

func TestDecodeAsGo(t *testing.T) {
	data := []byte(`{"name":"n","lr":0.5,"seed":7,"Xseed":8,"Epochs":2,"Name":"t","inner":4}`)

	// Fields the data lacks keep their values; unexported ones are never set.
	r := iRun{LR: 9, Xseed: 1}
	if err := shapes.Decode(func(v any) error { return json.Unmarshal(data, v) }, &r); err != nil {
		t.Fatal(err)
	}
	gr := run{LR: 9, seed: 1}
	if err := json.Unmarshal(data, &gr); err != nil {
		t.Fatal(err)
	}
	if r.Name != gr.Name || r.LR != gr.LR || r.Xseed != gr.seed {
		t.Errorf("run: got %+v, Go %+v", r, gr)
	}

	var tg iTagged
	if err := shapes.Decode(func(v any) error { return json.Unmarshal(data, v) }, &tg); err != nil {
		t.Fatal(err)
	}
	var gt tagged
	json.Unmarshal(data, &gt)
	if tg.Meta.Epochs != gt.Epochs || tg.Name != gt.Name || tg.Xinner != gt.inner {
		t.Errorf("embedded: got %+v, Go %+v", tg, gt)
	}

	var rs []iRun
	list := []byte(`[{"name":"a","Xseed":3},{"lr":2}]`)
	if err := shapes.Decode(func(v any) error { return json.Unmarshal(list, v) }, &rs); err != nil {
		t.Fatal(err)
	}
	if want := []iRun{{Name: "a"}, {LR: 2}}; !reflect.DeepEqual(rs, want) {
		t.Errorf("slice: got %+v, want %+v", rs, want)
	}

	// Through a pointer that is set, into what it points to (a field the data lacks, and
	// an unexported one, keep their values; the pointer stays).
	type iOuter = struct {
		Name string
		In   *iRun
	}
	inner := &iRun{Name: "kept", LR: 1, Xseed: 5}
	outer := iOuter{In: inner}
	s2 := Parse([]any{iRun{}, iOuter{}}, []string{"Name,LR,Losses,seed", "Name,In"})
	if err := s2.Decode(func(v any) error { return json.Unmarshal([]byte(`{"In":{"lr":9}}`), v) }, &outer); err != nil {
		t.Fatal(err)
	}
	if outer.In != inner || inner.Name != "kept" || inner.LR != 9 || inner.Xseed != 5 {
		t.Errorf("pointer: got %p %+v, want %p {Name:kept LR:9 Xseed:5}", outer.In, *outer.In, inner)
	}

	// A decoding error is returned, after what was decoded is copied back. (It names
	// no struct type: the view's has no name, as the interpreter's had none.)
	var bad iRun
	err := shapes.Decode(func(v any) error { return json.Unmarshal([]byte(`{"name":"x","lr":"fast"}`), v) }, &bad)
	var gbad run
	gerr := json.Unmarshal([]byte(`{"name":"x","lr":"fast"}`), &gbad)
	te, ok := err.(*json.UnmarshalTypeError)
	gte, gok := gerr.(*json.UnmarshalTypeError)
	if !ok || !gok || te.Field != gte.Field || te.Value != gte.Value || te.Offset != gte.Offset || bad.Name != gbad.Name {
		t.Errorf("error: got %v %+v, Go %v %+v", err, bad, gerr, gbad)
	}
}
