package atomic

import (
	goatomic "sync/atomic"
	"testing"
)

func TestPointerAsStd(t *testing.T) {
	var p Pointer[int]
	var q goatomic.Pointer[int]
	a, b := 1, 2
	if p.Load() != q.Load() {
		t.Fatal("zero Load differs")
	}
	steps := []struct {
		name string
		mine func() any
		std  func() any
	}{
		{"CAS nil→a", func() any { return p.CompareAndSwap(nil, &a) }, func() any { return q.CompareAndSwap(nil, &a) }},
		{"Load", func() any { return p.Load() }, func() any { return q.Load() }},
		{"CAS b→b", func() any { return p.CompareAndSwap(&b, &b) }, func() any { return q.CompareAndSwap(&b, &b) }},
		{"Swap b", func() any { return p.Swap(&b) }, func() any { return q.Swap(&b) }},
		{"Store nil", func() any { p.Store(nil); return nil }, func() any { q.Store(nil); return nil }},
		{"Load nil", func() any { return p.Load() }, func() any { return q.Load() }},
		{"CAS nil→a again", func() any { return p.CompareAndSwap(nil, &a) }, func() any { return q.CompareAndSwap(nil, &a) }},
		{"Load a", func() any { return p.Load() }, func() any { return q.Load() }},
	}
	for _, s := range steps {
		if got, want := s.mine(), s.std(); got != want {
			t.Errorf("%s: got %v, std %v", s.name, got, want)
		}
	}
}
