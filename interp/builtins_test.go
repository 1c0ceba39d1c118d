package interp

import "testing"

// TestPrintBuiltinsToStderr checks that the built-ins print and println write to
// standard error, as the runtime's do, in Go 1.26's format.
func TestPrintBuiltinsToStderr(t *testing.T) {
	s := newSession(t)
	res, rec := run(t, s, "var p *int\nprintln(\"a\", 1, 1.5, true, p)\nprint(\"x\", 2, \"\\n\")")
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if out, errOut := rec.stream("stdout"), rec.stream("stderr"); out != "" || errOut != "a 1 1.5 true 0x0\nx2\n" {
		t.Errorf("stdout %q, stderr %q; want nothing and %q", out, errOut, "a 1 1.5 true 0x0\nx2\n")
	}
}
