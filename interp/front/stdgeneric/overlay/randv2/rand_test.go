package rand

import (
	stdrand "math/rand/v2"
	"testing"
	"time"
)

func TestNInRange(t *testing.T) {
	for range 1000 {
		if v := N(7); v < 0 || v >= 7 {
			t.Fatalf("N(7) = %d", v)
		}
		if v := N(uint8(3)); v >= 3 {
			t.Fatalf("N(uint8(3)) = %d", v)
		}
		if d := N(100 * time.Millisecond); d < 0 || d >= 100*time.Millisecond {
			t.Fatalf("N(100ms) = %v", d)
		}
	}
}

func TestNPanicsAsStd(t *testing.T) {
	for _, n := range []int{0, -1} {
		got, want := recovered(func() { N(n) }), recovered(func() { stdrand.N(n) })
		if got != want || want == nil {
			t.Errorf("N(%d) panics with %v, std with %v", n, got, want)
		}
	}
}

func recovered(f func()) (r any) {
	defer func() { r = recover() }()
	f()
	return nil
}
