package interp

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/descentlab/descent/interp/front"
)

// Panics in goroutines. Go ends the whole program when a goroutine panics; the kernel
// ends the cell instead, with the panic in Go's words where it happened, and keeps the
// session. Every goroutine a cell starts runs under a guard that recovers its panic (see
// front's go statement lowerings) and hands it here: the running cell is stopped with it
// as the cause, as the deadlock watchdog stops one. A goroutine that panics after its
// cell ended is reported on stderr.

// errGoPanic is the cause of a cell's cancellation by a goroutine's panic.
var errGoPanic = errors.New("a goroutine panicked")

// goPanics holds the running cell's cancel function and the first goroutine panic.
type goPanics struct {
	mu     sync.Mutex
	cancel context.CancelCauseFunc // of the running cell, or nil
	first  *Error
	halted chan struct{} // closed once the interpreter stopped the running cell's code
}

// running sets the cancel function of the cell that runs, or nil when it ended.
func (g *goPanics) running(cancel context.CancelCauseFunc) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.cancel, g.first, g.halted = cancel, nil, make(chan struct{})
}

// halt notes that the interpreter stopped the running cell's code after a cancel: what it
// runs next in interpreted code returns at once.
func (g *goPanics) halt() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.halted != nil {
		close(g.halted)
		g.halted = nil
	}
}

// take returns the panic that stopped the cell.
func (g *goPanics) take() *Error {
	g.mu.Lock()
	defer g.mu.Unlock()
	e := g.first
	g.first = nil
	return e
}

// settle waits a moment for a goroutine that is panicking as its cell ends (its deferred
// calls ran, wg.Done among them, before its guard recovered the panic), and returns its
// panic, if any.
func (g *goPanics) settle() *Error {
	for range 5 {
		time.Sleep(time.Millisecond)
		if e := g.take(); e != nil {
			return e
		}
	}
	return nil
}

// goPanic is called by the guard of a goroutine a cell started, with what it recovered
// and where the go statement is.
func (s *Session) goPanic(v any, at string) {
	var e *Error
	if code, exited := front.Exited(v); exited {
		// os.Exit or log.Fatal in the goroutine: it ends the cell as it ends a program.
		s.filter.take()
		e = exitError(code)
	} else {
		e = s.panicError(v, debug.Stack(), s.filter.take(), false)
		// The frames the panic went through, then the go statement that started them.
		e.Traceback = append(append(e.Traceback[:len(e.Traceback)-1:len(e.Traceback)-1], at+": in the goroutine started here"), e.Traceback[len(e.Traceback)-1])
	}
	g := &s.goPanics
	g.mu.Lock()
	stop, halted := g.cancel, g.halted
	if stop != nil && g.first == nil {
		g.first = e
	}
	g.mu.Unlock()
	if stop != nil {
		stop(errGoPanic)
		// The goroutine's guard returns next, and the code it returns to goes on: the
		// deferred wg.Done of a WaitGroup.Go, which would let the cell's wg.Wait return
		// and the cell print what a Go program, ended by the panic, never does. So it
		// returns once the interpreter has stopped the cell's code.
		if halted != nil {
			select {
			case <-halted:
			case <-time.After(200 * time.Millisecond):
			}
		}
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "panic in a goroutine started by a cell (recovered by the kernel): %s\n", e.Value)
	for _, l := range e.Traceback[:len(e.Traceback)-1] {
		b.WriteString("\t" + l + "\n")
	}
	_, _ = s.cap.errW.WriteString(b.String())
}
