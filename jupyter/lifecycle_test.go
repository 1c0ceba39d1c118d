package jupyter

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestInterruptOnControl(t *testing.T) {
	k := startKernel(t)
	c := k.c
	req := c.send(c.shell, "execute_request", executeContentOf("block"))
	<-k.ev.started
	// Control is served while the cell runs.
	info := c.send(c.control, "kernel_info_request", map[string]any{})
	c.reply(c.controlC, info, "kernel_info_reply")
	select {
	case m := <-c.shellC:
		t.Fatalf("cell finished before the interrupt: %s %s", m.header.MsgType, m.content)
	default:
	}
	intr := c.send(c.control, "interrupt_request", map[string]any{})
	if r := c.reply(c.controlC, intr, "interrupt_reply"); r["status"] != "ok" {
		t.Errorf("interrupt_reply = %v", r)
	}
	r := c.reply(c.shellC, req, "execute_reply")
	if r["status"] != "error" || r["ename"] != "Interrupted" || !strings.Contains(r["evalue"].(string), "interrupted") {
		t.Errorf("interrupted cell replied %v", r)
	}
	// Interrupting an idle kernel is harmless.
	k.srv.Interrupt()
	assertServing(t, c)
}

func TestInterruptMethod(t *testing.T) {
	k := startKernel(t)
	c := k.c
	req := c.send(c.shell, "execute_request", executeContentOf("block"))
	<-k.ev.started
	k.srv.Interrupt()
	if r := c.reply(c.shellC, req, "execute_reply"); r["ename"] != "Interrupted" {
		t.Errorf("reply after Server.Interrupt = %v", r)
	}
	if got := types(t, c.untilIdle(req)); !slices.Equal(got, []string{"status:busy", "execute_input", "error", "status:idle"}) {
		t.Errorf("iopub = %v", got)
	}
}

func TestInputRoundTrip(t *testing.T) {
	k := startKernel(t)
	c := k.c
	req := c.send(c.shell, "execute_request", executeContentOf("input"))
	ir := c.next(c.stdinC, "input_request")
	if ir.header.MsgType != "input_request" || parentID(ir) != req.MsgID {
		t.Fatalf("got %s with parent %s", ir.header.MsgType, parentID(ir))
	}
	if ct := contentOf(t, ir); ct["prompt"] != "name? " || ct["password"] != false {
		t.Errorf("input_request content %v", ct)
	}
	irHeader, _ := json.Marshal(ir.header)
	// An input_reply answering some other request is ignored.
	c.sendWithParent(c.stdin, "input_reply", json.RawMessage(`{"msg_id":"someone-else"}`), map[string]any{"value": "mallory"})
	c.sendWithParent(c.stdin, "input_reply", irHeader, map[string]any{"value": "gopher"})
	if r := c.reply(c.shellC, req, "execute_reply"); r["status"] != "ok" {
		t.Fatalf("reply %v", r)
	}
	msgs := c.untilIdle(req)
	var text string
	for _, m := range msgs {
		if m.header.MsgType == "stream" {
			text += contentOf(t, m)["text"].(string)
		}
	}
	if text != "hello gopher\n" {
		t.Errorf("cell printed %q, want the input it was given", text)
	}

	// With allow_stdin false, Input fails at once and nothing is asked.
	noStdin := executeContentOf("input")
	noStdin["allow_stdin"] = false
	req = c.send(c.shell, "execute_request", noStdin)
	r := c.reply(c.shellC, req, "execute_reply")
	if r["ename"] != "InputError" || r["evalue"] != ErrStdinNotAllowed.Error() {
		t.Errorf("input without stdin replied %v", r)
	}
	select {
	case m := <-c.stdinC:
		t.Errorf("input_request sent although allow_stdin was false: %s", m.content)
	default:
	}

	// Interrupting a cell that waits for input ends the wait.
	req = c.send(c.shell, "execute_request", executeContentOf("input"))
	c.next(c.stdinC, "second input_request")
	k.srv.Interrupt()
	r = c.reply(c.shellC, req, "execute_reply")
	if r["ename"] != "InputError" || !strings.Contains(r["evalue"].(string), "interrupted") {
		t.Errorf("interrupted input replied %v", r)
	}
}

