package widgets

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/descentlab/descent/interp/internal/hub"
)

// wire records what widgets send to the front end.
type wire struct {
	mu   sync.Mutex
	msgs []hub.Comm
}

func (w *wire) send(c hub.Comm) error {
	// Through JSON, as the kernel sends them, so tests see what a front end sees.
	b, err := json.Marshal(c)
	if err != nil {
		return err
	}
	var back hub.Comm
	if err := json.Unmarshal(b, &back); err != nil {
		return err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.msgs = append(w.msgs, back)
	return nil
}

// take returns and forgets what was sent.
func (w *wire) take() []hub.Comm {
	w.mu.Lock()
	defer w.mu.Unlock()
	m := w.msgs
	w.msgs = nil
	return m
}

func listen(t *testing.T) *wire {
	t.Helper()
	w := &wire{}
	hub.SetCommSender(w.send)
	t.Cleanup(func() { hub.SetCommSender(nil) })
	return w
}

// opened returns the states of the comm_open messages, in order, by model name.
func opened(t *testing.T, msgs []hub.Comm) (names []string, states []map[string]any) {
	t.Helper()
	for _, m := range msgs {
		if m.Type != "comm_open" {
			continue
		}
		if m.Target != "jupyter.widget" || m.Metadata["version"] != "2.1.0" || m.Data["buffer_paths"] == nil {
			t.Errorf("comm_open %+v: want target jupyter.widget, version 2.1.0, buffer_paths", m)
		}
		s := m.Data["state"].(map[string]any)
		names = append(names, s["_model_name"].(string))
		states = append(states, s)
	}
	return names, states
}

func TestSliderOpensLayoutAndStyleFirst(t *testing.T) {
	w := listen(t)
	s := NewIntSlider("n", 50, 0, 10, 2)
	msgs := w.take()
	names, states := opened(t, msgs)
	if !reflect.DeepEqual(names, []string{"LayoutModel", "SliderStyleModel", "IntSliderModel"}) {
		t.Fatalf("opened %v", names)
	}
	st := states[2]
	if st["layout"] != "IPY_MODEL_"+msgs[0].CommID || st["style"] != "IPY_MODEL_"+msgs[1].CommID {
		t.Errorf("references layout=%v style=%v, want the models opened before", st["layout"], st["style"])
	}
	if st["value"] != 10.0 || st["max"] != 10.0 || st["step"] != 2.0 || st["description"] != "n" || st["readout_format"] != "d" {
		t.Errorf("state %v: want value brought into [0, 10]", st)
	}
	if s.Value() != 10 || msgs[2].CommID != s.ModelID() {
		t.Errorf("Value() = %d, id %s vs %s", s.Value(), s.ModelID(), msgs[2].CommID)
	}
	if got := s.String(); got != `IntSlider(description="n", value=10, min=0, max=10, step=2)` {
		t.Errorf("String() = %s", got)
	}
	b := s.MIMEBundle()
	if v := b["application/vnd.jupyter.widget-view+json"].(map[string]any); v["model_id"] != s.ModelID() || v["version_major"] != 2 {
		t.Errorf("view %v", v)
	}
}

func TestUpdatesFromTheFrontEnd(t *testing.T) {
	w := listen(t)
	s := NewFloatSlider("x", 0.5, 0, 1, 0.1)
	var seen []float64
	s.OnChange(func(v float64) { seen = append(seen, v) })
	w.take()
	tests := []struct {
		name  string
		state map[string]any
		echo  map[string]any // nil: no echo
		value float64
	}{
		{"in range", map[string]any{"value": 0.7}, map[string]any{"value": 0.7}, 0.7},
		{"clamped", map[string]any{"value": 3.0}, map[string]any{"value": 1.0}, 1.0},
		{"same value", map[string]any{"value": 1.0}, map[string]any{"value": 1.0}, 1.0},
		{"wrong kind", map[string]any{"value": "high"}, nil, 1.0},
		{"identity is the kernel's", map[string]any{"_model_name": "ButtonModel"}, nil, 1.0},
		{"unknown attribute", map[string]any{"colour": "red"}, nil, 1.0},
	}
	for _, tc := range tests {
		if err := receive(hub.Comm{Type: "comm_msg", CommID: s.ModelID(), Data: map[string]any{"method": "update", "state": tc.state}}); err != nil {
			t.Fatal(err)
		}
		msgs := w.take()
		switch {
		case tc.echo == nil && len(msgs) != 0:
			t.Errorf("%s: sent %+v, want nothing", tc.name, msgs)
		case tc.echo != nil && (len(msgs) != 1 || msgs[0].Data["method"] != "echo_update" || !reflect.DeepEqual(msgs[0].Data["state"], tc.echo)):
			t.Errorf("%s: sent %+v, want an echo_update of %v", tc.name, msgs, tc.echo)
		}
		if s.Value() != tc.value {
			t.Errorf("%s: value %v, want %v", tc.name, s.Value(), tc.value)
		}
	}
	if !reflect.DeepEqual(seen, []float64{0.7, 1.0}) {
		t.Errorf("OnChange saw %v, want one call per change", seen)
	}
	// A change from the kernel reaches the front ends and the callbacks too.
	s.SetValue(0.25)
	if msgs := w.take(); len(msgs) != 1 || msgs[0].Data["method"] != "update" || msgs[0].Data["state"].(map[string]any)["value"] != 0.25 {
		t.Errorf("SetValue sent %+v", msgs)
	}
	if seen[len(seen)-1] != 0.25 {
		t.Errorf("OnChange after SetValue saw %v", seen)
	}
	if err := s.Set("colour", "red"); err == nil || !strings.Contains(err.Error(), `FloatSlider has no attribute "colour"`) {
		t.Errorf("Set of an unknown attribute: %v", err)
	}
	if err := s.Set("disabled", 1); err == nil || !strings.Contains(err.Error(), "want a bool") {
		t.Errorf("Set of a wrong kind: %v", err)
	}
	if err := s.Set("tooltip", "drag me"); err != nil {
		t.Errorf("Set tooltip: %v", err)
	}
	if err := s.Set("tooltip", nil); err != nil {
		t.Errorf("Set tooltip back to null: %v", err)
	}
}

func TestRequestStateAndControlComm(t *testing.T) {
	w := listen(t)
	c := NewCheckbox("on", true)
	w.take()
	if err := receive(hub.Comm{Type: "comm_msg", CommID: c.ModelID(), Data: map[string]any{"method": "request_state"}}); err != nil {
		t.Fatal(err)
	}
	msgs := w.take()
	if len(msgs) != 1 || msgs[0].Data["method"] != "update" || msgs[0].Data["state"].(map[string]any)["_model_name"] != "CheckboxModel" {
		t.Fatalf("request_state answered %+v", msgs)
	}
	if err := receive(hub.Comm{Type: "comm_open", CommID: "ctl", Target: "jupyter.widget.control"}); err != nil {
		t.Fatal(err)
	}
	if err := receive(hub.Comm{Type: "comm_open", CommID: "x", Target: "jupyter.widget"}); err == nil {
		t.Error("a front end opened a jupyter.widget comm in the kernel")
	}
	if err := receive(hub.Comm{Type: "comm_msg", CommID: "ctl", Data: map[string]any{"method": "request_states"}}); err != nil {
		t.Fatal(err)
	}
	msgs = w.take()
	if len(msgs) != 1 || msgs[0].CommID != "ctl" || msgs[0].Data["method"] != "update_states" {
		t.Fatalf("request_states answered %+v", msgs)
	}
	st := msgs[0].Data["states"].(map[string]any)[c.ModelID()].(map[string]any)
	if st["model_name"] != "CheckboxModel" || st["model_module"] != "@jupyter-widgets/controls" || st["state"].(map[string]any)["value"] != true {
		t.Errorf("state of the checkbox in update_states: %v", st)
	}
	_ = receive(hub.Comm{Type: "comm_close", CommID: "ctl"})
}

func TestCloseLeavesNothing(t *testing.T) {
	w := listen(t)
	before := Live()
	b := NewButton("go")
	d := NewDropdown("pick", []string{"a", "b"}, "b")
	if Live() != before+6 {
		t.Fatalf("Live() = %d after two controls, want %d", Live(), before+6)
	}
	w.take()
	b.Close()
	msgs := w.take()
	if len(msgs) != 3 || msgs[0].Type != "comm_close" || msgs[0].CommID != b.ModelID() {
		t.Errorf("Close sent %+v, want comm_close for the button, its layout and style", msgs)
	}
	// The front end closes the dropdown: the kernel forgets it without answering.
	if err := receive(hub.Comm{Type: "comm_close", CommID: d.ModelID()}); err != nil {
		t.Fatal(err)
	}
	if !d.Closed() || !b.Closed() {
		t.Error("closed widgets do not say so")
	}
	if msgs := w.take(); len(msgs) != 0 {
		t.Errorf("a comm_close from the front end was answered with %+v", msgs)
	}
	d.SetValue("a") // a closed widget keeps working for the kernel, silently
	if msgs := w.take(); len(msgs) != 0 {
		t.Errorf("a closed widget sent %+v", msgs)
	}
	if Live() != before+2 { // the dropdown's layout and style were not closed by the front end
		t.Errorf("Live() = %d, want %d", Live(), before+2)
	}
	d.Close()
	if Live() != before {
		t.Errorf("Live() = %d after closing everything, want %d", Live(), before)
	}
}

func TestDropdownButtonText(t *testing.T) {
	w := listen(t)
	d := NewDropdown("opt", []string{"sgd", "adam"}, "adam")
	if d.Value() != "adam" || d.Index() != 1 {
		t.Errorf("dropdown at %q (%d)", d.Value(), d.Index())
	}
	_, states := opened(t, w.take())
	if labels := states[2]["_options_labels"]; !reflect.DeepEqual(labels, []any{"sgd", "adam"}) || states[2]["index"] != 1.0 {
		t.Errorf("dropdown state %v", states[2])
	}
	var picked []string
	d.OnChange(func(v string) { picked = append(picked, v) })
	_ = receive(hub.Comm{Type: "comm_msg", CommID: d.ModelID(), Data: map[string]any{"method": "update", "state": map[string]any{"index": 0.0}}})
	_ = receive(hub.Comm{Type: "comm_msg", CommID: d.ModelID(), Data: map[string]any{"method": "update", "state": map[string]any{"index": 5.0}}})
	if d.Value() != "sgd" || !reflect.DeepEqual(picked, []string{"sgd"}) {
		t.Errorf("after index 0 then 5: %q, callbacks %v", d.Value(), picked)
	}
	if err := d.SetValue("lbfgs"); err == nil {
		t.Error("SetValue of a missing option succeeded")
	}

	b := NewButton("go")
	clicks := 0
	b.OnClick(func() { clicks++ })
	b.OnClick(func() { panic("second handler fails") })
	b.OnClick(func() { clicks += 10 })
	_ = receive(hub.Comm{Type: "comm_msg", CommID: b.ModelID(), Data: map[string]any{"method": "custom", "content": map[string]any{"event": "click"}}})
	if clicks != 11 {
		t.Errorf("clicks = %d: a failing handler must not stop the others", clicks)
	}

	tx := NewText("name", "ada")
	var submitted string
	tx.OnSubmit(func(v string) { submitted = v })
	_ = receive(hub.Comm{Type: "comm_msg", CommID: tx.ModelID(), Data: map[string]any{"method": "update", "state": map[string]any{"value": "grace"}}})
	_ = receive(hub.Comm{Type: "comm_msg", CommID: tx.ModelID(), Data: map[string]any{"method": "custom", "content": map[string]any{"event": "submit"}}})
	if submitted != "grace" {
		t.Errorf("submitted %q", submitted)
	}
}

func TestConstructorsRejectBadBounds(t *testing.T) {
	tests := []struct {
		name string
		f    func()
		want string
	}{
		{"int min > max", func() { NewIntSlider("n", 0, 5, 1, 1) }, "min <= max"},
		{"int step 0", func() { NewIntSlider("n", 0, 0, 1, 0) }, "step >= 1"},
		{"float step < 0", func() { NewFloatSlider("x", 0, 0, 1, -1) }, "step > 0"},
		{"float NaN", func() { NewFloatSlider("x", 0, 0, math.NaN(), 0.1) }, "min <= max"},
		{"log min 0", func() { NewFloatLogSlider("lr", 1e-3, 0, 1) }, "0 < min"},
		{"dropdown value", func() { NewDropdown("o", []string{"a"}, "b") }, `"b" is not one of the options ["a"]`},
	}
	for _, tc := range tests {
		func() {
			defer func() {
				r := recover()
				if r == nil || !strings.Contains(fmt.Sprint(r), tc.want) {
					t.Errorf("%s: panic %v, want one mentioning %q", tc.name, r, tc.want)
				}
			}()
			tc.f()
		}()
	}
}

func TestFloatLogSlider(t *testing.T) {
	w := listen(t)
	s := NewFloatLogSlider("lr", 1e-7, 1e-5, 1e-1)
	_, states := opened(t, w.take())
	st := states[2]
	if st["min"] != -5.0 || st["max"] != -1.0 || st["base"] != 10.0 || st["value"] != 1e-5 {
		t.Errorf("state %v: want exponents -5..-1 and the value brought to 1e-5", st)
	}
	_ = receive(hub.Comm{Type: "comm_msg", CommID: s.ModelID(), Data: map[string]any{"method": "update", "state": map[string]any{"value": 0.5}}})
	if s.Value() != 0.1 {
		t.Errorf("value %v, want 0.1 (the top of the range)", s.Value())
	}
}

func TestInteract(t *testing.T) {
	w := listen(t)
	n := NewIntSlider("n", 2, 0, 10, 1)
	x := NewFloatSlider("x", 0.5, 0, 1, 0.1)
	on := NewCheckbox("on", true)
	w.take()
	var calls []string
	it := Interact(func(n int, x float64, on bool) (string, error) {
		calls = append(calls, fmt.Sprint(n, x, on))
		if n == 7 {
			return "", errors.New("seven is not allowed")
		}
		if n == 8 {
			var m map[string]int
			m["boom"] = 1
		}
		return fmt.Sprintf("n=%d x=%g on=%v", n, x, on), nil
	}, n, x, on)
	names, _ := opened(t, w.take())
	if !reflect.DeepEqual(names, []string{"LayoutModel", "OutputModel", "LayoutModel", "VBoxModel"}) {
		t.Errorf("Interact opened %v, want an output area and a box", names)
	}
	if !reflect.DeepEqual(calls, []string{"2 0.5 true"}) {
		t.Fatalf("first calls %v", calls)
	}
	outputs := func() []any { return it.Output().Get("outputs").([]any) }
	if o := outputs(); len(o) != 1 || o[0].(map[string]any)["data"].(map[string]any)["text/plain"] != `"n=2 x=0.5 on=true"` {
		t.Errorf("outputs after the first call: %v", o)
	}
	_ = receive(hub.Comm{Type: "comm_msg", CommID: n.ModelID(), Data: map[string]any{"method": "update", "state": map[string]any{"value": 7.0}}})
	if o := outputs(); len(o) != 1 || o[0].(map[string]any)["output_type"] != "error" || !strings.Contains(o[0].(map[string]any)["evalue"].(string), "seven") {
		t.Errorf("outputs after a returned error: %v", o)
	}
	_ = receive(hub.Comm{Type: "comm_msg", CommID: n.ModelID(), Data: map[string]any{"method": "update", "state": map[string]any{"value": 8.0}}})
	if o := outputs(); len(o) != 1 || !strings.Contains(fmt.Sprint(o[0].(map[string]any)["evalue"]), "nil map") || it.Err() == nil {
		t.Errorf("outputs after a panic: %v (Err %v)", o, it.Err())
	}
	n.SetValue(3) // the kernel changing a control counts too
	on.SetValue(false)
	if o := outputs(); len(o) != 1 || o[0].(map[string]any)["data"].(map[string]any)["text/plain"] != `"n=3 x=0.5 on=false"` || it.Err() != nil {
		t.Errorf("outputs after SetValue: %v", o)
	}
	if len(calls) != 5 {
		t.Errorf("calls %v, want one per change", calls)
	}
	if s := it.String(); !strings.HasPrefix(s, `Interact(n=3, x=0.5, on=false)`) {
		t.Errorf("String() = %q", s)
	}
	if h := it.MIMEBundle()["text/html"].(string); !strings.Contains(h, "<b>n</b> 3") || !strings.Contains(h, "n=3 x=0.5 on=false") {
		t.Errorf("static HTML %q", h)
	}
}

func TestInteractRejectsMismatches(t *testing.T) {
	listen(t)
	n := NewIntSlider("n", 2, 0, 10, 1)
	d := NewDropdown("opt", []string{"a"}, "a")
	tests := []struct {
		name string
		f    any
		c    []Widget
		want string
	}{
		{"not a function", 3, []Widget{n}, "want a function"},
		{"count", func(a, b int) {}, []Widget{n}, "takes 2 parameters for 1 controls"},
		{"kind", func(s string) {}, []Widget{n}, "parameter 1 is a string, but control 1 (IntSlider"},
		{"float to int", func(a int, s string) {}, []Widget{NewFloatSlider("x", 0, 0, 1, 0.1), d}, "gives a float64"},
		{"button", func() {}, []Widget{NewButton("b")}, "has no value"},
		{"variadic", func(a ...int) {}, []Widget{n}, "variadic"},
	}
	for _, tc := range tests {
		func() {
			defer func() {
				r := recover()
				if r == nil || !strings.Contains(fmt.Sprint(r), tc.want) {
					t.Errorf("%s: panic %v, want one mentioning %q", tc.name, r, tc.want)
				}
			}()
			Interact(tc.f, tc.c...)
		}()
	}
	// Integer controls fit float parameters; no parameters at all is fine too.
	Interact(func(v float64, s string) {}, n, d)
	Interact(func() {}, n, d)
}

func TestOutputCaptureAndThrottle(t *testing.T) {
	w := listen(t)
	o := NewOutput()
	w.take()
	sink := o.sink()
	for i := 0; i < 50; i++ {
		sink.Stream("stdout", "x")
	}
	sink.Display(map[string]any{"text/plain": "bar 1"}, nil, "p", false)
	sink.Display(map[string]any{"text/plain": "bar 2"}, nil, "p", true)
	sent := len(w.take())
	o.flush()
	if sent > 2 {
		t.Errorf("52 outputs in a burst sent %d updates, want at most 2 before the flush", sent)
	}
	out := o.Get("outputs").([]any)
	if len(out) != 2 || out[0].(map[string]any)["text"] != strings.Repeat("x", 50) ||
		out[1].(map[string]any)["data"].(map[string]any)["text/plain"] != "bar 2" {
		t.Errorf("outputs %v: want one merged stream and the updated display", out)
	}
	if o.Text() != strings.Repeat("x", 50) {
		t.Errorf("Text() = %q", o.Text())
	}
	err := o.Capture(func() { panic("inside capture") })
	if err == nil || !strings.Contains(fmt.Sprint(o.Get("outputs")), "inside capture") {
		t.Errorf("Capture of a panic: %v, outputs %v", err, o.Get("outputs"))
	}
	o.Clear()
	if len(o.Get("outputs").([]any)) != 0 {
		t.Error("Clear left outputs")
	}
}
