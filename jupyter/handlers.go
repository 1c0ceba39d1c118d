package jupyter

import (
	"encoding/json"
	"fmt"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/go-zeromq/zmq4"
)

// channel says which ROUTER socket a request came in on.
type channel int

const (
	chanShell channel = iota
	chanControl
)

func (c channel) String() string {
	if c == chanControl {
		return "control"
	}
	return "shell"
}

// handle answers one request, framed by busy and idle status on iopub. It
// recovers from any panic so a single request never stops the kernel.
func (s *Server) handle(ch channel, m *message, seq uint64) {
	s.awaitSubscriber()
	s.publish("status", m, map[string]any{"execution_state": "busy"})
	defer s.publish("status", m, map[string]any{"execution_state": "idle"})
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("recovered from panic while handling a request", "channel", ch,
				"msg_type", m.header.MsgType, "panic", r, "stack", string(debug.Stack()))
			if rt, ok := replyType(m.header.MsgType); ok {
				s.replyError(ch, m, rt, fmt.Errorf("internal error: %v", r))
			}
		}
	}()
	t := m.header.MsgType
	switch {
	case t == "kernel_info_request":
		s.reply(ch, m, "kernel_info_reply", s.kernelInfoReply())
	case t == "shutdown_request":
		s.shutdownRequest(ch, m)
	case t == "interrupt_request":
		s.Interrupt()
		s.reply(ch, m, "interrupt_reply", map[string]any{"status": "ok"})
	case ch == chanControl:
		// The evaluator is single-threaded: requests that need it are only
		// served on shell, never concurrently with a running cell.
		s.log.Warn("unsupported request on control channel", "msg_type", t)
		if rt, ok := replyType(t); ok {
			s.replyError(ch, m, rt, fmt.Errorf("%s is not served on the control channel", t))
		}
	default:
		s.shellRequest(m, seq)
	}
}

func (s *Server) shellRequest(m *message, seq uint64) {
	s.lastShell.Store(m)
	switch t := m.header.MsgType; t {
	case "execute_request":
		s.execute(m, seq)
	case "complete_request":
		var c struct {
			Code   string `json:"code"`
			Cursor *int   `json:"cursor_pos"`
		}
		if !s.content(m, &c, "complete_reply") {
			return
		}
		cursor := len([]rune(c.Code))
		if c.Cursor != nil {
			cursor = *c.Cursor
		}
		r := s.ev.Complete(c.Code, cursor)
		if r.Matches == nil {
			r.Matches = []string{}
		}
		s.reply(chanShell, m, "complete_reply", map[string]any{
			"status": "ok", "matches": r.Matches, "cursor_start": r.CursorStart,
			"cursor_end": r.CursorEnd, "metadata": orEmpty(r.Metadata)})
	case "inspect_request":
		var c struct {
			Code        string `json:"code"`
			Cursor      *int   `json:"cursor_pos"`
			DetailLevel int    `json:"detail_level"`
		}
		if !s.content(m, &c, "inspect_reply") {
			return
		}
		cursor := len([]rune(c.Code))
		if c.Cursor != nil {
			cursor = *c.Cursor
		}
		r := s.ev.Inspect(c.Code, cursor, c.DetailLevel)
		s.reply(chanShell, m, "inspect_reply", map[string]any{
			"status": "ok", "found": r.Found, "data": orEmpty(r.Data), "metadata": orEmpty(r.Metadata)})
	case "is_complete_request":
		var c struct {
			Code string `json:"code"`
		}
		if !s.content(m, &c, "is_complete_reply") {
			return
		}
		r := s.ev.IsComplete(c.Code)
		content := map[string]any{"status": r.Status}
		if r.Status == "" {
			content["status"] = "unknown"
		}
		if r.Status == "incomplete" {
			content["indent"] = r.Indent
		}
		s.reply(chanShell, m, "is_complete_reply", content)
	case "history_request":
		var c historyRequest
		if !s.content(m, &c, "history_reply") {
			return
		}
		h, err := s.history.query(c)
		if err != nil {
			s.replyError(chanShell, m, "history_reply", err)
			return
		}
		s.reply(chanShell, m, "history_reply", map[string]any{"status": "ok", "history": h})
	case "comm_info_request", "comm_open", "comm_msg", "comm_close":
		s.commRequest(m)
	default:
		s.log.Warn("unknown message type", "channel", "shell", "msg_type", t)
		// A client waiting for a reply would otherwise hang.
		if rt, ok := replyType(t); ok {
			s.replyError(chanShell, m, rt, fmt.Errorf("unknown message type %q", t))
		}
	}
}

func (s *Server) kernelInfoReply() map[string]any {
	links := s.info.HelpLinks
	if links == nil {
		links = []HelpLink{}
	}
	return map[string]any{
		"status":                 "ok",
		"protocol_version":       protocolVersion,
		"implementation":         s.info.Implementation,
		"implementation_version": s.info.ImplementationVersion,
		"language_info":          s.info.LanguageInfo,
		"banner":                 s.info.Banner,
		"help_links":             links,
		"debugger":               false,
	}
}

func (s *Server) shutdownRequest(ch channel, m *message) {
	var c struct {
		Restart bool `json:"restart"`
	}
	if !s.contentOn(ch, m, &c, "shutdown_reply") {
		return
	}
	s.log.Info("shutdown requested", "channel", ch, "restart", c.Restart)
	s.reply(ch, m, "shutdown_reply", map[string]any{"status": "ok", "restart": c.Restart})
	s.stop(c.Restart)
	s.interruptWith(errShutdown)
}

// content decodes a shell request's content into v, answering with an error
// reply of type rt when it does not fit.
func (s *Server) content(m *message, v any, rt string) bool {
	return s.contentOn(chanShell, m, v, rt)
}

func (s *Server) contentOn(ch channel, m *message, v any, rt string) bool {
	if err := json.Unmarshal(m.content, v); err != nil {
		s.log.Warn("bad request content", "msg_type", m.header.MsgType, "err", err)
		s.replyError(ch, m, rt, fmt.Errorf("bad %s content: %w", m.header.MsgType, err))
		return false
	}
	return true
}

func (s *Server) socket(ch channel) (zmq4.Socket, *sync.Mutex) {
	if ch == chanControl {
		return s.control, &s.controlMu
	}
	return s.shell, &s.shellMu
}

func (s *Server) reply(ch channel, m *message, msgType string, content any) {
	sock, mu := s.socket(ch)
	if _, err := s.send(sock, mu, m.identities, msgType, m.rawHeader, content); err != nil {
		s.log.Warn("reply failed", "channel", ch, "msg_type", msgType, "err", err)
	}
}

// replyError answers a request that could not be served with status "error".
func (s *Server) replyError(ch channel, m *message, msgType string, err error) {
	s.reply(ch, m, msgType, map[string]any{
		"status": "error", "ename": "BadRequest", "evalue": err.Error(), "traceback": []string{},
	})
}

// replyType maps a request type to its reply type.
func replyType(requestType string) (string, bool) {
	base, ok := strings.CutSuffix(requestType, "_request")
	if !ok {
		return "", false
	}
	return base + "_reply", true
}

// orEmpty makes nil maps marshal as {} rather than null, as the spec wants.
func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}
