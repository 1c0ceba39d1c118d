package remote

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/descentlab/descent/jupyter"
)

// newFakeSupervisor supervises in-process fake workers.
func newFakeSupervisor(t *testing.T, cfg Config) (*Supervisor, *inProcess) {
	t.Helper()
	p := &inProcess{}
	cfg.Start = p.start
	s := New(cfg)
	s.Start()
	t.Cleanup(func() { s.Close() })
	return s, p
}

func resultOf(rec *recorder) string {
	for _, e := range strings.Split(rec.text(), "|") {
		if v, ok := strings.CutPrefix(e, "result:"); ok {
			return v
		}
	}
	return ""
}

func TestExecuteCrossesThePipes(t *testing.T) {
	s, p := newFakeSupervisor(t, Config{Info: jupyter.KernelInfo{Implementation: "supervised"}})
	if s.KernelInfo().Implementation != "supervised" {
		t.Error("KernelInfo is not the configured one")
	}
	res, rec := execute(t, s, 1, "print one\nall\nprint two")
	if res.Error != nil {
		t.Fatal(res.Error)
	}
	want := "stdout:one\n|stderr:err text\n|display:d1:shown:d|update:d1:updated|clear:true|result:42|stdout:two\n"
	if got := rec.text(); got != want {
		t.Errorf("outputs\n%q\nwant\n%q", got, want)
	}
	// State lives in the worker across cells.
	execute(t, s, 2, "set x 41")
	if _, rec := execute(t, s, 3, "get x"); resultOf(rec) != "41" {
		t.Errorf("get x = %q", rec.text())
	}
	res, _ = execute(t, s, 4, "fail")
	if res.Error == nil || res.Error.Name != "TestError" || res.Error.Traceback[0] != "TestError: failed on purpose" {
		t.Errorf("a failing cell: %+v", res.Error)
	}
	if p.count() != 1 {
		t.Errorf("%d workers started, want 1", p.count())
	}
}

func TestInputCrossesThePipes(t *testing.T) {
	s, _ := newFakeSupervisor(t, Config{})
	rec := &recorder{inputs: []string{"ada"}}
	res := s.Execute(context.Background(), &jupyter.ExecuteRequest{Code: "input", AllowStdin: true}, rec)
	if res.Error != nil || rec.text() != "stdout:hello ada\n" || strings.Join(rec.prompts, ",") != "name? " {
		t.Errorf("input round trip: err %v, outputs %q, prompts %q", res.Error, rec.text(), rec.prompts)
	}
	// A refusal keeps its identity across the pipe.
	res = s.Execute(context.Background(), &jupyter.ExecuteRequest{Code: "input"}, &recorder{})
	if res.Error == nil || res.Error.Name != "StdinNotAllowed" {
		t.Errorf("refused input: %+v, want errors.Is(err, jupyter.ErrStdinNotAllowed) in the worker", res.Error)
	}
}

func TestQueriesCrossThePipes(t *testing.T) {
	s, _ := newFakeSupervisor(t, Config{})
	if c := s.Complete("fmt.Pr", 6); strings.Join(c.Matches, ",") != "fmt.Pr1,fmt.Pr2" || c.CursorEnd != 6 {
		t.Errorf("complete: %+v", c)
	}
	if r := s.Inspect("x", 1, 1); !r.Found || r.Data["text/plain"] != "x@1/1" {
		t.Errorf("inspect: %+v", r)
	}
	if r := s.IsComplete("func f() {"); r.Status != "incomplete" || r.Indent != "  " {
		t.Errorf("is_complete: %+v", r)
	}
}

func TestCooperativeInterruptKeepsTheWorker(t *testing.T) {
	s, p := newFakeSupervisor(t, Config{})
	execute(t, s, 1, "set x 1")
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel(); s.Interrupted(1) }()
	res := s.Execute(ctx, &jupyter.ExecuteRequest{Code: "block"}, &recorder{})
	if res.Error == nil || res.Error.Name != "Interrupted" || strings.Contains(res.Error.Value, "restarted") {
		t.Errorf("interrupted cell: %+v, want the worker's own Interrupted", res.Error)
	}
	if _, rec := execute(t, s, 3, "get x"); resultOf(rec) != "1" || p.count() != 1 {
		t.Errorf("after a cooperative interrupt: x = %q, %d workers", resultOf(rec), p.count())
	}
}

