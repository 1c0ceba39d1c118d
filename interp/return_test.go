package interp

import "testing"

// A return at the top level of a cell ends that cell with status ok, as it ends main;
// the session goes on, and what ran before the return stays.
func TestTopLevelReturnEndsTheCell(t *testing.T) {
	s := newSession(t)
	res, rec := run(t, s, "x := 1\nif x == 1 {\n\tfmt.Println(\"returning\")\n\treturn\n}\nx = 5\nfmt.Println(\"not reached\")")
	if res.Err != nil {
		t.Fatalf("return ended the cell with %v, want ok", res.Err)
	}
	if got := rec.stream("stdout"); got != "returning\n" {
		t.Errorf("stdout %q, want only what ran before the return", got)
	}
	res, rec = run(t, s, "defer func() { fmt.Println(\"recovered:\", recover()) }()\nfmt.Println(x)")
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	// A later cell's recover finds no panic: the return's is not left behind.
	if got := rec.stream("stdout"); got != "1\nrecovered: <nil>\n" {
		t.Errorf("next cell printed %q, want x unchanged by the statements after the return and no panic recovered", got)
	}
}
