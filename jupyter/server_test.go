package jupyter

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestStartingStatusAndKernelInfo(t *testing.T) {
	k := startKernel(t)
	c := k.c
	first := c.next(c.iopubC, "starting status")
	if first.header.MsgType != "status" || contentOf(t, first)["execution_state"] != "starting" || parentID(first) != "" {
		t.Fatalf("first iopub message %s %s parent %s, want status starting without parent", first.header.MsgType, first.content, first.parent)
	}
	for _, ch := range []struct {
		name  string
		send  func() header
		reply chan *message
	}{
		{"shell", func() header { return c.send(c.shell, "kernel_info_request", map[string]any{}) }, c.shellC},
		{"control", func() header { return c.send(c.control, "kernel_info_request", map[string]any{}) }, c.controlC},
	} {
		t.Run(ch.name, func(t *testing.T) {
			req := ch.send()
			r := c.reply(ch.reply, req, "kernel_info_reply")
			if r["status"] != "ok" || r["protocol_version"] != "5.3" || r["implementation"] != "fake" {
				t.Errorf("kernel_info_reply = %v", r)
			}
			if li := r["language_info"].(map[string]any); li["name"] != "go" || li["file_extension"] != ".go" {
				t.Errorf("language_info = %v", li)
			}
			if got := types(t, c.untilIdle(req)); !slices.Equal(got, []string{"status:busy", "status:idle"}) {
				t.Errorf("iopub for kernel_info = %v, want busy then idle", got)
			}
		})
	}
}

func TestExecuteOutputs(t *testing.T) {
	k := startKernel(t)
	c := k.c
	content := executeContentOf("hello")
	content["user_expressions"] = map[string]any{"x": "1+1"}
	req := c.send(c.shell, "execute_request", content)
	r := c.reply(c.shellC, req, "execute_reply")
	if r["status"] != "ok" || r["execution_count"] != 1.0 {
		t.Errorf("execute_reply = %v", r)
	}
	ue := r["user_expressions"].(map[string]any)["x"].(map[string]any)
	if ue["status"] != "ok" || ue["data"].(map[string]any)["text/plain"] != "value of 1+1" {
		t.Errorf("user expression x = %v", ue)
	}
	msgs := c.untilIdle(req)
	want := []string{"status:busy", "execute_input", "stream", "stream", "execute_result",
		"display_data", "update_display_data", "clear_output", "status:idle"}
	if got := types(t, msgs); !slices.Equal(got, want) {
		t.Fatalf("iopub = %v, want %v", got, want)
	}
	checks := []struct {
		i    int
		key  string
		want any
	}{
		{1, "code", "hello"}, {1, "execution_count", 1.0},
		{2, "name", "stdout"}, {2, "text", "hello\n"},
		{3, "name", "stderr"}, {3, "text", "oops\n"},
		{4, "execution_count", 1.0},
		{7, "wait", true},
	}
	for _, ch := range checks {
		if got := contentOf(t, msgs[ch.i])[ch.key]; got != ch.want {
			t.Errorf("%s.%s = %v, want %v", msgs[ch.i].header.MsgType, ch.key, got, ch.want)
		}
	}
	if d := contentOf(t, msgs[5]); d["transient"].(map[string]any)["display_id"] != "d1" || d["data"].(map[string]any)["text/plain"] != "shown" {
		t.Errorf("display_data = %v", d)
	}
	if d := contentOf(t, msgs[6]); d["transient"].(map[string]any)["display_id"] != "d1" || d["data"].(map[string]any)["text/plain"] != "updated" {
		t.Errorf("update_display_data = %v", d)
	}

	req = c.send(c.shell, "execute_request", executeContentOf("fail"))
	r = c.reply(c.shellC, req, "execute_reply")
	if r["status"] != "error" || r["ename"] != "TestError" || r["evalue"] != "boom" || r["execution_count"] != 2.0 {
		t.Errorf("error execute_reply = %v", r)
	}
	msgs = c.untilIdle(req)
	if got := types(t, msgs); !slices.Equal(got, []string{"status:busy", "execute_input", "error", "status:idle"}) {
		t.Fatalf("iopub for failing cell = %v", got)
	}
	e := contentOf(t, msgs[2])
	if e["ename"] != "TestError" || e["evalue"] != "boom" || len(e["traceback"].([]any)) != 1 {
		t.Errorf("error message = %v", e)
	}
}

func TestExecuteSilentAndStoreHistory(t *testing.T) {
	k := startKernel(t)
	c := k.c
	silent := executeContentOf("hello")
	silent["silent"] = true
	req := c.send(c.shell, "execute_request", silent)
	if r := c.reply(c.shellC, req, "execute_reply"); r["status"] != "ok" || r["execution_count"] != 0.0 {
		t.Errorf("silent execute_reply = %v, want count 0", r)
	}
	if got := types(t, c.untilIdle(req)); !slices.Equal(got, []string{"status:busy", "status:idle"}) {
		t.Errorf("silent execution published %v", got)
	}

	noStore := executeContentOf("print 1")
	noStore["store_history"] = false
	req = c.send(c.shell, "execute_request", noStore)
	if r := c.reply(c.shellC, req, "execute_reply"); r["execution_count"] != 0.0 {
		t.Errorf("store_history=false changed the count: %v", r)
	}
	if got := types(t, c.untilIdle(req)); !slices.Equal(got, []string{"status:busy", "execute_input", "stream", "status:idle"}) {
		t.Errorf("store_history=false iopub = %v", got)
	}

	req = c.send(c.shell, "execute_request", executeContentOf("print 2"))
	if r := c.reply(c.shellC, req, "execute_reply"); r["execution_count"] != 1.0 {
		t.Errorf("first stored execution has count %v, want 1", r["execution_count"])
	}
	c.untilIdle(req)

	k.ev.mu.Lock()
	reqs := append([]ExecuteRequest(nil), k.ev.reqs...)
	k.ev.mu.Unlock()
	if len(reqs) != 3 || !reqs[0].Silent || reqs[0].StoreHistory || reqs[1].StoreHistory || !reqs[2].StoreHistory || reqs[2].ExecutionCount != 1 {
		t.Errorf("evaluator saw %+v", reqs)
	}

	req = c.send(c.shell, "history_request", map[string]any{"hist_access_type": "tail", "n": 10, "output": false, "raw": true})
	h := c.reply(c.shellC, req, "history_reply")["history"].([]any)
	if len(h) != 1 || h[0].([]any)[1] != 1.0 || h[0].([]any)[2] != "print 2" {
		t.Errorf("history = %v, want only the stored execution", h)
	}
	c.untilIdle(req)
}

