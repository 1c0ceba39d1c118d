package model

import (
	"strings"
	"testing"
)

// TestParseActivation: activation names compare like optimizer and loss names, ignoring
// case, '-', '_' and spaces, and String gives back a name ParseActivation reads.
func TestParseActivation(t *testing.T) {
	tests := []struct {
		name string
		want Activation
		err  string
	}{
		{"relu", ReLU, ""},
		{"ReLU", ReLU, ""},
		{"Re-LU", ReLU, ""},
		{" tanh ", Tanh, ""},
		{"SIGMOID", Sigmoid, ""},
		{"identity", Identity, ""},
		{"Linear", Identity, ""},
		{"none", Identity, ""},
		{"", Identity, ""},
		{"softplus", 0, `unknown activation "softplus"; valid: identity, relu, tanh, sigmoid`},
	}
	for _, tt := range tests {
		got, err := ParseActivation(tt.name)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseActivation(%q): error %v, want %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseActivation(%q) = %v, %v; want %v", tt.name, got, err, tt.want)
		}
		if back, err := ParseActivation(got.String()); err != nil || back != got {
			t.Errorf("ParseActivation(%q.String()) = %v, %v", got, back, err)
		}
	}
}
