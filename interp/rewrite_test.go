package interp

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestGoGuardRewrite(t *testing.T) {
	tests := []struct{ src, want string }{
		{"x := 1", "x := 1"},
		{"go f(x, 1)", "go f(x, 1)"},
		{"go func(n int) { f(n) }(i)", "go func(n int) {" + goRecover + " f(n) }(i)"},
		{"go (func() {})()", "go (func() {" + goRecover + "})()"},
		{"go func() {\n\tgo func() {}()\n}()", "go func() {" + goRecover + "\n\tgo func() {" + goRecover + "}()\n}()"},
		{"func f() { go func() {}() }", "func f() { go func() {" + goRecover + "}() }"},
	}
	for _, tc := range tests {
		units, err := splitCell(1, tc.src)
		if err != nil {
			t.Fatal(err)
		}
		if got := units[0].run; got != tc.want {
			t.Errorf("%q:\n got %q\nwant %q", tc.src, got, tc.want)
		}
	}
}

func TestRenameMain(t *testing.T) {
	units, err := splitCell(1, "func helper() {}\nfunc main() { helper() }")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := units[1].run, "func "+mainName+"() { helper() }"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestGoroutinePanicDoesNotKillTheKernel(t *testing.T) {
	s := newSession(t)
	res, rec := run(t, s, `
import "sync"
var wg sync.WaitGroup
func work(xs []int, i int) { defer wg.Done(); _ = xs[i] }
wg.Add(1)
go func() { work([]int{1}, 5) }()
wg.Wait()
"still here"`)
	if res.Err != nil || plain(res.Data) != `"still here"` {
		t.Fatalf("got %v %v", res.Data, res.Err)
	}
	// wg.Done runs while the goroutine panics, before the report, which may therefore
	// come with a later cell.
	e := rec.stream("stderr")
	reported := func() bool {
		return strings.Contains(e, "panic in a goroutine started by a cell") && strings.Contains(e, "in work")
	}
	for deadline := time.Now().Add(patience); !reported() && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
		_, next := run(t, s, "1")
		e += next.stream("stderr")
	}
	if !reported() {
		t.Errorf("stderr %q does not report the panic", e)
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
