package remote

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/descentlab/descent/jupyter"
)

// Action is a setup step the supervisor replays on every fresh worker before it runs any
// cell, so that what a restart would lose and the user did not write in a cell (such as
// plugins loaded from files) comes back by itself. The worker serves it with the Handler
// it registered for Kind (Worker.Handle); a worker that did the step itself asks for the
// replay with Worker.Remember, or the supervisor's owner adds it with
// Supervisor.Remember.
type Action struct {
	Kind string          `json:"kind"`
	Key  string          `json:"key"` // a later action with the same Kind and Key replaces this one
	Body json.RawMessage `json:"body,omitempty"`
}

// Config configures a Supervisor.
type Config struct {
	// Start starts a worker process. Required.
	Start Starter
	// Info is what KernelInfo returns: the supervisor answers it without a worker, so a
	// client is served while the interpreter loads.
	Info jupyter.KernelInfo
	// Log receives the supervisor's records and the workers' standard error. Nil
	// discards them.
	Log *slog.Logger
	// InterruptTimeout, if positive, stops the worker of a cell still running that long
	// after it was interrupted. Zero leaves that to a second interrupt.
	InterruptTimeout time.Duration
	// InterruptGrace is how long the first interrupt of a cell has to work before a
	// second one stops the worker: a double click must not cost the session a cell
	// that was about to stop. Zero means one second, which is how long the interpreter
	// itself waits for an interrupted cell.
	InterruptGrace time.Duration
	// MemoryLimit is the workers' memory limit (0: none), named in messages.
	MemoryLimit int64
	// MemoryLimitHelp tells users how to change the limit, such as "set it with the
	// -memory-limit flag".
	MemoryLimitHelp string
	// ReadyTimeout bounds a worker's start-up, setup actions included. Zero means 30s.
	ReadyTimeout time.Duration
	// Restarted, if set, is called once for each worker that died (not for one the
	// supervisor shut down), before its replacement serves anything. It is where state
	// that lived in the worker is written off outside it, such as the comms of widgets
	// the front end still shows. It must not block.
	Restarted func(*Fault)
}

// Supervisor is a jupyter.Evaluator that runs cells in a worker process (see Worker) and
// survives its death. When a worker dies, whatever killed it (a stack overflow, a panic
// in a goroutine, memory exhaustion, an exit, a second interrupt), the running cell gets
// an error that names the fault and says what was lost, a fresh worker starts at once,
// the setup actions are replayed there, and %rerun re-executes the cells that had
// succeeded. The protocol server's sockets, execution count and history never notice.
//
// Its methods follow jupyter.Evaluator: one request at a time, from one goroutine.
type Supervisor struct {
	cfg      Config
	log      *slog.Logger
	handlers map[string]Handler // extra kinds a worker may send outside any request

	cells cellLog

	mu      sync.Mutex
	cur     *worker
	exec    *execution // the running execution, if any
	notices []string   // to show at the start of the next cell
	setup   []Action
	closed  bool
}

// execution is a cell running on a worker.
type execution struct {
	w     *worker
	hard  chan struct{} // closed to stop the worker
	once  sync.Once
	first time.Time // when it was first interrupted (guarded by Supervisor.mu)
}

func (x *execution) stop() { x.once.Do(func() { close(x.hard) }) }

// New returns a supervisor; its first worker starts with Start or the first request.
func New(cfg Config) *Supervisor {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.ReadyTimeout <= 0 {
		cfg.ReadyTimeout = 30 * time.Second
	}
	if cfg.InterruptGrace <= 0 {
		cfg.InterruptGrace = time.Second
	}
	return &Supervisor{cfg: cfg, log: cfg.Log, handlers: map[string]Handler{}}
}

// Handle serves messages of kind that workers send outside any request (Worker.Send),
// such as comm messages from widgets. Call it before the first worker starts.
func (s *Supervisor) Handle(kind string, h Handler) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handlers[kind] = h
}

// Remember adds a to the setup actions replayed on every worker started from now on.
// The current worker is not sent a: it is assumed to have done it.
func (s *Supervisor) Remember(a Action) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, b := range s.setup {
		if b.Kind == a.Kind && b.Key == a.Key {
			s.setup[i] = a
			return
		}
	}
	s.setup = append(s.setup, a)
}

