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
	}
	for _, tc := range tests {
		s := newSession(t)
		res, rec := run(t, s, tc.cell)
		switch {
		case tc.value == "" && res.Err != nil:
			t.Errorf("%q: %v, want ok", tc.cell, res.Err)
		case tc.value != "" && (res.Err == nil || res.Err.Name != "Exit" || res.Err.Value != tc.value):
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
