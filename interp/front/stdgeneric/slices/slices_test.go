package slices

import (
	"math"
	"math/rand/v2"
	std "slices"
	"testing"
)

type pair struct{ key, id int }

func byKey(a, b pair) int { return a.key - b.key }

// TestSortsMatchTheStandardLibrary sorts random slices with many ties both ways: the
// unstable sorts must leave equal elements in exactly the standard library's order, so
// that a cell prints what the compiled program prints.
func TestSortsMatchTheStandardLibrary(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 5, 12, 13, 49, 50, 51, 100, 257, 1000, 5000} {
		for _, keys := range []int{1, 3, n/4 + 1, 1 << 30} {
			for trial := 0; trial < 4; trial++ {
				a := make([]pair, n)
				for i := range a {
					a[i] = pair{r.IntN(keys), i}
				}
				switch trial {
				case 1:
					std.SortFunc(a, byKey) // sorted input
				case 2:
					std.SortFunc(a, func(x, y pair) int { return y.key - x.key }) // reversed
				}
				b, c := std.Clone(a), std.Clone(a)
				std.SortFunc(b, byKey)
				SortFunc(c, byKey)
				if !std.Equal(b, c) {
					t.Fatalf("SortFunc n=%d keys=%d trial=%d differs from the standard library", n, keys, trial)
				}
				b, c = std.Clone(a), std.Clone(a)
				std.SortStableFunc(b, byKey)
				SortStableFunc(c, byKey)
				if !std.Equal(b, c) {
					t.Fatalf("SortStableFunc n=%d keys=%d differs", n, keys)
				}
				f := make([]float64, n)
				for i := range f {
					f[i] = float64(r.IntN(keys))
					if r.IntN(20) == 0 {
						f[i] = math.NaN()
					}
				}
				g, h := std.Clone(f), std.Clone(f)
				std.Sort(g)
				Sort(h)
				for i := range g {
					if g[i] != h[i] && !(math.IsNaN(g[i]) && math.IsNaN(h[i])) {
						t.Fatalf("Sort n=%d: %v, standard %v", n, h, g)
					}
				}
			}
		}
	}
}

func TestHelpersMatchTheStandardLibrary(t *testing.T) {
	xs := []float64{3, 1, 4, 1, 5, 9, 2, 6}
	if Max(xs) != std.Max(xs) || Min(xs) != std.Min(xs) {
		t.Error("Min/Max")
	}
	nan := []float64{1, math.NaN(), 3}
	if !math.IsNaN(Max(nan)) || !math.IsNaN(Min(nan)) {
		t.Error("Min/Max must propagate NaN")
	}
	s := []int{1, 2, 3, 4, 5}
	if got, want := Insert(std.Clone(s), 2, 9, 8), std.Insert(std.Clone(s), 2, 9, 8); !std.Equal(got, want) {
		t.Errorf("Insert %v, want %v", got, want)
	}
	if got, want := Delete(std.Clone(s), 1, 3), std.Delete(std.Clone(s), 1, 3); !std.Equal(got, want) {
		t.Errorf("Delete %v, want %v", got, want)
	}
	if got, want := Replace(std.Clone(s), 1, 3, 7), std.Replace(std.Clone(s), 1, 3, 7); !std.Equal(got, want) {
		t.Errorf("Replace %v, want %v", got, want)
	}
	if got, want := Compact([]int{1, 1, 2, 2, 2, 3, 1}), std.Compact([]int{1, 1, 2, 2, 2, 3, 1}); !std.Equal(got, want) {
		t.Errorf("Compact %v, want %v", got, want)
	}
	sorted := []int{1, 3, 3, 5, 8}
	for _, v := range []int{0, 3, 4, 9} {
		i, ok := BinarySearch(sorted, v)
		j, ok2 := std.BinarySearch(sorted, v)
		if i != j || ok != ok2 {
			t.Errorf("BinarySearch(%d) = %d %v, want %d %v", v, i, ok, j, ok2)
		}
	}
	if Compare([]int{1, 2}, []int{1, 3}) != std.Compare([]int{1, 2}, []int{1, 3}) || Compare([]int{1}, []int{1, 0}) != -1 {
		t.Error("Compare")
	}
	if got := Collect(Values([]string{"a", "b"})); !std.Equal(got, []string{"a", "b"}) {
		t.Errorf("Collect(Values) = %v", got)
	}
	var back []int
	Backward(s)(func(i, v int) bool { back = append(back, v); return i > 2 })
	if !std.Equal(back, []int{5, 4, 3}) {
		t.Errorf("Backward stopped wrong: %v", back)
	}
	var chunks [][]int
	Chunk(s, 2)(func(c []int) bool { chunks = append(chunks, c); return true })
	if len(chunks) != 3 || len(chunks[2]) != 1 {
		t.Errorf("Chunk = %v", chunks)
	}
	if got := Repeat([]int{1, 2}, 3); !std.Equal(got, std.Repeat([]int{1, 2}, 3)) {
		t.Errorf("Repeat = %v", got)
	}
	if got := Concat([]int{1}, []int{2, 3}); !std.Equal(got, []int{1, 2, 3}) {
		t.Errorf("Concat = %v", got)
	}
}

