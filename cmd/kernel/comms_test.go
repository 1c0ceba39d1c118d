package main

import (
	"reflect"
	"testing"

	"github.com/descentlab/descent/jupyter"
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

func TestWidgetStateForTheNotebook(t *testing.T) {
	ws := &widgetState{models: map[string]map[string]any{}}
	if ws.metadata() != nil {
		t.Error("metadata without widgets")
	}
	open := func(id, name string, value any) jupyter.CommMsg {
		return jupyter.CommMsg{Type: "comm_open", CommID: id, Target: "jupyter.widget", Data: map[string]any{"state": map[string]any{
			"_model_name": name, "_model_module": "@jupyter-widgets/controls", "_model_module_version": "2.0.0", "value": value}}}
	}
	for _, m := range []jupyter.CommMsg{
		open("a", "IntSliderModel", 1.0),
		open("b", "CheckboxModel", false),
		{Type: "comm_msg", CommID: "a", Data: map[string]any{"method": "update", "state": map[string]any{"value": 5.0}}},
		{Type: "comm_msg", CommID: "a", Data: map[string]any{"method": "custom", "state": map[string]any{"value": 9.0}}},
		{Type: "comm_close", CommID: "b"},
		{Type: "comm_open", CommID: "ctl", Target: "jupyter.widget.control"},
	} {
		ws.add(m)
	}
	md := ws.metadata()["application/vnd.jupyter.widget-state+json"].(map[string]any)
	states := md["state"].(map[string]any)
	a, _ := states["a"].(map[string]any)
	if len(states) != 1 || md["version_major"] != 2 || a["model_name"] != "IntSliderModel" ||
		a["model_module_version"] != "2.0.0" || a["state"].(map[string]any)["value"] != 5.0 {
		t.Errorf("widget state %v: want only the slider, at its updated value", md)
	}
}
