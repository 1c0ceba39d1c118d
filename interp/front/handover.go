package front

import (
	"bytes"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
)

// Recovering in a function value. A function literal kept as a value in a function with
// defer statements is made in a call of its own (see ownFrame), and the
// interpreter's recover looks for the panic in the frame the function was made in: so
// the common
//
//	handle := func() { if r := recover(); r != nil { ... } }
//	defer handle()
//
// recovered nothing, and the panic went on. A deferred call of a function value hands
// the panic over instead: a literal deferred around it recovers it and passes it on,
// recover in a literal kept as a value (or a method, see claims.go) takes it, and if
// none did, the literal panics again with the same value:
//
//	defer handle()  →  { ᐅf1 := handle; defer func(ᐅg1 func()) { ᐅt1 := ᐅdescent.HandOver(recover()); ᐅg1(); ᐅdescent.Unclaimed(ᐅt1) }(ᐅf1) }
//	recover()       →  ᐅdescent.Recovered(ᐅdescent.TakeOver(recover()))   (in a literal kept as a value, or a method)

// handover holds the panics handed over and not yet taken.
var handover struct {
	sync.Mutex
	next    int
	pending map[int]any    // by token
	order   []int          // tokens, oldest first
	owner   map[int]int64  // the goroutine each was handed over in, by token
	target  map[int]string // the method each was handed over to, by token ("" for a function value)
	bound   map[int]bool   // those whose method began (see claim)
	waiting atomic.Int32   // len(order), read without the lock by takeOver
}

// goroutine returns the id of the calling goroutine: a panic is handed over only to a
// recover in the goroutine that panicked.
func goroutine() int64 {
	var buf [64]byte
	b := bytes.TrimPrefix(buf[:runtime.Stack(buf[:], false)], []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	id, _ := strconv.ParseInt(string(b), 10, 64)
	return id
}

// handOver keeps v, a recovered panic value, for a recover in the function about to be
// called, and returns its token; -1 when there was no panic.
func handOver(v any) int { return handOverTo(v, "") }

// handOverTo is handOver to a method named name, whose recover alone takes it (see
// claims.go).
func handOverTo(v any, name string) int {
	if v == nil {
		return -1
	}
	handover.Lock()
	defer handover.Unlock()
	if handover.pending == nil {
		handover.pending, handover.owner, handover.target, handover.bound = map[int]any{}, map[int]int64{}, map[int]string{}, map[int]bool{}
	}
	handover.next++
	t := handover.next
	handover.pending[t] = v
	handover.owner[t] = goroutine()
	handover.target[t] = name
	handover.order = append(handover.order, t)
	handover.waiting.Store(int32(len(handover.order)))
	return t
}

// takeOver is what recover returns in a literal kept as a value: v, the interpreter's
// answer, or else the panic handed over last to a function value, which it takes.
func takeOver(v any) any {
	if v != nil || handover.waiting.Load() == 0 {
		return v // (no panic on its way: no lock)
	}
	handover.Lock()
	defer handover.Unlock()
	g := goroutine()
	for i := len(handover.order) - 1; i >= 0; i-- {
		t := handover.order[i]
		if p, ok := handover.pending[t]; ok && handover.owner[t] == g && handover.target[t] == "" {
			forget(t, i)
			return p
		}
	}
	return nil
}

// claim is what a method named name that calls recover does first: it binds to itself
// the panic handed over to a method of that name in this goroutine, if one waits and no
// other method began with it, and returns its token (-1 if none). The method the
// literal calls begins before any it calls in turn, which find it bound (see claims.go).
func claim(name string) int {
	if handover.waiting.Load() == 0 {
		return -1
	}
	handover.Lock()
	defer handover.Unlock()
	g := goroutine()
	for i := len(handover.order) - 1; i >= 0; i-- {
		t := handover.order[i]
		if _, ok := handover.pending[t]; ok && handover.owner[t] == g && handover.target[t] == name && !handover.bound[t] {
			handover.bound[t] = true
			return t
		}
	}
	return -1
}

// takeOverToken is what recover returns in a method that claimed t: v, the
// interpreter's answer, or else the panic handed over as t.
func takeOverToken(t int, v any) any {
	if v != nil || t < 0 {
		return v
	}
	handover.Lock()
	defer handover.Unlock()
	p, ok := handover.pending[t]
	if !ok {
		return nil
	}
	for i, o := range handover.order {
		if o == t {
			forget(t, i)
			break
		}
	}
	return p
}

// unclaimed panics again with the value handed over as t, unless a recover took it.
func unclaimed(t int) {
	if t < 0 {
		return
	}
	if v, ok := drop(t); ok {
		panic(v)
	}
}

// drop forgets the panic handed over as t, if no recover took it, and returns it: a
// method given one that panics anew leaves it to no later recover.
func drop(t int) (any, bool) {
	if t < 0 {
		return nil, false
	}
	handover.Lock()
	defer handover.Unlock()
	v, ok := handover.pending[t]
	for i, o := range handover.order {
		if o == t {
			forget(t, i)
			break
		}
	}
	return v, ok
}

// forget removes token t, at index i of handover.order; the lock is held.
func forget(t, i int) {
	delete(handover.pending, t)
	delete(handover.owner, t)
	delete(handover.target, t)
	delete(handover.bound, t)
	handover.order = append(handover.order[:i], handover.order[i+1:]...)
	handover.waiting.Store(int32(len(handover.order)))
}
