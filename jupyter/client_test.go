package jupyter

import (
	"context"
	"encoding/json"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
)

// waitLimit bounds every wait for a message the kernel owes; it is a hang
// guard, not a speed requirement.
const waitLimit = 10 * time.Second

const testKey = "integration-key"

// testClient talks to a Server over ZeroMQ the way a Jupyter frontend does:
// DEALER sockets sharing one identity for shell, control and stdin, a SUB
// socket on iopub and a REQ socket on heartbeat.
type testClient struct {
	t       *testing.T
	s       *signer
	session string
	conn    ConnectionInfo

	shell, control, stdin, iopub, hb zmq4.Socket
	shellC, controlC, stdinC, iopubC chan *message
	badFromKernel                    atomic.Int32

	mu      sync.Mutex
	backlog []*message // iopub messages read while waiting for another parent
}

// kernelFixture is a running server with a connected client.
type kernelFixture struct {
	srv    *Server
	ev     *fakeEvaluator
	c      *testClient
	done   chan serveResult
	logBuf *syncBuffer
}

type serveResult struct {
	restart bool
	err     error
}

// syncBuffer collects log output from several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// startKernel serves a fake evaluator on free loopback ports and connects a
// client. The first iopub message (status starting) is left for the test.
func startKernel(t *testing.T) *kernelFixture {
	t.Helper()
	return startKernelOn(t, ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", Key: testKey, SignatureScheme: "hmac-sha256"})
}

// startKernelOn is startKernel for a given connection info.
func startKernelOn(t *testing.T, ci ConnectionInfo) *kernelFixture {
	t.Helper()
	return startKernelFor(t, ci, newFakeEvaluator())
}

// startKernelFor is startKernelOn for a given evaluator; the fixture's ev is set when
// it is a *fakeEvaluator.
func startKernelFor(t *testing.T, ci ConnectionInfo, ev Evaluator) *kernelFixture {
	t.Helper()
	fake, _ := ev.(*fakeEvaluator)
	logs := &syncBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv, err := NewServer(&ci, ev, logger)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Listen(); err != nil {
		t.Fatal(err)
	}
	c := dialKernel(t, srv.ConnectionInfo(), ci.Key)
	// The PUB socket drops messages for subscribers it does not know yet;
	// wait until the subscription has reached it so no message is missed.
	deadline := time.Now().Add(waitLimit)
	for len(srv.iopub.(zmq4.Topics).Topics()) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("iopub subscription never reached the kernel")
		}
		time.Sleep(5 * time.Millisecond)
	}
	ctx, cancel := context.WithCancel(context.Background())
	f := &kernelFixture{srv: srv, ev: fake, c: c, done: make(chan serveResult, 1), logBuf: logs}
	go func() {
		r, err := srv.Serve(ctx)
		f.done <- serveResult{r, err}
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-f.done:
		case <-time.After(waitLimit):
			t.Error("Serve did not return after its context was cancelled")
		}
		c.close()
		if n := c.badFromKernel.Load(); n > 0 {
			t.Errorf("kernel sent %d messages the client could not decode", n)
		}
		if t.Failed() {
			t.Logf("kernel log:\n%s", logs.String())
		}
	})
	return f
}

func dialKernel(t *testing.T, ci ConnectionInfo, key string) *testClient {
	t.Helper()
	s, err := newSigner("hmac-sha256", key)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	id := zmq4.SocketIdentity(newID())
	c := &testClient{
		t: t, s: s, session: newID(), conn: ci,
		shell:   zmq4.NewDealer(ctx, zmq4.WithID(id)),
		control: zmq4.NewDealer(ctx, zmq4.WithID(id)),
		stdin:   zmq4.NewDealer(ctx, zmq4.WithID(id)),
		iopub:   zmq4.NewSub(ctx),
		hb:      zmq4.NewReq(ctx),
		shellC:  make(chan *message, 1000), controlC: make(chan *message, 100),
		stdinC: make(chan *message, 100), iopubC: make(chan *message, 100000),
	}
	if err := c.iopub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
	for _, d := range []struct {
		sock zmq4.Socket
		port int
	}{{c.shell, ci.ShellPort}, {c.control, ci.ControlPort}, {c.stdin, ci.StdinPort}, {c.iopub, ci.IOPubPort}, {c.hb, ci.HBPort}} {
		if err := d.sock.Dial(ci.endpoint(d.port)); err != nil {
			t.Fatalf("dial %s: %v", ci.endpoint(d.port), err)
		}
	}
	go c.pump(c.shell, c.shellC)
	go c.pump(c.control, c.controlC)
	go c.pump(c.stdin, c.stdinC)
	go c.pump(c.iopub, c.iopubC)
	return c
}

