package jupyter

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-zeromq/zmq4"
)

const (
	// sendTimeout bounds a send to a ROUTER peer that never connected or stopped
	// reading, so that one stuck client cannot wedge the kernel.
	sendTimeout = 5 * time.Second
	// workerGrace is how long shutdown waits for a running cell to honour its
	// cancelled context before the sockets are closed anyway.
	workerGrace = 2 * time.Second
	// pubDrain gives the PUB socket, which queues asynchronously and has no
	// flush, time to put the last status messages on the wire before closing.
	pubDrain = 100 * time.Millisecond
)

// errInterrupted is the cause of an execution context cancelled by an interrupt.
var errInterrupted = errors.New("jupyter: execution interrupted")

// errShutdown is the cause of an execution context cancelled by shutdown.
var errShutdown = errors.New("jupyter: kernel shutting down")

// Server is a Jupyter kernel: it owns the five sockets of a connection file
// and answers requests with the help of an Evaluator.
type Server struct {
	conn    ConnectionInfo
	ev      Evaluator
	log     *slog.Logger
	signer  *signer
	session string
	info    KernelInfo

	ctx    context.Context // lifetime of the sockets and of every execution
	cancel context.CancelFunc

	shell, control, stdin, iopub, hb zmq4.Socket
	listened                         bool

	// Sends are serialised per socket so frames of concurrent senders
	// never interleave on one connection.
	shellMu, controlMu, stdinMu, pubMu sync.Mutex

	queue  *shellQueue
	replay *replayGuard
	pub    *pubStats // what iopub subscribers were not sent (see outgoing.go)

	comms     comms                   // open comms (see comm.go)
	lastShell atomic.Pointer[message] // the shell request served last: the parent of kernel-sent comm messages

	execMu     sync.Mutex
	interrupt  context.CancelCauseFunc // cancels the running execution; nil when idle
	interrupts int                     // interrupts of the running execution so far

	inputMu   sync.Mutex    // one input request at a time
	pendingMu sync.Mutex    // guards pending
	pending   *pendingInput // the input request awaiting its reply

	stopOnce   sync.Once
	stopped    chan struct{}
	restart    atomic.Bool
	subscribed atomic.Bool // a client has subscribed to iopub (see awaitSubscriber)
	workerWG   sync.WaitGroup
	recvWG     sync.WaitGroup

	// Owned by the shell worker goroutine.
	count        int
	history      history
	abortThrough uint64 // queued executes with seq <= abortThrough are aborted
}

// NewServer checks conn and prepares a kernel for ev. It does not bind any
// socket yet; see Listen and Serve. A nil logger discards log records.
func NewServer(conn *ConnectionInfo, ev Evaluator, logger *slog.Logger) (*Server, error) {
	if conn == nil {
		return nil, errors.New("jupyter: nil connection info")
	}
	if ev == nil {
		return nil, errors.New("jupyter: nil evaluator")
	}
	if err := conn.Validate(); err != nil {
		return nil, fmt.Errorf("jupyter: %w", err)
	}
	sg, err := newSigner(conn.SignatureScheme, conn.Key)
	if err != nil {
		return nil, fmt.Errorf("jupyter: %w", err)
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if !sg.enabled() {
		logger.Warn("connection file has an empty key: messages are neither signed nor verified")
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{
		conn:    *conn,
		ev:      ev,
		log:     logger,
		signer:  sg,
		session: newID(),
		ctx:     ctx,
		cancel:  cancel,
		queue:   newShellQueue(),
		replay:  newReplayGuard(replayHistory),
		pub:     &pubStats{log: logger},
		stopped: make(chan struct{}),
	}
	s.info = s.kernelInfo()
	return s, nil
}

// kernelInfo asks the evaluator once; a panicking evaluator gets a minimal
// description rather than taking the kernel down.
func (s *Server) kernelInfo() (ki KernelInfo) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("evaluator KernelInfo panicked", "panic", r)
			ki = KernelInfo{}
		}
	}()
	return s.ev.KernelInfo()
}

// Serve runs a kernel on conn with ev until a shutdown request arrives or ctx
// is done. It reports whether the client asked for a restart.
func Serve(ctx context.Context, conn *ConnectionInfo, ev Evaluator, logger *slog.Logger) (restart bool, err error) {
	s, err := NewServer(conn, ev, logger)
	if err != nil {
		return false, err
	}
	return s.Serve(ctx)
}

