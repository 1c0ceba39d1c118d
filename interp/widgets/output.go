package widgets

import (
	"strings"
	"sync"
	"time"

	"github.com/descentlab/descent/interp/internal/hub"
)

// Output is an output area: what callbacks print and display while it captures them
// (see Capture and Interact) shows in it, wherever the widget is.
type Output struct {
	*Model
	layout *Model

	omu       sync.Mutex
	outputs   []outputItem
	clearNext bool      // clear before the next output arrives (display.Clear(true), Interact's next call)
	sent      time.Time // when the outputs were last sent
	timer     *time.Timer
}

// outputItem is one output, in nbformat's JSON form, with the display id it was shown
// under (for updates).
type outputItem struct {
	json map[string]any
	id   string
}

// flushInterval bounds how often a busy callback's output is sent to the front end.
const flushInterval = 100 * time.Millisecond

// NewOutput returns an empty output area.
func NewOutput() *Output {
	layout := newLayout()
	s := header(outputModule, outputVersion, "OutputModel", outputModule, "OutputView")
	for k, v := range map[string]any{
		"_dom_classes": []any{}, "layout": ref(layout), "msg_id": "", "outputs": []any{},
		"tabbable": nil, "tooltip": nil,
	} {
		s[k] = v
	}
	o := &Output{Model: newModel(s, layout), layout: layout}
	o.check = func(name string, v any) (any, error) {
		if name == "outputs" || name == "msg_id" {
			return nil, errOutputs
		}
		return v, nil
	}
	o.static = o.html
	o.describe = func() string { return "Output(" + strings.TrimSpace(firstLine(o.Text())) + ")" }
	return o
}

type outputsError struct{}

func (outputsError) Error() string { return "an Output's contents change through Capture and Clear" }

var errOutputs error = outputsError{}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimLeft(s, "\n"), "\n")
	return s
}

// Layout returns the output area's layout model, whose attributes are CSS properties.
func (o *Output) Layout() *Model { return o.layout }

// Clear empties the output area.
func (o *Output) Clear() {
	o.omu.Lock()
	o.outputs, o.clearNext = nil, false
	o.omu.Unlock()
	o.flush()
}

// Capture runs f with what it prints and displays going to the output area, after what
// the area shows already. A panic in f is shown in the area and returned.
func (o *Output) Capture(f func()) error {
	err := hub.RunCallback(o.sink(), f)
	if err != nil {
		o.appendError(err)
	}
	o.flush()
	return err
}

// Text returns the text printed into the output area (its stream outputs).
func (o *Output) Text() string {
	o.omu.Lock()
	defer o.omu.Unlock()
	var b strings.Builder
	for _, it := range o.outputs {
		if it.json["output_type"] == "stream" {
			b.WriteString(it.json["text"].(string))
		}
	}
	return b.String()
}

// sink returns the hub.Sink that writes into the area.
func (o *Output) sink() hub.Sink { return outputSink{o} }

type outputSink struct{ o *Output }

func (s outputSink) Stream(name, text string) {
	o := s.o
	o.omu.Lock()
	o.takeClearLocked()
	if n := len(o.outputs); n > 0 && o.outputs[n-1].json["output_type"] == "stream" && o.outputs[n-1].json["name"] == name {
		o.outputs[n-1].json["text"] = o.outputs[n-1].json["text"].(string) + text
	} else {
		o.outputs = append(o.outputs, outputItem{json: map[string]any{"output_type": "stream", "name": name, "text": text}})
	}
	o.omu.Unlock()
	o.changed()
}

func (s outputSink) Display(data, metadata map[string]any, id string, update bool) {
	o := s.o
	if metadata == nil {
		metadata = map[string]any{}
	}
	item := map[string]any{"output_type": "display_data", "data": data, "metadata": metadata}
	o.omu.Lock()
	if update {
		for i := range o.outputs {
			if id != "" && o.outputs[i].id == id {
				o.outputs[i].json = item
			}
		}
	} else {
		o.takeClearLocked()
		o.outputs = append(o.outputs, outputItem{json: item, id: id})
	}
	o.omu.Unlock()
	o.changed()
}

func (s outputSink) ClearOutput(wait bool) {
	o := s.o
	o.omu.Lock()
	if wait {
		o.clearNext = true
	} else {
		o.outputs, o.clearNext = nil, false
	}
	o.omu.Unlock()
	o.changed()
}

// takeClearLocked performs a pending clear, as new output arrives.
func (o *Output) takeClearLocked() {
	if o.clearNext {
		o.outputs, o.clearNext = nil, false
	}
}

// appendError shows a callback's failure in the area.
func (o *Output) appendError(err error) {
	item := map[string]any{"output_type": "error", "ename": "Error", "evalue": err.Error(), "traceback": []any{err.Error()}}
	if ce, ok := err.(*hub.CallbackError); ok {
		tb := make([]any, len(ce.Traceback))
		for i, l := range ce.Traceback {
			tb[i] = l
		}
		item = map[string]any{"output_type": "error", "ename": ce.Name, "evalue": ce.Value, "traceback": tb}
	}
	o.omu.Lock()
	o.takeClearLocked()
	o.outputs = append(o.outputs, outputItem{json: item})
	o.omu.Unlock()
}

// changed sends the outputs now, or at most flushInterval after the last send, so a
// callback printing in a loop costs few messages and still shows progress.
func (o *Output) changed() {
	o.omu.Lock()
	wait := flushInterval - time.Since(o.sent)
	if wait > 0 {
		if o.timer == nil {
			o.timer = time.AfterFunc(wait, o.flush)
		}
		o.omu.Unlock()
		return
	}
	o.omu.Unlock()
	o.flush()
}

// flush sends the outputs to the front end.
func (o *Output) flush() {
	o.omu.Lock()
	if o.timer != nil {
		o.timer.Stop()
		o.timer = nil
	}
	o.sent = time.Now()
	list := make([]any, len(o.outputs))
	for i, it := range o.outputs {
		c := make(map[string]any, len(it.json)) // streams grow in place: send a snapshot
		for k, v := range it.json {
			c[k] = v
		}
		list[i] = c
	}
	o.omu.Unlock()
	changed := o.apply(map[string]any{"outputs": list})
	if len(changed) > 0 {
		o.send(map[string]any{"method": "update", "state": changed, "buffer_paths": []any{}})
	}
}
