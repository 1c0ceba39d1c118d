// Package iter provides basic definitions related to iterators over sequences.
package iter

// Seq is an iterator over sequences of individual values.
type Seq[V any] func(yield func(V) bool)

// Seq2 is an iterator over sequences of pairs of values.
type Seq2[K, V any] func(yield func(K, V) bool)

// Pull converts the push-style iterator seq into a pull-style iterator accessed by the
// two functions next and stop. It runs seq in a goroutine of its own.
func Pull[V any](seq Seq[V]) (next func() (V, bool), stop func()) {
	type item struct {
		v  V
		ok bool
	}
	items := make(chan item)
	resume := make(chan bool)
	started, done := false, false
	start := func() {
		started = true
		go func() {
			if !<-resume {
				close(items)
				return
			}
			seq(func(v V) bool {
				items <- item{v, true}
				return <-resume
			})
			close(items)
		}()
	}
	next = func() (V, bool) {
		var zero V
		if done {
			return zero, false
		}
		if !started {
			start()
		}
		resume <- true
		it, ok := <-items
		if !ok || !it.ok {
			done = true
			return zero, false
		}
		return it.v, true
	}
	stop = func() {
		if done {
			return
		}
		done = true
		if !started {
			return
		}
		resume <- false // the goroutine waits in yield, or before the first value
		for range items {
		}
	}
	return next, stop
}

// Pull2 converts the push-style iterator seq into a pull-style iterator accessed by the
// two functions next and stop. It runs seq in a goroutine of its own.
func Pull2[K, V any](seq Seq2[K, V]) (next func() (K, V, bool), stop func()) {
	type pair struct {
		k K
		v V
	}
	n, s := Pull(func(yield func(pair) bool) {
		seq(func(k K, v V) bool { return yield(pair{k, v}) })
	})
	next = func() (K, V, bool) {
		p, ok := n()
		return p.k, p.v, ok
	}
	return next, s
}