// Listen binds the five sockets to the addresses of the connection info.
// Serve calls it if it has not been called; calling it first lets a caller
// learn the ports chosen for port 0 before serving.
func (s *Server) Listen() error {
	if s.listened {
		return nil
	}
	opts := []zmq4.Option{
		zmq4.WithLogger(slog.NewLogLogger(s.log.Handler(), slog.LevelWarn)),
		zmq4.WithTimeout(sendTimeout),
	}
	socks := []struct {
		name    string
		sock    *zmq4.Socket
		port    *int
		newSock func(context.Context, ...zmq4.Option) zmq4.Socket
	}{
		{"shell", &s.shell, &s.conn.ShellPort, zmq4.NewRouter},
		{"control", &s.control, &s.conn.ControlPort, zmq4.NewRouter},
		{"stdin", &s.stdin, &s.conn.StdinPort, zmq4.NewRouter},
		{"iopub", &s.iopub, &s.conn.IOPubPort, zmq4.NewPub},
		{"heartbeat", &s.hb, &s.conn.HBPort, zmq4.NewRep},
	}
	if err := registerGuard(); err != nil {
		return fmt.Errorf("jupyter: registering guarded transports: %w", err)
	}
	listenMu.Lock()
	defer listenMu.Unlock()
	listenPub = s.pub
	defer func() { listenPub = nil }()
	for _, sk := range socks {
		sock := sk.newSock(s.ctx, opts...)
		ep := s.conn.endpoint(*sk.port)
		if err := sock.Listen(guardedEndpoint(ep, sk.name == "iopub")); err != nil {
			sock.Close()
			s.closeSockets()
			return fmt.Errorf("jupyter: binding %s socket to %s: %w", sk.name, ep, err)
		}
		*sk.sock = sock
		if a, ok := sock.Addr().(*net.TCPAddr); ok && *sk.port == 0 {
			*sk.port = a.Port
		}
		s.log.Debug("socket bound", "socket", sk.name, "endpoint", s.conn.endpoint(*sk.port))
	}
	s.listened = true
	return nil
}

// ConnectionInfo returns the connection info the server uses, with the ports
// actually bound once Listen has succeeded.
func (s *Server) ConnectionInfo() ConnectionInfo { return s.conn }

func (s *Server) closeSockets() {
	s.cancel()
	for _, sock := range []zmq4.Socket{s.shell, s.control, s.stdin, s.iopub, s.hb} {
		if sock != nil {
			sock.Close()
		}
	}
}

// Serve answers requests until a shutdown request arrives or ctx is done, then
// closes the sockets. It reports whether the shutdown asked for a restart; a
// cancelled ctx is a clean stop, not an error. A Server serves once.
func (s *Server) Serve(ctx context.Context) (restart bool, err error) {
	if err := s.Listen(); err != nil {
		return false, err
	}
	s.recvWG.Add(4)
	go s.loop("heartbeat", s.heartbeat)
	go s.loop("shell", s.receiveShell)
	go s.loop("control", s.receiveControl)
	go s.loop("stdin", s.receiveStdin)
	s.workerWG.Add(1)
	go s.shellWorker()

	s.publish("status", nil, map[string]any{"execution_state": "starting"})
	s.log.Info("kernel serving", "transport", s.conn.Transport, "ip", s.conn.IP,
		"shell_port", s.conn.ShellPort, "iopub_port", s.conn.IOPubPort, "session", s.session)

	select {
	case <-ctx.Done():
		s.stop(false)
	case <-s.stopped:
	}
	s.interruptWith(errShutdown)

	done := make(chan struct{})
	go func() { s.workerWG.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(workerGrace):
		s.log.Warn("running cell ignored cancellation; closing sockets anyway", "grace", workerGrace)
	}
	time.Sleep(pubDrain)
	s.closeSockets()
	recvDone := make(chan struct{})
	go func() { s.recvWG.Wait(); close(recvDone) }()
	select {
	case <-recvDone:
	case <-time.After(workerGrace):
		s.log.Warn("socket readers did not stop after close")
	}
	r := s.restart.Load()
	s.log.Info("kernel stopped", "restart", r)
	return r, nil
}

// stop ends Serve; the first caller decides the restart flag.
func (s *Server) stop(restart bool) {
	s.stopOnce.Do(func() {
		s.restart.Store(restart)
		close(s.stopped)
	})
}

// stopping reports whether a shutdown has begun.
func (s *Server) stopping() bool {
	select {
	case <-s.stopped:
		return true
	default:
		return false
	}
}

// Interrupt cancels the context of the running execution, if any, exactly as
// an interrupt_request does. It is safe to call from any goroutine, for
// example a SIGINT handler.
func (s *Server) Interrupt() { s.interruptWith(errInterrupted) }

