package remote

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
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

// A request running cell code that ignores interrupts is stopped by a second one, as a
// cell is, and the next cell says what happened.
func TestCallCodeStoppedBySecondInterrupt(t *testing.T) {
	restarts := make(chan *Fault, 10)
	s, p := newFakeSupervisor(t, Config{InterruptGrace: 50 * time.Millisecond, Restarted: func(f *Fault) { restarts <- f }})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		_, err := s.CallCode(ctx, kindExecute, executeBody{Code: "stuck"}, OutputHandler(&recorder{}))
		errc <- err
	}()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		s.mu.Lock()
		started := s.exec != nil
		s.mu.Unlock()
		if started {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the call never started")
		}
	}
	cancel() // what the server does on the first interrupt
	s.Interrupted(1)
	time.Sleep(100 * time.Millisecond)
	s.Interrupted(2)
	select {
	case err := <-errc:
		if !errors.Is(err, ErrClosed) {
			t.Fatalf("CallCode returned %v, want ErrClosed", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a second interrupt did not stop the stuck call")
	}
	if len(restarts) != 1 || (<-restarts).Name != "Interrupted" {
		t.Error("the Restarted hook was not called with an Interrupted fault")
	}
	waitWorkers(t, p, 2)
	_, rec := execute(t, s, 1, "print alive")
	if !strings.Contains(rec.text(), "restarted its Go interpreter") || !strings.Contains(rec.text(), "stdout:alive") {
		t.Errorf("the next cell: %q", rec.text())
	}
}
