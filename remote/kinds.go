package remote

import (
	"context"
	"errors"
	"sync"

	"github.com/descentlab/descent/jupyter"
)

// The kinds of the evaluator protocol. Requests flow from the supervisor to the worker
// unless noted; "→" gives the reply's body.
const (
	kindHello    = "hello"    // worker event, once ready: helloBody
	kindRemember = "remember" // worker event: an Action for every later worker (see Supervisor.Remember)

	kindExecute    = "execute"     // executeBody → executeReply; its messages follow
	kindComplete   = "complete"    // codeBody → jupyter.CompleteReply
	kindInspect    = "inspect"     // codeBody → jupyter.InspectReply
	kindIsComplete = "is_complete" // codeBody → jupyter.IsCompleteReply

	// Messages of a running execute, from the worker, with Re set to its ID.
	kindStream        = "stream"         // event: streamBody
	kindDisplay       = "display"        // event: displayBody
	kindUpdateDisplay = "update_display" // event: displayBody
	kindClearOutput   = "clear_output"   // event: clearBody
	kindResult        = "result"         // event: displayBody (no ID)
	kindInput         = "input"          // request: inputBody → inputReply
)

type helloBody struct {
	Version int `json:"version"`
	PID     int `json:"pid"`
}

type executeBody struct {
	Code            string            `json:"code"`
	Silent          bool              `json:"silent,omitempty"`
	StoreHistory    bool              `json:"store_history,omitempty"`
	AllowStdin      bool              `json:"allow_stdin,omitempty"`
	StopOnError     bool              `json:"stop_on_error,omitempty"`
	UserExpressions map[string]string `json:"user_expressions,omitempty"`
	ExecutionCount  int               `json:"execution_count"`
}

func toExecuteBody(r *jupyter.ExecuteRequest) executeBody {
	return executeBody{Code: r.Code, Silent: r.Silent, StoreHistory: r.StoreHistory, AllowStdin: r.AllowStdin,
		StopOnError: r.StopOnError, UserExpressions: r.UserExpressions, ExecutionCount: r.ExecutionCount}
}

func (b executeBody) request() *jupyter.ExecuteRequest {
	return &jupyter.ExecuteRequest{Code: b.Code, Silent: b.Silent, StoreHistory: b.StoreHistory, AllowStdin: b.AllowStdin,
		StopOnError: b.StopOnError, UserExpressions: b.UserExpressions, ExecutionCount: b.ExecutionCount}
}

type executeReply struct {
	Error           *jupyter.ErrorInfo `json:"error,omitempty"`
	UserExpressions map[string]any     `json:"user_expressions,omitempty"`
	Payload         []map[string]any   `json:"payload,omitempty"`
}

type codeBody struct {
	Code        string `json:"code"`
	Cursor      int    `json:"cursor"`
	DetailLevel int    `json:"detail_level,omitempty"`
}

type streamBody struct {
	Name string `json:"name"`
	Text string `json:"text"`
}

type displayBody struct {
	Data     map[string]any `json:"data,omitempty"`
	Metadata map[string]any `json:"metadata,omitempty"`
	ID       string         `json:"id,omitempty"`
}

type clearBody struct {
	Wait bool `json:"wait,omitempty"`
}

type inputBody struct {
	Prompt   string `json:"prompt"`
	Password bool   `json:"password,omitempty"`
}

type inputReply struct {
	Value string `json:"value"`
}

// workerOutput is the jupyter.Output a worker gives the evaluator: every call becomes
// a message of the execute request m. Calls after close are dropped, as the jupyter
// package drops output of a finished cell.
type workerOutput struct {
	m   *Message
	ctx context.Context

	mu     sync.RWMutex
	closed bool
}

func (o *workerOutput) emit(kind string, body any) {
	o.mu.RLock()
	defer o.mu.RUnlock()
	if !o.closed {
		_ = o.m.Emit(kind, body) // a dead supervisor ends the worker anyway
	}
}

func (o *workerOutput) close() {
	o.mu.Lock()
	o.closed = true
	o.mu.Unlock()
}

func (o *workerOutput) Stream(name, text string) {
	o.emit(kindStream, streamBody{name, text})
}

func (o *workerOutput) Display(data, metadata map[string]any, id string) {
	o.emit(kindDisplay, displayBody{data, metadata, id})
}

func (o *workerOutput) UpdateDisplay(data, metadata map[string]any, id string) {
	o.emit(kindUpdateDisplay, displayBody{data, metadata, id})
}

func (o *workerOutput) ClearOutput(wait bool) { o.emit(kindClearOutput, clearBody{wait}) }

func (o *workerOutput) Result(data, metadata map[string]any) {
	o.emit(kindResult, displayBody{Data: data, Metadata: metadata})
}

func (o *workerOutput) Input(prompt string, password bool) (string, error) {
	o.mu.RLock()
	closed := o.closed
	o.mu.RUnlock()
	if closed {
		return "", ErrClosed
	}
	b, err := o.m.Call(o.ctx, kindInput, inputBody{prompt, password})
	if err != nil {
		var re *RemoteError
		if errors.As(err, &re) && re.Msg == jupyter.ErrStdinNotAllowed.Error() {
			return "", jupyter.ErrStdinNotAllowed // keep errors.Is working across the pipe
		}
		return "", err
	}
	var r inputReply
	if err := (&Message{Kind: kindInput, Body: b}).Decode(&r); err != nil {
		return "", err
	}
	return r.Value, nil
}

// outputHandler turns the messages of an execute request back into calls of out, on
// the supervisor's side. extra serves kinds it does not know (nil: none).
func outputHandler(out jupyter.Output, extra func(string) Handler) Handler {
	return func(ctx context.Context, m *Message) (any, error) {
		switch m.Kind {
		case kindStream:
			var b streamBody
			if err := m.Decode(&b); err != nil {
				return nil, err
			}
			out.Stream(b.Name, b.Text)
		case kindDisplay, kindUpdateDisplay, kindResult:
			var b displayBody
			if err := m.Decode(&b); err != nil {
				return nil, err
			}
			switch m.Kind {
			case kindDisplay:
				out.Display(b.Data, b.Metadata, b.ID)
			case kindUpdateDisplay:
				out.UpdateDisplay(b.Data, b.Metadata, b.ID)
			default:
				out.Result(b.Data, b.Metadata)
			}
		case kindClearOutput:
			var b clearBody
			if err := m.Decode(&b); err != nil {
				return nil, err
			}
			out.ClearOutput(b.Wait)
		case kindInput:
			var b inputBody
			if err := m.Decode(&b); err != nil {
				return nil, err
			}
			v, err := out.Input(b.Prompt, b.Password)
			if err != nil {
				return nil, err
			}
			return inputReply{v}, nil
		default:
			if extra != nil {
				if h := extra(m.Kind); h != nil {
					return h(ctx, m)
				}
			}
			if m.IsRequest() {
				return nil, &RemoteError{Kind: m.Kind, Msg: "remote: no handler for " + m.Kind + " messages of a running cell"}
			}
		}
		return nil, nil
	}
}