func TestCommsAndIntrospection(t *testing.T) {
	k := startKernel(t)
	c := k.c
	open := c.send(c.shell, "comm_open", map[string]any{"comm_id": "c1", "target_name": "jupyter.widget", "data": map[string]any{}})
	msgs := c.untilIdle(open)
	if got := types(t, msgs); !slices.Equal(got, []string{"status:busy", "comm_close", "status:idle"}) {
		t.Fatalf("iopub for comm_open = %v", got)
	}
	if cc := contentOf(t, msgs[1]); cc["comm_id"] != "c1" {
		t.Errorf("comm_close = %v", cc)
	}

	tests := []struct {
		msgType, reply string
		content        map[string]any
		check          func(map[string]any) bool
	}{
		{"comm_info_request", "comm_info_reply", map[string]any{},
			func(r map[string]any) bool { return len(r["comms"].(map[string]any)) == 0 }},
		{"complete_request", "complete_reply", map[string]any{"code": "héllo", "cursor_pos": 5},
			func(r map[string]any) bool {
				return slices.Equal(r["matches"].([]any), []any{"hélloA", "hélloB"}) && r["cursor_end"] == 5.0
			}},
		{"complete_request", "complete_reply", map[string]any{"code": "héllo"}, // cursor defaults to the end, in code points
			func(r map[string]any) bool { return r["cursor_end"] == 5.0 }},
		{"inspect_request", "inspect_reply", map[string]any{"code": "x", "cursor_pos": 1, "detail_level": 1},
			func(r map[string]any) bool {
				return r["found"] == true && r["data"].(map[string]any)["text/plain"] == "x@1/1"
			}},
		{"inspect_request", "inspect_reply", map[string]any{"code": "", "cursor_pos": 0},
			func(r map[string]any) bool { return r["found"] == false && r["data"] != nil }},
		{"is_complete_request", "is_complete_reply", map[string]any{"code": "func f() {"},
			func(r map[string]any) bool { return r["status"] == "incomplete" && r["indent"] == "\t" }},
		{"is_complete_request", "is_complete_reply", map[string]any{"code": "f()"},
			func(r map[string]any) bool { return r["status"] == "complete" }},
	}
	for _, tc := range tests {
		req := c.send(c.shell, tc.msgType, tc.content)
		r := c.reply(c.shellC, req, tc.reply)
		if r["status"] != "ok" && tc.reply != "is_complete_reply" || !tc.check(r) {
			t.Errorf("%s %v answered %v", tc.msgType, tc.content, r)
		}
		if got := types(t, c.untilIdle(req)); !slices.Equal(got, []string{"status:busy", "status:idle"}) {
			t.Errorf("%s iopub = %v", tc.msgType, got)
		}
	}
}

func TestShutdown(t *testing.T) {
	for _, tc := range []struct {
		name    string
		control bool
		restart bool
	}{
		{"control restart", true, true},
		{"control stop", true, false},
		{"shell restart", false, true},
		{"shell stop", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := startKernel(t)
			c := k.c
			sock, ch := c.shell, c.shellC
			if tc.control {
				sock, ch = c.control, c.controlC
			}
			req := c.send(sock, "shutdown_request", map[string]any{"restart": tc.restart})
			if r := c.reply(ch, req, "shutdown_reply"); r["status"] != "ok" || r["restart"] != tc.restart {
				t.Errorf("shutdown_reply = %v", r)
			}
			if got := types(t, c.untilIdle(req)); !slices.Equal(got, []string{"status:busy", "status:idle"}) {
				t.Errorf("iopub = %v", got)
			}
			select {
			case res := <-k.done:
				if res.err != nil || res.restart != tc.restart {
					t.Errorf("Serve returned (%v, %v), want (%v, nil)", res.restart, res.err, tc.restart)
				}
				k.done <- res // for the cleanup
			case <-time.After(waitLimit):
				t.Fatal("Serve did not return after shutdown_request")
			}
		})
	}
}

func TestShutdownDuringExecution(t *testing.T) {
	k := startKernel(t)
	c := k.c
	req := c.send(c.shell, "execute_request", executeContentOf("block"))
	<-k.ev.started
	shut := c.send(c.control, "shutdown_request", map[string]any{"restart": false})
	c.reply(c.controlC, shut, "shutdown_reply")
	if r := c.reply(c.shellC, req, "execute_reply"); r["ename"] != "Interrupted" {
		t.Errorf("running cell replied %v, want it stopped by the shutdown", r)
	}
	res := <-k.done
	k.done <- res
	if res.err != nil || res.restart {
		t.Errorf("Serve returned (%v, %v)", res.restart, res.err)
	}
}

