package interp

import "testing"

// TestRegistrationsStayInTheirSession checks that what one session's cells register for
// printing and asserting its types (String of a boxed named value, of a struct an early
// helper prints, a conversion an early assertion tries) does not apply to a type that
// another session declares under the same name without those methods.
func TestRegistrationsStayInTheirSession(t *testing.T) {
	decl := `type C float64
type P struct{ X int }
func show(v any) { fmt.Println(v) }
func isStringer(v any) bool { _, ok := v.(fmt.Stringer); return ok }`
	withMethods := `func (C) String() string { return "C!" }
func (P) String() string { return "P!" }`
	use := `var c any = C(1)
fmt.Println(c)
show(P{2})
fmt.Println(isStringer(P{3}))`
	cases := []struct {
		name  string
		cells []string
		want  string
	}{
		{"with methods", []string{decl, withMethods, use}, "C!\nP!\ntrue\n"},
		{"without", []string{decl, use}, "1\n{2}\nfalse\n"},
		{"with methods again", []string{decl, withMethods, use}, "C!\nP!\ntrue\n"},
		{"without again", []string{decl, use}, "1\n{2}\nfalse\n"},
	}
	for _, c := range cases {
		s := newSession(t) // a session of its own each time, in this one process
		res, rec := run(t, s, c.cells...)
		if res.Err != nil {
			t.Fatalf("%s: %v", c.name, res.Err)
		}
		if got := rec.stream("stdout"); got != c.want {
			t.Errorf("%s: printed %q, want %q", c.name, got, c.want)
		}
	}
}
