package interp

import (
	"errors"
	"runtime/debug"

	yaegi "github.com/traefik/yaegi/interp"

	"github.com/descentlab/descent/interp/internal/hub"
	libhost "github.com/descentlab/descent/optimizers/host"
)

// RunCallback runs f, a function a cell handed to compiled code (a widget's callback),
// within the cell or comm message being served: with what f prints (fmt, os.Stdout,
// compiled code, log) and displays going to sink instead of the cell's output when sink
// is not nil, and with a panic in f returned as a *hub.CallbackError that reads like a
// failed cell. Callbacks run from a cell or from Session.Comm, so they already run one
// at a time with cells.
func (h *host) RunCallback(sink hub.Sink, f func()) (err error) {
	s := h.s
	restore := func() {}
	if sink != nil {
		_ = s.cap.sync() // what was printed before belongs to the previous output
		lo := &lockedOutput{out: sinkOutput{sink}}
		ch := &host{s: s, ctx: h.ctx, out: lo}
		prevSink := s.cap.swap(lo)
		prevOut := s.out.Swap(lo)
		prevHub, prevLib := hub.Current(), libhost.Current()
		hub.Set(ch)
		libhost.Set(ch)
		restore = func() {
			_ = s.cap.sync() // everything f printed reaches sink before it is detached
			s.cap.swap(prevSink)
			s.out.Store(prevOut)
			hub.Set(prevHub)
			libhost.Set(prevLib)
		}
	}
	defer func() {
		if r := recover(); r != nil {
			e := s.convert(h.ctx, yaegi.Panic{Value: r, Stack: debug.Stack()})
			err = &hub.CallbackError{Name: e.Name, Value: e.Value, Traceback: e.Traceback}
		}
		restore()
	}()
	f()
	return nil
}

// swap routes captured output to out and returns where it went before.
func (c *capture) swap(out *lockedOutput) *lockedOutput {
	c.mu.Lock()
	defer c.mu.Unlock()
	prev := c.sink
	c.sink = out
	return prev
}

// errCallbackInput is what a widget callback gets when it reads standard input.
var errCallbackInput = errors.New("a widget callback cannot ask for input: read the value from a widget such as widgets.NewText")

// sinkOutput is the Output of a callback whose output goes to a widget.
type sinkOutput struct{ sink hub.Sink }

func (o sinkOutput) Stream(name, text string) { o.sink.Stream(name, text) }
func (o sinkOutput) Display(data, metadata map[string]any, id string) {
	o.sink.Display(data, metadata, id, false)
}
func (o sinkOutput) UpdateDisplay(data, metadata map[string]any, id string) {
	o.sink.Display(data, metadata, id, true)
}
func (o sinkOutput) ClearOutput(wait bool)              { o.sink.ClearOutput(wait) }
func (o sinkOutput) Input(string, bool) (string, error) { return "", errCallbackInput }
