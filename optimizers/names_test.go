package optimizers

import "testing"

func TestFoldName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"adam", "adam"},
		{"AdamW", "adamw"},
		{"RMSprop", "rmsprop"},
		{"rms_prop", "rmsprop"},
		{"Cross-Entropy", "crossentropy"},
		{" cosine annealing\t", "cosineannealing"},
		{"__", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := FoldName(tt.in); got != tt.want {
			t.Errorf("FoldName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
