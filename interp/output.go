package interp

import "sync"

// Output receives everything a cell publishes while it executes. The kernel binary
// implements it on top of the Jupyter protocol (stream, display_data,
// update_display_data, clear_output and input_request messages).
//
// The session serializes calls other than Input, which may wait for the user while
// other calls go on; calls may come from goroutines other than the one that called
// Execute. All calls
// for a cell happen before its Execute returns, except that output printed by a cell's
// goroutines after the cell finished is held back and delivered with the next cell.
type Output interface {
	// Stream publishes text printed to standard output ("stdout") or error ("stderr").
	Stream(name, text string)
	// Display publishes a MIME bundle (display_data). A non-empty displayID lets later
	// UpdateDisplay calls replace it.
	Display(data, metadata map[string]any, displayID string)
	// UpdateDisplay replaces the content of earlier displays with the same id.
	UpdateDisplay(data, metadata map[string]any, displayID string)
	// ClearOutput clears the cell's output, at once or (wait) when new output arrives.
	ClearOutput(wait bool)
	// Input asks the user for one line of input, without its newline. It returns an
	// error when the frontend does not accept input requests.
	Input(prompt string, password bool) (string, error)
}

// lockedOutput serializes calls to an Output.
type lockedOutput struct {
	mu  sync.Mutex
	out Output
}

func (l *lockedOutput) Stream(name, text string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.out.Stream(name, text)
}

func (l *lockedOutput) Display(data, metadata map[string]any, id string, update bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if update {
		l.out.UpdateDisplay(data, metadata, id)
		return
	}
	l.out.Display(data, metadata, id)
}

func (l *lockedOutput) ClearOutput(wait bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.out.ClearOutput(wait)
}

// Input is not serialized with the other calls: waiting for the user must not hold up
// output from the cell's other goroutines.
func (l *lockedOutput) Input(prompt string, password bool) (string, error) {
	return l.out.Input(prompt, password)
}
