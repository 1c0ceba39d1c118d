package interp

import (
	"context"
	"go/parser"
	"strings"
	"testing"
)

// TestLaterGoSyntax runs cells written in Go newer than yaegi's: constructs the syntax
// proves fail before anything runs with a positioned error saying what to write instead;
// suspects get a hint on the interpreter's own error; user declarations of min, max or
// clear and ordinary ranges keep working.
func TestLaterGoSyntax(t *testing.T) {
	const setup = "n := 3\nxs := []int{1, 2}\nfunc seq(yield func(int) bool) { yield(1) }\nvar fv = seq"
	tests := []struct {
		name, cell string
		ename      string // "" for success
		prefix     string // the error value starts with this (certain errors)
		contains   string // the error value contains this
	}{
		{"range int literal", "for i := range 3 {\n\tfmt.Println(i)\n}", "CompileError",
			"cell[2]:1:1: range over an integer needs Go 1.22, and cells run in yaegi, which supports Go 1.21 syntax: use for i := 0; i < 3; i++", ""},
		{"range without variables", "x := 1\n  for range 10 {}", "CompileError", "cell[2]:2:3: range over an integer", "for i := 0; i < 10; i++"},
		{"range constant expression", "for k := range 2 * (3 + 1) {}", "CompileError", "cell[2]:1:1: range over an integer", "for k := 0; k < 2 * (3 + 1); k++"},
		{"range len", "for j := range len(xs) - 1 { _ = j }", "CompileError", "cell[2]:1:1: range over an integer", "j < len(xs) - 1"},
		{"range conversion", "for i := range int64(n) {}", "CompileError", "cell[2]:1:1: range over an integer", ""},
		{"range shift", "for i := range 1 << n {}", "CompileError", "cell[2]:1:1: range over an integer", ""},
		{"range rune", "for i := range 'a' {}", "CompileError", "cell[2]:1:1: range over an integer", ""},
		{"range int in func body", "func count() {\n\tfor i := range 3 { _ = i }\n}", "CompileError", "cell[2]:2:2: range over an integer", ""},
		{"range func literal", "for v := range func(yield func(int) bool) {} { _ = v }", "CompileError",
			"cell[2]:1:1: range over a function needs Go 1.23, and cells run in yaegi, which supports Go 1.21 syntax", ""},
		{"range declared func", "for v := range seq { _ = v }", "CompileError", "cell[2]:1:1: range over a function needs Go 1.23", "seq(func(v T) bool"},
		{"range func of this cell", "func gen(yield func(int) bool) {}\nfor v := range gen { _ = v }", "CompileError", "cell[2]:2:1: range over a function", ""},
		{"min", "min(1, 2)", "CompileError", "cell[2]:1:1: the built-in min is new in Go 1.21, and cells run in yaegi, which lacks it: use math.Min", ""},
		{"max in initializer", "var big = max(n, 4)", "CompileError", "cell[2]:1:11: the built-in max is new in Go 1.21", ""},
		{"clear in func", "func reset(m map[int]int) {\n\tclear(m)\n}", "CompileError", "cell[2]:2:2: the built-in clear is new in Go 1.21", "delete(m, k)"},
		{"before anything runs", "fmt.Println(\"ran\")\nfor range 3 {}", "CompileError", "cell[2]:2:1: range over an integer", ""},
		{"first of several", "y := min(1, 2)\nfor range 3 {}", "CompileError", "cell[2]:1:6: the built-in min", ""},

		// Types decide: the interpreter's error gets a hint naming the suspect.
		{"range int variable", "for i := range n { _ = i }", "panic", "nil type (cell[2]:1:1: range over n: if it is an integer, that needs Go 1.22", "use for i := 0; i < n; i++"},
		{"range func variable", "for v := range fv { _ = v }", "panic", "nil type (cell[2]:1:1: range over fv: ", "yield function"},
		{"range shadowed len", "len := func(s []int) int { return 2 }\nfor i := range len(xs) { _ = i }", "panic", "nil type (cell[2]:2:1: range over len(xs)", ""},

		// Not later Go.
		{"range slice", "t := 0\nfor _, x := range xs { t += x }\nt", "", "", ""},
		{"range string and literal", "for range \"ab\" {}\nfor range []int{1} {}", "", "", ""},
		{"own min", "func min(a, b int) int { if a < b { return a }; return b }\nmin(4, 3)", "", "", ""},
		{"min variable", "max := 10\nmax", "", "", ""},
		{"method named min", "type box struct{}\nfunc (box) min(a int) int { return a }\nbox{}.min(1)", "", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newSession(t)
			run(t, s, setup)
			rec := &recorder{}
			res := s.Execute(context.Background(), tc.cell, 2, rec)
			if tc.ename == "" {
				if res.Err != nil {
					t.Fatalf("error %v, want success", res.Err)
				}
				return
			}
			if res.Err == nil || res.Err.Name != tc.ename || !strings.HasPrefix(res.Err.Value, tc.prefix) || !strings.Contains(res.Err.Value, tc.contains) {
				t.Fatalf("error %v,\nwant %s starting %q containing %q", res.Err, tc.ename, tc.prefix, tc.contains)
			}
			if last := res.Err.Traceback[len(res.Err.Traceback)-1]; last != res.Err.Name+": "+res.Err.Value {
				t.Errorf("traceback ends %q, not with the error", last)
			}
			if out := rec.stream("stdout"); out != "" {
				t.Errorf("the cell ran and printed %q", out)
			}
		})
	}
}

func TestIntKind(t *testing.T) {
	sc := langScope{declared: map[string]bool{"cap": true, "n": true}, funcs: map[string]bool{"int32": true}}
	tests := []struct {
		expr string
		want int
	}{
		{"3", untypedInt},
		{"'x'", untypedInt},
		{"-(2 + 3) * 4 % 5", untypedInt},
		{"1 << n", untypedInt},
		{"len(xs)", typedInt},
		{"len(xs) / 2", typedInt},
		{"n + len(xs)", typedInt},
		{"uint8(n)", typedInt},
		{"n", notInt},
		{"3 * n", notInt},
		{"1.5", notInt},
		{"3 + 1.5", notInt},
		{"1 < 2", notInt},
		{`"abc"`, notInt},
		{"cap(xs)", notInt},  // declared by the user
		{"int32(n)", notInt}, // a user func
		{"n << 2", notInt},   // the type of n decides
		{"xs[len(xs)]", notInt},
	}
	for _, tc := range tests {
		e, err := parser.ParseExpr(tc.expr)
		if err != nil {
			t.Fatal(err)
		}
		if got := intKind(e, sc); got != tc.want {
			t.Errorf("%s: kind %d, want %d", tc.expr, got, tc.want)
		}
	}
}

func TestRenderExprFallsBack(t *testing.T) {
	tests := []struct{ expr, want string }{
		{"len(xs) - 1", "len(xs) - 1"},
		{"f(func() int {\n\treturn 1\n})", "n"},
		{"someRatherLongFunctionName(anotherLongArgument, yetAnotherOne)", "n"},
	}
	for _, tc := range tests {
		e, err := parser.ParseExpr(tc.expr)
		if err != nil {
			t.Fatal(err)
		}
		if got := renderExpr(e, "n"); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.expr, got, tc.want)
		}
	}
}
