// Package host connects the library's long-running calls to the program that runs them.
//
// A notebook kernel installs a Host while a cell executes. Minimize and Fit then stop when
// the cell is interrupted, even when the caller passed context.Background() or no context
// at all, and they can show progress in the cell's output. An ordinary program installs
// nothing, and every function here then behaves as if there were no host: contexts are
// left as they are and displays go nowhere.
//
// The library must not import the kernel, and the kernel must reach compiled code that
// user cells call without the cells' help; a process-wide hook is the one place both can
// see. Only one cell executes at a time in a kernel process, so a single current Host is
// enough.
package host

import (
	"context"
	"sync/atomic"
)

// Host is what the running program offers to library code.
type Host interface {
	// Context is done when the work running now should stop, such as when the user
	// interrupts the notebook cell that started it.
	Context() context.Context
	// Display shows a MIME bundle (MIME type → content). With update set, it replaces
	// the content of the earlier display with the same non-empty id instead.
	Display(data, metadata map[string]any, id string, update bool)
}

type holder struct{ h Host }

var current atomic.Pointer[holder]

// Set installs h as the current host; nil removes it.
func Set(h Host) {
	if h == nil {
		current.Store(nil)
		return
	}
	current.Store(&holder{h})
}

// Current returns the current host, or nil when none is installed.
func Current() Host {
	if p := current.Load(); p != nil {
		return p.h
	}
	return nil
}

// Recoverer is implemented by a Host whose user code panics with values of its own: a
// notebook kernel's interpreter panics with reflect's "reflect: slice index out of range"
// where compiled Go panics with a runtime error.
type Recoverer interface {
	// Recovered returns what r, recovered from a panic of user code, is in Go's terms.
	Recovered(r any) any
}

// Recovered returns r, recovered from a panic of user code that library code turns into
// an error, as the current host explains it; r itself without a host, or with one that is
// no Recoverer.
func Recovered(r any) any {
	if rc, ok := Current().(Recoverer); ok {
		return rc.Recovered(r)
	}
	return r
}

// Bind returns a context that is done when ctx is done or when the current host's context
// is, and a function that releases the resources Bind took; call it when the work ends.
// A nil ctx counts as context.Background(). Without a host, Bind returns ctx itself.
//
// Long-running library calls bind their context once at the start, so that an
// interrupted cell stops them even when the user passed context.Background().
func Bind(ctx context.Context) (context.Context, context.CancelFunc) {
	if ctx == nil {
		ctx = context.Background()
	}
	h := Current()
	if h == nil {
		return ctx, func() {}
	}
	hc := h.Context()
	if hc == nil || hc == ctx || hc.Done() == nil {
		return ctx, func() {}
	}
	b, cancel := context.WithCancelCause(ctx)
	stop := context.AfterFunc(hc, func() { cancel(context.Cause(hc)) })
	return bound{b, hc}, func() {
		stop()
		cancel(context.Canceled)
	}
}

// bound is a context done when either of two is. Done closes shortly after the host's
// context is cancelled (AfterFunc runs in a goroutine of its own); Err looks at both at
// once, so that a loop polling Err stops at its very next check.
type bound struct {
	context.Context
	host context.Context
}

func (b bound) Err() error {
	if err := b.Context.Err(); err != nil {
		return err
	}
	return b.host.Err()
}

// Display shows a MIME bundle through the current host, or does nothing without one.
// See Host.Display.
func Display(data, metadata map[string]any, id string, update bool) {
	if h := Current(); h != nil {
		h.Display(data, metadata, id, update)
	}
}

// Present reports whether a host is installed, so that callers can skip preparing output
// nobody would see.
func Present() bool { return Current() != nil }
