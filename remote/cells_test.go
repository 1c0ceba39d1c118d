package remote

import (
	"reflect"
	"testing"
)

func TestMagics(t *testing.T) {
	tests := []struct {
		code  string
		names []string
		rest  string
	}{
		{"%rerun", []string{"rerun"}, ""},
		{"// rebuild\n\n%rerun\nx + 1", []string{"rerun"}, "// rebuild\n\n\nx + 1"},
		{"%time\n%rerun\nx", []string{"time", "rerun"}, "%time\n\nx"},
		{"%reset\nx := 1", []string{"reset"}, "%reset\nx := 1"},
		{"x := 1\n%rerun", nil, "x := 1\n%rerun"}, // magics only count at the top
		{"", nil, ""},
	}
	for _, tc := range tests {
		names, rest := magics(tc.code)
		if !reflect.DeepEqual(names, tc.names) || rest != tc.rest {
			t.Errorf("magics(%q) = %q, %q; want %q, %q", tc.code, names, rest, tc.names, tc.rest)
		}
	}
}

func TestCellLog(t *testing.T) {
	var l cellLog
	l.add("a", 1)
	l.add("b", 3)
	if all, lost := l.counts(); all != 2 || lost != 0 {
		t.Errorf("counts %d %d", all, lost)
	}
	l.lose()
	l.add("c", 5) // ran in the new interpreter
	cells, at := l.lost()
	if len(cells) != 2 || cells[0].code != "a" || cells[1].count != 3 || !reflect.DeepEqual(at, []int{0, 1}) {
		t.Errorf("lost = %+v at %v", cells, at)
	}
	l.revive(0, 1)
	l.revive(1, 99) // a stale position changes nothing
	if _, lost := l.counts(); lost != 1 {
		t.Errorf("after reviving one: %d lost, want 1", lost)
	}
	if c := l.codes(); c[0].code != "c" || c[2].code != "a" {
		t.Errorf("codes are not newest first: %+v", c)
	}
	l.reset()
	if all, _ := l.counts(); all != 0 {
		t.Errorf("after reset: %d cells", all)
	}
}