func TestSecondInterruptReplacesTheWorker(t *testing.T) {
	s, p := newFakeSupervisor(t, Config{InterruptGrace: 50 * time.Millisecond})
	execute(t, s, 1, "set x 1")
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		time.Sleep(50 * time.Millisecond)
		cancel()
		s.Interrupted(1)
		time.Sleep(100 * time.Millisecond) // the cell ignores the first
		s.Interrupted(2)
	}()
	res := s.Execute(ctx, &jupyter.ExecuteRequest{Code: "stuck", StoreHistory: true, ExecutionCount: 2}, &recorder{})
	if res.Error == nil || res.Error.Name != "Interrupted" || !strings.Contains(res.Error.Value, "did not stop when interrupted") ||
		!strings.Contains(res.Error.Value, "restarted its Go interpreter") || !strings.Contains(res.Error.Value, "%rerun") {
		t.Fatalf("stuck cell interrupted twice: %+v", res.Error)
	}
	if _, rec := execute(t, s, 3, "get x"); resultOf(rec) != "<none>" || p.count() != 2 {
		t.Errorf("after the replacement: x = %q, %d workers; want a fresh second worker", resultOf(rec), p.count())
	}
}

func TestInterruptTooSoonIsIgnored(t *testing.T) {
	s, p := newFakeSupervisor(t, Config{InterruptGrace: 300 * time.Millisecond})
	execute(t, s, 1, "set x 1")
	stopped := make(chan time.Time, 1)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		time.Sleep(50 * time.Millisecond)
		cancel()
		s.Interrupted(1)
		s.Interrupted(2) // a double click: too soon to give up on the first
		time.Sleep(400 * time.Millisecond)
		stopped <- time.Now()
		s.Interrupted(3)
	}()
	res := s.Execute(ctx, &jupyter.ExecuteRequest{Code: "stuck"}, &recorder{})
	if res.Error == nil || res.Error.Name != "Interrupted" {
		t.Fatalf("stuck cell: %+v", res.Error)
	}
	select {
	case <-stopped:
	default:
		t.Error("the worker was stopped by the interrupt that came within the grace period")
	}
	waitWorkers(t, p, 2)
}

