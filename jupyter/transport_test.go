package jupyter

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestIPCTransportUnsigned(t *testing.T) {
	dir := t.TempDir()
	k := startKernelOn(t, ConnectionInfo{Transport: "ipc", IP: filepath.Join(dir, "kernel"),
		ShellPort: 1, ControlPort: 2, StdinPort: 3, IOPubPort: 4, HBPort: 5})
	c := k.c
	req := c.send(c.shell, "execute_request", executeContentOf("hello"))
	if r := c.reply(c.shellC, req, "execute_reply"); r["status"] != "ok" {
		t.Errorf("execute over ipc replied %v", r)
	}
	c.untilIdle(req)
	assertServing(t, c)
	if m, err := filepath.Glob(filepath.Join(dir, "kernel-*")); err != nil || len(m) != 5 {
		t.Errorf("ipc socket files %v (%v), want five", m, err)
	}
}

func TestNoOutputAfterIdle(t *testing.T) {
	k := startKernel(t)
	c := k.c
	req := c.send(c.shell, "execute_request", executeContentOf("print 3"))
	c.reply(c.shellC, req, "execute_reply")
	c.untilIdle(req)

	k.ev.mu.Lock()
	out := k.ev.lastOut
	k.ev.mu.Unlock()
	out.Stream("stdout", "too late\n")
	out.Display(map[string]any{"text/plain": "too late"}, nil, "")
	out.Result(map[string]any{"text/plain": "too late"}, nil)
	if _, err := out.Input("too late", false); err == nil {
		t.Error("Input after the cell ended succeeded")
	}
	// iopub is one ordered queue: had the late output been published it would
	// arrive before the status of this later request.
	info := c.send(c.shell, "kernel_info_request", map[string]any{})
	c.reply(c.shellC, info, "kernel_info_reply")
	c.untilIdle(info)
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, m := range c.backlog {
		if parentID(m) != req.MsgID {
			continue // e.g. the starting status nobody collected
		}
		t.Errorf("message after idle: %s %s (parent %s)", m.header.MsgType, m.content, parentID(m))
	}
}

func TestConcurrentStreams(t *testing.T) {
	k := startKernel(t)
	c := k.c
	req := c.send(c.shell, "execute_request", executeContentOf("concurrent"))
	c.reply(c.shellC, req, "execute_reply")
	var text strings.Builder
	for _, m := range c.untilIdle(req) {
		if m.header.MsgType == "stream" {
			text.WriteString(contentOf(t, m)["text"].(string))
		}
	}
	lines := strings.Split(strings.TrimSuffix(text.String(), "\n"), "\n")
	if len(lines) != 8000 {
		t.Fatalf("got %d lines, want 8000", len(lines))
	}
	// Each goroutine's lines arrive whole and in its own order.
	next := map[string]int{}
	for _, l := range lines {
		g, n, ok := strings.Cut(l, " ")
		i, err := strconv.Atoi(n)
		if !ok || err != nil || i != next[g] {
			t.Fatalf("line %q out of order (want %s %d)", l, g, next[g])
		}
		next[g]++
	}
	if keys := len(next); keys != 8 {
		t.Errorf("%d writers seen", keys)
	}
}
