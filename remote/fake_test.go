package remote

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/descentlab/descent/jupyter"
)

// fakeEvaluator runs cells written in a tiny command language, one command per line,
// so that tests can make a worker print, ask, block, keep state or die on demand:
//
//	print TEXT     stdout TEXT and a newline
//	all            a stream, a display and its update, a clear and a result
//	input          asks "name? " and prints "hello NAME"
//	set K V        remembers V under K in this worker
//	get K          the value under K as the result ("<none>" when unset)
//	fail           returns an error
//	block          waits for its context, then returns Interrupted
//	stuck          ignores its context; waits for ever (or for the process to end)
//	remember KEY   asks the supervisor to replay "setup KEY" on later workers
//	die TEXT       (in-process workers) writes TEXT to stderr and ends the worker
//	dielater TEXT  (in-process workers) the same, 50 ms after the cell finished
//	overflow       (real workers) recurses without end: a fatal stack overflow
//	gopanic        (real workers) panics in a goroutine
//	exit N         (real workers) os.Exit(N)
//	alloc          (real workers) asks for 8 TiB at once
//	grow           (real workers) keeps 8 MiB blocks alive until the memory limit ends it
//
// The "setup" kind stores "done" under "setup:KEY", except that "setup crash" ends the
// worker. Complete, Inspect and IsComplete echo their input.
type fakeEvaluator struct {
	worker *Worker
	die    func(text string) // ends an in-process worker
	ended  <-chan struct{}   // closed when an in-process worker has ended

	mu    sync.Mutex
	state map[string]string
}

func newFakeEvaluator() *fakeEvaluator { return &fakeEvaluator{state: map[string]string{}} }

var sink [][]float64 // keeps grow's blocks alive

//go:noinline
func recurse(n int) int { return recurse(n+1) + 1 }

func (f *fakeEvaluator) Execute(ctx context.Context, req *jupyter.ExecuteRequest, out jupyter.Output) *jupyter.ExecuteResult {
	res := &jupyter.ExecuteResult{}
	for _, line := range strings.Split(req.Code, "\n") {
		cmd, arg, _ := strings.Cut(strings.TrimSpace(line), " ")
		switch cmd {
		case "print":
			out.Stream("stdout", arg+"\n")
		case "all":
			out.Stream("stderr", "err text\n")
			out.Display(map[string]any{"text/plain": "shown"}, map[string]any{"m": "d"}, "d1")
			out.UpdateDisplay(map[string]any{"text/plain": "updated"}, nil, "d1")
			out.ClearOutput(true)
			out.Result(map[string]any{"text/plain": "42"}, nil)
		case "input":
			name, err := out.Input("name? ", false)
			if err != nil {
				if errors.Is(err, jupyter.ErrStdinNotAllowed) {
					return errResult("StdinNotAllowed", err.Error())
				}
				return errResult("InputError", err.Error())
			}
			out.Stream("stdout", "hello "+name+"\n")
		case "set":
			k, v, _ := strings.Cut(arg, " ")
			f.mu.Lock()
			f.state[k] = v
			f.mu.Unlock()
		case "get":
			f.mu.Lock()
			v, ok := f.state[arg]
			f.mu.Unlock()
			if !ok {
				v = "<none>"
			}
			out.Result(map[string]any{"text/plain": v}, nil)
		case "fail":
			return errResult("TestError", "failed on purpose")
		case "block":
			<-ctx.Done()
			return errResult("Interrupted", "interrupted")
		case "stuck":
			<-f.ended // nil for a real worker: for ever
			select {}
		case "remember":
			if err := f.worker.Remember(Action{Kind: "setup", Key: arg, Body: []byte(`"` + arg + `"`)}); err != nil {
				return errResult("RememberError", err.Error())
			}
			f.mu.Lock()
			f.state["setup:"+arg] = "done"
			f.mu.Unlock()
		case "die":
			f.die(arg)
			<-f.ended
			return res
		case "dielater":
			go func() { time.Sleep(50 * time.Millisecond); f.die(arg) }()
		case "overflow":
			out.Result(map[string]any{"text/plain": fmt.Sprint(recurse(0))}, nil)
		case "gopanic":
			go func() { panic("fake goroutine panic") }()
			time.Sleep(time.Minute)
		case "exit":
			var n int
			fmt.Sscan(arg, &n)
			os.Exit(n)
		case "alloc":
			x := make([]float64, 1<<40)
			x[len(x)-1] = 1
			out.Result(map[string]any{"text/plain": fmt.Sprint(len(x))}, nil)
		case "grow":
			for i := 0; ; i++ {
				b := make([]float64, 1<<20)
				for j := range b {
					b[j] = float64(i)
				}
				sink = append(sink, b)
			}
		}
	}
	return res
}

func errResult(name, value string) *jupyter.ExecuteResult {
	return &jupyter.ExecuteResult{Error: &jupyter.ErrorInfo{Name: name, Value: value, Traceback: []string{name + ": " + value}}}
}