func TestNewServerErrors(t *testing.T) {
	good := &ConnectionInfo{Transport: "tcp", IP: "127.0.0.1"}
	if _, err := NewServer(nil, newFakeEvaluator(), nil); err == nil {
		t.Error("nil connection info accepted")
	}
	if _, err := NewServer(good, nil, nil); err == nil {
		t.Error("nil evaluator accepted")
	}
	bad := *good
	bad.SignatureScheme = "hmac-none"
	if _, err := NewServer(&bad, newFakeEvaluator(), nil); err == nil || !strings.Contains(err.Error(), "hmac-none") {
		t.Errorf("bad scheme error = %v", err)
	}
	// Binding to an address that is not local fails with the socket named.
	far := *good
	far.IP = "192.0.2.1" // TEST-NET-1, never assigned to this host
	s, err := NewServer(&far, newFakeEvaluator(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Listen(); err == nil || !strings.Contains(err.Error(), "shell") {
		t.Errorf("Listen on a foreign address = %v", err)
	}
	if _, err := s.Serve(t.Context()); err == nil {
		t.Error("Serve without sockets succeeded")
	}
}

// TestRepeatedInterruptsReachEvaluator checks that an Interrupter hears every
// interrupt of a cell that ignores its cancelled context, and none when idle.
func TestRepeatedInterruptsReachEvaluator(t *testing.T) {
	k := startKernel(t)
	c := k.c
	req := c.send(c.shell, "execute_request", executeContentOf("stuck"))
	<-k.ev.started
	for range 2 {
		intr := c.send(c.control, "interrupt_request", map[string]any{})
		c.reply(c.controlC, intr, "interrupt_reply")
	}
	k.srv.Interrupt() // SIGINT's path counts too
	for want := 1; want <= 3; want++ {
		select {
		case n := <-k.ev.interrupted:
			if n != want {
				t.Fatalf("Interrupted(%d), want Interrupted(%d)", n, want)
			}
		case <-timeAfterLimit():
			t.Fatalf("Interrupted(%d) never called", want)
		}
	}
	k.ev.release <- struct{}{}
	c.reply(c.shellC, req, "execute_reply")
	c.untilIdle(req)

	// A new cell counts from 1 again; an idle kernel tells the evaluator nothing.
	k.srv.Interrupt()
	req = c.send(c.shell, "execute_request", executeContentOf("block"))
	<-k.ev.started
	k.srv.Interrupt()
	c.reply(c.shellC, req, "execute_reply")
	if n := <-k.ev.interrupted; n != 1 {
		t.Errorf("first interrupt of the next cell: Interrupted(%d), want 1", n)
	}
	select {
	case n := <-k.ev.interrupted:
		t.Errorf("unexpected Interrupted(%d) (the idle interrupt must not count)", n)
	default:
	}
}

// TestInputPromptFromPendingStdout: a cell that prints "name? " and then reads
// stdin with no prompt gets "name? " as the input_request's prompt, and the
// text is not shown a second time as a stream.
func TestInputPromptFromPendingStdout(t *testing.T) {
	k := startKernel(t)
	c := k.c
	req := c.send(c.shell, "execute_request", executeContentOf("prompt"))
	ir := c.next(c.stdinC, "input_request")
	if p := contentOf(t, ir)["prompt"]; p != "name? " {
		t.Errorf("input_request prompt = %q, want the unterminated stdout line %q", p, "name? ")
	}
	irHeader, _ := json.Marshal(ir.header)
	c.sendWithParent(c.stdin, "input_reply", irHeader, map[string]any{"value": "gopher"})
	c.reply(c.shellC, req, "execute_reply")
	var text string
	for _, m := range c.untilIdle(req) {
		if m.header.MsgType == "stream" {
			text += contentOf(t, m)["text"].(string)
		}
	}
	if text != "before\nhello gopher\n" {
		t.Errorf("streams = %q, want the terminated lines only", text)
	}
}
