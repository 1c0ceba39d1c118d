package interp

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// commLog records the comm messages widgets send, as the kernel would forward them.
type commLog struct {
	mu   sync.Mutex
	msgs []CommMsg
}

func (l *commLog) send(m CommMsg) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.msgs = append(l.msgs, m)
	return nil
}

// model returns the id of the last model opened with the given _model_name and
// description ("" for any).
func (l *commLog) model(t *testing.T, name, description string) string {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := len(l.msgs) - 1; i >= 0; i-- {
		m := l.msgs[i]
		if m.Type != "comm_open" {
			continue
		}
		s := m.Data["state"].(map[string]any)
		if s["_model_name"] == name && (description == "" || s["description"] == description) {
			return m.CommID
		}
	}
	t.Fatalf("no %s %q was opened", name, description)
	return ""
}

// outputs returns the last outputs state sent for model id.
func (l *commLog) outputs(id string) []any {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []any
	for _, m := range l.msgs {
		if m.CommID != id {
			continue
		}
		var st map[string]any
		if m.Type == "comm_open" {
			st = m.Data["state"].(map[string]any)
		} else if m.Data["method"] == "update" {
			st, _ = m.Data["state"].(map[string]any)
		}
		if o, ok := st["outputs"].([]any); ok {
			out = o
		}
	}
	return out
}

func listenComms(t *testing.T) *commLog {
	l := &commLog{}
	SetCommSender(l.send)
	t.Cleanup(func() { SetCommSender(nil) })
	return l
}

func commUpdate(id string, state map[string]any) CommMsg {
	return CommMsg{Type: "comm_msg", CommID: id, Data: map[string]any{"method": "update", "state": state}}
}

// describeOutputs is a compact form of an Output widget's outputs for comparisons.
func describeOutputs(outs []any) string {
	var parts []string
	for _, o := range outs {
		m := o.(map[string]any)
		switch m["output_type"] {
		case "stream":
			parts = append(parts, m["name"].(string)+":"+m["text"].(string))
		case "display_data":
			parts = append(parts, "display:"+fmt.Sprint(m["data"].(map[string]any)["text/plain"]))
		case "error":
			parts = append(parts, "error:"+m["ename"].(string)+":"+m["evalue"].(string))
		}
	}
	return strings.Join(parts, "|")
}

func TestInteractRunsCallbacksIntoItsOutput(t *testing.T) {
	l := listenComms(t)
	s := newSession(t)
	res, rec := run(t, s, `
import "github.com/descentlab/descent/interp/widgets"
import "os"

n := widgets.NewIntSlider("n", 1, 0, 10, 1)
name := widgets.NewText("name", "ada")
var data = []int{7}
fmt.Println("before")
widgets.Interact(func(n int, name string) string {
	fmt.Println("hello", name)
	fmt.Fprintln(os.Stdout, "n is", n)
	display.Show(display.HTML("<b>shown</b>"))
	return fmt.Sprint("value ", data[n-1])
}, n, name)`)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	// The cell shows its own output and the widget; the callback's went to the widget.
	if rec.stream("stdout") != "before\n" || !strings.HasPrefix(plain(res.Data), "Interact(n=1, name=\"ada\")") {
		t.Errorf("cell stdout %q, result %q", rec.stream("stdout"), plain(res.Data))
	}
	if _, ok := res.Data["application/vnd.jupyter.widget-view+json"]; !ok {
		t.Errorf("the result is not a widget view: %v", res.Data)
	}
	out := l.model(t, "OutputModel", "")
	want := `stdout:hello ada
n is 1
|display:<b>shown</b>|display:"value 7"`
	if got := describeOutputs(l.outputs(out)); got != want {
		t.Errorf("outputs after the first call:\n%s\nwant\n%s", got, want)
	}

	// A change from the front end runs the function again, replacing the outputs; the
	// comm message's own output gets nothing.
	comm := &recorder{}
	if err := s.Comm(context.Background(), commUpdate(l.model(t, "TextModel", "name"), map[string]any{"value": "grace"}), comm); err != nil {
		t.Fatal(err)
	}
	want = strings.Replace(want, "ada", "grace", 1)
	if got := describeOutputs(l.outputs(out)); got != want {
		t.Errorf("outputs after a change:\n%s\nwant\n%s", got, want)
	}
	if len(comm.events) != 0 {
		t.Errorf("the comm message's output got %v", comm.events)
	}

	// A panic shows as an error in the output area, in the Go runtime's words with the
	// cell position; the widget keeps working.
	if err := s.Comm(context.Background(), commUpdate(l.model(t, "IntSliderModel", "n"), map[string]any{"value": 5.0}), comm); err != nil {
		t.Fatal(err)
	}
	got := describeOutputs(l.outputs(out))
	if !strings.Contains(got, "error:panic:runtime error: index out of range") {
		t.Errorf("outputs after a panic: %s", got)
	}
	outs := l.outputs(out)
	if tb := fmt.Sprint(outs[len(outs)-1].(map[string]any)["traceback"]); !strings.Contains(tb, "cell[1]:13:30: in func") { // data[n-1]
		t.Errorf("traceback %s does not name the failing function", tb)
	}
	if err := s.Comm(context.Background(), commUpdate(l.model(t, "IntSliderModel", "n"), map[string]any{"value": 1.0}), comm); err != nil {
		t.Fatal(err)
	}
	if got := describeOutputs(l.outputs(out)); !strings.HasSuffix(got, `display:"value 7"`) {
		t.Errorf("outputs after recovering: %s", got)
	}

	// Cells print to their own output again.
	res, rec = run(t, s, `fmt.Println("after"); n.Value()`)
	if res.Err != nil || rec.stream("stdout") != "after\n" || plain(res.Data) != "1" {
		t.Errorf("a later cell: %v, stdout %q, value %v", res.Err, rec.stream("stdout"), res.Data)
	}
}