func (f *fakeEvaluator) setup(_ context.Context, m *Message) (any, error) {
	var key string
	if err := m.Decode(&key); err != nil {
		return nil, err
	}
	if key == "crash" {
		if f.die != nil {
			f.die("fatal error: setup crashed")
			<-f.ended
			return nil, nil
		}
		os.Exit(7)
	}
	if key == "refuse" {
		return nil, errors.New("this setup step fails")
	}
	f.mu.Lock()
	f.state["setup:"+key] = "done"
	f.mu.Unlock()
	return nil, nil
}

func (f *fakeEvaluator) Complete(code string, cursor int) jupyter.CompleteReply {
	return jupyter.CompleteReply{Matches: []string{code + "1", code + "2"}, CursorStart: 0, CursorEnd: cursor, Metadata: map[string]any{}}
}

func (f *fakeEvaluator) Inspect(code string, cursor, detail int) jupyter.InspectReply {
	return jupyter.InspectReply{Found: true, Data: map[string]any{"text/plain": fmt.Sprintf("%s@%d/%d", code, cursor, detail)}, Metadata: map[string]any{}}
}

func (f *fakeEvaluator) IsComplete(code string) jupyter.IsCompleteReply {
	if strings.HasSuffix(code, "{") {
		return jupyter.IsCompleteReply{Status: "incomplete", Indent: "  "}
	}
	return jupyter.IsCompleteReply{Status: "complete"}
}

func (f *fakeEvaluator) KernelInfo() jupyter.KernelInfo {
	return jupyter.KernelInfo{Implementation: "fake worker"}
}

// serveFake serves a fake evaluator as a worker on r and w.
func serveFake(ev *fakeEvaluator, r io.Reader, w io.Writer) error {
	wk := NewWorker(ev)
	ev.worker = wk
	wk.Handle("setup", ev.setup)
	return wk.Serve(r, w)
}

// inProcess is a Starter whose workers are goroutines over in-memory pipes: what they
// write on "stderr" goes to the supervisor's diag, and "die" ends them with an exit
// error, as a crashed process would.
type inProcess struct {
	mu      sync.Mutex
	started int
	evs     []*fakeEvaluator
}

var errFakeExit = errors.New("exit status 2")

func (p *inProcess) start(diag io.Writer) (*Proc, error) {
	reqR, reqW := io.Pipe()
	repR, repW := io.Pipe()
	ev := newFakeEvaluator()
	ended := make(chan struct{})
	ev.ended = ended
	var once sync.Once
	var exitErr error
	end := func(err error) {
		once.Do(func() {
			exitErr = err
			reqR.CloseWithError(io.EOF)
			repW.CloseWithError(io.EOF)
			close(ended)
		})
	}
	ev.die = func(text string) {
		fmt.Fprintln(diag, text)
		end(errFakeExit)
	}
	p.mu.Lock()
	p.started++
	p.evs = append(p.evs, ev)
	p.mu.Unlock()
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = serveFake(ev, reqR, repW)
		end(nil)
	}()
	return &Proc{
		In: reqW, Out: repR, PID: 1000 + p.count(),
		Wait: func() error { <-ended; <-served; return exitErr },
		Kill: func() error { end(errors.New("signal: killed")); return nil },
	}, nil
}

func (p *inProcess) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.started
}

// recorder is a jupyter.Output that keeps what a cell published.
type recorder struct {
	mu      sync.Mutex
	events  []string
	inputs  []string // answers to input requests; none: input refused
	prompts []string
}

func (r *recorder) add(e string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
}

func (r *recorder) Stream(name, text string) { r.add(name + ":" + text) }
func (r *recorder) Display(data, md map[string]any, id string) {
	r.add(fmt.Sprintf("display:%s:%v:%v", id, data["text/plain"], md["m"]))
}
func (r *recorder) UpdateDisplay(data, md map[string]any, id string) {
	r.add(fmt.Sprintf("update:%s:%v", id, data["text/plain"]))
}
func (r *recorder) ClearOutput(wait bool) { r.add(fmt.Sprintf("clear:%v", wait)) }
func (r *recorder) Result(data, md map[string]any) {
	r.add(fmt.Sprintf("result:%v", data["text/plain"]))
}
func (r *recorder) Input(prompt string, password bool) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.prompts = append(r.prompts, prompt)
	if len(r.inputs) == 0 {
		return "", jupyter.ErrStdinNotAllowed
	}
	v := r.inputs[0]
	r.inputs = r.inputs[1:]
	return v, nil
}

func (r *recorder) text() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.events, "|")
}

// execute runs code as cell count on s and returns the result and what it published.
func execute(t *testing.T, s *Supervisor, count int, code string) (*jupyter.ExecuteResult, *recorder) {
	t.Helper()
	rec := &recorder{}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res := s.Execute(ctx, &jupyter.ExecuteRequest{Code: code, StoreHistory: true, AllowStdin: true, ExecutionCount: count}, rec)
	return res, rec
}
