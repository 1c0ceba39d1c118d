package remote

import (
	"context"
	"encoding/json"
	"errors"
)

// CallCode is Call for a request that runs code from cells outside any cell, such as a
// widget's callback: like a cell, it can be stuck where an interrupt cannot reach, so
// while it runs a second interrupt (see Interrupted) or Config.InterruptTimeout stops
// the worker, and a worker that dies meanwhile is reported to the next cell. It returns
// an error wrapping ErrClosed once the death is handled.
func (s *Supervisor) CallCode(ctx context.Context, kind string, body any, h Handler) (json.RawMessage, error) {
	w, err := s.ready(ctx)
	if err != nil {
		return nil, err
	}
	x := &execution{w: w, hard: make(chan struct{})}
	s.mu.Lock()
	s.exec = x
	w.diag.mark()
	w.executing = true
	s.mu.Unlock()
	done := make(chan struct{})
	go s.watch(ctx, x, done)
	b, err := w.peer.call(ctx, 0, kind, body, h)
	close(done)

	if errors.Is(err, ErrClosed) {
		s.lost(w)
	}
	s.mu.Lock()
	s.exec = nil
	w.executing = false
	tell := w.fault != nil && !w.reported // no cell ran to show it: the next one will
	w.reported = w.reported || tell
	s.mu.Unlock()
	if tell {
		s.notify(s.noticeText(w.fault))
	}
	return b, err
}
