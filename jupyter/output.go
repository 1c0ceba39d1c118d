package jupyter

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"time"
)

const (
	// streamFlushDelay is the longest time stream text waits in the buffer:
	// short output appears promptly, a busy loop still yields few messages.
	streamFlushDelay = 50 * time.Millisecond
	// streamFlushSize flushes the buffer early so memory stays bounded and a
	// long-running print loop shows progress.
	streamFlushSize = 64 << 10
)

// errOutputClosed is returned by Input called after its cell finished.
var errOutputClosed = errors.New("jupyter: output used after its execution finished")

// execOutput is the Output of one execution. It publishes on iopub with the
// execute_request as parent and buffers stream text.
type execOutput struct {
	s      *Server
	parent *message
	ctx    context.Context
	req    *ExecuteRequest

	mu     sync.Mutex
	closed bool
	name   string // stream the buffer belongs to
	buf    []byte
	timer  *time.Timer
}

func newExecOutput(s *Server, parent *message, ctx context.Context, req *ExecuteRequest) *execOutput {
	return &execOutput{s: s, parent: parent, ctx: ctx, req: req}
}

// begin locks o for publishing and flushes pending stream text so messages
// keep the order in which the cell produced them. It returns false, unlocked,
// when nothing may be published.
func (o *execOutput) begin(what string) bool {
	if o.req.Silent {
		return false
	}
	o.mu.Lock()
	if o.closed {
		o.mu.Unlock()
		o.s.log.Debug("dropping output produced after its cell finished", "kind", what)
		return false
	}
	o.flushLocked()
	return true
}

func (o *execOutput) Stream(name, text string) {
	if o.req.Silent || text == "" {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed {
		o.s.log.Debug("dropping stream text written after its cell finished", "name", name)
		return
	}
	if name != o.name {
		o.flushLocked()
		o.name = name
	}
	o.buf = append(o.buf, text...)
	if len(o.buf) >= streamFlushSize {
		o.flushLocked()
		return
	}
	if o.timer == nil {
		o.timer = time.AfterFunc(streamFlushDelay, o.timedFlush)
	}
}

func (o *execOutput) timedFlush() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.closed {
		o.flushLocked()
	}
}

func (o *execOutput) flushLocked() {
	if o.timer != nil {
		o.timer.Stop()
		o.timer = nil
	}
	if len(o.buf) == 0 {
		return
	}
	o.s.publish("stream", o.parent, map[string]any{"name": o.name, "text": string(o.buf)})
	o.buf = o.buf[:0]
}

// close flushes the streams and detaches o from the execution; it must
// return before the reply and idle status are sent.
func (o *execOutput) close() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.flushLocked()
	o.closed = true
}

func (o *execOutput) Display(data, metadata map[string]any, displayID string) {
	if !o.begin("display_data") {
		return
	}
	defer o.mu.Unlock()
	o.s.publish("display_data", o.parent, displayContent(data, metadata, displayID))
}

func (o *execOutput) UpdateDisplay(data, metadata map[string]any, displayID string) {
	if displayID == "" {
		o.s.log.Warn("ignoring update_display_data without a display id")
		return
	}
	if !o.begin("update_display_data") {
		return
	}
	defer o.mu.Unlock()
	o.s.publish("update_display_data", o.parent, displayContent(data, metadata, displayID))
}

func displayContent(data, metadata map[string]any, displayID string) map[string]any {
	c := map[string]any{"data": orEmpty(data), "metadata": orEmpty(metadata), "transient": map[string]any{}}
	if displayID != "" {
		c["transient"] = map[string]any{"display_id": displayID}
	}
	return c
}

func (o *execOutput) ClearOutput(wait bool) {
	if !o.begin("clear_output") {
		return
	}
	defer o.mu.Unlock()
	o.s.publish("clear_output", o.parent, map[string]any{"wait": wait})
}

func (o *execOutput) Result(data, metadata map[string]any) {
	if !o.begin("execute_result") {
		return
	}
	defer o.mu.Unlock()
	o.s.publish("execute_result", o.parent, map[string]any{
		"execution_count": o.req.ExecutionCount, "data": orEmpty(data), "metadata": orEmpty(metadata)})
}

func (o *execOutput) Input(prompt string, password bool) (string, error) {
	if !o.req.AllowStdin {
		return "", ErrStdinNotAllowed
	}
	o.mu.Lock()
	if o.closed {
		o.mu.Unlock()
		return "", errOutputClosed
	}
	// The prompt must follow whatever the cell printed before asking. A cell
	// that asks without a prompt usually printed one, as in
	// fmt.Print("name? ") followed by a read of os.Stdin: the unterminated
	// last line of pending stdout becomes the prompt, where the front end
	// shows it beside the input box, as IPython's input("name? ") does.
	if prompt == "" && o.name == "stdout" {
		if i := bytes.LastIndexByte(o.buf, '\n'); i+1 < len(o.buf) {
			prompt = string(o.buf[i+1:])
			o.buf = o.buf[:i+1]
		}
	}
	o.flushLocked()
	o.mu.Unlock()
	return o.s.requestInput(o.ctx, o.parent, prompt, password)
}
