package jupyter

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"sort"
	"sync"
)

// CommMsg is one message of a comm, the two-way channel between objects in the kernel
// and objects in a front end (widgets use it): a comm_open, comm_msg or comm_close, from
// the front end or to it.
type CommMsg struct {
	// Type is "comm_open", "comm_msg" or "comm_close".
	Type   string `json:"type"`
	CommID string `json:"comm_id"`
	// Target names the kind of object a comm_open asks for, such as "jupyter.widget".
	Target string         `json:"target_name,omitempty"`
	Data   map[string]any `json:"data,omitempty"`
	// Metadata travels in the message's metadata, not its content: the widget
	// protocol puts its version there.
	Metadata map[string]any `json:"metadata,omitempty"`
}

// CommHandler is implemented by an Evaluator that serves comms. The server keeps the
// table of open comms (comm_info_request is answered from it) and delivers to Comm
// what front ends send:
//
//   - a comm_open: accepted when Comm returns nil; an error refuses the comm, which the
//     server then closes, as Jupyter kernels close a comm to an unknown target;
//   - a comm_msg or comm_close for a comm that is open; messages for other comms are
//     dropped.
//
// Comm is called like Execute: from the shell goroutine, one message at a time, never
// while a cell runs, with a ctx cancelled when the user interrupts the kernel. What the
// evaluator shows meanwhile goes to out, published with the comm message as parent; out
// allows no input.
type CommHandler interface {
	Comm(ctx context.Context, m CommMsg, out Output) error
}

// CommMerger is implemented by a CommHandler whose comm_msg messages can stand in for
// each other when they queue up, such as widget state updates from a slider dragged
// faster than the kernel handles them. Merge returns the data of one message with the
// effect of earlier followed by later, both for the same comm, or false when both must
// be delivered. The server merges runs of such messages waiting at the head of the shell
// queue, so the kernel never works through a backlog of stale states; every merged
// message still gets its busy and idle status, which front ends count.
type CommMerger interface {
	MergeComm(earlier, later map[string]any) (map[string]any, bool)
}

// comms is the table of open comms: comm id → target name.
type comms struct {
	mu   sync.Mutex
	open map[string]string
}

func (c *comms) add(id, target string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.open == nil {
		c.open = map[string]string{}
	}
	c.open[id] = target
}

func (c *comms) remove(id string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.open[id]
	delete(c.open, id)
	return ok
}

func (c *comms) has(id string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.open[id]
	return ok
}

// list returns the open comms of target (all for ""), as comm_info_reply wants them.
func (c *comms) list(target string) map[string]any {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string]any{}
	for id, t := range c.open {
		if target == "" || t == target {
			out[id] = map[string]any{"target_name": t}
		}
	}
	return out
}

// takeAll empties the table and returns the ids it held, sorted.
func (c *comms) takeAll() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	ids := make([]string, 0, len(c.open))
	for id := range c.open {
		ids = append(ids, id)
	}
	c.open = nil
	sort.Strings(ids)
	return ids
}

// SendComm publishes a comm message from the kernel to the front ends, with the shell
// request being served (or the last one served) as its parent, and keeps the table of
// open comms that comm_info_request lists. It is safe to call from any goroutine.
func (s *Server) SendComm(m CommMsg) error {
	if m.CommID == "" {
		return errors.New("jupyter: comm message without a comm_id")
	}
	content := map[string]any{"comm_id": m.CommID, "data": orEmpty(m.Data)}
	switch m.Type {
	case "comm_open":
		if m.Target == "" {
			return fmt.Errorf("jupyter: comm_open of %s without a target_name", m.CommID)
		}
		content["target_name"] = m.Target
		s.comms.add(m.CommID, m.Target)
	case "comm_msg":
		if !s.comms.has(m.CommID) {
			return fmt.Errorf("jupyter: comm_msg for %s, which is not open", m.CommID)
		}
	case "comm_close":
		if !s.comms.remove(m.CommID) {
			return fmt.Errorf("jupyter: comm_close for %s, which is not open", m.CommID)
		}
	default:
		return fmt.Errorf("jupyter: %q is not a comm message type", m.Type)
	}
	s.publishMeta(m.Type, s.lastShell.Load(), m.Metadata, content)
	return nil
}

// CloseComms closes every open comm, telling the front ends, which then remove what
// the comms showed (widgets). It is for an evaluator that lost the objects behind them,
// such as an interpreter that was restarted.
func (s *Server) CloseComms() {
	for _, id := range s.comms.takeAll() {
		s.publishMeta("comm_close", s.lastShell.Load(), nil, map[string]any{"comm_id": id, "data": map[string]any{}})
	}
}