// TestInsertReplaceShareAsTheStandardLibrary checks what Insert and Replace do to the
// slice they were given, and the capacity of what they return, against slices': in
// place within the capacity, a new array beyond it (the caller's view of the old one
// unchanged).
func TestInsertReplaceShareAsTheStandardLibrary(t *testing.T) {
	type result struct {
		out, view []int
		cap       int
	}
	for _, c := range []struct {
		name string
		len  int
		cap  int
		op   func(ins func([]int, int, ...int) []int, rep func([]int, int, int, ...int) []int, s []int) []int
	}{
		{"insert within cap", 3, 8, func(ins func([]int, int, ...int) []int, _ func([]int, int, int, ...int) []int, s []int) []int {
			return ins(s, 1, 10)
		}},
		{"insert beyond cap", 3, 3, func(ins func([]int, int, ...int) []int, _ func([]int, int, int, ...int) []int, s []int) []int {
			return ins(s, 1, 10, 11)
		}},
		{"replace shrinking", 5, 5, func(_ func([]int, int, ...int) []int, rep func([]int, int, int, ...int) []int, s []int) []int {
			return rep(s, 1, 3, 7)
		}},
		{"replace growing within cap", 3, 8, func(_ func([]int, int, ...int) []int, rep func([]int, int, int, ...int) []int, s []int) []int {
			return rep(s, 0, 1, 7, 8, 9)
		}},
		{"replace growing beyond cap", 3, 3, func(_ func([]int, int, ...int) []int, rep func([]int, int, int, ...int) []int, s []int) []int {
			return rep(s, 0, 1, 7, 8)
		}},
	} {
		run := func(ins func([]int, int, ...int) []int, rep func([]int, int, int, ...int) []int) result {
			s := make([]int, c.len, c.cap)
			for i := range s {
				s[i] = i + 1
			}
			view := s
			out := c.op(ins, rep, s)
			return result{std.Clone(out), std.Clone(view), cap(out)}
		}
		got := run(Insert[[]int], Replace[[]int])
		want := run(std.Insert[[]int], std.Replace[[]int])
		if !std.Equal(got.out, want.out) || !std.Equal(got.view, want.view) || got.cap != want.cap {
			t.Errorf("%s: got %v, view %v, cap %d; want %v, view %v, cap %d", c.name, got.out, got.view, got.cap, want.out, want.view, want.cap)
		}
	}
}

// TestSortStableFuncCallsAsTheStandardLibrary checks that the stable sort calls the
// comparison as often as slices.SortStableFunc does, and puts elements where it does for a
// comparison that is not a strict order (losses with a NaN compared naively).
func TestSortStableFuncCallsAsTheStandardLibrary(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{2, 13, 20, 21, 40, 63, 100, 1000} {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = float64(r.IntN(n))
			if i%7 == 3 {
				xs[i] = math.NaN()
			}
		}
		naive := func(calls *int) func(a, b float64) int {
			return func(a, b float64) int {
				*calls++
				if a < b {
					return -1
				}
				if a > b {
					return 1
				}
				return 0
			}
		}
		var mine, theirs int
		a, b := std.Clone(xs), std.Clone(xs)
		SortStableFunc(a, naive(&mine))
		std.SortStableFunc(b, naive(&theirs))
		if mine != theirs {
			t.Errorf("n=%d: %d comparisons, the standard library makes %d", n, mine, theirs)
		}
		for i := range a {
			if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
				t.Errorf("n=%d: %v, the standard library %v", n, a, b)
				break
			}
		}
	}
}

// TestInsertOwnElements checks Insert of elements of the slice itself, in place.
func TestInsertOwnElements(t *testing.T) {
	mk := func() []int {
		s := make([]int, 5, 10)
		for i := range s {
			s[i] = i
		}
		return s
	}
	a, b := mk(), mk()
	got, want := Insert(a, 1, a[3:]...), std.Insert(b, 1, b[3:]...)
	if !std.Equal(got, want) {
		t.Errorf("Insert(s, 1, s[3:]...) = %v, want %v", got, want)
	}
}
