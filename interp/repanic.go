package interp

import (
	"reflect"
	"sync"
)

// recovers are the values a cell raised again with panic(r), r what recover returned
// (see front's repanic): a panic that ends the cell with one of them was recovered and
// raised again, which Go's runtime says: "panic: boom [recovered, repanicked]".
type recovers struct {
	mu   sync.Mutex
	vals []any
}

// note keeps v, a value raised again, if it can be compared.
func (r *recovers) note(v any) {
	v = unwrapValue(v)
	if v == nil || !reflect.TypeOf(v).Comparable() {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.vals = append(r.vals, v)
}

// has reports whether v is a value noted.
func (r *recovers) has(v any) bool {
	v = unwrapValue(v)
	if v == nil || !reflect.TypeOf(v).Comparable() {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, x := range r.vals {
		if reflect.TypeOf(x) == reflect.TypeOf(v) && sameValue(x, v) {
			return true
		}
	}
	return false
}

// sameValue is a == b, false where comparing them panics: a comparable type may hold an
// uncomparable value (an interface field holding a slice).
func sameValue(a, b any) (eq bool) {
	defer func() {
		if recover() != nil {
			eq = false
		}
	}()
	return a == b
}

// reset forgets the values noted, for a new cell.
func (r *recovers) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.vals = nil
}

// unwrapValue is the value v holds if it is a reflect.Value, as the interpreter hands a
// recovered value to a compiled function taking any; else v.
func unwrapValue(v any) any {
	if rv, ok := v.(reflect.Value); ok && rv.IsValid() && rv.CanInterface() {
		return rv.Interface()
	}
	return v
}
