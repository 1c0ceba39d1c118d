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
	} {
		t.Run(tc.name, func(t *testing.T) {
			units, err := splitCell(1, tc.src)
			if err != nil {
				t.Fatal(err)
			}
			initOrder(units)
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
