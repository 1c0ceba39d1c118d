package front

import (
	"go/ast"
	"strings"
	"testing"
)

func TestInitOrder(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      string // the cell's units after initOrder: variable names, "func" or "stmt"
	}{
		{"written order kept", "var a = 1\nvar b = a", "a b"},
		{"direct use", "var b = a + 1\nvar a = 41", "a b"},
		{"through a function", "var total = sum()\nvar data = []int{1}\nfunc sum() int { return len(data) }", "data total func"},
		{"through a method", "var n = m.Size()\nvar m = &M{}\nvar w = 2\ntype M struct{}\nfunc (*M) Size() int { return w }", "m w n type func"},
		{"a field named like a variable is not a use", "var p = P{}\nvar a = p.b\nvar b = 2", "p a b"},
		{"Go's order: the earliest ready first", "var a = p.b\nvar b = 2\nvar p = P{}", "b p a"},
		{"others keep their order", "var x = f(\"x\") + y\nvar y = f(\"y\")\nvar z = f(\"z\")\nfunc f(s string) int { return 0 }", "y x z func"},
		{"a statement ends the run", "var a = b\nfmt.Println()\nvar b = 1", "a stmt b"},
		{"a cycle is left as written", "var a = b\nvar b = a", "a b"},
		{"a local named like a later variable is not a use", "var counter int\nfunc next() int { b := counter + 1; counter = b; return b }\nvar a = next()\nvar b = next()", "counter func a b"},
		{"a method of another type is not a use", "type T struct{}\nfunc (T) F() int { return y }\ntype U struct{}\nfunc (U) F() int { return 1 }\nvar x = U{}.F()\nvar y = 2", "type func type func x y"},
		{"a field key is not a use", "type P struct{ y int }\nvar x = P{y: 1}\nvar y = 2", "type x y"},
		{"uninitialized first", "var a = f()\nvar n int\nvar b = 1\nfunc f() int { return b + n }", "n b a func"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			units, err := splitCell(1, tc.src)
			if err != nil {
				t.Fatal(err)
			}
			k := &check{Checker: newTestChecker(), cell: 1, cellText: tc.src, units: units, hoisted: map[string]bool{}}
			if err := k.initOrder(); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, u := range units {
				switch d := u.decl.(type) {
				case *ast.GenDecl:
					if d.Tok.String() == "type" {
						got = append(got, "type")
						continue
					}
					for _, s := range d.Specs {
						got = append(got, s.(*ast.ValueSpec).Names[0].Name)
					}
				case *ast.FuncDecl:
					got = append(got, "func")
				default:
					got = append(got, "stmt")
				}
			}
			if g := strings.Join(got, " "); g != tc.want {
				t.Errorf("order %q, want %q", g, tc.want)
			}
		})
	}
}

// TestVarGroupForwardUse refuses a var ( ... ) group whose initializer uses a variable a
// later line of the group declares (it would silently read its zero value), and lets
// through groups that only look like it.
func TestVarGroupForwardUse(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"var (\n\tdefaultLR float64 = baseLR / 10\n\tbaseLR = 0.5\n)", "cell[1]:2:22: undefined: baseLR"},
		{"var (\n\ttotal = sum()\n\tdata = []int{1}\n)\nfunc sum() int { return len(data) }", "cell[1]:2:2: total is initialized with data"},
		{"var ( a, b = 1, 2; c = a + b )", ""},
		{"var (\n\tp = P{y: 1}\n\ty = 2\n)\ntype P struct{ y int }", ""},                                                                 // a field key
		{"var (\n\tn = f()\n\tx = 3\n)\nfunc f() int { x := 1; return x }", ""},                                                          // a local of that name
		{"var (\n\tq = s.x\n\tx = 3\n)\nvar s struct{ x int }", ""},                                                                      // a field
		{"var (\n\tlate int\n\tfirst = 1\n)", ""},                                                                                        // no initializer
		{"var (\n\tsq = func(x float64) float64 { return x * x }\n\tx = 4.0\n)", ""},                                                     // a literal's parameter
		{"var (\n\tf = func() int { k := 3; return k }()\n\tk = 1\n)", ""},                                                               // a literal's local
		{"var (\n\tc = count([]int{1})\n\tv = 9\n)\nfunc count(xs []int) int { n := 0; for _, v := range xs { n += v }; return n }", ""}, // a helper's range variable
	} {
		units, err := splitCell(1, tc.src)
		if err != nil {
			t.Fatal(err)
		}
		k := &check{Checker: newTestChecker(), cell: 1, cellText: tc.src, units: units, hoisted: map[string]bool{}}
		err = k.initOrder()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%q: refused: %v", tc.src, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%q: got %v, want %q", tc.src, err, tc.want)
		}
	}
}
