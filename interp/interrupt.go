package interp

import (
	"bytes"
	"runtime"
	"time"
)

// After a cancel, yaegi's EvalWithContext returns at once but leaves its evaluation
// goroutine to notice the stop and unwind. Evaluating again while it unwinds is a data
// race inside the interpreter, so the session waits for it to end (interpreted code
// stops within microseconds; a long compiled call may never stop, so the wait is bounded).

// stuckEvals counts abandoned evaluation goroutines that did not end in time, in this
// process (protected by execMu).
var stuckEvals int

const evalFrame = "interp.(*Interpreter).EvalWithContext.func1"

// countEvals counts goroutines inside an interpreter evaluation.
func countEvals() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return bytes.Count(buf[:n], []byte(evalFrame))
		}
		buf = make([]byte, 2*len(buf))
	}
}

// waitAbandoned waits up to limit for the evaluation abandoned by a cancel to end, and
// reports whether it did.
func waitAbandoned(limit time.Duration) bool {
	deadline := time.Now().Add(limit)
	for {
		n := countEvals()
		if n <= stuckEvals {
			return true
		}
		if time.Now().After(deadline) {
			stuckEvals = n
			return false
		}
		time.Sleep(2 * time.Millisecond)
	}
}
