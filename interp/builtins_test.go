package interp

import "testing"

// TestPrintBuiltinsToStderr checks that the built-ins print and println write to
// standard error, as the runtime's do, in Go 1.26's format.
func TestPrintBuiltinsToStderr(t *testing.T) {
	s := newSession(t)
	res, rec := run(t, s, "import \"time\"\nvar p *int\nvar m map[string]int\nvar xs []int\nprintln(\"a\", 1, 1.5, true, p, m, time.Second, xs)\nprint(\"x\", 2, \"\\n\")")
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	// Numbers as values, not by their String (time.Second); nil references as 0x0, a
	// slice as [len/cap]address.
	want := "a 1 1.5 true 0x0 0x0 1000000000 [0/0]0x0\nx2\n"
	if out, errOut := rec.stream("stdout"), rec.stream("stderr"); out != "" || errOut != want {
		t.Errorf("stdout %q, stderr %q; want nothing and %q", out, errOut, want)
	}
}
