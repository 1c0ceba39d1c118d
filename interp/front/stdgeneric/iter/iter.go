// Package iter provides basic definitions related to iterators over sequences.
package iter

// Seq is an iterator over sequences of individual values.
type Seq[V any] func(yield func(V) bool)

// Seq2 is an iterator over sequences of pairs of values.
type Seq2[K, V any] func(yield func(K, V) bool)

// Pull converts the push-style iterator seq into a pull-style iterator accessed by the
// two functions next and stop. It runs seq in a goroutine of its own.
func Pull[V any](seq Seq[V]) (next func() (V, bool), stop func()) {
	n, s := PullAny(func(yield func(any) bool) {
		seq(func(v V) bool { return yield(v) })
	})
	next = func() (V, bool) {
		x, ok := n()
		var v V
		if !ok {
			return v, false
		}
		if x != nil { // a nil interface value stays V's zero value
			v = x.(V)
		}
		return v, true
	}
	return next, s
}

// Pull2 converts the push-style iterator seq into a pull-style iterator accessed by the
// two functions next and stop. It runs seq in a goroutine of its own.
func Pull2[K, V any](seq Seq2[K, V]) (next func() (K, V, bool), stop func()) {
	// The pair goes as a [2]any: a local type of a generic function (struct{ k K; v V })
	// cannot be instantiated.
	n, s := PullAny(func(yield func(any) bool) {
		seq(func(k K, v V) bool { return yield([2]any{k, v}) })
	})
	next = func() (K, V, bool) {
		x, ok := n()
		if !ok {
			var k K
			var v V
			return k, v, false
		}
		p := x.([2]any)
		var k K
		var v V
		if p[0] != nil { // a nil interface value stays the zero value
			k = p[0].(K)
		}
		if p[1] != nil {
			v = p[1].(V)
		}
		return k, v, true
	}
	return next, s
}
