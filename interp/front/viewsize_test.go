package front

import (
	"fmt"
	"strings"
	"testing"
)

// The views a printing call gets grow with the session's types, not with the ways they
// nest: a cell interface inside a value that a dispatch found is viewed when printed,
// not by a dispatch of its own (which made a helper printing an any megabytes long).
func TestViewsGrowLinearly(t *testing.T) {
	size := func(n int) int {
		var b strings.Builder
		b.WriteString("type Sched interface{ LR(int) float64 }\ntype Obj interface{ F(float64) float64 }\n")
		for i := range n {
			fmt.Fprintf(&b, "type T%d struct{ S Sched; O Obj; N int }\nfunc (t T%d) LR(int) float64 { return %d }\nfunc (t T%d) F(x float64) float64 { return x }\n", i, i, i, i)
		}
		b.WriteString("func show(v any) { fmt.Println(v) }\n")
		p, err := newTestChecker().Check(1, b.String())
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, ch := range p.Chunks {
			total += len(ch.Src)
		}
		return total
	}
	small, large := size(5), size(20)
	if ratio := float64(large) / float64(small); ratio > 8 {
		t.Errorf("lowered cell of 20 types is %d bytes, %.1f times that of 5 (%d): views grow faster than the types", large, ratio, small)
	}
}
