package remote

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// worker is one worker process and the supervisor's connection to it.
type worker struct {
	s    *Supervisor
	diag *diagLog

	ready  chan struct{} // closed once usable, or once it failed to start (err)
	err    error
	failed *Action // the setup action that killed it while starting, if any

	proc   *Proc
	peer   *peer
	exited chan struct{} // closed once the process has ended and its stderr was read
	exit   error         // what Wait returned

	killMu    sync.Mutex
	killedFor string // why the supervisor killed it
	timeout   string // InterruptTimeout, for killTimeout

	// Guarded by s.mu.
	executing bool   // a cell runs on it
	reported  bool   // its death was told to a cell
	fault     *Fault // why it died, once known

	lostOnce sync.Once
}

// exitWait bounds the wait for a worker whose pipe closed to end.
const exitWait = 3 * time.Second

// spawnLocked starts a worker in the background, with the setup actions known now.
// The caller holds s.mu.
func (s *Supervisor) spawnLocked() *worker {
	w := &worker{s: s, diag: newDiagLog(s.log), ready: make(chan struct{}), exited: make(chan struct{})}
	setup := append([]Action(nil), s.setup...)
	handlers := map[string]Handler{}
	for k, h := range s.handlers {
		handlers[k] = h
	}
	go w.start(setup, handlers)
	return w
}

// start launches the process, waits for its hello and replays the setup actions.
func (w *worker) start(setup []Action, handlers map[string]Handler) {
	defer close(w.ready)
	began := time.Now()
	proc, err := w.s.cfg.Start(w.diag)
	if err != nil {
		w.err = err
		close(w.exited)
		return
	}
	w.killMu.Lock()
	w.proc = proc
	w.killMu.Unlock()
	hello := make(chan helloBody, 1)
	handlers[kindHello] = func(_ context.Context, m *Message) (any, error) {
		var b helloBody
		if err := m.Decode(&b); err != nil {
			return nil, err
		}
		select {
		case hello <- b:
		default:
		}
		return nil, nil
	}
	handlers[kindRemember] = func(_ context.Context, m *Message) (any, error) {
		var a Action
		if err := m.Decode(&a); err != nil {
			return nil, err
		}
		w.s.Remember(a)
		return nil, nil
	}
	w.peer = newPeer(proc.Out, proc.In, handlers)
	w.peer.start()
	go func() {
		w.exit = proc.Wait()
		w.peer.fail(errors.New("the worker process ended"))
		close(w.exited)
	}()
	go w.s.monitor(w)

	limit := time.NewTimer(w.s.cfg.ReadyTimeout)
	defer limit.Stop()
	select {
	case b := <-hello:
		if b.Version != Version {
			w.err = fmt.Errorf("the worker speaks protocol version %d, the supervisor %d", b.Version, Version)
			w.kill(killStart)
			return
		}
	case <-w.exited:
		_, crash, tail := w.diag.report()
		w.err = fmt.Errorf("it exited while starting (%v): %s", w.exit, strings.Join(append(keyLines(crash), lastLines(tail, 3)...), "; "))
		return
	case <-limit.C:
		w.kill(killStart)
		w.err = fmt.Errorf("it did not start within %v", w.s.cfg.ReadyTimeout)
		return
	}
	for i := range setup {
		a := &setup[i]
		ctx, cancel := context.WithTimeout(context.Background(), w.s.cfg.ReadyTimeout)
		_, err := w.peer.call(ctx, 0, a.Kind, a.Body, nil)
		cancel()
		if errors.Is(err, ErrClosed) {
			w.err, w.failed = fmt.Errorf("setup action %s %q ended it", a.Kind, a.Key), a
			return
		}
		if err != nil {
			w.s.notify(fmt.Sprintf("After the restart, %s %q could not be redone: %v\n", a.Kind, a.Key, err))
		}
	}
	w.s.log.Info("Go interpreter ready", "pid", proc.PID, "took", time.Since(began).Round(time.Millisecond), "setup_actions", len(setup))
}

func lastLines(ls []string, n int) []string {
	if len(ls) > n {
		return ls[len(ls)-n:]
	}
	return ls
}

// usable reports whether w started and has not died.
func (w *worker) usable() bool {
	select {
	case <-w.ready:
	default:
		return true // still starting: wait for it
	}
	if w.err != nil {
		return false
	}
	select {
	case <-w.exited:
		return false
	default:
		return true
	}
}

// kill ends the process, recording why unless a reason was already given.
func (w *worker) kill(reason string) {
	w.killMu.Lock()
	defer w.killMu.Unlock()
	if w.killedFor == "" {
		w.killedFor = reason
	}
	if w.proc != nil {
		_ = w.proc.Kill()
	}
}

