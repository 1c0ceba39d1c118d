package train

import (
	"strings"
	"testing"
)

// TestNewMetricFoldsNames: metric names compare like optimizer, schedule and loss names,
// ignoring case, '-', '_' and spaces.
func TestNewMetricFoldsNames(t *testing.T) {
	tests := []struct{ name, want, err string }{
		{"accuracy", "accuracy", ""},
		{"Accuracy", "accuracy", ""},
		{" ACC ", "accuracy", ""},
		{"MSE", "mse", ""},
		{"m_a_e", "mae", ""},
		{"R-MSE", "rmse", ""},
		{"rms e", "rmse", ""},
		{"precision", "", `unknown metric "precision"; valid: accuracy, mae, mse, rmse`},
		{"", "", `unknown metric ""`},
	}
	for _, tt := range tests {
		m, err := NewMetric(tt.name)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("NewMetric(%q): error %v, want %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil || m.Name() != tt.want {
			t.Errorf("NewMetric(%q) = %v, %v; want %s", tt.name, m, err, tt.want)
		}
	}
}
