package jupyter

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// fakeEvaluator interprets a tiny command language so integration tests can
// make a cell print, fail, block or ask for input on demand.
//
//	hello          stdout, stderr, a result, a display, its update, a clear
//	print N        N lines "line i\n", one Stream call each
//	printwait      prints "early\n", then waits for release
//	fail           returns TestError
//	failwait       waits for release, then returns TestError
//	block          waits for ctx, then returns Interrupted
//	input          asks for a name and prints "hello <name>"
//	concurrent     8 goroutines print 1000 lines each
//	panic          panics
//	stuck          ignores ctx: waits for release only
//	prompt         prints "before\nname? " and asks for input with no prompt
type fakeEvaluator struct {
	started     chan string   // receives the code of each execution as it starts
	release     chan struct{} // unblocks printwait, failwait and stuck
	interrupted chan int      // receives the argument of each Interrupted call

	mu      sync.Mutex
	codes   []string
	reqs    []ExecuteRequest
	lastOut Output // kept to write after the cell ended
}

func newFakeEvaluator() *fakeEvaluator {
	return &fakeEvaluator{started: make(chan string, 100), release: make(chan struct{}, 10), interrupted: make(chan int, 100)}
}

func (f *fakeEvaluator) executed() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.codes...)
}

func (f *fakeEvaluator) Execute(ctx context.Context, req *ExecuteRequest, out Output) *ExecuteResult {
	f.mu.Lock()
	f.codes = append(f.codes, req.Code)
	f.reqs = append(f.reqs, *req)
	f.lastOut = out
	f.mu.Unlock()
	f.started <- req.Code

	res := &ExecuteResult{UserExpressions: map[string]any{}}
	for name, expr := range req.UserExpressions {
		res.UserExpressions[name] = map[string]any{"status": "ok", "data": map[string]any{"text/plain": "value of " + expr}, "metadata": map[string]any{}}
	}
	cmd, arg, _ := strings.Cut(req.Code, " ")
	wait := func() bool {
		select {
		case <-f.release:
			return true
		case <-ctx.Done():
			return false
		}
	}
	switch cmd {
	case "hello":
		out.Stream("stdout", "hello\n")
		out.Stream("stderr", "oops\n")
		out.Result(map[string]any{"text/plain": "42"}, nil)
		out.Display(map[string]any{"text/plain": "shown"}, nil, "d1")
		out.UpdateDisplay(map[string]any{"text/plain": "updated"}, nil, "d1")
		out.ClearOutput(true)
	case "print":
		n, _ := strconv.Atoi(arg)
		for i := range n {
			out.Stream("stdout", "line "+strconv.Itoa(i)+"\n")
		}
	case "printwait":
		out.Stream("stdout", "early\n")
		wait()
	case "fail":
		res.Error = &ErrorInfo{Name: "TestError", Value: "boom", Traceback: []string{"tb line"}}
	case "failwait":
		wait()
		res.Error = &ErrorInfo{Name: "TestError", Value: "boom after wait"}
	case "block":
		<-ctx.Done()
		res.Error = &ErrorInfo{Name: "Interrupted", Value: context.Cause(ctx).Error()}
	case "input":
		name, err := out.Input("name? ", false)
		if err != nil {
			res.Error = &ErrorInfo{Name: "InputError", Value: err.Error()}
			break
		}
		out.Stream("stdout", "hello "+name+"\n")
	case "concurrent":
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Go(func() {
				for i := range 1000 {
					out.Stream("stdout", fmt.Sprintf("g%d %d\n", g, i))
				}
			})
		}
		wg.Wait()
	case "panic":
		panic("fake evaluator panic")
	case "stuck":
		<-f.release
		res.Error = &ErrorInfo{Name: "Interrupted", Value: "released"}
	case "prompt":
		out.Stream("stdout", "before\nname? ")
		name, err := out.Input("", false)
		if err != nil {
			res.Error = &ErrorInfo{Name: "InputError", Value: err.Error()}
			break
		}
		out.Stream("stdout", "hello "+name+"\n")
	}
	return res
}

func (f *fakeEvaluator) Interrupted(n int) { f.interrupted <- n }

func (f *fakeEvaluator) Complete(code string, cursor int) CompleteReply {
	return CompleteReply{Matches: []string{code + "A", code + "B"}, CursorStart: 0, CursorEnd: cursor}
}

func (f *fakeEvaluator) Inspect(code string, cursor, detailLevel int) InspectReply {
	if code == "" {
		return InspectReply{}
	}
	return InspectReply{Found: true, Data: map[string]any{"text/plain": fmt.Sprintf("%s@%d/%d", code, cursor, detailLevel)}}
}

func (f *fakeEvaluator) IsComplete(code string) IsCompleteReply {
	if strings.HasSuffix(code, "{") {
		return IsCompleteReply{Status: "incomplete", Indent: "\t"}
	}
	return IsCompleteReply{Status: "complete"}
}

func (f *fakeEvaluator) KernelInfo() KernelInfo {
	return KernelInfo{
		Implementation: "fake", ImplementationVersion: "0.1", Banner: "fake kernel",
		LanguageInfo: LanguageInfo{Name: "go", Version: "1.26", MIMEType: "text/x-go", FileExtension: ".go"},
	}
}