func TestOnChangeOutputGoesToTheCommMessage(t *testing.T) {
	l := listenComms(t)
	s := newSession(t)
	if res, _ := run(t, s, `
import "github.com/descentlab/descent/interp/widgets"
b := widgets.NewButton("go")
clicks := 0
b.OnClick(func() { clicks++; fmt.Println("clicked", clicks) })
cb := widgets.NewCheckbox("fail", false)
cb.OnChange(func(v bool) { var m map[string]int; m["x"] = 1 })`); res.Err != nil {
		t.Fatal(res.Err)
	}
	comm := &recorder{}
	click := CommMsg{Type: "comm_msg", CommID: l.model(t, "ButtonModel", "go"), Data: map[string]any{"method": "custom", "content": map[string]any{"event": "click"}}}
	for range 2 {
		if err := s.Comm(context.Background(), click, comm); err != nil {
			t.Fatal(err)
		}
	}
	if got := comm.stream("stdout"); got != "clicked 1\nclicked 2\n" {
		t.Errorf("stdout of the clicks %q", got)
	}
	if err := s.Comm(context.Background(), commUpdate(l.model(t, "CheckboxModel", "fail"), map[string]any{"value": true}), comm); err != nil {
		t.Fatal(err)
	}
	if got := comm.stream("stderr"); !strings.Contains(got, "Checkbox.OnChange failed: panic: assignment to entry in nil map") {
		t.Errorf("stderr of a failing callback %q", got)
	}
	if err := s.Comm(context.Background(), CommMsg{Type: "comm_open", CommID: "x", Target: "nobody"}, comm); err == nil {
		t.Error("a comm_open to an unknown target was accepted")
	}
	if res, _ := run(t, s, "clicks"); plain(res.Data) != "2" {
		t.Errorf("clicks = %v", res.Data)
	}
}

// The widget API as cells use it, through the interpreter.
func TestWidgetAPIFromCells(t *testing.T) {
	l := listenComms(t)
	s := newSession(t)
	res, rec := run(t, s, `
import "github.com/descentlab/descent/interp/widgets"
s := widgets.NewIntSlider("n", 3, 0, 5, 1)
if err := s.Layout().Set("width", "50%"); err != nil { panic(err) }
if err := s.Style().Set("handle_color", "red"); err != nil { panic(err) }
seen := 0
s.Observe("description", func() { seen++ })
s.Set("description", "count")
out := widgets.NewOutput()
err := out.Capture(func() {
	fmt.Println("captured")
	display.Show(display.HTML("<i>in the output</i>"))
})
fmt.Println("not captured", err, s.Get("description"), seen)
box := widgets.NewHBox(s)
box.SetChildren(s, out)
display.Show(box)
len(box.Children())`)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if rec.stream("stdout") != "not captured <nil> count 1\n" || plain(res.Data) != "2" {
		t.Errorf("stdout %q, result %q", rec.stream("stdout"), plain(res.Data))
	}
	if len(rec.displays) != 1 || rec.displays[0]["application/vnd.jupyter.widget-view+json"] == nil {
		t.Errorf("display.Show(box) showed %v", rec.displays)
	}
	if got := describeOutputs(l.outputs(l.model(t, "OutputModel", ""))); got != "stdout:captured\n|display:<i>in the output</i>" {
		t.Errorf("captured %q", got)
	}
	// Mistakes are errors that say what is wrong.
	res, _ = run(t, s, `widgets.NewIntSlider("bad", 0, 5, 1, 1)`)
	if res.Err == nil || !strings.Contains(res.Err.Value, "want min <= max") {
		t.Errorf("bad bounds: %v", res.Err)
	}
	res, _ = run(t, s, `widgets.Interact(func(x string) {}, s)`)
	if res.Err == nil || !strings.Contains(res.Err.Value, "parameter 1 is a string, but control 1 (IntSlider") {
		t.Errorf("mismatched Interact: %v", res.Err)
	}
}

// Interrupting a cell (which cancels an evaluation inside the interpreter) leaves the
// callbacks of earlier cells working.
func TestCallbacksSurviveAnInterruptedCell(t *testing.T) {
	l := listenComms(t)
	s := newSession(t)
	run(t, s, `
import "github.com/descentlab/descent/interp/widgets"
n := widgets.NewIntSlider("n", 1, 0, 10, 1)
k := 10
widgets.Interact(func(n int) { fmt.Println("n is", n, "k is", k) }, n)`)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if res := s.Execute(ctx, "for {}", 2, &recorder{}); res.Err == nil || res.Err.Name != "Interrupted" {
		t.Fatalf("the endless cell: %v", res.Err)
	}
	if err := s.Comm(context.Background(), commUpdate(l.model(t, "IntSliderModel", "n"), map[string]any{"value": 4.0}), &recorder{}); err != nil {
		t.Fatal(err)
	}
	if got := describeOutputs(l.outputs(l.model(t, "OutputModel", ""))); got != "stdout:n is 4 k is 10\n" {
		t.Errorf("the callback after an interrupted cell printed %q", got)
	}
}
