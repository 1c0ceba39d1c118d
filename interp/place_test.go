package interp

import (
	"context"
	"strings"
	"testing"
)

// TestPanicFramesAtTheirLines checks that each frame of a panic's traceback names the
// line and column where it happened (the failing operation, or the call that led to
// it), not the first statement of the function it happened in.
func TestPanicFramesAtTheirLines(t *testing.T) {
	tests := []struct {
		name  string
		cells []string // run in order as cells 1, 2, ...; the last one panics
		value string   // what the error value contains
		trace []string // the frames, innermost first
	}{
		{
			name:  "index in a loop body",
			cells: []string{"func sum(xs []int) int {\n\tt := 0\n\tfor i := 0; i <= len(xs); i++ {\n\t\tt += xs[i]\n\t}\n\treturn t\n}", "sum([]int{1, 2})"},
			value: "index out of range",
			trace: []string{"cell[1]:4:8: in sum", "cell[2]:1:1: in cell"},
		},
		{
			name:  "caller frames at their call lines",
			cells: []string{"func inner(xs []int, n int) int {\n\tn++\n\treturn xs[n]\n}\nfunc outer(xs []int) int {\n\ty := 1\n\treturn inner(xs, y) + 1\n}", "x := 2\nouter(nil)"},
			value: "index out of range",
			trace: []string{"cell[1]:3:9: in inner", "cell[1]:7:9: in outer", "cell[2]:2:1: in cell"},
		},
		{
			name:  "map write",
			cells: []string{"func put(k string) {\n\tvar m map[string]int\n\tm[k] = 1\n}", "put(\"a\")"},
			value: "assignment to entry in nil map",
			trace: []string{"cell[1]:3:2: in put", "cell[2]:1:1: in cell"},
		},
		{
			name:  "integer divide",
			cells: []string{"func div(a, b int) int {\n\tc := a + 1\n\treturn c / b\n}", "div(1, 0)"},
			value: "integer divide by zero",
			trace: []string{"cell[1]:3:9: in div", "cell[2]:1:1: in cell"},
		},
		{
			name:  "type assertion",
			cells: []string{"func str(v any) string {\n\tx := 1\n\t_ = x\n\treturn v.(string)\n}", "str(3)"},
			value: "interface conversion",
			trace: []string{"cell[1]:4:9: in str", "cell[2]:1:1: in cell"},
		},
		{
			name:  "nil pointer field",
			cells: []string{"type P struct{ X int }\nfunc get(p *P) int {\n\ty := 2\n\treturn p.X + y\n}", "get(nil)"},
			value: "nil pointer dereference",
			trace: []string{"cell[1]:4:9: in get", "cell[2]:1:1: in cell"},
		},
		{
			name:  "user panic",
			cells: []string{"func check(v float64) {\n\tif v < 0 {\n\t\tpanic(\"negative\")\n\t}\n}", "check(1)\ncheck(-1)"},
			value: "negative",
			trace: []string{"cell[1]:3:3: in check", "cell[2]:2:1: in cell"},
		},
		{
			name:  "closure",
			cells: []string{"func run() int {\n\tf := func(i int) int {\n\t\tvar xs []int\n\t\treturn xs[i]\n\t}\n\treturn f(1)\n}", "run()"},
			value: "index out of range",
			trace: []string{"cell[1]:4:10: in run.func1", "cell[1]:6:9: in run", "cell[2]:1:1: in cell"},
		},
		{
			name:  "two sites of a kind on different lines",
			cells: []string{"func g(xs []int, i, j int) int {\n\ta := xs[i]\n\tb := xs[j]\n\treturn a + b\n}", "g([]int{1}, 0, 3)"},
			value: "index out of range",
			trace: []string{"cell[1]:2:7: in g (or line 3)", "cell[2]:1:1: in cell"},
		},
		{
			name:  "global slice indexed in a function",
			cells: []string{"var data []float64\nfunc first() float64 {\n\ty := 2.0\n\treturn data[3] * y\n}", "first()"},
			value: "index out of range [3] with length 0",
			trace: []string{"cell[1]:4:9: in first", "cell[2]:1:1: in cell"},
		},
		{
			name:  "top-level loop",
			cells: []string{"xs := []int{1, 2}\nt := 0\nfor i := 0; i < 3; i++ {\n\tt += xs[i]\n}"},
			value: "index out of range",
			trace: []string{"cell[1]:4:7: in cell"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newSession(t)
			var res *Result
			for i, c := range tc.cells {
				res = s.Execute(context.Background(), c, i+1, &recorder{})
				if i < len(tc.cells)-1 && res.Err != nil {
					t.Fatalf("cell %d: %v", i+1, res.Err)
				}
			}
			e := res.Err
			if e == nil {
				t.Fatalf("no error")
			}
			frames := e.Traceback[:len(e.Traceback)-1] // the last line is "panic: value"
			if !strings.Contains(e.Value, tc.value) || strings.Join(frames, "\n") != strings.Join(tc.trace, "\n") {
				t.Errorf("got %s: %s\n%s\nwant value with %q and frames\n%s", e.Name, e.Value, strings.Join(frames, "\n"), tc.value, strings.Join(tc.trace, "\n"))
			}
		})
	}
}
