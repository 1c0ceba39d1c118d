package front

import (
	"strings"
	"testing"
)

func TestSplitCell(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		kinds []kind
		first []int // line, col of each unit
	}{
		{"statement", "x := 1", []kind{kindStmt}, []int{1, 1}},
		{"expression last", "x := 1\nx + 1", []kind{kindStmt, kindExpr}, []int{1, 1, 2, 1}},
		{"mixed script", "import \"strings\"\nx := 1\nfunc f() int { return x }\nimport \"math\"\nf()",
			[]kind{kindImport, kindStmt, kindDecl, kindImport, kindExpr}, []int{1, 1, 2, 1, 3, 1, 4, 1, 5, 1}},
		{"method is a declaration", "func (t *T) M() {}", []kind{kindDecl}, []int{1, 1}},
		{"generic method receiver", "func (t T[K]) M() {}", []kind{kindDecl}, []int{1, 1}},
		{"func literal call is a statement", "func() { x++ }()", []kind{kindExpr}, []int{1, 1}},
		{"func literal with result", "func() (a int) { return 1 }()", []kind{kindExpr}, []int{1, 1}},
		{"package clause dropped", "package main\nvar x = 1", []kind{kindDecl}, []int{2, 1}},
		{"semicolons split", "a := 1; b := 2", []kind{kindStmt, kindStmt}, []int{1, 1, 1, 9}},
		{"blocks stay whole", "if x > 0 {\n\ty = 1\n} else {\n\ty = 2\n}", []kind{kindStmt}, []int{1, 1}},
		{"grouped declaration", "var (\n\ta = 1\n\tb = 2\n)\ntype T struct{ A int }", []kind{kindDecl, kindDecl}, []int{1, 1, 5, 1}},
		{"assignment last is not shown", "x = 2", []kind{kindStmt}, []int{1, 1}},
		{"comments only", "// nothing\n/* here */", nil, nil},
		{"for clause", "for i := 0; i < 3; i++ {\n\tx += i\n}\nx", []kind{kindStmt, kindExpr}, []int{1, 1, 4, 1}},
		{"if and switch headers", "if v := f(); v > 0 {\n} else if w := g(); w {\n}\nswitch y := 2; y {\n}", []kind{kindStmt, kindStmt}, []int{1, 1, 4, 1}},
		{"indented second line", "x := 1\n   y := 2", []kind{kindStmt, kindStmt}, []int{1, 1, 2, 4}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			units, err := splitCell(1, tc.src)
			if err != nil {
				t.Fatal(err)
			}
			var kinds []kind
			var pos []int
			for _, u := range units {
				kinds = append(kinds, u.kind)
				pos = append(pos, u.line, u.col)
			}
			if !equal(kinds, tc.kinds) || !equal(pos, tc.first) {
				t.Errorf("kinds %v at %v, want %v at %v", kinds, pos, tc.kinds, tc.first)
			}
		})
	}
}

func equal[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestSplitCellSyntaxErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"x := 1\ny := (2", "cell[4]:2:"},
		{"func f() {\n\treturn 1 +\n}", "cell[4]:3:1"},
		{"s := \"abc", "cell[4]:1:10: newline in string"}, // where the compiler meets the newline
		{"func f() {\n}\n}\nfunc g() {}", "cell[4]:3:1: syntax error: non-declaration statement outside function body"},
		{"i := 0\nwhile i < 3 {\n\ti++\n}", "cell[4]:2:7: syntax error: unexpected name i at end of statement"},
		{"for (i := 0; i < 3; i++) {\n}", "cell[4]:1:8: syntax error: unexpected :=, expected )"},
		{"s := 'hello'", "cell[4]:1:6: more than one character in rune literal"},
		{"x := 1\n  var y int =", "cell[4]:2:"},
		// The mistakes newcomers make most, in the compiler's words.
		{"fmt.Println(\"a\"\nx := 1", "cell[4]:1:16: syntax error: unexpected newline in argument list; possibly missing comma or )"},
		{"fmt.Println(\"a\" \"b\")", "cell[4]:1:17: syntax error: unexpected literal \"b\" in argument list; possibly missing comma or )"},
		{"xs := []int{1 2}", "cell[4]:1:15: syntax error: unexpected literal 2 in composite literal; possibly missing comma or }"},
		{"if x := 1; x > 0\n{\n}", "cell[4]:1:17: syntax error: unexpected newline, expected { after if clause"},
		{"for i := 0; i < 3; i++\n{\n}", "cell[4]:1:23: syntax error: unexpected newline, expected { after for clause"},
		{"var x := 1", "cell[4]:1:7: syntax error: unexpected :=, expected ="},
	}
	for _, tc := range tests {
		_, err := splitCell(4, tc.src)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one at %s", tc.src, err, tc.want)
		}
	}
}

// TestSplitHeaderLiterals checks that composite and function literals in the header of an
// if, for or switch at top level stay in the statement, and that the statement ends with
// its block.
func TestSplitHeaderLiterals(t *testing.T) {
	for _, c := range []struct {
		src   string
		units int
	}{
		{"if s := []int{1}; len(s) > 0 { f(s) }\nx := 1", 2},
		{"for _, i := range []int{0, 1} { f(i) }\nx := 1", 2},
		{"for _, v := range xs[1:] { f(v) }\nx := 1", 2},
		{"if m := map[string]struct{}{}; len(m) == 0 { f(m) }\nx := 1", 2},
		{"if g := func() int { return 3 }; g() > 2 { f(g) }\nx := 1", 2},
		{"switch p := [2]int{1, 2}; p[0] { case 1: f(p) }\nx := 1", 2},
		{"if x > 0 { f(x) }\ny := 1", 2},
	} {
		units, err := splitCell(1, c.src)
		if err != nil {
			t.Errorf("%q: %v", c.src, err)
			continue
		}
		if len(units) != c.units {
			t.Errorf("%q: %d units, want %d", c.src, len(units), c.units)
		}
	}
}
