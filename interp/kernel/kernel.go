// Package kernel gives code running in a notebook cell access to the kernel that runs it.
//
// Cells see it preimported as kernel. Compiled library code may import it too, but
// everything here also works outside a kernel (then there is no cell and nothing to stop).
package kernel

import (
	"context"
	"errors"

	"github.com/descentlab/descent/interp/internal/hub"
)

// Context returns the context of the cell being executed. It is cancelled when the user
// interrupts the cell, so long loops should check it (ctx.Err() != nil) and stop early:
// a cooperative stop leaves every object usable, whereas the interpreter's own hard stop
// can leave objects created during the cell returning zero values. Outside a cell it
// returns context.Background().
func Context() context.Context {
	if h := hub.Current(); h != nil {
		return h.Context()
	}
	return context.Background()
}

// Interrupted reports whether the current cell has been interrupted.
func Interrupted() bool { return Context().Err() != nil }

var errNoCell = errors.New("kernel: no cell is executing, so there is nobody to ask")

// Input asks the user for one line of text, showing prompt, and returns it without its
// newline. It fails when the frontend does not accept input (and outside a cell).
func Input(prompt string) (string, error) {
	if h := hub.Current(); h != nil {
		return h.Input(prompt, false)
	}
	return "", errNoCell
}

// Password is Input for secrets: the frontend does not echo what the user types.
func Password(prompt string) (string, error) {
	if h := hub.Current(); h != nil {
		return h.Input(prompt, true)
	}
	return "", errNoCell
}
