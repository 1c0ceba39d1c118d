package widgets

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/descentlab/descent/interp/internal/hub"
)

// Widget is anything that can be shown and placed in a box: every type of this package.
type Widget interface {
	// ModelID is the id of the widget's model, which front ends know it by.
	ModelID() string
}

// Model is the state of one widget as its front-end model holds it, kept in step with
// the front ends over a comm. Every widget type embeds one, so its methods reach any
// attribute of the widget's ipywidgets model.
type Model struct {
	id   string
	name string // _model_name, such as "IntSliderModel"

	mu        sync.Mutex
	state     map[string]any
	observers map[string][]func()                   // attribute → callbacks, in order of registration
	check     func(name string, v any) (any, error) // validates a value for name (nil: any value of the attribute's kind)
	custom    func(content map[string]any)          // handles custom messages (a button's click)
	owned     []*Model                              // layout and style models, closed with this one
	nullable  map[string]bool                       // attributes that may be nil, whatever their kind
	static    func() string                         // the HTML shown without a widget front end ("": none)
	describe  func() string                         // the text form
	closed    bool
}

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

func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// header returns the _model_* and _view_* attributes of a model.
func header(module, version, model, viewModule, view string) map[string]any {
	return map[string]any{
		"_model_module": module, "_model_module_version": version, "_model_name": model,
		"_view_module": viewModule, "_view_module_version": version, "_view_name": view,
	}
}

// newModel registers a model with its full initial state and opens its comm; owned
// models (layout, style) must be opened already.
func newModel(state map[string]any, owned ...*Model) *Model {
	m := &Model{id: newID(), name: fmt.Sprint(state["_model_name"]), state: state, observers: map[string][]func(){},
		owned: owned, nullable: map[string]bool{}}
	for k, v := range state {
		if v == nil {
			m.nullable[k] = true // the schema's default is null: null stays allowed
		}
	}
	registry.Lock()
	registry.models[m.id] = m
	registry.Unlock()
	hub.SendComm(hub.Comm{Type: "comm_open", CommID: m.id, Target: widgetTarget,
		Data:     map[string]any{"state": jsonState(state), "buffer_paths": []any{}},
		Metadata: map[string]any{"version": protocolVersion}})
	return m
}

// ref is how a state refers to another model.
func ref(m *Model) string { return "IPY_MODEL_" + m.id }

// ModelID returns the id of the widget's model.
func (m *Model) ModelID() string { return m.id }

// Get returns the value of an attribute of the model, such as "value", "description" or
// "disabled" (nil for an attribute the model does not have).
func (m *Model) Get(name string) any {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.state[name]
}

// Set changes an attribute of the model, shows the change in every front end, and runs
// the callbacks that watch it. It is an error to set an attribute the model does not
// have, or to give it a value of the wrong kind; values out of range are brought into
// it (a slider's value into [min, max]), as the front end would.
func (m *Model) Set(name string, value any) error {
	v, err := m.validate(name, value)
	if err != nil {
		return err
	}
	changed := m.apply(map[string]any{name: v})
	if len(changed) > 0 {
		m.send(map[string]any{"method": "update", "state": jsonState(changed), "buffer_paths": []any{}})
		m.notify(changed)
	}
	return nil
}

// Observe calls f after every change of attribute name, from the front end or from Set.
func (m *Model) Observe(name string, f func()) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.observers[name] = append(m.observers[name], f)
}

// Close removes the widget from every front end showing it and forgets it; a closed
// widget keeps its last state but is shown no more.
func (m *Model) Close() {
	if m.markClosed() {
		hub.SendComm(hub.Comm{Type: "comm_close", CommID: m.id})
	}
	for _, o := range m.owned {
		o.Close()
	}
}

// Closed reports whether the widget was closed, by Close or by the front end.
func (m *Model) Closed() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.closed
}

func (m *Model) markClosed() bool {
	m.mu.Lock()
	was := m.closed
	m.closed = true
	m.mu.Unlock()
	registry.Lock()
	delete(registry.models, m.id)
	registry.Unlock()
	return !was
}

// MIMEBundle shows the widget: a view of its model for front ends with a widget
// manager, and text (or HTML, for output areas) for the others.
func (m *Model) MIMEBundle() map[string]any {
	b := map[string]any{
		viewMIME:     map[string]any{"model_id": m.id, "version_major": 2, "version_minor": 0},
		"text/plain": m.String(),
	}
	if m.static != nil {
		if h := m.static(); h != "" {
			b["text/html"] = h
		}
	}
	return b
}

// String describes the widget in one line, such as `IntSlider(description="n", value=3)`.
func (m *Model) String() string {
	if m.describe != nil {
		return m.describe()
	}
	return strings.TrimSuffix(m.name, "Model") + "()"
}

