package jupyter

import (
	"net"
	"slices"
	"strings"
	"testing"

	"github.com/go-zeromq/zmq4"
)

// assertServing proves the kernel still answers on shell, control, heartbeat
// and iopub.
func assertServing(t *testing.T, c *testClient) {
	t.Helper()
	for _, ch := range []struct {
		sock  zmq4.Socket
		reply chan *message
	}{{c.shell, c.shellC}, {c.control, c.controlC}} {
		req := c.send(ch.sock, "kernel_info_request", map[string]any{})
		c.reply(ch.reply, req, "kernel_info_reply")
		if got := types(t, c.untilIdle(req)); !slices.Equal(got, []string{"status:busy", "status:idle"}) {
			t.Errorf("iopub for kernel_info = %v", got)
		}
	}
	heartbeat(t, c, "still alive")
}

func heartbeat(t *testing.T, c *testClient, payload string) {
	t.Helper()
	if err := c.hb.Send(zmq4.NewMsgString(payload)); err != nil {
		t.Fatalf("heartbeat send: %v", err)
	}
	done := make(chan zmq4.Msg, 1)
	go func() {
		m, _ := c.hb.Recv()
		done <- m
	}()
	select {
	case m := <-done:
		if len(m.Frames) != 1 || string(m.Frames[0]) != payload {
			t.Errorf("heartbeat echoed %q, want %q", m.Frames, payload)
		}
	case <-timeAfterLimit():
		t.Fatal("no heartbeat echo")
	}
}

func TestHeartbeatEcho(t *testing.T) {
	k := startKernel(t)
	for _, p := range []string{"ping", strings.Repeat("x", 1000), "ping"} {
		heartbeat(t, k.c, p)
	}
}

func TestBadSignatureDropped(t *testing.T) {
	k := startKernel(t)
	c := k.c
	forged, err := newSigner("hmac-sha256", "not-the-key")
	if err != nil {
		t.Fatal(err)
	}
	h := newHeader("execute_request", c.session, "mallory")
	frames, _ := encode(forged, nil, h, nil, nil, executeContentOf("print 666"))
	c.sendFrames(c.shell, frames...)
	c.sendFrames(c.control, frames...)
	// The same message with its signature removed.
	unsigned := slices.Clone(frames)
	unsigned[1] = []byte{}
	c.sendFrames(c.shell, unsigned...)

	// Replies come in order, so if the next reply is to a later request the
	// forged ones were never answered.
	req := c.send(c.shell, "execute_request", executeContentOf("print 1"))
	if r := c.reply(c.shellC, req, "execute_reply"); r["status"] != "ok" || r["execution_count"] != 1.0 {
		t.Errorf("reply after forged requests = %v", r)
	}
	if got := k.ev.executed(); !slices.Equal(got, []string{"print 1"}) {
		t.Errorf("evaluator ran %v; forged code must never run", got)
	}
	assertServing(t, c)
	if !strings.Contains(k.logBuf.String(), "signature") {
		t.Error("dropped message was not logged")
	}
}

