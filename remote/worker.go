package remote

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/descentlab/descent/jupyter"
)

// Worker serves a jupyter.Evaluator to the Supervisor of the parent process, over the
// two pipes Serve is given. It runs in the child process.
type Worker struct {
	ev       jupyter.Evaluator
	handlers map[string]Handler

	mu sync.Mutex
	p  *peer // set by Serve
}

// NewWorker returns a worker for ev.
func NewWorker(ev jupyter.Evaluator) *Worker {
	w := &Worker{ev: ev}
	w.handlers = map[string]Handler{
		kindExecute:    w.execute,
		kindComplete:   w.complete,
		kindInspect:    w.inspect,
		kindIsComplete: w.isComplete,
	}
	return w
}

// Handle serves messages of kind from the supervisor with h: the requests a later
// feature adds (a comm message to deliver to a widget) and the setup actions the
// supervisor replays on a fresh worker (see Action). Call it before Serve; the kinds
// this package uses cannot be replaced.
func (w *Worker) Handle(kind string, h Handler) {
	if _, taken := w.handlers[kind]; taken {
		panic(fmt.Sprintf("remote: kind %q is already handled", kind))
	}
	w.handlers[kind] = h
}

// Serve says hello to the supervisor, then serves its requests from r, writing to wr,
// until r ends (the supervisor closed the pipe or died). It returns nil then.
func (w *Worker) Serve(r io.Reader, wr io.Writer) error {
	p := newPeer(r, wr, w.handlers)
	w.mu.Lock()
	w.p = p
	w.mu.Unlock()
	if err := p.send(kindHello, 0, 0, helloBody{Version: Version, PID: os.Getpid()}); err != nil {
		return fmt.Errorf("remote: greeting the supervisor: %w", err)
	}
	p.read()
	p.mu.Lock()
	err := p.err
	p.mu.Unlock()
	if err == ErrClosed {
		return nil
	}
	return err
}

// Send sends the supervisor an event of kind that belongs to no request, for example a
// message a widget sends from a goroutine. The supervisor hands it to the handler it
// registered with Supervisor.Handle.
func (w *Worker) Send(kind string, body any) error {
	w.mu.Lock()
	p := w.p
	w.mu.Unlock()
	if p == nil {
		return fmt.Errorf("remote: Send(%q) before Serve", kind)
	}
	return p.send(kind, 0, 0, body)
}

// Remember asks the supervisor to replay a on every worker it starts from now on, before
// any cell runs there: the worker that sends it has already done what a does. A later
// Remember with the same Key replaces it.
func (w *Worker) Remember(a Action) error { return w.Send(kindRemember, a) }

func (w *Worker) execute(ctx context.Context, m *Message) (any, error) {
	var b executeBody
	if err := m.Decode(&b); err != nil {
		return nil, err
	}
	out := &workerOutput{m: m, ctx: ctx}
	res := w.ev.Execute(ctx, b.request(), out)
	out.close()
	if res == nil {
		return executeReply{}, nil
	}
	return executeReply{Error: res.Error, UserExpressions: res.UserExpressions, Payload: res.Payload}, nil
}

func (w *Worker) complete(ctx context.Context, m *Message) (any, error) {
	var b codeBody
	if err := m.Decode(&b); err != nil {
		return nil, err
	}
	return w.ev.Complete(b.Code, b.Cursor), nil
}

func (w *Worker) inspect(ctx context.Context, m *Message) (any, error) {
	var b codeBody
	if err := m.Decode(&b); err != nil {
		return nil, err
	}
	return w.ev.Inspect(b.Code, b.Cursor, b.DetailLevel), nil
}

func (w *Worker) isComplete(ctx context.Context, m *Message) (any, error) {
	var b codeBody
	if err := m.Decode(&b); err != nil {
		return nil, err
	}
	return w.ev.IsComplete(b.Code), nil
}
