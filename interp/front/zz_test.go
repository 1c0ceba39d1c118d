package front

import (
	"testing"

	"github.com/descentlab/descent/interp/symbols"
	"github.com/traefik/yaegi/stdlib"
)

func newTestChecker() *Checker {
	im := NewImporter(Symbols(stdlib.Symbols), Symbols(symbols.Symbols))
	return NewChecker(im, map[string]string{"fmt": "fmt", "math": "math", "opt": "github.com/descentlab/descent/optimizers", "schedule": "github.com/descentlab/descent/optimizers/schedule"})
}

func TestScratch(t *testing.T) {
	c := newTestChecker()
	for i, cell := range []string{
		"x := 1\nfmt.Println(x)",
		"func two() (float64, float64) { return 2, 3 }",
		"for i := 0; i < 1; i++ { q, l := two(); fmt.Println(q, l) }",
		"s := schedule.NewExponentialLR(opt.NewSGD(0.1), 0.9)",
		"func f() int { if x > 0 { return 1 } }",
		"a := 1; b := a + 1; c := undefinedThing + b",
		"n := 10\nfunc g() int { return n }\ng()",
		"type P struct{ X, Y float64 }\np := P{1, 2}\np.X + x",
		"p.Y",
		"o := opt.NewAdam(); o.Hyper().Set(\"lr\", 0.1); o",
		"var s []int; _ = s[5]",
	} {
		p, err := c.Check(i+1, cell)
		if err != nil {
			t.Logf("%q: ERR %v", cell, err)
			continue
		}
		for _, ch := range p.Chunks {
			t.Logf("%q: chunk %d %q vals=%d", cell, ch.Kind, ch.Src, ch.Values)
		}
		c.Commit(p, len(p.Chunks))
	}
}
