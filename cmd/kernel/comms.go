package main

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/descentlab/descent/interp"
	"github.com/descentlab/descent/jupyter"
	"github.com/descentlab/descent/remote"
)

// Comms (the channel of widgets) cross the two processes as two kinds of message: a
// comm message from the front end is a "comm" request to the worker, served like a cell
// (its callbacks' output travels with it); a message from a widget to the front end is a
// "comm_send" event from the worker, published by the protocol server.
const (
	kindComm     = "comm"      // supervisor → worker request: a jupyter.CommMsg from the front end
	kindCommSend = "comm_send" // worker → supervisor event: a jupyter.CommMsg to the front end
)

// commSupervisor is the supervisor as a jupyter.CommHandler and jupyter.CommMerger.
type commSupervisor struct{ *remote.Supervisor }

// Comm forwards a comm message from the front end to the worker's widgets. It may run
// callbacks, code from cells, so it is stopped as a cell is when interrupts do not reach
// it (see remote.Supervisor.CallCode).
func (s commSupervisor) Comm(ctx context.Context, m jupyter.CommMsg, out jupyter.Output) error {
	_, err := s.CallCode(ctx, kindComm, m, remote.OutputHandler(out))
	return err
}

// MergeComm merges two ipywidgets state updates for one widget ({"method": "update",
// "state": {...}}), the later winning attribute by attribute: a slider dragged while
// its callback runs needs only its last position. Updates carrying binary buffers stay
// apart.
func (commSupervisor) MergeComm(earlier, later map[string]any) (map[string]any, bool) {
	a, okA := updateState(earlier)
	b, okB := updateState(later)
	if !okA || !okB {
		return nil, false
	}
	state := make(map[string]any, len(a)+len(b))
	for k, v := range a {
		state[k] = v
	}
	for k, v := range b {
		state[k] = v
	}
	return map[string]any{"method": "update", "state": state, "buffer_paths": []any{}}, true
}

// updateState returns the state of a widget update without binary buffers.
func updateState(data map[string]any) (map[string]any, bool) {
	if data["method"] != "update" {
		return nil, false
	}
	if paths, _ := data["buffer_paths"].([]any); len(paths) > 0 {
		return nil, false
	}
	state, ok := data["state"].(map[string]any)
	return state, ok
}

// newCommSupervisor returns a supervisor (see newSupervisor) that publishes what the
// worker's widgets send through the server srv will hold, and closes every comm when a
// worker dies: the widgets behind them died with it.
func newCommSupervisor(cfg remote.Config, srv *atomic.Pointer[jupyter.Server]) *remote.Supervisor {
	cfg.Restarted = func(*remote.Fault) {
		if s := srv.Load(); s != nil {
			s.CloseComms()
		}
	}
	sup := remote.New(cfg)
	sup.Handle(kindCommSend, func(_ context.Context, m *remote.Message) (any, error) {
		var c jupyter.CommMsg
		if err := m.Decode(&c); err != nil {
			cfg.Log.Warn("malformed comm message from the Go interpreter", "err", err)
			return nil, nil
		}
		if s := srv.Load(); s != nil {
			if err := s.SendComm(c); err != nil {
				cfg.Log.Warn("comm message from the Go interpreter not sent", "err", err)
			}
		}
		return nil, nil
	})
	return sup
}

// serveComms connects the widgets of cells to the front end, in the worker: comm
// requests reach the session, and widgets send through w.
func serveComms(w *remote.Worker, sess *interp.Session, checkMemory func()) {
	interp.SetCommSender(func(m interp.CommMsg) error { return w.Send(kindCommSend, m) })
	w.Handle(kindComm, func(ctx context.Context, m *remote.Message) (any, error) {
		var c interp.CommMsg
		if err := m.Decode(&c); err != nil {
			return nil, err
		}
		out, done := remote.RequestOutput(ctx, m)
		defer done()
		err := sess.Comm(ctx, c, out)
		checkMemory()
		return nil, err
	})
}

// widgetState collects the state of the widgets a headless run (kernel run) leaves
// open, for the notebook's metadata: front ends then draw the widgets of the saved
// notebook, their output areas included, without a kernel (nbformat's widget state, as
// nbclient saves it).
type widgetState struct {
	mu     sync.Mutex
	models map[string]map[string]any // comm id → the model's state
}

// collectWidgets makes sup's widgets report to the returned collector. Call it before
// sup.Start.
func collectWidgets(sup *remote.Supervisor) *widgetState {
	ws := &widgetState{models: map[string]map[string]any{}}
	sup.Handle(kindCommSend, func(_ context.Context, m *remote.Message) (any, error) {
		var c jupyter.CommMsg
		if m.Decode(&c) == nil {
			ws.add(c)
		}
		return nil, nil
	})
	return ws
}

func (ws *widgetState) add(c jupyter.CommMsg) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	state, _ := c.Data["state"].(map[string]any)
	switch c.Type {
	case "comm_open":
		if c.Target == "jupyter.widget" && state != nil {
			ws.models[c.CommID] = state
		}
	case "comm_msg":
		if m := ws.models[c.CommID]; m != nil && (c.Data["method"] == "update" || c.Data["method"] == "echo_update") {
			for k, v := range state {
				m[k] = v
			}
		}
	case "comm_close":
		delete(ws.models, c.CommID)
	}
}

// metadata is the notebook metadata "widgets" for the widgets open now, or nil.
func (ws *widgetState) metadata() map[string]any {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	if len(ws.models) == 0 {
		return nil
	}
	states := map[string]any{}
	for id, s := range ws.models {
		states[id] = map[string]any{"model_name": s["_model_name"], "model_module": s["_model_module"],
			"model_module_version": s["_model_module_version"], "state": s}
	}
	return map[string]any{"application/vnd.jupyter.widget-state+json": map[string]any{
		"version_major": 2, "version_minor": 0, "state": states}}
}
