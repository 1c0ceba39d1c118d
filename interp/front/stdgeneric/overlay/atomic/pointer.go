// Package atomic holds the generic type of package sync/atomic (Go 1.19), which the
// interpreter's compiled sync/atomic lacks; the front end adds it to it (see Importer).
package atomic

import "sync/atomic"

// A Pointer is an atomic pointer of type *T. The zero value is a nil *T.
type Pointer[T any] struct {
	v atomic.Value
}

// held is what a Pointer keeps in its Value: a Value cannot hold nil, and must always
// hold one type.
type held[T any] struct{ p *T }

// Load atomically loads and returns the value stored in x.
func (x *Pointer[T]) Load() *T {
	h, _ := x.v.Load().(held[T])
	return h.p
}

// Store atomically stores val into x.
func (x *Pointer[T]) Store(val *T) { x.v.Store(held[T]{val}) }

// Swap atomically stores new into x and returns the previous value.
func (x *Pointer[T]) Swap(new *T) (old *T) {
	h, _ := x.v.Swap(held[T]{new}).(held[T])
	return h.p
}

// CompareAndSwap executes the compare-and-swap operation for x.
func (x *Pointer[T]) CompareAndSwap(old, new *T) (swapped bool) {
	if x.v.CompareAndSwap(held[T]{old}, held[T]{new}) {
		return true
	}
	// A zero Pointer holds nothing yet, which is the nil *T.
	return old == nil && x.v.CompareAndSwap(nil, held[T]{new})
}
