package main

import (
	"reflect"
	"testing"
)

func TestMergeComm(t *testing.T) {
	update := func(state map[string]any) map[string]any {
		return map[string]any{"method": "update", "state": state, "buffer_paths": []any{}}
	}
	tests := []struct {
		name           string
		earlier, later map[string]any
		want           map[string]any // nil: not merged
	}{
		{"later value wins", update(map[string]any{"value": 1.0}), update(map[string]any{"value": 2.0}),
			update(map[string]any{"value": 2.0})},
		{"attributes add up", update(map[string]any{"value": 1.0, "disabled": true}), update(map[string]any{"value": 2.0}),
			update(map[string]any{"value": 2.0, "disabled": true})},
		{"a click is not a state", update(map[string]any{"value": 1.0}),
			map[string]any{"method": "custom", "content": map[string]any{"event": "click"}}, nil},
		{"request_state must be answered", map[string]any{"method": "request_state"}, update(map[string]any{"value": 1.0}), nil},
		{"binary buffers stay apart", map[string]any{"method": "update", "state": map[string]any{"b": nil}, "buffer_paths": []any{[]any{"b"}}},
			update(map[string]any{"value": 1.0}), nil},
		{"no state", map[string]any{"method": "update"}, update(map[string]any{"value": 1.0}), nil},
	}
	for _, tc := range tests {
		got, ok := commSupervisor{}.MergeComm(tc.earlier, tc.later)
		if ok != (tc.want != nil) || (ok && !reflect.DeepEqual(got, tc.want)) {
			t.Errorf("%s: merged %v (%v), want %v", tc.name, got, ok, tc.want)
		}
	}
}