func (c *testClient) close() {
	for _, s := range []zmq4.Socket{c.shell, c.control, c.stdin, c.iopub, c.hb} {
		s.Close()
	}
}

func (c *testClient) pump(sock zmq4.Socket, ch chan<- *message) {
	for {
		raw, err := sock.Recv()
		if err != nil {
			return
		}
		m, err := decode(raw.Frames, c.s)
		if err != nil {
			c.badFromKernel.Add(1)
			continue
		}
		ch <- m
	}
}

// send signs and sends a request, returning its header.
func (c *testClient) send(sock zmq4.Socket, msgType string, content any) header {
	return c.sendWithParent(sock, msgType, nil, content)
}

func (c *testClient) sendWithParent(sock zmq4.Socket, msgType string, parent json.RawMessage, content any) header {
	c.t.Helper()
	h := newHeader(msgType, c.session, "tester")
	frames, err := encode(c.s, nil, h, parent, nil, content)
	if err != nil {
		c.t.Fatal(err)
	}
	c.sendFrames(sock, frames...)
	return h
}

func (c *testClient) sendFrames(sock zmq4.Socket, frames ...[]byte) {
	c.t.Helper()
	if err := sock.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		c.t.Fatalf("send: %v", err)
	}
}

// next returns the next message on ch, failing the test after waitLimit.
func (c *testClient) next(ch <-chan *message, what string) *message {
	c.t.Helper()
	select {
	case m := <-ch:
		return m
	case <-time.After(waitLimit):
		c.t.Fatalf("no %s within %v", what, waitLimit)
		return nil
	}
}

// reply waits for the reply to req on ch and checks its type and parent.
func (c *testClient) reply(ch <-chan *message, req header, wantType string) map[string]any {
	c.t.Helper()
	m := c.next(ch, wantType)
	if m.header.MsgType != wantType {
		c.t.Fatalf("got %s (%s), want %s", m.header.MsgType, m.content, wantType)
	}
	if p := parentID(m); p != req.MsgID {
		c.t.Fatalf("%s has parent %q, want %q", wantType, p, req.MsgID)
	}
	return contentOf(c.t, m)
}

// untilIdle returns the iopub messages whose parent is req, from its busy
// status up to and including its idle status.
func (c *testClient) untilIdle(req header) []*message {
	c.t.Helper()
	var got []*message
	take := func(m *message) bool {
		if parentID(m) != req.MsgID {
			return false
		}
		got = append(got, m)
		return m.header.MsgType == "status" && contentOf(c.t, m)["execution_state"] == "idle"
	}
	c.mu.Lock()
	rest := c.backlog[:0]
	done := false
	for _, m := range c.backlog {
		if !done && parentID(m) == req.MsgID {
			done = take(m)
			continue
		}
		rest = append(rest, m)
	}
	c.backlog = rest
	c.mu.Unlock()
	for !done {
		m := c.next(c.iopubC, "idle status for "+req.MsgType)
		if parentID(m) != req.MsgID {
			c.mu.Lock()
			c.backlog = append(c.backlog, m)
			c.mu.Unlock()
			continue
		}
		done = take(m)
	}
	return got
}

func parentID(m *message) string {
	var p struct {
		MsgID string `json:"msg_id"`
	}
	_ = json.Unmarshal(m.parent, &p)
	return p.MsgID
}

func contentOf(t *testing.T, m *message) map[string]any {
	t.Helper()
	var c map[string]any
	if err := json.Unmarshal(m.content, &c); err != nil {
		t.Fatalf("%s content %s: %v", m.header.MsgType, m.content, err)
	}
	return c
}

// types lists the msg_type of each message, with the state for status
// messages, for compact comparisons.
func types(t *testing.T, ms []*message) []string {
	var out []string
	for _, m := range ms {
		s := m.header.MsgType
		if s == "status" {
			s += ":" + contentOf(t, m)["execution_state"].(string)
		}
		out = append(out, s)
	}
	return out
}

func executeContentOf(code string) map[string]any {
	return map[string]any{"code": code, "silent": false, "store_history": true,
		"user_expressions": map[string]any{}, "allow_stdin": true, "stop_on_error": true}
}

func timeAfterLimit() <-chan time.Time { return time.After(waitLimit) }

func itoa(i int) string { return strconv.Itoa(i) }