func (s *Server) interruptWith(cause error) {
	s.execMu.Lock()
	defer s.execMu.Unlock()
	if s.interrupt == nil {
		return
	}
	s.interrupt(cause)
	if ir, ok := s.ev.(Interrupter); ok && cause == errInterrupted {
		s.interrupts++
		ir.Interrupted(s.interrupts)
	}
}

// loop runs a socket reader until its socket closes, restarting it after a
// panic so that no input can stop the kernel from serving that socket.
func (s *Server) loop(name string, read func() error) {
	defer s.recvWG.Done()
	for {
		err := func() (err error) {
			defer func() {
				if r := recover(); r != nil {
					s.log.Error("recovered from panic while reading", "socket", name, "panic", r, "stack", string(debug.Stack()))
					err = nil
				}
			}()
			return read()
		}()
		if err != nil || s.ctx.Err() != nil {
			return
		}
	}
}

// recv reads one message from sock. A non-nil error means the socket is
// closed and the reader must stop; a nil message means "skip this one".
func (s *Server) recv(name string, sock zmq4.Socket) (*message, error) {
	raw, err := sock.Recv()
	if err != nil {
		if s.ctx.Err() != nil {
			return nil, err
		}
		s.log.Warn("receive failed", "socket", name, "err", err)
		return nil, nil
	}
	m, err := decode(raw.Frames, s.signer)
	if err != nil {
		s.log.Warn("dropping malformed or unauthenticated message", "socket", name, "frames", len(raw.Frames), "err", err)
		return nil, nil
	}
	if !s.replay.fresh(m.signature) {
		s.log.Warn("dropping replayed message: its signature was already used", "socket", name,
			"msg_type", m.header.MsgType, "msg_id", m.header.MsgID)
		return nil, nil
	}
	return m, nil
}

func (s *Server) heartbeat() error {
	for {
		msg, err := s.hb.Recv()
		if err != nil {
			if s.ctx.Err() != nil {
				return err
			}
			s.log.Debug("heartbeat receive failed", "err", err)
			continue
		}
		if err := s.hb.Send(msg); err != nil {
			s.log.Warn("heartbeat echo failed", "err", err)
		}
	}
}

func (s *Server) receiveShell() error {
	for {
		m, err := s.recv("shell", s.shell)
		if err != nil {
			return err
		}
		if m != nil {
			s.queue.push(m)
		}
	}
}

func (s *Server) receiveControl() error {
	for {
		m, err := s.recv("control", s.control)
		if err != nil {
			return err
		}
		if m != nil {
			s.handle(chanControl, m, 0)
		}
	}
}

func (s *Server) shellWorker() {
	defer s.workerWG.Done()
	for {
		it, ok := s.queue.pop(s.stopped)
		if !ok {
			return
		}
		s.handle(chanShell, s.mergeQueuedComms(it.msg), it.seq)
	}
}

// send signs and sends a message on a ROUTER socket to ids.
func (s *Server) send(sock zmq4.Socket, mu *sync.Mutex, ids [][]byte, msgType string, parent json.RawMessage, content any) (header, error) {
	h := newHeader(msgType, s.session, "kernel")
	frames, err := encode(s.signer, ids, h, parent, nil, content)
	if err != nil {
		return h, err
	}
	if len(ids) == 0 {
		return h, fmt.Errorf("no identity to route %s to", msgType)
	}
	mu.Lock()
	defer mu.Unlock()
	if err := sock.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		return h, fmt.Errorf("sending %s: %w", msgType, err)
	}
	return h, nil
}

// publish sends a message on iopub; parent may be nil for unsolicited
// messages such as the starting status.
func (s *Server) publish(msgType string, parent *message, content any) {
	s.publishMeta(msgType, parent, nil, content)
}

// publishMeta is publish with message metadata (nil for none).
func (s *Server) publishMeta(msgType string, parent *message, metadata map[string]any, content any) {
	var ph json.RawMessage
	if parent != nil {
		ph = parent.rawHeader
	}
	h := newHeader(msgType, s.session, "kernel")
	topic := []byte("kernel." + s.session + "." + msgType)
	frames, err := encode(s.signer, [][]byte{topic}, h, ph, orEmpty(metadata), content)
	if err != nil {
		s.log.Error("cannot encode iopub message", "msg_type", msgType, "err", err)
		return
	}
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	if err := s.iopub.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		s.log.Warn("iopub send failed", "msg_type", msgType, "err", err)
	}
}
