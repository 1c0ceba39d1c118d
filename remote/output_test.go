package remote

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
)

// A request kind added outside this package shows output through RequestOutput and
// OutputHandler the way a cell does, and output after done is dropped.
func TestRequestOutputCrossesThePipes(t *testing.T) {
	reqR, reqW := io.Pipe()
	repR, repW := io.Pipe()
	wk := NewWorker(newFakeEvaluator())
	late := make(chan func(), 1)
	wk.Handle("talk", func(ctx context.Context, m *Message) (any, error) {
		out, done := RequestOutput(ctx, m)
		out.Stream("stdout", "said\n")
		out.Display(map[string]any{"text/plain": "shown"}, nil, "d")
		if _, err := out.Input("name?", false); err == nil {
			t.Error("input through a request the supervisor serves without stdin succeeded")
		}
		done()
		late <- func() { out.Stream("stdout", "too late\n") }
		return "ok", nil
	})
	go func() { _ = wk.Serve(reqR, repW) }()
	p := newPeer(repR, reqW, map[string]Handler{kindHello: func(context.Context, *Message) (any, error) { return nil, nil }})
	p.start()
	defer reqW.Close()

	rec := &recorder{} // refuses input
	body, err := p.call(context.Background(), 0, "talk", nil, OutputHandler(rec))
	if err != nil || string(body) != `"ok"` {
		t.Fatalf("call: %s, %v", body, err)
	}
	(<-late)()
	if _, err := p.call(context.Background(), 0, "talk", nil, OutputHandler(rec)); err != nil {
		t.Fatal(err)
	}
	<-late
	want := "stdout:said\n|display:d:shown:<nil>|stdout:said\n|display:d:shown:<nil>"
	if got := rec.text(); got != want {
		t.Errorf("outputs %q, want %q", got, want)
	}
}

// A worker that dies during a Call is written off before Call returns, as during a
// cell, and the next cell is told why.
func TestDeathDuringACall(t *testing.T) {
	restarts := make(chan *Fault, 10)
	s, p := newFakeSupervisor(t, Config{Restarted: func(f *Fault) { restarts <- f }})
	_, err := s.Call(context.Background(), "setup", "crash", nil)
	if !errors.Is(err, ErrClosed) {
		t.Fatalf("Call on a dying worker: %v, want ErrClosed", err)
	}
	select {
	case <-restarts:
	default:
		t.Fatal("Call returned before the Restarted hook ran")
	}
	waitWorkers(t, p, 2)
	res, rec := execute(t, s, 1, "print alive")
	if res.Error != nil || !strings.Contains(rec.text(), "restarted its Go interpreter") || !strings.Contains(rec.text(), "stdout:alive") {
		t.Errorf("the next cell: %v %q", res.Error, rec.text())
	}
}
