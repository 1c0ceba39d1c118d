package jupyter

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
)

// executeContent is the content of an execute_request. Pointers tell absent
// fields from false ones, because the spec's defaults are true.
type executeContent struct {
	Code            *string           `json:"code"`
	Silent          bool              `json:"silent"`
	StoreHistory    *bool             `json:"store_history"`
	UserExpressions map[string]string `json:"user_expressions"`
	AllowStdin      *bool             `json:"allow_stdin"`
	StopOnError     *bool             `json:"stop_on_error"`
}

func boolOr(p *bool, def bool) bool {
	if p == nil {
		return def
	}
	return *p
}

// execute runs one execute_request on the shell worker. seq is the request's
// arrival number, compared with abortThrough for stop_on_error.
func (s *Server) execute(m *message, seq uint64) {
	var c executeContent
	if !s.content(m, &c, "execute_reply") {
		return
	}
	if c.Code == nil {
		s.replyError(chanShell, m, "execute_reply", errors.New("execute_request content has no \"code\" field"))
		return
	}
	if s.stopping() {
		s.log.Info("aborting execute: kernel is shutting down", "msg_id", m.header.MsgID)
		s.reply(chanShell, m, "execute_reply", map[string]any{"status": "aborted", "execution_count": s.count})
		return
	}
	if seq <= s.abortThrough {
		s.log.Info("aborting execute queued before an error", "msg_id", m.header.MsgID)
		s.reply(chanShell, m, "execute_reply", map[string]any{"status": "aborted", "execution_count": s.count})
		return
	}
	req := &ExecuteRequest{
		Code:            *c.Code,
		Silent:          c.Silent,
		StoreHistory:    !c.Silent && boolOr(c.StoreHistory, true),
		AllowStdin:      boolOr(c.AllowStdin, true),
		StopOnError:     boolOr(c.StopOnError, true),
		UserExpressions: c.UserExpressions,
	}
	if req.StoreHistory {
		s.count++
		s.history.add(s.count, req.Code)
	}
	req.ExecutionCount = s.count

	// The cell is interruptible before execute_input is published, so an
	// interrupt sent by a client that has seen the cell start is never lost.
	ctx, cancel := context.WithCancelCause(s.ctx)
	s.execMu.Lock()
	s.interrupt, s.interrupts = cancel, 0
	s.execMu.Unlock()
	if !req.Silent {
		s.publish("execute_input", m, map[string]any{"code": req.Code, "execution_count": req.ExecutionCount})
	}
	out := newExecOutput(s, m, ctx, req)
	res := s.runEvaluator(ctx, req, out)
	out.close()
	s.execMu.Lock()
	s.interrupt = nil
	s.execMu.Unlock()
	cancel(nil)

	if res == nil {
		res = &ExecuteResult{}
	}
	exprs := res.UserExpressions
	if exprs == nil {
		exprs = map[string]any{}
	}
	if e := res.Error; e != nil {
		tb := e.Traceback
		if tb == nil {
			tb = []string{}
		}
		if !req.Silent {
			s.publish("error", m, map[string]any{"ename": e.Name, "evalue": e.Value, "traceback": tb})
		}
		if req.StopOnError {
			// Everything that arrived while this cell ran is aborted.
			s.abortThrough = s.queue.lastSeq()
		}
		s.reply(chanShell, m, "execute_reply", map[string]any{
			"status": "error", "execution_count": req.ExecutionCount,
			"ename": e.Name, "evalue": e.Value, "traceback": tb, "user_expressions": exprs,
		})
		return
	}
	payload := res.Payload
	if payload == nil {
		payload = []map[string]any{}
	}
	s.reply(chanShell, m, "execute_reply", map[string]any{
		"status": "ok", "execution_count": req.ExecutionCount,
		"user_expressions": exprs, "payload": payload,
	})
}

// runEvaluator calls Execute, turning a panic in the evaluator into an
// ordinary execution error.
func (s *Server) runEvaluator(ctx context.Context, req *ExecuteRequest, out Output) (res *ExecuteResult) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("evaluator panicked", "panic", r, "stack", string(debug.Stack()))
			res = &ExecuteResult{Error: &ErrorInfo{
				Name:      "panic",
				Value:     fmt.Sprint(r),
				Traceback: strings.Split(strings.TrimRight(string(debug.Stack()), "\n"), "\n"),
			}}
		}
	}()
	return s.ev.Execute(ctx, req, out)
}
