package jupyter

import (
	"context"
	"encoding/json"
	"errors"
	"slices"

	"testing"
	"time"
)

// commFake is a fake evaluator that serves comms to the target "echo": it answers a
// comm_open with a comm_msg {"hello": target}, prints the "print" field of a comm_msg's
// data, waits for release on {"wait": true}, and merges {"method": "update"} messages.
type commFake struct {
	*fakeEvaluator
	srv       *Server
	got       chan CommMsg
	release   chan struct{}
	cancelled chan error
}

func newCommFake() *commFake {
	return &commFake{fakeEvaluator: newFakeEvaluator(), got: make(chan CommMsg, 100),
		release: make(chan struct{}, 10), cancelled: make(chan error, 10)}
}

func (f *commFake) Comm(ctx context.Context, m CommMsg, out Output) error {
	f.got <- m
	switch {
	case m.Type == "comm_open" && m.Target != "echo":
		return errors.New("no such target")
	case m.Type == "comm_open":
		return f.srv.SendComm(CommMsg{Type: "comm_msg", CommID: m.CommID, Data: map[string]any{"hello": m.Target}})
	case m.Type == "comm_msg":
		if p, ok := m.Data["print"].(string); ok {
			out.Stream("stdout", p)
		}
		if m.Data["wait"] == true {
			select {
			case <-f.release:
			case <-ctx.Done():
				f.cancelled <- context.Cause(ctx)
			}
		}
	}
	return nil
}

func (f *commFake) MergeComm(earlier, later map[string]any) (map[string]any, bool) {
	if earlier["method"] != "update" || later["method"] != "update" {
		return nil, false
	}
	state := map[string]any{}
	for _, d := range []map[string]any{earlier, later} {
		for k, v := range d["state"].(map[string]any) {
			state[k] = v
		}
	}
	return map[string]any{"method": "update", "state": state}, true
}

