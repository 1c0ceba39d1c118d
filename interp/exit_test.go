package interp

import (
	"strings"
	"testing"
)

// os.Exit and log.Fatal end the cell, not the kernel, as they end a Go program: with
// "exit status N", without the cell's deferred calls; the session goes on.
func TestExitEndsTheCell(t *testing.T) {
	tests := []struct {
		cell, value, stdout, stderr string
	}{
		{"import \"os\"\ndefer fmt.Println(\"!\")\nos.Exit(3)\nfmt.Println(\"not reached\")", "exit status 3", "", ""},
		{"import \"log\"\ndefer fmt.Println(\"!\")\nlog.SetFlags(0)\nlog.Fatal(\"fatal \", 1)", "exit status 1", "", "fatal 1\n"},
		// log.New makes a *log.Logger, with all its methods; its Fatalf exits too.
		{"import (\"log\"; \"os\")\nfunc use(l *log.Logger) { l.Println(\"used\") }\nl := log.New(os.Stdout, \"my:\", 0)\nl.SetPrefix(\"ohmy:\")\nuse(l)\nl.Fatalf(\"bad %d\", 3)", "exit status 1", "ohmy:used\nohmy:bad 3\n", ""},
		{"import \"os\"\nfmt.Println(\"a\")\nos.Exit(0)\nfmt.Println(\"not reached\")", "", "a\n", ""},
		// In a goroutine too.
		{"import \"os\"\ndone := make(chan bool)\ngo func() { os.Exit(4) }()\n<-done", "exit status 4", "", ""},
		{"import \"os\"\ndone := make(chan bool)\ngo func() { fmt.Println(\"g\"); os.Exit(0) }()\n<-done", "", "g\n", ""},
		// log.Fatal logs where log.SetOutput says, as log.SetFlags and SetPrefix say.
		{"import (\"log\"; \"os\")\nlog.SetOutput(os.Stdout)\nlog.SetFlags(0)\nlog.SetPrefix(\"p: \")\nlog.Fatalf(\"bad %d\", 2)", "exit status 1", "p: bad 2\n", ""},
		// A logger's Fatal in parentheses, and one promoted from an embedded logger.
		{"import (\"log\"; \"os\")\nl := log.New(os.Stdout, \"\", 0)\n(l.Fatal)(\"p\")", "exit status 1", "p\n", ""},
		{"import (\"log\"; \"os\")\ntype S struct{ *log.Logger }\ns := S{log.New(os.Stdout, \"\", 0)}\ns.Fatalln(\"end\")", "exit status 1", "end\n", ""},
	}
	for _, tc := range tests {
		s := newSession(t)
		res, rec := run(t, s, tc.cell)
		switch {
		case tc.value == "" && res.Err != nil:
			t.Errorf("%q: %v, want ok", tc.cell, res.Err)
		case tc.value != "" && (res.Err == nil || res.Err.Name != "Exit" || !strings.HasPrefix(res.Err.Value, tc.value+" (a cell cannot end the kernel")):
			t.Errorf("%q: %v, want Exit %q", tc.cell, res.Err, tc.value)
		}
		if got := rec.stream("stdout"); got != tc.stdout {
			t.Errorf("%q: stdout %q, want %q (no deferred call)", tc.cell, got, tc.stdout)
		}
		if got := rec.stream("stderr"); !strings.Contains(got, tc.stderr) {
			t.Errorf("%q: stderr %q, want it to hold %q", tc.cell, got, tc.stderr)
		}
		if res, _ := run(t, s, "1 + 1"); res.Err != nil || plain(res.Data) != "2" {
			t.Errorf("%q: the session did not go on: %v", tc.cell, res.Err)
		}
	}
}

// A deferred or go'ed call of a *log.Logger's Fatal would be the real one, which ends the
// interpreter: it is refused with a way around.
func TestDeferredLoggerFatalIsRefused(t *testing.T) {
	s := newSession(t)
	res, _ := run(t, s, "import (\"log\"; \"os\")\nl := log.New(os.Stdout, \"\", 0)\ndefer l.Fatal(\"x\")")
	if res.Err == nil || res.Err.Name != "CompileError" || !strings.Contains(res.Err.Value, "cell[1]:3:7: defer of a *log.Logger's Fatal is not supported") {
		t.Errorf("got %v, want a CompileError at the defer's call", res.Err)
	}
}
