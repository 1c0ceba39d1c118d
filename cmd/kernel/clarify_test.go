package main

import (
	"strings"
	"testing"

	"github.com/descentlab/descent/interp"
)

func TestClarify(t *testing.T) {
	tests := []struct {
		name, value string
		wantName    string
		wantIn      string
	}{
		{"panic", "reflect: call of reflect.Value.Field on zero Value", "runtime error", "nil pointer dereference"},
		{"panic", "reflect: call of reflect.Value.Set on zero Value", "runtime error", "nil pointer dereference"},
		{"panic", "os.Exit(3)", "Exit", "os.Exit(3) was called; a cell cannot end the kernel"},
		{"panic", "os.Exit(3) and more", "panic", "os.Exit(3) and more"}, // not the interpreter's message
		{"CompileError", "os.Exit(3)", "CompileError", "os.Exit(3)"},     // only run-time faults
		{"runtime error", "integer divide by zero", "runtime error", "integer divide by zero"},
	}
	for _, tc := range tests {
		e := &interp.Error{Name: tc.name, Value: tc.value, Traceback: []string{"cell[1]:1:1: in cell", tc.name + ": " + tc.value}}
		clarify(e)
		if e.Name != tc.wantName || !strings.Contains(e.Value, tc.wantIn) || !strings.Contains(e.Value, tc.value) {
			t.Errorf("clarify(%s: %s) = %s: %s", tc.name, tc.value, e.Name, e.Value)
		}
		if last := e.Traceback[len(e.Traceback)-1]; last != e.Name+": "+e.Value {
			t.Errorf("traceback ends %q, want the clarified %q", last, e.Name+": "+e.Value)
		}
	}
}