func (w *worker) pid() int {
	w.killMu.Lock()
	defer w.killMu.Unlock()
	if w.proc == nil {
		return 0
	}
	return w.proc.PID
}

// shutdown closes the request pipe, which ends a healthy worker, and kills it if it
// does not end soon.
func (w *worker) shutdown() {
	select {
	case <-w.ready:
	case <-time.After(time.Second):
	}
	w.killMu.Lock()
	proc := w.proc
	if w.killedFor == "" {
		w.killedFor = "shutdown"
	}
	w.killMu.Unlock()
	if proc == nil {
		return // never started, or still starting: start sees closed and stops
	}
	_ = proc.In.Close()
	select {
	case <-w.exited:
	case <-time.After(500 * time.Millisecond):
		_ = proc.Kill()
		<-w.exited
	}
}

// ready returns a started worker, starting one if there is none. A setup action that
// kills the worker starting is dropped, and the worker started again without it.
func (s *Supervisor) ready(ctx context.Context) (*worker, error) {
	for {
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			return nil, errors.New("the kernel is shutting down")
		}
		w := s.cur
		if w == nil {
			w = s.spawnLocked()
			s.cur = w
		} else if w.started() && !w.usable() {
			// Died between requests and not yet replaced by its monitor.
			s.mu.Unlock()
			s.lost(w)
			continue
		}
		s.mu.Unlock()
		select {
		case <-w.ready:
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for the Go interpreter to start: %w", context.Cause(ctx))
		}
		if w.err == nil {
			return w, nil
		}
		s.mu.Lock()
		if s.cur == w {
			s.cur = nil // the next attempt starts another
		}
		s.mu.Unlock()
		if w.failed == nil {
			return nil, fmt.Errorf("the Go interpreter could not be started: %v", w.err)
		}
		s.forget(*w.failed)
		s.notify(fmt.Sprintf("After the restart, %s %q ended the Go interpreter again, so it is no longer redone after restarts.\n", w.failed.Kind, w.failed.Key))
	}
}

// started reports whether w finished starting successfully.
func (w *worker) started() bool {
	select {
	case <-w.ready:
		return w.err == nil
	default:
		return false
	}
}

// forget drops a setup action.
func (s *Supervisor) forget(a Action) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, b := range s.setup {
		if b.Kind == a.Kind && b.Key == a.Key {
			s.setup = append(s.setup[:i], s.setup[i+1:]...)
			return
		}
	}
}

// monitor waits for a started worker to die. A death between cells is told to the next
// cell; a death during a cell is told by that cell (see run).
func (s *Supervisor) monitor(w *worker) {
	<-w.ready
	if w.err != nil {
		return
	}
	<-w.exited
	w.killMu.Lock()
	shut := w.killedFor == "shutdown"
	w.killMu.Unlock()
	if shut {
		return
	}
	f := s.lost(w)
	s.mu.Lock()
	tell := !w.executing && !w.reported
	w.reported = w.reported || tell
	s.mu.Unlock()
	if tell {
		s.notify(s.noticeText(f))
	}
}

// lost handles a worker's death, once, whoever notices it first (the cell running on it
// or its monitor): it waits for the process to end, explains the death, marks every
// cell lost and starts the replacement.
func (s *Supervisor) lost(w *worker) *Fault {
	w.lostOnce.Do(func() {
		select {
		case <-w.exited:
		case <-time.After(exitWait):
			w.kill("")
			<-w.exited
		}
		trace, crash, tail := w.diag.report()
		w.killMu.Lock()
		d := death{exit: w.exit, killedFor: w.killedFor, timeout: w.timeout, trace: trace, crash: crash, tail: tail,
			memoryLimit: s.cfg.MemoryLimit}
		w.killMu.Unlock()
		f := classify(d)
		if f.Name == "MemoryLimitExceeded" && s.cfg.MemoryLimitHelp != "" {
			f.Hint = s.cfg.MemoryLimitHelp
		}
		s.cells.lose()
		if s.cfg.Restarted != nil {
			s.cfg.Restarted(f)
		}
		s.log.Warn("the Go interpreter died; starting a fresh one", "pid", w.pid(), "fault", f.Name, "summary", f.Summary, "where", f.Where)
		s.mu.Lock()
		w.fault = f
		if s.cur == w && !s.closed {
			s.cur = s.spawnLocked()
		}
		s.mu.Unlock()
	})
	s.mu.Lock()
	defer s.mu.Unlock()
	return w.fault
}
