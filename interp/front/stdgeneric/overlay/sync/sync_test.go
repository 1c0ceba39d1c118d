package sync

import (
	gosync "sync"
	"testing"
)

// The overlay's functions against the standard library's, on the same calls.
func TestOnceValueAsStd(t *testing.T) {
	calls, stdCalls := 0, 0
	f := OnceValue(func() int { calls++; return 42 })
	g := gosync.OnceValue(func() int { stdCalls++; return 42 })
	for range 3 {
		if f() != g() {
			t.Fatal("values differ")
		}
	}
	if calls != stdCalls || calls != 1 {
		t.Errorf("calls %d, std %d", calls, stdCalls)
	}
	a, b := OnceValues(func() (int, string) { return 1, "x" })()
	c, d := gosync.OnceValues(func() (int, string) { return 1, "x" })()
	if a != c || b != d {
		t.Errorf("OnceValues: %v %v, std %v %v", a, b, c, d)
	}
}

func TestOnceValuePanicsEveryCall(t *testing.T) {
	panics := func(f func() int) (p []any) {
		for range 2 {
			func() {
				defer func() { p = append(p, recover()) }()
				f()
			}()
		}
		return p
	}
	got := panics(OnceValue(func() int { panic("boom") }))
	want := panics(gosync.OnceValue(func() int { panic("boom") }))
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("panics %v, std %v", got, want)
	}
}
