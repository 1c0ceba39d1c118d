package hub

import (
	"fmt"
	"sync/atomic"
)

// Comm is one message of a comm, the channel between a widget in the kernel and its
// model in the front end: a comm_open, comm_msg or comm_close, in either direction. Its
// JSON form is that of jupyter.CommMsg.
type Comm struct {
	Type     string         `json:"type"`
	CommID   string         `json:"comm_id"`
	Target   string         `json:"target_name,omitempty"`
	Data     map[string]any `json:"data,omitempty"`
	Metadata map[string]any `json:"metadata,omitempty"`
}

var (
	commSender   atomic.Pointer[func(Comm) error]
	commReceiver atomic.Pointer[func(Comm) error]
)

// SetCommSender sets where comm messages to the front end go (the kernel's
// connection); nil drops them.
func SetCommSender(f func(Comm) error) {
	if f == nil {
		commSender.Store(nil)
		return
	}
	commSender.Store(&f)
}

// SendComm sends a comm message to the front end. It reports false when there is
// no kernel to send it (a plain Go program) or sending failed.
func SendComm(c Comm) bool {
	if f := commSender.Load(); f != nil {
		return (*f)(c) == nil
	}
	return false
}

// SetCommReceiver sets who handles comm messages from the front end (the widgets
// package, when it is loaded).
func SetCommReceiver(f func(Comm) error) {
	if f == nil {
		commReceiver.Store(nil)
		return
	}
	commReceiver.Store(&f)
}

// ReceiveComm hands a comm message from the front end to its receiver. A comm_open
// nobody receives is refused with an error.
func ReceiveComm(c Comm) error {
	if f := commReceiver.Load(); f != nil {
		return (*f)(c)
	}
	if c.Type == "comm_open" {
		return fmt.Errorf("no comm target %q in this kernel", c.Target)
	}
	return nil
}

// Sink receives what a callback prints and displays: a widget's output area.
type Sink interface {
	Stream(name, text string)
	Display(data, metadata map[string]any, id string, update bool)
	ClearOutput(wait bool)
}

// CallbackError is a callback's failure (a panic), described like a failed cell.
type CallbackError struct {
	Name      string   // such as "panic"
	Value     string   // the message, with the cell position where known
	Traceback []string // lines to show, the last being "Name: Value"
}

func (e *CallbackError) Error() string { return e.Name + ": " + e.Value }

// Runner is implemented by a Host that runs callbacks (see RunCallback).
type Runner interface {
	RunCallback(sink Sink, f func()) error
}

// RunCallback runs f, code a cell handed to compiled code (such as a slider's change
// handler), the way the executing session runs cells: one at a time with them, with
// what f prints and displays going to sink (nil: wherever output goes at the moment),
// and a panic returned as a *CallbackError instead of unwinding into the caller. Outside
// a cell or a comm message (a plain Go program, a goroutine of a cell that ended) f
// simply runs, its panic still returned as an error.
func RunCallback(sink Sink, f func()) error {
	if r, ok := Current().(Runner); ok {
		return r.RunCallback(sink, f)
	}
	return Recover(f)
}

// Recover runs f and returns its panic, if any, as a *CallbackError.
func Recover(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			msg := fmt.Sprint(r)
			err = &CallbackError{Name: "panic", Value: msg, Traceback: []string{"panic: " + msg}}
		}
	}()
	f()
	return nil
}
