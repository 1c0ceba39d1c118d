package front

import "testing"

// A variable moved before the witness must not take a name that a moved variable's
// spelled type reads (see settle).
func TestSpelledWith(t *testing.T) {
	for _, c := range []struct {
		typ, name string
		want      bool
	}{
		{"strings.Builder", "strings", true}, // the package would be the variable
		{"strings.Builder", "Builder", false},
		{"[]float64", "float64", true},
		{"map[K]V", "K", true},
		{"[]Kx", "K", false},
		{"*opt.SGD", "SGD", false},
		{"func(x int) error", "error", true},
	} {
		if got := spelledWith(c.typ, c.name); got != c.want {
			t.Errorf("spelledWith(%q, %q) = %v, want %v", c.typ, c.name, got, c.want)
		}
	}
}
