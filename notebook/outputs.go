package notebook

import (
	"errors"
	"strings"
)

// ErrNoStdin is what a cell reading standard input gets in a headless run: there is nobody
// to type the answer.
var ErrNoStdin = errors.New("standard input is not available when a notebook runs headless (kernel run)")

// displays maps a display id to the outputs showing it, across all cells of a run, since
// a later cell may update a display that an earlier one created.
type displays map[string][]map[string]any

// recorder turns a cell's output events into nbformat outputs the way the Jupyter front
// ends do: adjacent stream text of one name is merged, update_display_data rewrites the
// outputs that carry its display id (in this cell or an earlier one), and
// clear_output(wait) waits for the next output.
type recorder struct {
	outputs   []map[string]any
	displays  displays
	clearNext bool
}

func newRecorder(d displays) *recorder { return &recorder{displays: d} }

func (r *recorder) add(o map[string]any) int {
	if r.clearNext {
		r.clear()
	}
	r.outputs = append(r.outputs, o)
	return len(r.outputs) - 1
}

func (r *recorder) clear() {
	r.outputs = nil
	r.clearNext = false
}

// Stream appends text to the cell's stdout or stderr.
func (r *recorder) Stream(name, text string) {
	if text == "" {
		return
	}
	if !r.clearNext && len(r.outputs) > 0 {
		last := r.outputs[len(r.outputs)-1]
		if last["output_type"] == "stream" && last["name"] == name {
			last["text"] = last["text"].(string) + text
			return
		}
	}
	r.add(map[string]any{"output_type": "stream", "name": name, "text": text})
}

// Display appends a display_data output.
func (r *recorder) Display(data, metadata map[string]any, displayID string) {
	o := displayOutput("display_data", data, metadata)
	r.add(o)
	if displayID != "" {
		r.displays[displayID] = append(r.displays[displayID], o)
	}
}

// UpdateDisplay rewrites, in place, every earlier output that shows displayID; an unknown
// id is ignored, as in Jupyter.
func (r *recorder) UpdateDisplay(data, metadata map[string]any, displayID string) {
	fresh := displayOutput("display_data", data, metadata)
	for _, o := range r.displays[displayID] {
		o["data"], o["metadata"] = fresh["data"], fresh["metadata"]
	}
}

// ClearOutput drops the cell's outputs now, or at the next output when wait is set.
func (r *recorder) ClearOutput(wait bool) {
	if wait {
		r.clearNext = true
		return
	}
	r.clear()
}

// Input fails: a headless run has no one to answer.
func (r *recorder) Input(prompt string, password bool) (string, error) {
	return "", ErrNoStdin
}

func (r *recorder) result(count int, data, metadata map[string]any) {
	o := displayOutput("execute_result", data, metadata)
	o["execution_count"] = count
	r.add(o)
}

func (r *recorder) error(name, value string, traceback []string) {
	tb := make([]any, len(traceback))
	for i, l := range traceback {
		tb[i] = l
	}
	r.add(map[string]any{"output_type": "error", "ename": name, "evalue": value, "traceback": tb})
}

// finish converts stream text into nbformat's list-of-lines form. A clear_output(wait)
// with no output after it leaves the outputs, as nbclient and JupyterLab do.
func (r *recorder) finish() []map[string]any {
	for _, o := range r.outputs {
		if s, ok := o["text"].(string); ok {
			o["text"] = splitLines(s)
		}
	}
	return r.outputs
}

// textual reports whether nbformat stores a MIME type's value as multi-line text (JSON
// payloads stay objects; base64 images stay one string, as Jupyter writes them).
func textual(mime string) bool {
	return strings.HasPrefix(mime, "text/") || mime == "image/svg+xml"
}

// displayOutput builds a rich output with its MIME bundle already in nbformat's form:
// multi-line text as lists of lines.
func displayOutput(kind string, data, metadata map[string]any) map[string]any {
	if metadata == nil {
		metadata = map[string]any{}
	}
	d := make(map[string]any, len(data))
	for mime, v := range data {
		if s, ok := v.(string); ok && textual(mime) {
			v = splitLines(s)
		}
		d[mime] = v
	}
	return map[string]any{"output_type": kind, "data": d, "metadata": metadata}
}
