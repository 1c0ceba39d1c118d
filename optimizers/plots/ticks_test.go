package plots

import "testing"

func TestLogTicks(t *testing.T) {
	tests := []struct {
		min, max float64
		labels   []string
		minor    bool
	}{
		{0.05, 20, []string{"0.01", "0.1", "1", "10", "100"}, true},
		{1e-12, 10, []string{"1e-12", "1e-10", "1e-8", "1e-6", "1e-4", "0.01", "1"}, false},
	}
	for _, tt := range tests {
		var labels []string
		minor := false
		for _, tk := range (logTicks{}).Ticks(tt.min, tt.max) {
			if tk.Label != "" {
				labels = append(labels, tk.Label)
			} else if tk.Value != 0 {
				minor = minor || tk.Value == 2*0.01 || tk.Value == 2*0.1 || tk.Value == 2
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