func TestInterruptTimeoutReplacesTheWorker(t *testing.T) {
	s, p := newFakeSupervisor(t, Config{InterruptTimeout: 100 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	res := s.Execute(ctx, &jupyter.ExecuteRequest{Code: "stuck"}, &recorder{})
	if res.Error == nil || res.Error.Name != "Interrupted" || !strings.Contains(res.Error.Value, "100ms after the interrupt") {
		t.Fatalf("stuck cell past the timeout: %+v", res.Error)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
	if _, rec := execute(t, s, 2, "print alive"); rec.text() != "stdout:alive\n" || p.count() != 2 {
		t.Errorf("next cell: %q with %d workers", rec.text(), p.count())
	}
}

func TestDeathDuringACell(t *testing.T) {
	restarts := make(chan *Fault, 10)
	s, p := newFakeSupervisor(t, Config{Restarted: func(f *Fault) { restarts <- f }})
	execute(t, s, 1, "set x 1")
	execute(t, s, 2, "fail") // failed cells are not re-run
	execute(t, s, 3, "set y 2")
	res, _ := execute(t, s, 4, "func rec(n int) int { return rec(n+1) }\ndie fatal error: stack overflow")
	e := res.Error
	if e == nil || e.Name != "StackOverflow" {
		t.Fatalf("death by stack overflow: %+v", e)
	}
	for _, want := range []string{"stack overflow: the cell recursed without end, or too deep (at cell[4]:1:30, where func rec calls itself)", "restarted its Go interpreter",
		"execution count and history are kept", "%rerun to re-execute, in order, the 2 cells that had succeeded"} {
		if !strings.Contains(e.Value, want) {
			t.Errorf("evalue %q lacks %q", e.Value, want)
		}
	}
	if !strings.Contains(strings.Join(e.Traceback, "\n"), "Go runtime: fatal error: stack overflow") {
		t.Errorf("traceback %q lacks the runtime's line", e.Traceback)
	}
	waitWorkers(t, p, 2) // started at once, before any cell asks
	if len(restarts) != 1 || (<-restarts).Name != "StackOverflow" {
		t.Errorf("the Restarted hook was not called once with the fault")
	}
	if _, rec := execute(t, s, 5, "get x"); resultOf(rec) != "<none>" {
		t.Errorf("x survived the restart: %q", rec.text())
	}

	// %rerun runs the two successful cells again, in order, and the state is back.
	res, rec := execute(t, s, 6, "%rerun")
	if res.Error != nil {
		t.Fatal(res.Error)
	}
	if got := rec.text(); got != "stdout:%rerun: In [1] (1 of 2)\n|stdout:%rerun: In [3] (2 of 2)\n|stdout:%rerun: re-executed 2 cells.\n" {
		t.Errorf("%%rerun said %q", got)
	}
	if _, rec := execute(t, s, 7, "get x\nget y"); rec.text() != "result:1|result:2" {
		t.Errorf("after %%rerun: %q", rec.text())
	}
	// Nothing is lost any more: a second %rerun has nothing to do.
	if _, rec := execute(t, s, 8, "%rerun\nprint after"); !strings.Contains(rec.text(), "nothing to re-execute") || !strings.Contains(rec.text(), "stdout:after\n") {
		t.Errorf("second %%rerun: %q", rec.text())
	}
}

func TestRerunStopsAtTheFirstError(t *testing.T) {
	s, _ := newFakeSupervisor(t, Config{})
	execute(t, s, 1, "set x 1")
	execute(t, s, 2, "remember refuse") // succeeds here; its replay will fail
	execute(t, s, 3, "input")           // succeeded with an answer; re-run, stdin is refused
	s.cells.mu.Lock()
	s.cells.cells = append(s.cells.cells, loggedCell{code: "input", count: 3, live: true})
	s.cells.mu.Unlock()
	execute(t, s, 4, "set z 3")
	execute(t, s, 5, "die panic: boom")
	rec := &recorder{} // stdin refused this time
	res := s.Execute(context.Background(), &jupyter.ExecuteRequest{Code: "%rerun", ExecutionCount: 6}, rec)
	if res.Error == nil || !strings.HasPrefix(res.Error.Value, "%rerun stopped at In [3] (3 of 4); the 2 cells before it were re-executed: ") {
		t.Fatalf("%%rerun with a failing cell: %+v", res.Error)
	}
	// The setup step that failed to replay was reported first.
	if !strings.HasPrefix(rec.text(), `stderr:After the restart, setup "refuse" could not be redone: this setup step fails`) {
		t.Errorf("no notice of the failed setup step: %q", rec.text())
	}
	if _, rec := execute(t, s, 7, "get x\nget z"); rec.text() != "result:1|result:<none>" {
		t.Errorf("after the stopped %%rerun: %q, want x back and z not", rec.text())
	}
}

// waitWorkers waits until p has started n workers.
func waitWorkers(t *testing.T, p *inProcess, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for p.count() < n && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if p.count() != n {
		t.Fatalf("%d workers started, want %d", p.count(), n)
	}
}

func TestResetEmptiesTheRerunLog(t *testing.T) {
	s, _ := newFakeSupervisor(t, Config{})
	execute(t, s, 1, "set x 1")
	execute(t, s, 2, "%reset\nset y 2") // the fake ignores the magic line
	execute(t, s, 3, "die fatal error: out of memory")
	_, rec := execute(t, s, 4, "%rerun")
	if !strings.Contains(rec.text(), "In [2] (1 of 1)") {
		t.Errorf("%%rerun after %%reset re-ran %q, want only the %%reset cell", rec.text())
	}
}

func TestDeathBetweenCellsIsToldToTheNextCell(t *testing.T) {
	s, p := newFakeSupervisor(t, Config{})
	execute(t, s, 1, "set x 1\ndielater panic: late trouble")
	waitWorkers(t, p, 2) // the replacement starts without waiting for a cell
	res, rec := execute(t, s, 2, "print next")
	if res.Error != nil {
		t.Fatal(res.Error)
	}
	got := rec.text()
	if !strings.HasPrefix(got, "stderr:The Go interpreter stopped after the previous cell had finished. GoroutinePanic: panic in a goroutine: late trouble") ||
		!strings.Contains(got, "%rerun") || !strings.HasSuffix(got, "stdout:next\n") {
		t.Errorf("next cell's output %q", got)
	}
	if _, rec := execute(t, s, 3, "print again"); rec.text() != "stdout:again\n" {
		t.Errorf("the notice was repeated: %q", rec.text())
	}
}

func TestSetupActionsAreReplayed(t *testing.T) {
	s, p := newFakeSupervisor(t, Config{})
	execute(t, s, 1, "remember plugin-a")
	execute(t, s, 2, "remember crash") // a step that will kill the next worker
	execute(t, s, 3, "die fatal error: stack overflow")
	res, rec := execute(t, s, 4, "get setup:plugin-a")
	if res.Error != nil || resultOf(rec) != "done" {
		t.Fatalf("after the restart the setup step was not replayed: %v %q", res.Error, rec.text())
	}
	if !strings.Contains(rec.text(), `setup "crash" ended the Go interpreter again`) {
		t.Errorf("no notice of the dropped step: %q", rec.text())
	}
	if p.count() != 3 {
		t.Errorf("%d workers, want 3 (one killed by the bad step)", p.count())
	}
	s.mu.Lock()
	n := len(s.setup)
	s.mu.Unlock()
	if n != 1 {
		t.Errorf("%d setup actions kept, want only plugin-a", n)
	}
}

func TestExtraKindsBothWays(t *testing.T) {
	p := &inProcess{}
	got := make(chan string, 1)
	s := New(Config{Start: func(diag io.Writer) (*Proc, error) { return p.start(diag) }})
	s.Handle("comm_msg", func(_ context.Context, m *Message) (any, error) {
		var v string
		m.Decode(&v)
		got <- v
		return nil, nil
	})
	defer s.Close()
	// Supervisor → worker: a kind the worker handles (the fake's setup step).
	if _, err := s.Call(context.Background(), "setup", "extra", nil); err != nil {
		t.Fatal(err)
	}
	if _, rec := execute(t, s, 1, "get setup:extra"); resultOf(rec) != "done" {
		t.Errorf("the worker did not serve the call: %q", rec.text())
	}
	// Worker → supervisor, outside any request.
	if err := p.evs[0].worker.Send("comm_msg", "from a widget"); err != nil {
		t.Fatal(err)
	}
	select {
	case v := <-got:
		if v != "from a widget" {
			t.Errorf("handler got %q", v)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the supervisor's handler never ran")
	}
	if _, err := s.Call(context.Background(), "no_such_kind", nil, nil); err == nil {
		t.Error("a kind nobody handles succeeded")
	}
	var re *RemoteError
	if _, err := s.Call(context.Background(), "setup", "refuse", nil); !errors.As(err, &re) {
		t.Errorf("a failing call: %v, want a RemoteError", err)
	}
}

func TestWorkerThatCannotStart(t *testing.T) {
	p := &inProcess{}
	fail := true
	s := New(Config{Start: func(diag io.Writer) (*Proc, error) {
		if fail {
			fail = false
			return nil, errors.New("no such program")
		}
		return p.start(diag)
	}})
	defer s.Close()
	res, _ := execute(t, s, 1, "print hi")
	if res.Error == nil || res.Error.Name != "KernelError" || !strings.Contains(res.Error.Value, "could not be started: no such program") {
		t.Fatalf("first cell: %+v", res.Error)
	}
	// The next cell tries again.
	if res, rec := execute(t, s, 2, "print hi"); res.Error != nil || rec.text() != "stdout:hi\n" {
		t.Errorf("second cell: %v %q", res.Error, rec.text())
	}
	// A worker process that dies before its hello is reported with its last words.
	real := New(Config{Start: Command("/bin/sh", []string{"-c", "echo 'fatal error: cannot start' >&2; exit 3"}, nil)})
	defer real.Close()
	res, _ = execute(t, real, 1, "print hi")
	if res.Error == nil || !strings.Contains(res.Error.Value, "fatal error: cannot start") {
		t.Errorf("dead on arrival: %+v", res.Error)
	}
}