func startCommKernel(t *testing.T) (*kernelFixture, *commFake) {
	t.Helper()
	ev := newCommFake()
	k := startKernelFor(t, ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", Key: testKey, SignatureScheme: "hmac-sha256"}, ev)
	ev.srv = k.srv
	return k, ev
}

// commInfo asks for the open comms of target ("" for all) and returns their targets.
func commInfo(c *testClient, target string) map[string]string {
	c.t.Helper()
	content := map[string]any{}
	if target != "" {
		content["target_name"] = target
	}
	req := c.send(c.shell, "comm_info_request", content)
	r := c.reply(c.shellC, req, "comm_info_reply")
	c.untilIdle(req)
	out := map[string]string{}
	for id, v := range r["comms"].(map[string]any) {
		out[id] = v.(map[string]any)["target_name"].(string)
	}
	return out
}

func TestCommFromFrontEnd(t *testing.T) {
	k, ev := startCommKernel(t)
	c := k.c
	open := c.sendWithParent(c.shell, "comm_open", nil, map[string]any{"comm_id": "c1", "target_name": "echo", "data": map[string]any{"x": 1}})
	msgs := c.untilIdle(open)
	if got := types(t, msgs); !slices.Equal(got, []string{"status:busy", "comm_msg", "status:idle"}) {
		t.Fatalf("iopub for an accepted comm_open = %v", got)
	}
	if cc := contentOf(t, msgs[1]); cc["comm_id"] != "c1" || cc["data"].(map[string]any)["hello"] != "echo" {
		t.Errorf("the evaluator's answer = %v", cc)
	}
	if m := <-ev.got; m.Type != "comm_open" || m.Target != "echo" || m.Data["x"] != 1.0 {
		t.Errorf("delivered %+v", m)
	}

	refused := c.send(c.shell, "comm_open", map[string]any{"comm_id": "c2", "target_name": "nobody", "data": map[string]any{}})
	msgs = c.untilIdle(refused)
	if got := types(t, msgs); !slices.Equal(got, []string{"status:busy", "comm_close", "status:idle"}) {
		t.Fatalf("iopub for a refused comm_open = %v", got)
	}
	<-ev.got
	if got := commInfo(c, ""); len(got) != 1 || got["c1"] != "echo" {
		t.Errorf("comm_info = %v, want only c1 (echo)", got)
	}
	if got := commInfo(c, "other"); len(got) != 0 {
		t.Errorf("comm_info for target other = %v, want none", got)
	}

	msg := c.send(c.shell, "comm_msg", map[string]any{"comm_id": "c1", "data": map[string]any{"print": "from the comm\n"}})
	msgs = c.untilIdle(msg)
	if got := types(t, msgs); !slices.Equal(got, []string{"status:busy", "stream", "status:idle"}) {
		t.Fatalf("iopub for a comm_msg that prints = %v", got)
	}
	if m := <-ev.got; m.Type != "comm_msg" || m.Data["print"] != "from the comm\n" {
		t.Errorf("delivered %+v", m)
	}

	cl := c.send(c.shell, "comm_close", map[string]any{"comm_id": "c1", "data": map[string]any{}})
	c.untilIdle(cl)
	if m := <-ev.got; m.Type != "comm_close" || m.CommID != "c1" {
		t.Errorf("delivered %+v", m)
	}
	if got := commInfo(c, ""); len(got) != 0 {
		t.Errorf("comm_info after comm_close = %v, want none", got)
	}
	// Messages for a closed comm are dropped, not delivered.
	late := c.send(c.shell, "comm_msg", map[string]any{"comm_id": "c1", "data": map[string]any{}})
	c.untilIdle(late)
	select {
	case m := <-ev.got:
		t.Errorf("a message for a closed comm was delivered: %+v", m)
	default:
	}
}

func TestSendCommAndCloseComms(t *testing.T) {
	k, _ := startCommKernel(t)
	c := k.c
	<-c.iopubC // starting
	for _, id := range []string{"w1", "w2"} {
		err := k.srv.SendComm(CommMsg{Type: "comm_open", CommID: id, Target: "jupyter.widget",
			Data: map[string]any{"state": map[string]any{"value": 3}}, Metadata: map[string]any{"version": "2.1.0"}})
		if err != nil {
			t.Fatal(err)
		}
		m := c.next(c.iopubC, "comm_open")
		var meta map[string]any
		_ = json.Unmarshal(m.metadata, &meta)
		cc := contentOf(t, m)
		if m.header.MsgType != "comm_open" || cc["comm_id"] != id || cc["target_name"] != "jupyter.widget" || meta["version"] != "2.1.0" {
			t.Errorf("published %s %v with metadata %v", m.header.MsgType, cc, meta)
		}
	}
	if got := commInfo(c, "jupyter.widget"); len(got) != 2 {
		t.Errorf("comm_info = %v, want w1 and w2", got)
	}
	bad := []CommMsg{
		{Type: "comm_open", CommID: "x"},                       // no target
		{Type: "comm_msg", CommID: "nope"},                     // not open
		{Type: "comm_close", CommID: "nope"},                   // not open
		{Type: "comm_shout", CommID: "w1"},                     // no such type
		{Type: "comm_open", Target: "jupyter.widget"},          // no id
		{Type: "comm_msg", CommID: "", Data: map[string]any{}}, // no id
	}
	for _, m := range bad {
		if err := k.srv.SendComm(m); err == nil {
			t.Errorf("SendComm(%+v) accepted", m)
		}
	}
	k.srv.CloseComms()
	var closed []string
	for range 2 {
		m := c.next(c.iopubC, "comm_close")
		if m.header.MsgType != "comm_close" {
			t.Fatalf("got %s, want comm_close", m.header.MsgType)
		}
		closed = append(closed, contentOf(t, m)["comm_id"].(string))
	}
	if !slices.Equal(closed, []string{"w1", "w2"}) {
		t.Errorf("closed %v, want w1 w2", closed)
	}
	if got := commInfo(c, ""); len(got) != 0 {
		t.Errorf("comm_info after CloseComms = %v", got)
	}
}

func TestQueuedCommUpdatesMerge(t *testing.T) {
	k, ev := startCommKernel(t)
	c := k.c
	open := c.send(c.shell, "comm_open", map[string]any{"comm_id": "s", "target_name": "echo", "data": map[string]any{}})
	c.untilIdle(open)
	<-ev.got
	update := func(v int, wait bool) header {
		return c.send(c.shell, "comm_msg", map[string]any{"comm_id": "s",
			"data": map[string]any{"method": "update", "state": map[string]any{"value": v}, "wait": wait}})
	}
	first := update(0, true)
	if m := <-ev.got; m.Data["wait"] != true {
		t.Fatalf("first delivery %+v", m)
	}
	// While the first is handled, a drag sends many more; then a message for the comm
	// that cannot merge, and one more update.
	var reqs []header
	for v := 1; v <= 20; v++ {
		reqs = append(reqs, update(v, false))
	}
	other := c.send(c.shell, "comm_msg", map[string]any{"comm_id": "s", "data": map[string]any{"method": "custom"}})
	final := update(99, false)
	// Let all of them reach the queue before the first one finishes.
	waitFor(t, "the queued updates", func() bool { return k.srv.queue.lastSeq() >= uint64(len(reqs)+4) })
	ev.release <- struct{}{}

	c.untilIdle(first)
	for _, r := range reqs {
		msgs := c.untilIdle(r) // every request still gets its busy and idle
		if got := types(t, msgs); !slices.Equal(got, []string{"status:busy", "status:idle"}) {
			t.Errorf("iopub for update %s = %v", r.MsgID, got)
		}
	}
	c.untilIdle(other)
	c.untilIdle(final)
	var delivered []any
	for len(delivered) < 3 {
		select {
		case m := <-ev.got:
			delivered = append(delivered, m.Data["state"])
		case <-time.After(waitLimit):
			t.Fatalf("delivered only %v", delivered)
		}
	}
	want := []any{map[string]any{"value": 20.0}, nil, map[string]any{"value": 99.0}}
	for i := range want {
		if !jsonEqual(delivered[i], want[i]) {
			t.Errorf("deliveries after the first = %v, want %v", delivered, want)
			break
		}
	}
	select {
	case m := <-ev.got:
		t.Errorf("an extra delivery: %+v", m)
	default:
	}
}

func TestInterruptCancelsComm(t *testing.T) {
	k, ev := startCommKernel(t)
	c := k.c
	open := c.send(c.shell, "comm_open", map[string]any{"comm_id": "s", "target_name": "echo", "data": map[string]any{}})
	c.untilIdle(open)
	<-ev.got
	req := c.send(c.shell, "comm_msg", map[string]any{"comm_id": "s", "data": map[string]any{"wait": true}})
	<-ev.got
	ir := c.send(c.control, "interrupt_request", map[string]any{})
	c.reply(c.controlC, ir, "interrupt_reply")
	select {
	case err := <-ev.cancelled:
		if !errors.Is(err, errInterrupted) {
			t.Errorf("comm context ended with %v", err)
		}
	case <-time.After(waitLimit):
		t.Fatal("interrupt did not cancel the comm handler")
	}
	c.untilIdle(req)
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