// Start starts the first worker in the background.
func (s *Supervisor) Start() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur == nil && !s.closed {
		s.cur = s.spawnLocked()
	}
}

// Close stops the current worker and starts no other.
func (s *Supervisor) Close() error {
	s.mu.Lock()
	s.closed = true
	w := s.cur
	s.mu.Unlock()
	if w != nil {
		w.shutdown()
	}
	return nil
}

// Call sends a request of kind to the current worker, starting one if needed, and waits
// for its reply; h serves the messages the worker sends as part of it (nil: none). It is
// how a later feature reaches the worker outside cells, such as a comm message from a
// front end to a widget. When the worker dies meanwhile, Call returns an error wrapping
// ErrClosed once the death is handled (Config.Restarted called, a replacement starting),
// as a cell's reply comes after it; the next cell is told what happened.
func (s *Supervisor) Call(ctx context.Context, kind string, body any, h Handler) (json.RawMessage, error) {
	w, err := s.ready(ctx)
	if err != nil {
		return nil, err
	}
	b, err := w.peer.call(ctx, 0, kind, body, h)
	if errors.Is(err, ErrClosed) {
		s.lost(w)
	}
	return b, err
}

// KernelInfo returns Config.Info.
func (s *Supervisor) KernelInfo() jupyter.KernelInfo { return s.cfg.Info }

// Interrupted stops the worker when a cell is interrupted again at least
// InterruptGrace after the first interrupt, which cancelled the cell's context: the
// worker's interpreter could not act on it.
func (s *Supervisor) Interrupted(n int) {
	s.mu.Lock()
	x := s.exec
	var since time.Duration
	if x != nil {
		if x.first.IsZero() {
			x.first = time.Now()
		}
		since = time.Since(x.first)
	}
	s.mu.Unlock()
	if x == nil || n < 2 {
		return
	}
	if since < s.cfg.InterruptGrace {
		s.log.Info("repeated interrupt ignored: the first one is still under way", "after", since)
		return
	}
	s.log.Warn("interrupted again: stopping the Go interpreter", "pid", x.w.pid())
	x.w.kill(killInterrupt)
	x.stop()
}

// Execute runs a cell on the worker. %rerun is served here: it re-executes the cells the
// last restart lost.
func (s *Supervisor) Execute(ctx context.Context, req *jupyter.ExecuteRequest, out jupyter.Output) *jupyter.ExecuteResult {
	// Notices come from a worker's start-up too (a setup step that failed): get the
	// worker ready first.
	_, err := s.ready(ctx)
	if n := s.takeNotices(); n != "" && !req.Silent {
		out.Stream("stderr", n)
	}
	if err != nil {
		return kernelError(err.Error())
	}
	names, code := magics(req.Code)
	if contains(names, "rerun") {
		if res := s.rerun(ctx, req, out); res.Error != nil || strings.TrimSpace(code) == "" {
			return res
		}
		sub := *req
		sub.Code = code
		req = &sub
	}
	res, fault := s.run(ctx, req, out)
	if fault == nil && res.Error == nil {
		if contains(names, "reset") {
			s.cells.reset()
		}
		if req.StoreHistory {
			s.cells.add(req.Code, req.ExecutionCount)
		}
	}
	return res
}

// run forwards one execution to a worker. A worker that dies meanwhile is replaced and
// the cell gets an error explaining the death, which is also returned.
func (s *Supervisor) run(ctx context.Context, req *jupyter.ExecuteRequest, out jupyter.Output) (*jupyter.ExecuteResult, *Fault) {
	w, err := s.ready(ctx)
	if err != nil {
		return kernelError(err.Error()), nil
	}
	x := &execution{w: w, hard: make(chan struct{})}
	s.mu.Lock()
	s.exec = x
	w.diag.mark()
	w.executing = true
	s.mu.Unlock()
	done := make(chan struct{})
	go s.watch(ctx, x, done)
	body, err := w.peer.call(ctx, 0, kindExecute, toExecuteBody(req), outputHandler(out, s.extraHandler))
	close(done)

	var f *Fault
	if errors.Is(err, ErrClosed) {
		f = s.lost(w)
		if f.Name == "StackOverflow" && f.Where == "" {
			// The runtime's traceback shows the interpreter's frames, not the cell's:
			// look in the source for the function that calls itself.
			at := *f
			at.Where = recursionSite(req.Code, req.ExecutionCount, s.cells.codes())
			f = &at
		}
	}
	s.mu.Lock()
	s.exec = nil
	w.executing = false
	w.reported = w.reported || f != nil
	late := w.fault != nil && !w.reported // died after answering: tell the next cell
	w.reported = w.reported || late
	s.mu.Unlock()
	if late {
		s.notify(s.noticeText(w.fault))
	}
	if f != nil {
		return &jupyter.ExecuteResult{Error: s.faultError(f)}, f
	}
	if err != nil {
		return kernelError(err.Error()), nil
	}
	var r executeReply
	if err := json.Unmarshal(body, &r); err != nil {
		return kernelError("malformed reply from the Go interpreter: " + err.Error()), nil
	}
	return &jupyter.ExecuteResult{Error: r.Error, UserExpressions: r.UserExpressions, Payload: r.Payload}, nil
}

