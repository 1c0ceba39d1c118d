package front

import (
	"strings"
	"testing"
)

// A goroutine started in a loop gets the loop's variables it reads as arguments, and
// shares those it writes or takes the address of (the interpreter races on the former,
// so a corpus case can show it only now and then).
func TestGoLoopVarsBecomeArguments(t *testing.T) {
	c := newTestChecker()
	p, err := c.Check(1, `import "sync"
var wg sync.WaitGroup
res := make([]int, 4)
total := 0
for i := range 4 {
	k := i * 2
	var local sync.Mutex
	wg.Add(1)
	go func() { defer wg.Done(); local.Lock(); res[i] = k; total++; local.Unlock() }()
}
wg.Wait()`)
	if err != nil {
		t.Fatal(err)
	}
	var src strings.Builder
	for _, ch := range p.Chunks {
		src.WriteString(ch.Src)
	}
	// The go statement runs in a call of its own (see ownFrameGo).
	for _, want := range []string{"func() { go func(i int, k int) { defer", "}(i, k) }()\n"} {
		if !strings.Contains(src.String(), want) {
			t.Errorf("lowered cell lacks %q:\n%s", want, src.String())
		}
	}
	// Exactly those two: total (written) and local (locked) stay shared.
}

// A function variable started by a go statement in a loop is read, with its arguments,
// by the go statement (the interpreter read them when the goroutine started).
func TestGoValueReadByTheGoStatement(t *testing.T) {
	c := newTestChecker()
	p, err := c.Check(1, `res := make([]int, 4)
f := func(j, k int) { res[j] = k }
for i := range 4 {
	go f(i, i*2)
}`)
	if err != nil {
		t.Fatal(err)
	}
	var src strings.Builder
	for _, ch := range p.Chunks {
		src.WriteString(ch.Src)
	}
	for _, want := range []string{"go func(ᐅg", " func(j int, k int), ᐅa", "_0 int, ᐅa", "}(f, i, i*2)"} {
		if !strings.Contains(src.String(), want) {
			t.Errorf("lowered cell lacks %q:\n%s", want, src.String())
		}
	}
}
