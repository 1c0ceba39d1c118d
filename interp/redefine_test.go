package interp

import "testing"

// TestRedefinitionReadsOldValue checks that a cell's variable that redefines an earlier
// cell's variable may be computed from the old value, of the same type or another, as a
// notebook user halves a learning rate in a later cell.
func TestRedefinitionReadsOldValue(t *testing.T) {
	for _, c := range []struct {
		name  string
		cells []string
		want  string
	}{
		{"same type", []string{"lr := 0.1", "lr := lr / 2\nfmt.Println(lr)"}, "0.05\n"},
		{"twice", []string{"lr := 0.1", "lr := lr / 2", "lr := lr / 2\nfmt.Println(lr)"}, "0.025\n"},
		{"another type", []string{"lr := 0.1", "lr := fmt.Sprint(\"lr=\", lr)", "fmt.Println(lr + \"!\")"}, "lr=0.1!\n"},
		{"several at once", []string{"a, b := 1, 2", "a, b := b, a\nfmt.Println(a, b)"}, "2 1\n"},
		{"in a later statement", []string{"xs := []int{1}", "n := len(xs)\nxs := append(xs, n)\nfmt.Println(xs)"}, "[1 1]\n"},
	} {
		s := newSession(t)
		res, rec := run(t, s, c.cells...)
		if res.Err != nil {
			t.Fatalf("%s: %v", c.name, res.Err)
		}
		if got := rec.stream("stdout"); got != c.want {
			t.Errorf("%s: printed %q, want %q", c.name, got, c.want)
		}
	}
}

// TestRedefinitionSeesEarlierChanges checks that the old value a redefinition reads is
// the variable as the cell's earlier statements, and earlier cells' functions, left it.
func TestRedefinitionSeesEarlierChanges(t *testing.T) {
	s := newSession(t)
	_, rec := run(t, s,
		"losses := []float64{}\nfunc record(l float64) { losses = append(losses, l) }\ntotal := 0\nfunc report() { fmt.Println(\"total\", total) }",
		"record(0.5)\nrecord(0.25)\ntotal = 5\nreport()\nlosses := len(losses)\ntotal := total * 2\nfmt.Println(losses, total)")
	if got, want := rec.stream("stdout"), "total 5\n2 10\n"; got != want {
		t.Errorf("printed %q, want %q", got, want)
	}
}