// kernelError is a cell's error that is the kernel's, not the cell's.
func kernelError(msg string) *jupyter.ExecuteResult {
	return &jupyter.ExecuteResult{Error: &jupyter.ErrorInfo{Name: "KernelError", Value: msg, Traceback: []string{"KernelError: " + msg}}}
}

// watch stops the worker of execution x if it outlives InterruptTimeout after ctx ends.
func (s *Supervisor) watch(ctx context.Context, x *execution, done <-chan struct{}) {
	select {
	case <-done:
		return
	case <-x.hard:
		return
	case <-ctx.Done():
	}
	if s.cfg.InterruptTimeout <= 0 {
		return
	}
	t := time.NewTimer(s.cfg.InterruptTimeout)
	defer t.Stop()
	select {
	case <-done:
	case <-x.hard:
	case <-t.C:
		s.log.Warn("interrupted cell still running: stopping the Go interpreter", "after", s.cfg.InterruptTimeout)
		x.w.timeout = s.cfg.InterruptTimeout.String()
		x.w.kill(killTimeout)
		x.stop()
	}
}

func (s *Supervisor) extraHandler(kind string) Handler {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.handlers[kind]
}

// Complete forwards a completion request; a dead or missing worker completes nothing.
func (s *Supervisor) Complete(code string, cursor int) jupyter.CompleteReply {
	r := jupyter.CompleteReply{Matches: []string{}, CursorStart: cursor, CursorEnd: cursor, Metadata: map[string]any{}}
	s.query(kindComplete, codeBody{Code: code, Cursor: cursor}, &r)
	return r
}

// Inspect forwards an inspection request.
func (s *Supervisor) Inspect(code string, cursor, detailLevel int) jupyter.InspectReply {
	r := jupyter.InspectReply{Data: map[string]any{}, Metadata: map[string]any{}}
	s.query(kindInspect, codeBody{Code: code, Cursor: cursor, DetailLevel: detailLevel}, &r)
	return r
}

// IsComplete forwards an is_complete request.
func (s *Supervisor) IsComplete(code string) jupyter.IsCompleteReply {
	r := jupyter.IsCompleteReply{Status: "unknown"}
	s.query(kindIsComplete, codeBody{Code: code}, &r)
	return r
}

// queryTimeout bounds a completion, inspection or is_complete request.
const queryTimeout = 10 * time.Second

func (s *Supervisor) query(kind string, body codeBody, into any) {
	ctx, cancel := context.WithTimeout(context.Background(), queryTimeout)
	defer cancel()
	type answer struct {
		b   []byte
		err error
	}
	ch := make(chan answer, 1)
	go func() {
		b, err := s.Call(ctx, kind, body, nil)
		ch <- answer{b, err}
	}()
	var a answer
	select {
	case a = <-ch:
	case <-ctx.Done():
		// A worker too busy to answer must not hold up the shell: the call ends when
		// the worker answers or dies.
		a.err = fmt.Errorf("no answer within %v", queryTimeout)
	}
	if a.err != nil {
		s.log.Warn("request to the Go interpreter failed", "kind", kind, "err", a.err)
		return
	}
	if err := json.Unmarshal(a.b, into); err != nil {
		s.log.Warn("malformed reply from the Go interpreter", "kind", kind, "err", err)
	}
}

func (s *Supervisor) takeNotices() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := strings.Join(s.notices, "")
	s.notices = nil
	return n
}

func (s *Supervisor) notify(text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.notices = append(s.notices, text)
}
