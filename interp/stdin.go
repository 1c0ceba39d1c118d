package interp

import (
	"errors"
	"fmt"
)

// inputReader is the interpreter's standard input. Each Read with nothing buffered asks
// the frontend for one line (an input_request), after publishing what the cell printed
// so far, which is usually the prompt.
type inputReader struct {
	s   *Session
	buf []byte
}

var errNoCell = errors.New("stdin: no cell is executing, so there is nobody to ask for input")

func (r *inputReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if len(r.buf) == 0 {
		out := r.s.out.Load()
		if out == nil {
			return 0, errNoCell
		}
		_ = r.s.cap.sync()
		line, err := out.Input("", false)
		if err != nil {
			return 0, fmt.Errorf("stdin: %w", err)
		}
		r.buf = append(r.buf, line...)
		r.buf = append(r.buf, '\n')
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}
