package interp

import (
	"context"
	"strings"
	"testing"
)

// TestEvalExpressionErrors checks that errors of user expressions name the expression
// instead of a cell, while positions inside cells the expression calls keep theirs.
func TestEvalExpressionErrors(t *testing.T) {
	s := newSession(t)
	run(t, s, "xs := []int{1}\nn := 2\nfunc at(i int) int {\n\treturn xs[i]\n}")
	tests := []struct {
		expr, ename, value string
		trace              []string // lines before the last, which repeats the error
	}{
		{"x +", "CompileError", `user expression "x +": 1:4: expected operand, found 'EOF'`, nil},
		{"nosuch", "CompileError", `user expression "nosuch": 1:1: undefined: nosuch`, nil},
		{`n + "a"`, "CompileError", `user expression "n + \"a\"": 1:1: invalid operation: n + "a" (mismatched types int and untyped string)`, nil},
		{"min(n, \"a\")", "CompileError", `user expression "min(n, \"a\")": 1:8: invalid argument: mismatched types int (previous argument) and untyped string (type of "a")`, nil},
		{"at(5)", "panic", `user expression "at(5)": runtime error: index out of range`, []string{"cell[1]:4:9: in at", `user expression "at(5)": 1:1: in cell`}},
	}
	for _, tc := range tests {
		_, err := s.EvalExpression(context.Background(), tc.expr)
		if err == nil || err.Name != tc.ename || !strings.HasPrefix(err.Value, tc.value) {
			t.Errorf("%q: error %v,\nwant %s starting %q", tc.expr, err, tc.ename, tc.value)
			continue
		}
		if strings.Contains(err.Value, "cell[") {
			t.Errorf("%q: error %q names a cell", tc.expr, err.Value)
		}
		if n := len(err.Traceback); n != len(tc.trace)+1 || err.Traceback[n-1] != err.Name+": "+err.Value {
			t.Errorf("%q: traceback %q, want %d lines and the error", tc.expr, err.Traceback, len(tc.trace)+1)
			continue
		}
		for i, want := range tc.trace {
			if !strings.HasPrefix(err.Traceback[i], want) {
				t.Errorf("%q: traceback line %q, want it to start %q", tc.expr, err.Traceback[i], want)
			}
		}
	}
}
