package interp

import (
	"context"
	"errors"
	"fmt"
	"go/scanner"
	"strings"
	"time"

	yaegi "github.com/traefik/yaegi/interp"

	"github.com/descentlab/descent/interp/front"
)

// Error is a failed cell, in the terms of a Jupyter error reply.
type Error struct {
	Name      string   // ename: CompileError, RedefinitionError, ImportError, panic, runtime error, Interrupted, UsageError, InternalError
	Value     string   // evalue: the message, with cell[N]:line:col where known
	Traceback []string // lines to show, the last being "Name: Value"
}

func (e *Error) Error() string { return e.Name + ": " + e.Value }

func newError(name, value string, trace ...string) *Error {
	return &Error{Name: name, Value: value, Traceback: append(trace, name+": "+value)}
}

// convert describes an error returned by the interpreter.
func (s *Session) convert(ctx context.Context, err error) *Error {
	trace := s.filter.take()
	if ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		// Frames that were running when the interpreter stopped compare their run id
		// with the interpreter's; a fresh evaluation lets globals work again.
		ended := waitAbandoned(time.Second)
		_, _ = s.eval(context.Background(), "_ = 0")
		if !ended {
			return newError("Interrupted", stillRunning)
		}
		return newError("Interrupted", "execution was interrupted; objects created inside functions that were running when it stopped may return zero values: re-create them, or run %reset")
	}
	var p yaegi.Panic
	if errors.As(err, &p) {
		if e, ok := p.Value.(error); ok && len(trace) == 0 && positioned(e.Error()) {
			return compileError(e) // the interpreter panicked while compiling
		}
		name := "panic"
		if _, ok := p.Value.(interface{ RuntimeError() }); ok {
			name = "runtime error"
		}
		return newError(name, fmt.Sprint(p.Value), tracebackLines(trace)...)
	}
	return compileError(err)
}

// stillRunning is the message of an interrupt that did not stop the cell's code: a long
// call into compiled code that checks no context goes on in the background.
const stillRunning = "execution was interrupted, but code the cell called is still running in the background " +
	"(a long compiled call that cannot be stopped from outside): it may keep changing variables the cell can reach. " +
	"Restart the kernel to stop it"

// errorLine returns the line of the "cell[N]:line:col: " prefix of msg, or -1.
func errorLine(msg string) int {
	var n, line, col int
	if _, err := fmt.Sscanf(msg, "cell[%d]:%d:%d:", &n, &line, &col); err != nil {
		return -1
	}
	return line
}

// positioned reports whether msg starts with a source position, as compile errors do.
func positioned(msg string) bool {
	i := strings.Index(msg, ": ")
	if i < 0 {
		return false
	}
	f := strings.Split(msg[:i], ":")
	return len(f) >= 2 && strings.Trim(f[len(f)-1], "0123456789") == "" && strings.Trim(f[len(f)-2], "0123456789") == ""
}

// tracebackLines turns the interpreter's "cell[3]:2:1: panic: main.f(...)" lines,
// innermost first, into "cell[3]:2:1: in f".
func tracebackLines(trace []string) []string {
	out := make([]string, 0, len(trace))
	for _, l := range trace {
		l = front.Positions(l)
		i := strings.Index(l, ": panic: ")
		if i < 0 || !strings.HasPrefix(l, "cell[") {
			continue // a frame of the kernel's own wrapper code
		}
		fn := strings.TrimSuffix(l[i+len(": panic: "):], "(...)")
		fn = strings.TrimPrefix(fn, "main.")
		if fn == "main" {
			fn = "cell"
		}
		out = append(out, l[:i]+": in "+fn)
	}
	return out
}

func compileError(err error) *Error {
	msg := front.Positions(err.Error())
	if strings.HasSuffix(msg, ": constant definition loop") {
		// What the interpreter says about an undefined name in a global initializer.
		msg += " (is a name on the right-hand side undefined?)"
	}
	var trace []string
	if fe, ok := err.(*front.Error); ok {
		return newError(fe.Kind, fe.List[0], fe.List[1:]...)
	}
	if l, ok := err.(scanner.ErrorList); ok && len(l) > 1 {
		for _, e := range l[1:] {
			trace = append(trace, front.Positions(e.Error()))
		}
		msg = front.Positions(l[0].Error())
	}
	return newError("CompileError", msg, trace...)
}
