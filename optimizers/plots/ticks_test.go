package plots

import (
	"strings"
	"testing"
)

func TestLogTicks(t *testing.T) {
	tests := []struct {
		min, max float64
		labels   []string
		minor    bool
	}{
		{0.05, 20, []string{"0.01", "0.1", "1", "10", "100"}, true},
		{1.7, 80, []string{"1", "2", "5", "10", "20", "50", "100"}, true},
		{1e-12, 10, []string{"1e-12", "1e-10", "1e-8", "1e-6", "1e-4", "0.01", "1"}, false},
	}
	for _, tt := range tests {
		var labels []string
		minor := false
		for _, tk := range (logTicks{}).Ticks(tt.min, tt.max) {
			if tk.Label != "" {
				labels = append(labels, tk.Label)
			}
			if tk.Value == 3*0.01 || tk.Value == 3*0.1 || tk.Value == 3 {
				minor = true
			}
		}
		if len(labels) != len(tt.labels) {
			t.Errorf("[%v,%v]: labels %q, want %q", tt.min, tt.max, labels, tt.labels)
			continue
		}
		for i := range labels {
			if labels[i] != tt.labels[i] {
				t.Errorf("[%v,%v]: labels %q, want %q", tt.min, tt.max, labels, tt.labels)
				break
			}
		}
		if minor != tt.minor {
			t.Errorf("[%v,%v]: minor ticks %v, want %v", tt.min, tt.max, minor, tt.minor)
		}
	}
}

func TestCleanTicks(t *testing.T) {
	for _, tk := range (cleanTicks{}).Ticks(0, 50) {
		if tk.Label != "" && (strings.Contains(tk.Label, ".") || strings.Contains(tk.Label, "e")) {
			t.Errorf("tick %v labelled %q, want a plain integer", tk.Value, tk.Label)
		}
	}
	labels := 0
	for _, tk := range (cleanTicks{}).Ticks(0, 0.3) {
		if tk.Label != "" {
			labels++
			if len(tk.Label) > 4 {
				t.Errorf("tick %v labelled %q, want a short decimal", tk.Value, tk.Label)
			}
		}
	}
	if labels < 2 {
		t.Errorf("%d labelled ticks over [0, 0.3]", labels)
	}
}
