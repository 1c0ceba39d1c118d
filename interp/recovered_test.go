package interp

import (
	"strings"
	"testing"
)

// TestLibraryRecoversCellPanicInGoWords checks that a panic of a cell's function which
// library code recovers into an error (an objective that indexes past the point it is
// given) reads as Go's runtime error, not as the interpreter's reflect message.
func TestLibraryRecoversCellPanicInGoWords(t *testing.T) {
	s := newSession(t)
	res, _ := run(t, s, `p := opt.Problem{Func: func(x []float64) float64 { return x[1] }, Grad: func(g, x []float64) { g[0] = 1 }}
_, err := opt.Minimize(p, []float64{1}, opt.NewSGD(0.1), opt.Settings{})
err.Error()`)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	got := plain(res.Data)
	if !strings.Contains(got, "minimize: panic at iteration 0: runtime error: index out of range") || strings.Contains(got, "reflect") {
		t.Errorf("error = %s, want the runtime's words", got)
	}
}

// TestLibraryRecoversCellStringer checks that a panic value of a cell's type with a
// String method, recovered by library code, reads as its String.
func TestLibraryRecoversCellStringer(t *testing.T) {
	s := newSession(t)
	res, _ := run(t, s, `type T struct{ K int }
func (t T) String() string { return fmt.Sprint("T#", t.K) }`, `p := opt.Problem{Func: func(x []float64) float64 { panic(T{3}) }, Grad: func(g, x []float64) {}}
_, err := opt.Minimize(p, []float64{3}, opt.NewSGD(0.1), opt.Settings{})
err.Error()`)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if got := plain(res.Data); got != `"minimize: panic at iteration 0: T#3"` {
		t.Errorf("error = %s, want the value's String", got)
	}
}