func TestGarbageSurvived(t *testing.T) {
	k := startKernel(t)
	c := k.c
	sign := func(hdr, content string) [][]byte {
		return wire(testKey, nil, hdr, `{}`, `{}`, content)
	}
	// Each socket gets its own copy (a distinct msg_id): the same signed
	// message sent twice is a replay, which the kernel refuses.
	garbage := func(id string) [][][]byte {
		return [][][]byte{
			{[]byte("garbage")},
			{[]byte{0, 1, 2, 255}},
			{delimiter},
			{delimiter, []byte("sig")},
			{[]byte("id"), delimiter, []byte("sig"), []byte("{"), []byte("{}"), []byte("{}"), []byte("{}")},
			sign(`{"msg_id":"x`+id+`"}`, `{}`),                                               // no msg_type
			sign(`{"msg_id":"x`+id+`","msg_type":"no_such_request","session":"s"}`, `{}`),    // unknown type
			sign(`{"msg_id":"x`+id+`","msg_type":"execute_request","session":"s"}`, `[1,2]`), // content not an object
			sign(`"just a string `+id+`"`, `{}`),
		}
	}
	for i, sock := range []zmq4.Socket{c.shell, c.control, c.stdin} {
		for _, g := range garbage(itoa(i)) {
			c.sendFrames(sock, g...)
		}
	}
	// Of all that, only the well-formed request of unknown type is answered
	// (on shell and control), with an error so the client does not wait.
	for _, ch := range []chan *message{c.shellC, c.controlC} {
		m := c.next(ch, "reply to the unknown request")
		if m.header.MsgType != "no_such_reply" || contentOf(t, m)["status"] != "error" {
			t.Errorf("unknown request answered with %s %s", m.header.MsgType, m.content)
		}
	}
	// A DEALER on the heartbeat REP socket can send frames without the
	// REQ envelope, which the REP socket must reject without stopping.
	rogue := zmq4.NewDealer(t.Context())
	defer rogue.Close()
	if err := rogue.Dial(c.conn.endpoint(c.conn.HBPort)); err != nil {
		t.Fatal(err)
	}
	_ = rogue.Send(zmq4.NewMsgString("no envelope"))
	// Raw TCP bytes that are not ZMTP at all, on every port.
	for _, p := range c.conn.ports() {
		conn, err := net.Dial("tcp", net.JoinHostPort(c.conn.IP, itoa(p.port)))
		if err != nil {
			t.Fatalf("dial %s: %v", p.name, err)
		}
		conn.Write([]byte("GET / HTTP/1.0\r\n\r\n" + strings.Repeat("\xff", 100)))
		conn.Close()
	}
	assertServing(t, c)
	if got := k.ev.executed(); len(got) != 0 {
		t.Errorf("garbage executed %v", got)
	}
}

func TestBadContentAnswered(t *testing.T) {
	k := startKernel(t)
	c := k.c
	tests := []struct {
		msgType, reply string
		content        map[string]any
	}{
		{"execute_request", "execute_reply", map[string]any{"code": 5}},
		{"execute_request", "execute_reply", map[string]any{"silent": true}}, // no code
		{"execute_request", "execute_reply", map[string]any{"code": "x", "user_expressions": []any{1}}},
		{"complete_request", "complete_reply", map[string]any{"code": "x", "cursor_pos": "end"}},
		{"inspect_request", "inspect_reply", map[string]any{"code": []any{}}},
		{"is_complete_request", "is_complete_reply", map[string]any{"code": true}},
		{"history_request", "history_reply", map[string]any{"hist_access_type": "sideways"}},
	}
	for _, tc := range tests {
		req := c.send(c.shell, tc.msgType, tc.content)
		r := c.reply(c.shellC, req, tc.reply)
		if r["status"] != "error" || r["evalue"] == "" {
			t.Errorf("%s %v answered %v, want an error reply", tc.msgType, tc.content, r)
		}
		if got := types(t, c.untilIdle(req)); !slices.Equal(got, []string{"status:busy", "status:idle"}) {
			t.Errorf("%s iopub = %v", tc.msgType, got)
		}
	}
	shut := c.send(c.control, "shutdown_request", map[string]any{"restart": "yes"})
	if r := c.reply(c.controlC, shut, "shutdown_reply"); r["status"] != "error" {
		t.Errorf("malformed shutdown answered %v", r)
	}
	assertServing(t, c)
}

func TestEvaluatorPanicIsAnError(t *testing.T) {
	k := startKernel(t)
	c := k.c
	req := c.send(c.shell, "execute_request", executeContentOf("panic"))
	r := c.reply(c.shellC, req, "execute_reply")
	if r["status"] != "error" || !strings.Contains(r["evalue"].(string), "fake evaluator panic") {
		t.Errorf("panicking cell replied %v", r)
	}
	if got := types(t, c.untilIdle(req)); !slices.Equal(got, []string{"status:busy", "execute_input", "error", "status:idle"}) {
		t.Errorf("iopub = %v", got)
	}
	assertServing(t, c)
}
