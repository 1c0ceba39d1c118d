package optimizers

import (
	"math"
	"strings"
	"testing"
)

// TestHyperUnknownName: a misspelt name must not read as a harmless 0. Float and Pair
// give NaN, which spreads to the parameters; Int and Bool have no NaN and give 0, false.
func TestHyperUnknownName(t *testing.T) {
	h := NewHyper("Test", map[string]any{"lr": 0.1, "n": 3, "flag": true, "betas": []float64{0.9, 0.999}})
	cases := []struct {
		name    string
		float   float64
		a, b    float64
		integer int
		flag    bool
	}{
		{"lr", 0.1, 0.1, 0, 0, true},
		{"n", 3, 3, 0, 3, true},
		{"flag", 1, 1, 0, 1, true},
		{"betas", 0.9, 0.9, 0.999, 1, true},
		{"momentun", math.NaN(), math.NaN(), math.NaN(), 0, false},
		{"", math.NaN(), math.NaN(), math.NaN(), 0, false},
	}
	same := func(got, want float64) bool { return got == want || (math.IsNaN(got) && math.IsNaN(want)) }
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := h.Float(c.name); !same(got, c.float) {
				t.Errorf("Float(%q) = %v, want %v", c.name, got, c.float)
			}
			if a, b := h.Pair(c.name); !same(a, c.a) || !same(b, c.b) {
				t.Errorf("Pair(%q) = %v, %v, want %v, %v", c.name, a, b, c.a, c.b)
			}
			if got := h.Int(c.name); got != c.integer {
				t.Errorf("Int(%q) = %v, want %v", c.name, got, c.integer)
			}
			if got := h.Bool(c.name); got != c.flag {
				t.Errorf("Bool(%q) = %v, want %v", c.name, got, c.flag)
			}
		})
	}
}

// TestSetAcceptsEveryGoNumber: Hyper.Set takes the same numbers as ToFloat, so that a
// notebook passing an int8 or uint16 is not told it did not pass a number.
func TestSetAcceptsEveryGoNumber(t *testing.T) {
	cases := []struct {
		name string
		v    any
		ok   bool
	}{
		{"float64", float64(3), true},
		{"float32", float32(3), true},
		{"int", int(3), true},
		{"int8", int8(3), true},
		{"int16", int16(3), true},
		{"int32", int32(3), true},
		{"int64", int64(3), true},
		{"uint", uint(3), true},
		{"uint8", uint8(3), true},
		{"uint16", uint16(3), true},
		{"uint32", uint32(3), true},
		{"uint64", uint64(3), true},
		{"uintptr", uintptr(3), true},
		{"string", "3", false},
		{"bool", true, false},
		{"nil", nil, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, ok := ToFloat(c.v)
			if ok != c.ok || ok && f != 3 {
				t.Errorf("ToFloat(%T %v) = %v, %v, want 3, %v", c.v, c.v, f, ok, c.ok)
			}
			h := NewHyper("Test", map[string]any{"lr": 0.1, "n": 1, "betas": []float64{0.9, 0.999}})
			err := h.SetAll(map[string]any{"lr": c.v, "n": c.v, "betas": []any{c.v, 0.5}})
			if c.ok != (err == nil) {
				t.Fatalf("SetAll with %T: err %v, want ok=%v", c.v, err, c.ok)
			}
			if err != nil {
				if !strings.Contains(err.Error(), "number") {
					t.Errorf("error %q does not say a number was wanted", err)
				}
				return
			}
			if a, b := h.Pair("betas"); h.Float("lr") != 3 || h.Int("n") != 3 || a != 3 || b != 0.5 {
				t.Errorf("after SetAll with %T: %v", c.v, h)
			}
		})
	}
}
