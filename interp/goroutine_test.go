package interp

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/descentlab/descent/interp/front"
)

// TestLargeExecutionCounts runs cells with execution counts up to and past the last one
// the position encoding holds (Go's scanner rejects line numbers above 1<<30): they run,
// and their errors carry positions.
func TestLargeExecutionCounts(t *testing.T) {
	s := newSession(t)
	tests := []struct {
		count int
		want  string // prefix of the error of an undefined name on line 2
	}{
		{1074, "cell[1074]:2:1: undefined: nosuch"},
		{front.ExprCell - 1, fmt.Sprintf("cell[%d]:2:1: undefined: nosuch", front.ExprCell-1)},
		{front.ExprCell - 1 + 1, "cell["}, // wrapped: the number is wrong, the line is right
		{50000, "cell["},
	}
	for _, tc := range tests {
		res := s.Execute(context.Background(), "v := 41\nv + 1", tc.count, &recorder{})
		if res.Err != nil || plain(res.Data) != "42" {
			t.Errorf("count %d: got %v %v, want 42", tc.count, res.Data, res.Err)
		}
		res = s.Execute(context.Background(), "v := 1\nnosuch", tc.count, &recorder{})
		if res.Err == nil || !strings.HasPrefix(res.Err.Value, tc.want) || !strings.Contains(res.Err.Value, ":2:1: undefined: nosuch") {
			t.Errorf("count %d: error %v, want %q", tc.count, res.Err, tc.want)
		}
		res = s.Execute(context.Background(), "v := 1\nw := )", tc.count, &recorder{})
		if want := fmt.Sprintf("cell[%d]:2:", tc.count); res.Err == nil || !strings.HasPrefix(res.Err.Value, want) {
			t.Errorf("count %d: syntax error %v, want one at %s", tc.count, res.Err, want)
		}
	}
}

// A panic in a goroutine ends the cell, as it ends a Go program, in Go's words at the
// line where it happened; the session keeps its state and serves the next cell. (The
// goroutine does not defer wg.Done: the cell would race on past wg.Wait, as a Go
// program may print a line before the panic ends it.)
func TestGoroutinePanicEndsTheCellNotTheKernel(t *testing.T) {
	s := newSession(t)
	res, _ := run(t, s, `
import "sync"
kept := 7
var wg sync.WaitGroup
func work(xs []int, i int) { _ = xs[i]; wg.Done() }
wg.Add(1)
go func() { work([]int{1}, 5) }()
wg.Wait()
"not reached"`)
	if res.Err == nil || res.Err.Name != "panic" || res.Err.Value != "runtime error: index out of range" {
		t.Fatalf("got %v %v, want the goroutine's panic", res.Data, res.Err)
	}
	if !strings.Contains(strings.Join(res.Err.Traceback, "\n"), "cell[1]:5:") || !strings.Contains(strings.Join(res.Err.Traceback, "\n"), "in work") {
		t.Errorf("traceback %q does not name work's line", res.Err.Traceback)
	}
	for _, c := range []string{"go func() { var m map[string]int; m[\"a\"] = 1 }()\nselect {}", "func worker(ch chan int) { var p *struct{ x int }; ch <- p.x }\nch := make(chan int)\ngo worker(ch)\n<-ch"} {
		res, _ = run(t, s, c)
		if res.Err == nil || res.Err.Name != "panic" {
			t.Errorf("%q: got %v, want a panic", c, res.Err)
		}
	}
	res, _ = run(t, s, "kept")
	if res.Err != nil || plain(res.Data) != "7" {
		t.Fatalf("after: got %v %v, want the session's state", res.Data, res.Err)
	}
}

func TestGoStatementsKeepGoSemantics(t *testing.T) {
	s := newSession(t)
	res, _ := run(t, s, `
import "sort"
func half(x float64, out chan float64) { out <- x / 2 }
func sum(out chan int, xs ...int) { t := 0; for _, x := range xs { t += x }; out <- t }
type acc struct{ n int }
func (a *acc) add(k int, done chan bool) { a.n += k; done <- true }
ch := make(chan int, 3)
for i := 0; i < 3; i++ {
	go func(n int) { ch <- n }(i)
}
got := []int{<-ch, <-ch, <-ch}
sort.Ints(got)
fc := make(chan float64, 1)
go half(3, fc)
sc := make(chan int, 1)
nums := []int{1, 2, 3}
go sum(sc, nums...)
a := &acc{}
done := make(chan bool)
go a.add(4, done)
<-done
fmt.Sprint(got, <-fc, <-sc, a.n)`)
	if res.Err != nil || plain(res.Data) != `"[0 1 2] 1.5 6 4"` {
		t.Fatalf("got %v %v", res.Data, res.Err)
	}
}

func TestGoGuardKeepsErrorLines(t *testing.T) {
	s := newSession(t)
	res := s.Execute(context.Background(), "go func() {}()\nx := undefinedThing", 5, &recorder{})
	if res.Err == nil || !strings.HasPrefix(res.Err.Value, "cell[5]:2:") {
		t.Errorf("got %v, want an error on line 2", res.Err)
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
