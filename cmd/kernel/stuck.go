package main

import (
	"bytes"
	"runtime"
)

// evalFrame names the goroutine in which the yaegi interpreter evaluates a cell. When a
// cell is interrupted, the interpreter stops waiting for that goroutine at once; the
// goroutine itself ends only when the cell's code next reaches the interpreter, which a
// cell blocked or busy in compiled code does not.
const evalFrame = "interp.(*Interpreter).EvalWithContext.func1"

// evaluating reports whether an evaluation goroutine is still running. It is called only
// between cells, when none should be.
func evaluating() bool {
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return bytes.Contains(buf[:n], []byte(evalFrame))
		}
		buf = make([]byte, 2*len(buf))
	}
}
