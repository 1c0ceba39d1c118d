package interp

import "testing"

func TestSmoke(t *testing.T) {
	s := newSession(t)
	for i, c := range []string{"x := 3\nx*2", "fmt.Println(\"hi\", x)", "type T struct{A int}\nT{4}", "opt.NewSGD(0.1).Name()", "import \"strings\"\nstrings.ToUpper(\"a\")", "y"} {
		rec := &recorder{}
		res := s.Execute(t.Context(), c, i+1, rec)
		t.Logf("cell %q -> data=%v err=%v events=%q", c, res.Data, res.Err, rec.events)
	}
}
