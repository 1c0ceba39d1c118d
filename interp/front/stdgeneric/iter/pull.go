package iter

// PullAny is Pull for a sequence of values of any type. Pull is written on top of it so
// that the kernel can run this part compiled: the interpreter loses variables that a
// goroutine captures from a function that has returned.
func PullAny(seq func(yield func(any) bool)) (next func() (any, bool), stop func()) {
	type item struct {
		v        any
		ok       bool
		panicked bool // the sequence panicked with v
	}
	items := make(chan item)
	resume := make(chan bool)
	started, done := false, false
	start := func() {
		started = true
		go func() {
			// A panic of the sequence goes to the caller of next or stop, as
			// iter.Pull's does; left to itself it would end the process.
			defer func() {
				if r := recover(); r != nil {
					items <- item{v: r, panicked: true}
				}
				close(items)
			}()
			if !<-resume {
				return
			}
			stopped := false
			seq(func(v any) bool {
				if stopped {
					return false // a sequence that goes on after yield said false
				}
				items <- item{v, true, false}
				stopped = !<-resume
				return !stopped
			})
		}()
	}
	next = func() (any, bool) {
		if done {
			return nil, false
		}
		if !started {
			start()
		}
		resume <- true
		it, ok := <-items
		if ok && it.panicked {
			done = true
			for range items {
			}
			panic(it.v)
		}
		if !ok || !it.ok {
			done = true
			return nil, false
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
		var p *item
		for it := range items {
			if it.panicked {
				p = &it
			}
		}
		if p != nil {
			panic(p.v)
		}
	}
	return next, stop
}
