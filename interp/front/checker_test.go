package front

import (
	"strings"
	"testing"
)

// Errors that go/types words or places differently from the Go compiler come out in the
// compiler's words, at its positions (checked against go build by hand: the corpus
// cannot show a cell that its program translation would split differently).
func TestCompilerWording(t *testing.T) {
	tests := []struct{ cell, want string }{
		{"func f()\n{\n\tfmt.Println(1)\n}", "cell[1]:2:1: syntax error: unexpected semicolon or newline before {"},
		{"func f() {\n\tbreak\n}", "cell[1]:2:2: break is not in a loop, switch, or select"},
		{"func f() {\n\tfor {\n\t\tbreak outer\n\t}\n}", "cell[1]:3:9: break label not defined: outer"},
		{"func f() {\nL:\n\tfor {\n\t}\n}", "cell[1]:2:1: label L defined and not used"},
		{"type S[T any] struct{ v T }\nfunc New[T any]() *S[T] { return nil }\nfunc g() { _ = New() }", "cell[1]:3:19: in call to New, cannot infer T (declared at cell[1]:2:10)"},
		{"type A int\nfunc (A) M() {}\nfunc (A) M() {}", "cell[1]:3:10: method A.M already declared at cell[1]:2:10"},
		{"type T struct{}\nfunc (T) M(a int) {}\nfunc g() { var t T; t.M() }", "cell[1]:3:21: not enough arguments in call to t.M"},
		{"import \"os\"\nfunc g() string { data, _ := os.ReadFile(\"x\"); return data }", "cannot use data (variable of type []byte) as string value in return statement"},
		{"import \"slices\"\ntype P struct{ X int }\nfunc g() { slices.Sort([]P{}) }", "cell[1]:3:23: P does not satisfy cmp.Ordered"},
		{"func f() {\n\tgoto L\n}", "cell[1]:2:7: label L not defined"},
		{"func f() {\nL:\nL:\n\tgoto L\n}", "cell[1]:3:1: label L already defined"},
		{"func apply(f func(int) int) {}\nfunc g() { apply(func(x float64) float64 { return x }) }", "cannot use func(x float64) float64 {…} (value of type func(x float64) float64) as func(int) int value in argument to apply"},
		{"for i, j, k := range []int{} {\n}", "cell[1]:1:11: range clause permits at most two iteration variables"},
		{"var v any = []float64{1}\nfmt.Println(v[0])", "cell[1]:2:14: cannot index v (variable of interface type any)"},
		{"m := map[string]*[]int{\"a\": {1}}\nfmt.Println(m[\"a\"][0])", "cell[1]:2:19: cannot index m[\"a\"] (map index expression of type *[]int)"},
		// Newcomers' syntax errors, with go build's wording (checked by hand).
		{"x := 1\nif x = 1 {\n\tfmt.Println(x)\n}", "cell[1]:2:6: syntax error: cannot use assignment x = 1 as value"},
		{"x := 1\nif x > 0 fmt.Println(x)", "cell[1]:2:10: syntax error: unexpected name fmt, expected {"},
		{"for i := 0, i < 3, i++ {\n}", "cell[1]:1:21: syntax error: unexpected ++, expected {"},
		{"x := 3\nif x > 0\n\tfmt.Println(x)\n}", "cell[1]:2:9: syntax error: unexpected newline, expected { after if clause"},
		{"for i := 0; i < 3; i++\n\tfmt.Println(i)\n}", "cell[1]:1:23: syntax error: unexpected newline, expected { after for clause"},
		{"for i := range 3 { fmt.Println(i) }\n}", "cell[1]:2:1: syntax error: non-declaration statement outside function body"},
		{"x := 1\nif x > 2 {\n\tfmt.Println(1)\n} else if x > 0\n\tfmt.Println(2)\n}", "cell[1]:4:16: syntax error: unexpected newline, expected { after if clause"},
		{"x := 1\nif x += 1 {\n}", "cell[1]:2:6: syntax error: cannot use x += 1 as value"},
		{"if x := 1 {\n}", "cell[1]:1:6: syntax error: cannot use x := 1 as value"},
		{"x := 1\nif x > 0 and x < 3 {\n}", "cell[1]:2:10: syntax error: unexpected name and, expected {"},
		{"for i := 0; i < 3; i++ fmt.Println(i)", "cell[1]:1:24: syntax error: unexpected name fmt, expected { after for clause"},
		{"for i := 0; i < 3; i++; {\n}", "cell[1]:1:23: syntax error: unexpected semicolon, expected { after for clause"},
		{"x := 1\nif x > 0; {\n}", "cell[1]:2:9: syntax error: missing condition in if statement"},
		{"i := 0\n++i", "cell[1]:2:1: syntax error: unexpected ++, expected }"},
		{"fmt.Println(2))", "cell[1]:1:15: syntax error: unexpected ) at end of statement"},
		{"func f() int {\n\treturn (1 + 2))\n}", "cell[1]:2:16: syntax error: unexpected ) at end of statement"},
		{"f := func(a int) int {\n\treturn a * 2)\n}\nfmt.Println(f(1))", "cell[1]:2:14: syntax error: unexpected ) at end of statement"},
		{"range := 3", "cell[1]:1:1: syntax error: unexpected keyword range, expected }"},
		{"type P struct {\n\tX int,\n\tY int\n}", "cell[1]:2:7: syntax error: unexpected comma in struct type; possibly missing semicolon or newline or }"},
		{"func f() int, error {\n\treturn 0, nil\n}", "cell[1]:1:13: syntax error: unexpected comma after top level declaration"},
		{"func f(x int = 1) int { return x }", "cell[1]:1:14: syntax error: unexpected = in parameter list; possibly missing comma or )"},
		{"func f() {\n\tdefer fmt.Println\n}", "cell[1]:2:8: expression in defer must be function call"},
		{"func f() {\n\tgo f\n}", "cell[1]:2:5: expression in go must be function call"},
		{"xs := []int{1}\nfmt.Println(xs[0)", "cell[1]:2:17: syntax error: unexpected ), expected comma, : or ]"},
		{"x = := 3", "cell[1]:1:5: syntax error: unexpected :=, expected expression"},
		{"s := `abc", "cell[1]:1:6: string not terminated"},
		{"x := 1\ny := x ? 1", "cell[1]:2:8: invalid character U+003F '?'"},
		{"xs := []int{1}\nfmt.Println(len(xs, xs))", "cell[1]:2:13: invalid operation: too many arguments for len(xs, xs) (expected 1, found 2)"},
		{"xs := append()", "cell[1]:1:7: invalid operation: not enough arguments for append() (expected 1, found 0)"},
		{"x := float64()", "cell[1]:1:6: missing argument in conversion to float64"},
		{"func add(a, b int) int { return a + b }\nfunc g() { xs := []int{1, 2}; _ = add(xs...) }", "cell[1]:2:35: cannot use ... in call to non-variadic add"},
		{"x := 1\nx <- 2", "cell[1]:2:1: invalid operation: cannot send to non-channel int x (variable of type int)"},
		// What users of NumPy, Python and JavaScript write.
		{"A := [][]float64{{1, 2}, {3, 4}}\nfmt.Println(A[0, 1])", "cell[1]:2:18: syntax error: unexpected literal 1, expected ]"},
		{"xs := [1.0, 2.0, 3.0]\nfmt.Println(xs)", "cell[1]:1:11: syntax error: unexpected comma; expected ]"},
		{"xs := []int{1, 2, 3, 4}\nfmt.Println(xs[::2])", "cell[1]:2:17: middle index required in 3-index slice"},
		{"f := (x) => x * x\nfmt.Println(f(2))", "cell[1]:1:10: syntax error: unexpected = at end of statement"},
		// A label that exists but does not enclose the jump.
		{"L:\nfor i := 0; i < 1; i++ {\n}\nfor {\n\tbreak L\n}", "cell[1]:5:8: invalid break label L"},
		{"x := 1\nL:\nswitch x {\ncase 1:\n\tfor i := 0; i < 2; i++ {\n\t\tcontinue L\n\t}\n}", "cell[1]:6:12: invalid continue label L"},
		// Refused, not printed forever (the views of its elements went on without end).
		{"type L []L\nfmt.Println(L{L{}, nil})", "cell[1]:1:6: type L refers to itself without a struct in between"},
	}
	for _, tc := range tests {
		_, err := newTestChecker().Check(1, tc.cell)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %s", tc.cell, err, tc.want)
		}
	}
}

// Errors come in the order of their positions, as the compiler reports them.
func TestCompilerOrder(t *testing.T) {
	_, err := newTestChecker().Check(1, "import (\"bufio\"; \"os\")\nfunc g() string { r := bufio.NewReader(os.Stdin); line := r.ReadString(\"\\n\"); return line }")
	if err == nil || !strings.Contains(strings.SplitN(err.Error(), "\n", 2)[0], "assignment mismatch") {
		t.Errorf("got %v, want the assignment mismatch first", err)
	}
}

// A note stays after the error it belongs to.
func TestCompilerNoteAfterError(t *testing.T) {
	_, err := newTestChecker().Check(1, "func g() {\n\tx := 1\n\tvar x int\n\t_ = x\n}")
	if err == nil || !strings.HasPrefix(err.Error(), "cell[1]:3:6: x redeclared in this block") {
		t.Errorf("got %q, want the redeclaration first", err)
	}
}