func TestStopOnErrorAbortsQueued(t *testing.T) {
	k := startKernel(t)
	c := k.c
	first := c.send(c.shell, "execute_request", executeContentOf("failwait"))
	if code := <-k.ev.started; code != "failwait" {
		t.Fatalf("started %q", code)
	}
	second := c.send(c.shell, "execute_request", executeContentOf("print 1"))
	info := c.send(c.shell, "kernel_info_request", map[string]any{})
	third := c.send(c.shell, "execute_request", executeContentOf("print 2"))
	waitFor(t, "three requests queued behind the running cell", func() bool { return k.srv.queue.lastSeq() >= 4 })
	k.ev.release <- struct{}{}

	if r := c.reply(c.shellC, first, "execute_reply"); r["status"] != "error" {
		t.Fatalf("failing cell replied %v", r)
	}
	if r := c.reply(c.shellC, second, "execute_reply"); r["status"] != "aborted" {
		t.Errorf("queued execute replied %v, want aborted", r)
	}
	if r := c.reply(c.shellC, info, "kernel_info_reply"); r["status"] != "ok" {
		t.Errorf("queued kernel_info replied %v; only executes are aborted", r)
	}
	if r := c.reply(c.shellC, third, "execute_reply"); r["status"] != "aborted" {
		t.Errorf("second queued execute replied %v, want aborted", r)
	}
	if got := types(t, c.untilIdle(second)); !slices.Equal(got, []string{"status:busy", "status:idle"}) {
		t.Errorf("aborted execute published %v", got)
	}
	// The queue has drained: a new request runs normally.
	later := c.send(c.shell, "execute_request", executeContentOf("print 3"))
	if r := c.reply(c.shellC, later, "execute_reply"); r["status"] != "ok" {
		t.Errorf("execute after the queue drained replied %v", r)
	}
	if got := k.ev.executed(); !slices.Equal(got, []string{"failwait", "print 3"}) {
		t.Errorf("evaluator ran %v", got)
	}

	// Without stop_on_error the queued request runs.
	noStop := executeContentOf("failwait")
	noStop["stop_on_error"] = false
	first = c.send(c.shell, "execute_request", noStop)
	<-k.ev.started
	<-k.ev.started
	second = c.send(c.shell, "execute_request", executeContentOf("print 4"))
	waitFor(t, "request queued", func() bool { return k.srv.queue.lastSeq() >= 7 })
	k.ev.release <- struct{}{}
	c.reply(c.shellC, first, "execute_reply")
	if r := c.reply(c.shellC, second, "execute_reply"); r["status"] != "ok" {
		t.Errorf("with stop_on_error false the queued execute replied %v", r)
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func TestStreamCoalescing(t *testing.T) {
	k := startKernel(t)
	c := k.c
	const lines = 100000
	req := c.send(c.shell, "execute_request", executeContentOf("print 100000"))
	r := c.reply(c.shellC, req, "execute_reply")
	msgs := c.untilIdle(req)
	if r["status"] != "ok" {
		t.Fatalf("reply %v", r)
	}
	var text strings.Builder
	streams := 0
	for i, m := range msgs {
		if m.header.MsgType == "stream" {
			streams++
			text.WriteString(contentOf(t, m)["text"].(string))
		} else if i > 1 && i < len(msgs)-1 {
			t.Errorf("unexpected %s among the streams", m.header.MsgType)
		}
	}
	var want strings.Builder
	for i := range lines {
		want.WriteString("line ")
		want.WriteString(strconv.Itoa(i))
		want.WriteString("\n")
	}
	if text.String() != want.String() {
		t.Errorf("streamed text differs from what was printed (%d vs %d bytes)", text.Len(), want.Len())
	}
	// 1.1 MB at 64 KiB per message is at least 17 messages; allow timer flushes.
	if streams > 200 {
		t.Errorf("%d lines became %d stream messages; want them coalesced", lines, streams)
	}
	t.Logf("%d lines -> %d stream messages", lines, streams)
}

func TestShortOutputShowsWhileRunning(t *testing.T) {
	k := startKernel(t)
	c := k.c
	req := c.send(c.shell, "execute_request", executeContentOf("printwait"))
	for {
		m := c.next(c.iopubC, "early stream output")
		if m.header.MsgType == "stream" {
			if got := contentOf(t, m)["text"]; got != "early\n" {
				t.Errorf("stream text %q", got)
			}
			break
		}
		if m.header.MsgType == "status" && contentOf(t, m)["execution_state"] == "idle" && parentID(m) == req.MsgID {
			t.Fatal("idle before the cell was released: output was not shown while running")
		}
	}
	k.ev.release <- struct{}{}
	if r := c.reply(c.shellC, req, "execute_reply"); r["status"] != "ok" {
		t.Errorf("reply %v", r)
	}
}
