package iter

import (
	"testing"
	"time"
)

func count(n int) Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; i < n; i++ {
			if !yield(i) {
				return
			}
		}
	}
}

func TestPull(t *testing.T) {
	next, stop := Pull(count(3))
	var got []int
	for {
		v, ok := next()
		if !ok {
			break
		}
		got = append(got, v)
	}
	stop()
	if len(got) != 3 || got[2] != 2 {
		t.Fatalf("got %v", got)
	}
	nextErr, stopErr := Pull(Seq[error](func(yield func(error) bool) { yield(nil) }))
	if e, ok := nextErr(); e != nil || !ok {
		t.Fatalf("Pull of a nil error gave %v %v", e, ok)
	}
	stopErr()
	next, stop = Pull(count(100))
	v, _ := next()
	stop() // early stop must end the goroutine and later calls
	if _, ok := next(); ok || v != 0 {
		t.Fatal("next after stop")
	}
	next2, stop2 := Pull2(Seq2[string, int](func(yield func(string, int) bool) { yield("a", 1) }))
	k, n, ok := next2()
	stop2()
	if k != "a" || n != 1 || !ok {
		t.Fatalf("Pull2 gave %q %d %v", k, n, ok)
	}
	// A nil interface value comes out as one; after the end, zero values.
	next3, stop3 := Pull2(Seq2[error, *int](func(yield func(error, *int) bool) { yield(nil, nil) }))
	e, p, ok := next3()
	if e != nil || p != nil || !ok {
		t.Fatalf("Pull2 of nils gave %v %v %v", e, p, ok)
	}
	if e, p, ok := next3(); e != nil || p != nil || ok {
		t.Fatalf("Pull2 after the end gave %v %v %v", e, p, ok)
	}
	stop3()
}

// TestPullAnyPanics checks that a panic of the sequence reaches the caller of next, or of
// stop, instead of ending the process in the sequence's goroutine.
func TestPullAnyPanics(t *testing.T) {
	caught := func(f func()) (r any) {
		defer func() { r = recover() }()
		f()
		return nil
	}
	next, stop := PullAny(func(yield func(any) bool) { panic("broke") })
	if r := caught(func() { next() }); r != "broke" {
		t.Fatalf("next: recovered %v, want the sequence's panic", r)
	}
	if _, ok := next(); ok {
		t.Fatal("next after the panic: got a value")
	}
	stop()

	next, stop = PullAny(func(yield func(any) bool) {
		yield(1)
		panic("after stop")
	})
	if v, ok := next(); !ok || v != 1 {
		t.Fatalf("next: %v %v", v, ok)
	}
	if r := caught(stop); r != "after stop" {
		t.Fatalf("stop: recovered %v, want the sequence's panic", r)
	}
}

// TestPullAnyStopsASequenceThatGoesOn checks that stop returns when the sequence keeps
// calling yield after it returned false, as iter.Pull's does.
func TestPullAnyStopsASequenceThatGoesOn(t *testing.T) {
	next, stop := PullAny(func(yield func(any) bool) {
		for i := 0; i < 5; i++ {
			yield(i) // the result ignored
		}
	})
	next()
	done := make(chan bool)
	go func() { stop(); done <- true }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("stop did not return")
	}
}
