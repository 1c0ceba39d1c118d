package front

import "sync"

// Recovering in a function value. A function literal kept as a value in a function with
// defer statements is made in a call of its own (see deferSafeLiteral), and the
// interpreter's recover looks for the panic in the frame the function was made in: so
// the common
//
//	handle := func() { if r := recover(); r != nil { ... } }
//	defer handle()
//
// recovered nothing, and the panic went on. A deferred call of a function value hands
// the panic over instead: a literal deferred around it recovers it and passes it on,
// recover in a literal kept as a value takes it, and if none did, the literal panics
// again with the same value:
//
//	defer handle()  →  { ᐅf1 := handle; defer func(ᐅg1 func()) { ᐅt1 := ᐅdescent.HandOver(recover()); ᐅg1(); ᐅdescent.Unclaimed(ᐅt1) }(ᐅf1) }
//	recover()       →  ᐅdescent.Recovered(ᐅdescent.TakeOver(recover()))   (in a literal kept as a value)

// handover holds the panics handed over and not yet taken.
var handover struct {
	sync.Mutex
	next    int
	pending map[int]any // by token
	order   []int       // tokens, oldest first
}

// handOver keeps v, a recovered panic value, for a recover in the function about to be
// called, and returns its token; -1 when there was no panic.
func handOver(v any) int {
	if v == nil {
		return -1
	}
	handover.Lock()
	defer handover.Unlock()
	if handover.pending == nil {
		handover.pending = map[int]any{}
	}
	handover.next++
	t := handover.next
	handover.pending[t] = v
	handover.order = append(handover.order, t)
	return t
}

// takeOver is what recover returns in a literal kept as a value: v, the interpreter's
// answer, or else the panic handed over last, which it takes.
func takeOver(v any) any {
	if v != nil {
		return v
	}
	handover.Lock()
	defer handover.Unlock()
	for i := len(handover.order) - 1; i >= 0; i-- {
		t := handover.order[i]
		if p, ok := handover.pending[t]; ok {
			delete(handover.pending, t)
			handover.order = append(handover.order[:i], handover.order[i+1:]...)
			return p
		}
	}
	return nil
}

// unclaimed panics again with the value handed over as t, unless a recover took it.
func unclaimed(t int) {
	if t < 0 {
		return
	}
	handover.Lock()
	v, ok := handover.pending[t]
	delete(handover.pending, t)
	for i, o := range handover.order {
		if o == t {
			handover.order = append(handover.order[:i], handover.order[i+1:]...)
			break
		}
	}
	handover.Unlock()
	if ok {
		panic(v)
	}
}
