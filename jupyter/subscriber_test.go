package jupyter

import (
	"context"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
)

// TestFirstRequestWaitsForIOPub sends kernel_info before the client has even connected
// its iopub socket, as a fast client can on a fast kernel. The busy and idle status of
// that request must still reach the client: the kernel holds the request until the
// subscription arrives instead of publishing into the void.
func TestFirstRequestWaitsForIOPub(t *testing.T) {
	ci := ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", Key: testKey, SignatureScheme: "hmac-sha256"}
	srv, err := NewServer(&ci, newFakeEvaluator(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Listen(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		srv.Serve(ctx)
		close(done)
	}()
	defer func() { cancel(); <-done }()

	conn := srv.ConnectionInfo()
	s, _ := newSigner("hmac-sha256", testKey)
	c := &testClient{
		t: t, s: s, session: newID(), conn: conn,
		shell:  zmq4.NewDealer(context.Background(), zmq4.WithID(zmq4.SocketIdentity(newID()))),
		iopub:  zmq4.NewSub(context.Background()),
		shellC: make(chan *message, 10), iopubC: make(chan *message, 100),
	}
	defer c.shell.Close()
	defer c.iopub.Close()
	if err := c.shell.Dial(conn.endpoint(conn.ShellPort)); err != nil {
		t.Fatal(err)
	}
	go c.pump(c.shell, c.shellC)
	req := c.send(c.shell, "kernel_info_request", map[string]any{})

	time.Sleep(200 * time.Millisecond) // the request is now waiting in the kernel
	if err := c.iopub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
	if err := c.iopub.Dial(conn.endpoint(conn.IOPubPort)); err != nil {
		t.Fatal(err)
	}
	go c.pump(c.iopub, c.iopubC)

	c.reply(c.shellC, req, "kernel_info_reply")
	var states []string
	for _, m := range c.untilIdle(req) {
		states = append(states, contentOf(t, m)["execution_state"].(string))
	}
	if len(states) != 2 || states[0] != "busy" || states[1] != "idle" {
		t.Errorf("iopub for the first request = %v, want [busy idle]", states)
	}
}
