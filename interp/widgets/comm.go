package widgets

import (
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/descentlab/descent/interp/internal/hub"
)

// Protocol constants of ipywidgets 8.
const (
	protocolVersion = "2.1.0"
	widgetTarget    = "jupyter.widget"
	controlTarget   = "jupyter.widget.control"
	viewMIME        = "application/vnd.jupyter.widget-view+json"
	baseModule      = "@jupyter-widgets/base"
	controlsModule  = "@jupyter-widgets/controls"
	outputModule    = "@jupyter-widgets/output"
	modelVersion    = "2.0.0"
	outputVersion   = "1.0.0"
)

// registry holds the widgets that are alive, by model id, and the front ends' control
// comms (which ask for every widget's state when a page reloads).
var registry = struct {
	sync.Mutex
	models   map[string]*Model
	controls map[string]bool
}{models: map[string]*Model{}, controls: map[string]bool{}}

func init() { hub.SetCommReceiver(receive) }

// Live returns how many widget models are alive: created and not closed, layouts and
// styles included.
func Live() int {
	registry.Lock()
	defer registry.Unlock()
	return len(registry.models)
}

// callback runs a user callback through the session (one at a time with cells, output
// where the session sends it), reporting a panic on standard error: the front end's
// log, where ipywidgets shows a failing callback too.
func callback(what string, f func()) {
	if err := hub.RunCallback(nil, f); err != nil {
		fmt.Fprintf(os.Stderr, "widgets: %s failed: %v\n", what, err)
	}
}

// receive handles a comm message from the front end (see hub.SetCommReceiver).
func receive(c hub.Comm) error {
	registry.Lock()
	control := registry.controls[c.CommID]
	m := registry.models[c.CommID]
	registry.Unlock()
	switch c.Type {
	case "comm_open":
		if c.Target != controlTarget {
			return fmt.Errorf("widgets: a front end cannot open a %q comm in this kernel", c.Target)
		}
		registry.Lock()
		registry.controls[c.CommID] = true
		registry.Unlock()
	case "comm_close":
		if control {
			registry.Lock()
			delete(registry.controls, c.CommID)
			registry.Unlock()
		} else if m != nil {
			m.markClosed()
		}
	case "comm_msg":
		method, _ := c.Data["method"].(string)
		switch {
		case control && method == "request_states":
			sendStates(c.CommID)
		case m == nil:
		case method == "update":
			state, _ := c.Data["state"].(map[string]any)
			m.update(state)
		case method == "request_state":
			m.send(map[string]any{"method": "update", "state": m.fullState(), "buffer_paths": []any{}})
		case method == "custom":
			content, _ := c.Data["content"].(map[string]any)
			m.mu.Lock()
			h := m.custom
			m.mu.Unlock()
			if h != nil {
				h(content)
			}
		}
	}
	return nil
}

// update applies a state update from the front end: what fits is applied and echoed
// to every front end (protocol 2.1's echo_update, with the value the kernel settled
// on), what does not is reported on standard error, then the callbacks run.
func (m *Model) update(state map[string]any) {
	valid := map[string]any{}
	for k, v := range state {
		if strings.HasPrefix(k, "_") {
			continue // the model's identity is the kernel's
		}
		cv, err := m.validate(k, v)
		if err != nil {
			fmt.Fprintln(os.Stderr, "widgets: ignoring an update from the front end:", err)
			continue
		}
		valid[k] = cv
	}
	if len(valid) == 0 {
		return
	}
	changed := m.apply(valid)
	m.send(map[string]any{"method": "echo_update", "state": jsonState(valid), "buffer_paths": []any{}})
	m.notify(changed)
}

// sendStates answers a control comm's request_states with the state of every widget.
func sendStates(commID string) {
	registry.Lock()
	models := make([]*Model, 0, len(registry.models))
	for _, m := range registry.models {
		models = append(models, m)
	}
	registry.Unlock()
	states := map[string]any{}
	for _, m := range models {
		s := m.fullState()
		states[m.id] = map[string]any{"model_name": s["_model_name"], "model_module": s["_model_module"],
			"model_module_version": s["_model_module_version"], "state": s}
	}
	hub.SendComm(hub.Comm{Type: "comm_msg", CommID: commID,
		Data: map[string]any{"method": "update_states", "states": states, "buffer_paths": []any{}}})
}
