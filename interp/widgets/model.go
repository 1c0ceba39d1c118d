package widgets

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"reflect"
	"sort"
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
