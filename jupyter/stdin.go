package jupyter

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
)

// ErrStdinNotAllowed is returned by Output.Input when the execute request
// had allow_stdin false, i.e. the client cannot answer input requests.
var ErrStdinNotAllowed = errors.New("jupyter: input requested but the client does not allow stdin (allow_stdin is false)")

// pendingInput is an input_request waiting for its input_reply.
type pendingInput struct {
	msgID string
	reply chan string
}

// requestInput sends an input_request on stdin to the client that sent parent
// and waits for the reply or for ctx to end.
func (s *Server) requestInput(ctx context.Context, parent *message, prompt string, password bool) (string, error) {
	s.inputMu.Lock()
	defer s.inputMu.Unlock()

	p := &pendingInput{reply: make(chan string, 1)}
	// The pending slot is set before sending so a fast reply is not lost;
	// msgID is filled in right after, under the same lock the reader takes.
	s.pendingMu.Lock()
	s.pending = p
	s.pendingMu.Unlock()
	defer func() {
		s.pendingMu.Lock()
		s.pending = nil
		s.pendingMu.Unlock()
	}()

	s.pendingMu.Lock()
	h, err := s.send(s.stdin, &s.stdinMu, parent.identities, "input_request", parent.rawHeader,
		map[string]any{"prompt": prompt, "password": password})
	p.msgID = h.MsgID
	s.pendingMu.Unlock()
	if err != nil {
		return "", fmt.Errorf("jupyter: requesting input: %w", err)
	}
	select {
	case v := <-p.reply:
		return v, nil
	case <-ctx.Done():
		return "", fmt.Errorf("jupyter: waiting for input: %w", context.Cause(ctx))
	}
}

// receiveStdin delivers input replies to the pending input request.
func (s *Server) receiveStdin() error {
	for {
		m, err := s.recv("stdin", s.stdin)
		if err != nil {
			return err
		}
		if m != nil {
			s.deliverInput(m)
		}
	}
}

func (s *Server) deliverInput(m *message) {
	if m.header.MsgType != "input_reply" {
		s.log.Warn("ignoring unexpected message on stdin", "msg_type", m.header.MsgType)
		return
	}
	var c struct {
		Value string `json:"value"`
	}
	if err := json.Unmarshal(m.content, &c); err != nil {
		s.log.Warn("dropping input_reply with bad content", "err", err)
		return
	}
	var parent struct {
		MsgID string `json:"msg_id"`
	}
	_ = json.Unmarshal(m.parent, &parent) // decode checked it is an object; msg_id may be absent

	s.pendingMu.Lock()
	defer s.pendingMu.Unlock()
	p := s.pending
	switch {
	case p == nil:
		s.log.Warn("dropping input_reply: no input request is pending")
	case parent.MsgID != "" && parent.MsgID != p.msgID:
		s.log.Warn("dropping input_reply to another request", "parent_msg_id", parent.MsgID)
	default:
		select {
		case p.reply <- c.Value:
		default:
			s.log.Warn("dropping duplicate input_reply")
		}
	}
}
