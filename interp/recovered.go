package interp

import (
	"reflect"
	"regexp"
	"runtime"
	"strings"

	"github.com/descentlab/descent/interp/front"
	"github.com/descentlab/descent/interp/front/fmtview"
)

// recovered is what recover() returns in a cell (the front end wraps every call of it):
// the value given to panic, where the interpreter hands over a reflect.Value holding it,
// and the interpreter's own runtime panics (an index out of range found by reflect, a nil
// pointer met by reflect) as runtime errors in the runtime's words, so that
// r.(string), r.(error) and r.(runtime.Error) answer as they would in Go.
func recovered(v any) any {
	if rv, ok := v.(reflect.Value); ok {
		if !rv.IsValid() {
			return nil
		}
		if rv.CanInterface() {
			v = rv.Interface()
		}
	}
	if f, ok := v.(front.FatalError); ok {
		panic(f) // a fatal error of Go's runtime, which no recover stops
	}
	if e, ok := v.(runtime.Error); ok {
		if msg := goWords(v); msg != e.Error() && strings.HasPrefix(msg, "runtime error: ") {
			return front.RuntimeError(msg) // reflect's, in the runtime's words
		}
		return v
	}
	if front.Returned(v) {
		// The interpreter's frame still holds the return at the top level of a cell
		// that ended the cell: in Go, a deferred call after a return recovers nothing.
		return nil
	}
	var text string
	switch v := v.(type) {
	case error:
		text = v.Error()
	case string: // reflect panics with a string
		text = v
	default:
		return v
	}
	if msg := goWords(v); msg != text && strings.HasPrefix(msg, "runtime error: ") {
		return front.RuntimeError(msg)
	}
	// A failed assertion: the interpreter puts its (encoded) position first.
	if m := assertionPrefix.FindStringSubmatch(text); m != nil {
		msg := front.GoTypeNames(m[1])
		if c := concreteMismatch.FindStringSubmatch(msg); c != nil {
			// Of a value compiled code held, to a concrete type: Go's words, whose
			// interface the panic no longer knows (an any, most likely).
			msg = "interface conversion: interface {} is " + c[1] + ", not " + c[2]
		}
		return front.RuntimeError(msg)
	}
	return v
}

// concreteMismatch matches the interpreter's message of a failed assertion to a concrete
// type of a value that compiled code held, which names no method.
var concreteMismatch = regexp.MustCompile(`^interface conversion: (.+) is not (.+): missing method $`)

func init() {
	// A method that fmt calls on a cell's value through a view panics in the
	// interpreter's words; fmt prints the panic as recover gives it (see recovered).
	fmtview.PanicWords = func(v any) any {
		v = recovered(v)
		if text, ok := front.PanicText(v); ok {
			return text // a cell's error or Stringer, which fmt prints by its method
		}
		return v
	}
}

// assertionPrefix matches the interpreter's message of a failed type assertion.
var assertionPrefix = regexp.MustCompile(`^\d+:\d+: (interface conversion: .*)$`)

// panicValue is what recover returns for the panic e of a cell, once the panic has left
// the interpreter: a runtime error as a runtime.Error, anything else as its message.
func (e *Error) panicValue() any {
	if strings.HasPrefix(e.Value, "runtime error: ") {
		return front.RuntimeError(e.Value)
	}
	return e.Value
}
