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

// stuckEvals holds the abandoned evaluation goroutines that did not end in time, in this
// process (protected by execMu), by goroutine id: counting them instead would let one that
// ends later hide another that is still running.
var stuckEvals = map[string]bool{}

const evalFrame = "interp.(*Interpreter).EvalWithContext.func1"

// evalGoroutines returns the ids of the goroutines inside an interpreter evaluation.
func evalGoroutines() map[string]bool {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	ids := map[string]bool{}
	for _, g := range bytes.Split(buf, []byte("\n\n")) {
		if !bytes.Contains(g, []byte(evalFrame)) {
			continue
		}
		// "goroutine 42 [running]:"
		f := bytes.Fields(g)
		if len(f) > 1 && string(f[0]) == "goroutine" {
			ids[string(f[1])] = true
		}
	}
	return ids
}

// countEvals counts goroutines inside an interpreter evaluation.
func countEvals() int { return len(evalGoroutines()) }

// waitAbandoned waits up to limit for the evaluation abandoned by a cancel to end, and
// reports whether it did.
func waitAbandoned(limit time.Duration) bool {
	deadline := time.Now().Add(limit)
	for {
		ids := evalGoroutines()
		for id := range stuckEvals {
			if !ids[id] {
				delete(stuckEvals, id) // it ended after all
			}
		}
		pending := false
		for id := range ids {
			if !stuckEvals[id] {
				pending = true
			}
		}
		if !pending {
			return true
		}
		if time.Now().After(deadline) {
			for id := range ids {
				stuckEvals[id] = true
			}
			return false
		}
		time.Sleep(2 * time.Millisecond)
	}
}
