package remote

import (
	"reflect"
	"testing"
)

func TestSelfCalls(t *testing.T) {
	tests := []struct {
		name string
		code string
		want []selfCall
	}{
		{"one line", "func rec(n int) int { return rec(n+1) + 1 }\nrec(0)", []selfCall{{"rec", 1, 30}}},
		{"body on later lines", "x := 1\n\nfunc fib(n int) int {\n\tif n < 2 {\n\t\treturn n\n\t}\n\treturn fib(n-1) + fib(n-2)\n}",
			[]selfCall{{"fib", 7, 9}}},
		{"method", "type T struct{ next *T }\nfunc (t *T) Walk() int { return t.next.Walk() + 1 }", []selfCall{{"Walk", 2, 40}}},
		{"results and generics in the signature", "func f[T any](x []T) (n int, err error) { return f(x[1:]) }", []selfCall{{"f", 1, 50}}},
		{"no recursion", "func f() int { return g() }\nfunc g() int { return 1 }", nil},
		{"a call of another f through a package is not recursion", "func Println() { fmt.Println() }", nil},
		{"a function literal's inner func is not a declaration", "go func() { f := func() {}; f() }()", nil},
		{"broken code", "func f( { f(", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := selfCalls(tc.code); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("selfCalls = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestRecursionSite(t *testing.T) {
	earlier := []loggedCell{ // newest first, as cellLog.codes returns them
		{code: "func walk(n int) int { return walk(n) }", count: 4},
		{code: "func count(n int) int {\n  return count(n-1)\n}", count: 2},
	}
	tests := []struct {
		code string
		want string
	}{
		{"func rec(n int) int { return rec(n+1) + 1 }\nrec(0)", "cell[9]:1:30, where func rec calls itself"},
		{"x := count(3)", "cell[2]:2:10, where func count calls itself"},
		{"walk(1)", "cell[4]:1:31, where func walk calls itself"},
		{"y := 1", ""},
	}
	for _, tc := range tests {
		if got := recursionSite(tc.code, 9, earlier); got != tc.want {
			t.Errorf("recursionSite(%q) = %q, want %q", tc.code, got, tc.want)
		}
	}
}