// describeAttrs writes name(attr=value, ...) with the attributes given, in that order.
func (m *Model) describeAttrs(attrs ...string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var b strings.Builder
	b.WriteString(strings.TrimSuffix(m.name, "Model") + "(")
	for i, a := range attrs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(a + "=" + formatValue(m.state[a]))
	}
	b.WriteString(")")
	return b.String()
}

func formatValue(v any) string {
	switch v := v.(type) {
	case string:
		return strconv.Quote(v)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case []string:
		q := make([]string, len(v))
		for i, s := range v {
			q[i] = strconv.Quote(s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	return fmt.Sprint(v)
}

// validate checks value for attribute name and converts it to the attribute's kind.
func (m *Model) validate(name string, value any) (any, error) {
	m.mu.Lock()
	cur, ok := m.state[name]
	check := m.check
	nullable := m.nullable[name]
	m.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("widgets: %s has no attribute %q", strings.TrimSuffix(m.name, "Model"), name)
	}
	v, err := value, error(nil)
	if !nullable || value != nil {
		v, err = convert(cur, value)
	}
	if err != nil {
		return nil, fmt.Errorf("widgets: %s.%s: %w", strings.TrimSuffix(m.name, "Model"), name, err)
	}
	if check != nil {
		if v, err = check(name, v); err != nil {
			return nil, fmt.Errorf("widgets: %s.%s: %w", strings.TrimSuffix(m.name, "Model"), name, err)
		}
	}
	return v, nil
}

// convert brings v to the kind of cur, the attribute's current value: JSON numbers to
// int for integer attributes, any Go number to float64 for float ones. An attribute
// whose current value is nil (such as a tooltip) takes any value.
func convert(cur, v any) (any, error) {
	if cur == nil {
		return v, nil
	}
	rv := reflect.ValueOf(v)
	switch cur.(type) {
	case int:
		switch {
		case rv.CanInt():
			return int(rv.Int()), nil
		case rv.CanUint():
			return int(rv.Uint()), nil
		case rv.CanFloat():
			f := rv.Float()
			if f != math.Trunc(f) || math.IsInf(f, 0) || math.Abs(f) > 1<<53 {
				return nil, fmt.Errorf("%v is not an integer", v)
			}
			return int(f), nil
		}
		return nil, fmt.Errorf("want an integer, got %T", v)
	case float64:
		switch {
		case rv.CanFloat():
			f := rv.Float()
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return nil, fmt.Errorf("want a finite number, got %v", f)
			}
			return f, nil
		case rv.CanInt():
			return float64(rv.Int()), nil
		case rv.CanUint():
			return float64(rv.Uint()), nil
		}
		return nil, fmt.Errorf("want a number, got %T", v)
	case bool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
		return nil, fmt.Errorf("want a bool, got %T", v)
	case string:
		if s, ok := v.(string); ok {
			return s, nil
		}
		return nil, fmt.Errorf("want a string, got %T", v)
	}
	return v, nil
}

// apply sets the given attributes and returns those whose value changed.
func (m *Model) apply(state map[string]any) map[string]any {
	m.mu.Lock()
	defer m.mu.Unlock()
	changed := map[string]any{}
	for k, v := range state {
		if !reflect.DeepEqual(m.state[k], v) {
			m.state[k] = v
			changed[k] = v
		}
	}
	return changed
}

// notify runs the callbacks of the changed attributes, in a stable order.
func (m *Model) notify(changed map[string]any) {
	names := make([]string, 0, len(changed))
	for k := range changed {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		m.mu.Lock()
		obs := append([]func(){}, m.observers[k]...)
		m.mu.Unlock()
		for _, f := range obs {
			f()
		}
	}
}

// send sends data on the model's comm, unless it is closed.
func (m *Model) send(data map[string]any) {
	m.mu.Lock()
	closed := m.closed
	m.mu.Unlock()
	if !closed {
		hub.SendComm(hub.Comm{Type: "comm_msg", CommID: m.id, Data: data})
	}
}

// fullState returns a copy of the state in its JSON form.
func (m *Model) fullState() map[string]any {
	m.mu.Lock()
	defer m.mu.Unlock()
	return jsonState(m.state)
}

// jsonState copies a state, turning []string into []any and *Model references into
// their "IPY_MODEL_" form, so that it encodes exactly as ipywidgets' does.
func jsonState(s map[string]any) map[string]any {
	out := make(map[string]any, len(s))
	for k, v := range s {
		switch v := v.(type) {
		case []string:
			l := make([]any, len(v))
			for i, x := range v {
				l[i] = x
			}
			out[k] = l
		default:
			out[k] = v
		}
	}
	return out
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
