package jupyter

import (
	"fmt"
	"testing"
)

func TestHistoryQuery(t *testing.T) {
	var h history
	for i, code := range []string{"a := 1", "fmt.Println(a)", "a := 1", "b := 2"} {
		h.add(i+1, code)
	}
	n := func(v int) *int { return &v }
	tests := []struct {
		name string
		req  historyRequest
		want string
	}{
		{"tail all", historyRequest{HistAccessType: "tail"}, "[[1 1 a := 1] [1 2 fmt.Println(a)] [1 3 a := 1] [1 4 b := 2]]"},
		{"tail 2", historyRequest{HistAccessType: "tail", N: n(2)}, "[[1 3 a := 1] [1 4 b := 2]]"},
		{"range 2..4", historyRequest{HistAccessType: "range", Start: 2, Stop: n(4)}, "[[1 2 fmt.Println(a)] [1 3 a := 1]]"},
		{"range from 3", historyRequest{HistAccessType: "range", Start: 3}, "[[1 3 a := 1] [1 4 b := 2]]"},
		{"search glob", historyRequest{HistAccessType: "search", Pattern: "a*"}, "[[1 1 a := 1] [1 3 a := 1]]"},
		{"search unique keeps latest", historyRequest{HistAccessType: "search", Pattern: "a*", Unique: true}, "[[1 3 a := 1]]"},
		{"search ? and literal dot", historyRequest{HistAccessType: "search", Pattern: "fmt.Print?n(a)"}, "[[1 2 fmt.Println(a)]]"},
		{"search no regexp meaning", historyRequest{HistAccessType: "search", Pattern: "fmt.Print.*"}, "[]"},
		{"with output", historyRequest{HistAccessType: "tail", N: n(1), Output: true}, "[[1 4 [b := 2 <nil>]]]"},
	}
	for _, tc := range tests {
		got, err := h.query(tc.req)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if s := fmt.Sprint(got); s != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, s, tc.want)
		}
	}
	if _, err := h.query(historyRequest{HistAccessType: "sideways"}); err == nil {
		t.Error("unknown hist_access_type accepted")
	}
}

func TestHistoryLimit(t *testing.T) {
	var h history
	for i := 1; i <= historyLimit+5; i++ {
		h.add(i, "x")
	}
	if len(h.entries) != historyLimit || h.entries[0].line != 6 {
		t.Errorf("kept %d entries starting at line %d", len(h.entries), h.entries[0].line)
	}
}
