// Package hub connects the compiled packages that cells call (display, kernel) to the
// session that is executing the current cell. It is internal so that cells cannot reach it.
//
// Only one cell executes at a time in a process (the session swaps the process's standard
// streams while it runs), so a single current Host is enough.
package hub

import (
	"context"
	"sync/atomic"
)

// Host is what the executing session offers to compiled code called from a cell.
type Host interface {
	// Context is the cell's context; it is cancelled when the cell is interrupted.
	Context() context.Context
	// Display publishes a MIME bundle, or updates an earlier one with the same id.
	Display(data, metadata map[string]any, id string, update bool)
	// ClearOutput clears the cell's output, at once or, if wait, at the next output.
	ClearOutput(wait bool)
	// Result records the values of the cell's final expression.
	Result(values []any)
	// Input asks the user for a line, after publishing what the cell printed so far.
	Input(prompt string, password bool) (string, error)
}

type holder struct{ h Host }

var current atomic.Pointer[holder]

// Set makes h the current host; nil means no cell is executing.
func Set(h Host) {
	if h == nil {
		current.Store(nil)
		return
	}
	current.Store(&holder{h})
}

// Current returns the current host, or nil between cells.
func Current() Host {
	if p := current.Load(); p != nil {
		return p.h
	}
	return nil
}