// commRequest serves comm_info_request, comm_open, comm_msg and comm_close on the
// shell worker.
func (s *Server) commRequest(m *message) {
	t := m.header.MsgType
	if t == "comm_info_request" {
		var c struct {
			Target string `json:"target_name"`
		}
		if !s.content(m, &c, "comm_info_reply") {
			return
		}
		s.reply(chanShell, m, "comm_info_reply", map[string]any{"status": "ok", "comms": s.comms.list(c.Target)})
		return
	}
	var c struct {
		CommID string         `json:"comm_id"`
		Target string         `json:"target_name"`
		Data   map[string]any `json:"data"`
	}
	if err := json.Unmarshal(m.content, &c); err != nil || c.CommID == "" {
		s.log.Warn("dropping malformed comm message", "msg_type", t, "err", err)
		return
	}
	if len(m.buffers) > 0 {
		s.log.Debug("ignoring the binary buffers of a comm message", "msg_type", t, "buffers", len(m.buffers))
	}
	h, _ := s.ev.(CommHandler)
	switch t {
	case "comm_open":
		if h == nil {
			s.log.Info("refusing comm: the evaluator serves none", "target_name", c.Target, "comm_id", c.CommID)
			s.publish("comm_close", m, map[string]any{"comm_id": c.CommID, "data": map[string]any{}})
			return
		}
		// Open first, so that what the evaluator sends on the comm while accepting it
		// goes out; closed again if refused.
		s.comms.add(c.CommID, c.Target)
	case "comm_msg", "comm_close":
		if h == nil || !s.comms.has(c.CommID) {
			s.log.Debug("ignoring message for a comm that is not open", "msg_type", t, "comm_id", c.CommID)
			return
		}
		if t == "comm_close" {
			s.comms.remove(c.CommID)
		}
	}
	var meta map[string]any
	_ = json.Unmarshal(m.metadata, &meta)
	err := s.deliverComm(m, h, CommMsg{Type: t, CommID: c.CommID, Target: c.Target, Data: c.Data, Metadata: meta})
	if t == "comm_open" && err != nil {
		s.log.Info("comm refused", "target_name", c.Target, "comm_id", c.CommID, "err", err)
		if s.comms.remove(c.CommID) {
			s.publish("comm_close", m, map[string]any{"comm_id": c.CommID, "data": map[string]any{}})
		}
	} else if err != nil {
		s.log.Warn("comm message failed", "msg_type", t, "comm_id", c.CommID, "err", err)
	}
}

// deliverComm hands a comm message to the evaluator the way execute hands it a cell:
// interruptible, with an output bound to the message, and a panic turned into an error.
func (s *Server) deliverComm(m *message, h CommHandler, cm CommMsg) (err error) {
	ctx, cancel := context.WithCancelCause(s.ctx)
	s.execMu.Lock()
	s.interrupt, s.interrupts = cancel, 0
	s.execMu.Unlock()
	out := newExecOutput(s, m, ctx, &ExecuteRequest{})
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("evaluator panicked on a comm message", "panic", r, "stack", string(debug.Stack()))
			err = fmt.Errorf("internal error: %v", r)
		}
		out.close()
		s.execMu.Lock()
		s.interrupt = nil
		s.execMu.Unlock()
		cancel(nil)
	}()
	return h.Comm(ctx, cm, out)
}

// mergeQueuedComms lets a comm_msg at the head of the shell queue absorb the comm_msg
// messages for the same comm queued right behind it, when the evaluator can merge them
// (see CommMerger). Each absorbed message gets its busy and idle status at once; the
// returned message carries the merged data and the header of the last one, so that
// replies to it (such as widget echoes) name the newest request.
func (s *Server) mergeQueuedComms(m *message) *message {
	mg, ok := s.ev.(CommMerger)
	if !ok || m.header.MsgType != "comm_msg" || len(m.buffers) > 0 {
		return m
	}
	var first struct {
		CommID string         `json:"comm_id"`
		Data   map[string]any `json:"data"`
	}
	if json.Unmarshal(m.content, &first) != nil || first.CommID == "" || !s.comms.has(first.CommID) {
		return m
	}
	data := first.Data
	for {
		var merged map[string]any
		next, ok := s.queue.popIf(func(n *message) bool {
			if n.header.MsgType != "comm_msg" || len(n.buffers) > 0 {
				return false
			}
			var c struct {
				CommID string         `json:"comm_id"`
				Data   map[string]any `json:"data"`
			}
			if json.Unmarshal(n.content, &c) != nil || c.CommID != first.CommID {
				return false
			}
			var can bool
			merged, can = mg.MergeComm(data, c.Data)
			return can
		})
		if !ok {
			break
		}
		s.publish("status", m, map[string]any{"execution_state": "busy"})
		s.publish("status", m, map[string]any{"execution_state": "idle"})
		data = merged
		content, err := json.Marshal(map[string]any{"comm_id": first.CommID, "data": data})
		if err != nil {
			s.log.Error("cannot encode merged comm message", "err", err)
			return next
		}
		nm := *next
		nm.content = content
		m = &nm
	}
	return m
}

// popIf removes and returns the oldest queued message if ok accepts it.
func (q *shellQueue) popIf(ok func(*message) bool) (*message, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 || !ok(q.items[0].msg) {
		return nil, false
	}
	m := q.items[0].msg
	q.items[0] = queuedMessage{}
	q.items = q.items[1:]
	return m, true
}
