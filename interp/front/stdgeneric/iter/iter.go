// Package iter provides basic definitions related to iterators over sequences.
package iter

// Seq is an iterator over sequences of individual values.
type Seq[V any] func(yield func(V) bool)

// Seq2 is an iterator over sequences of pairs of values.
type Seq2[K, V any] func(yield func(K, V) bool)

// Pull converts the push-style iterator seq into a pull-style iterator accessed by the
// two functions next and stop. It runs seq in a goroutine of its own.
//
// The values pass in a variable both sides share, not through PullAny's any: in an any,
// the kernel boxes a value of a cell's named type (type Step int) and the interpreter
// holds one of a cell's interface in its own record, neither of which x.(V) takes back.
// PullAny's hand-over orders the write before the read.
func Pull[V any](seq Seq[V]) (next func() (V, bool), stop func()) {
	var cur V
	n, s := PullAny(func(yield func(any) bool) {
		seq(func(v V) bool {
			cur = v
			return yield(nil)
		})
	})
	next = func() (V, bool) {
		var v V
		if _, ok := n(); !ok {
			return v, false
		}
		v, cur = cur, v // (the sequence's value is not kept alive)
		return v, true
	}
	return next, s
}

// Pull2 converts the push-style iterator seq into a pull-style iterator accessed by the
// two functions next and stop. It runs seq in a goroutine of its own. The pairs pass as
// Pull's values do.
func Pull2[K, V any](seq Seq2[K, V]) (next func() (K, V, bool), stop func()) {
	var curK K
	var curV V
	n, s := PullAny(func(yield func(any) bool) {
		seq(func(k K, v V) bool {
			curK, curV = k, v
			return yield(nil)
		})
	})
	next = func() (K, V, bool) {
		var k K
		var v V
		if _, ok := n(); !ok {
			return k, v, false
		}
		k, v, curK, curV = curK, curV, k, v
		return k, v, true
	}
	return next, s
}
