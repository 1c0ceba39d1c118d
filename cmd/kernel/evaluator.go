package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/descentlab/descent"
	"github.com/descentlab/descent/interp"
	"github.com/descentlab/descent/jupyter"
	"github.com/descentlab/descent/remote"
)

// evaluator adapts an interpreter session to the protocol's Evaluator, in the worker
// process (see worker.go).
type evaluator struct {
	s           *interp.Session
	diag        io.Writer // the process's own standard error, which the supervisor reads
	checkMemory func()    // ends the process if it is over its memory limit
}

// stuckPoll is how often a cell that ignored an interrupt is checked for having stopped.
const stuckPoll = 20 * time.Millisecond

// stuckNotice is shown under a cell whose interrupted evaluation keeps running.
const stuckNotice = "The cell is still running: it is blocked or busy in compiled code, which an interrupt cannot " +
	"stop from inside. Interrupt again to stop the Go interpreter (the state of earlier cells is then lost, " +
	"and %rerun brings it back), or wait for the call to return.\n"

func (e *evaluator) Execute(ctx context.Context, req *jupyter.ExecuteRequest, out jupyter.Output) *jupyter.ExecuteResult {
	res := e.s.Execute(ctx, req.Code, req.ExecutionCount, out)
	e.checkMemory()
	if err := e.s.OutputBroken(); err != nil {
		// Every later cell would print into a closed pipe: only a fresh process helps.
		stream := "os.Stdout"
		if strings.Contains(err.Error(), "os.Stderr") {
			stream = "os.Stderr"
		}
		remote.Fatal(e.diag, "OutputClosed", "the cell closed "+stream+
			", which the kernel reads cell output from, so no later cell could have shown anything")
	}
	if ctx.Err() != nil && evaluating() {
		// The interpreter gave up waiting for the cell, but the cell still runs: in a
		// long compiled call, time.Sleep or a sync.WaitGroup. Carrying on would run
		// the next cell beside it, so the cell is not over until it stops, or until a
		// second interrupt makes the supervisor stop this process.
		out.Stream("stderr", stuckNotice)
		for evaluating() {
			time.Sleep(stuckPoll)
		}
	}
	reply := &jupyter.ExecuteResult{Payload: res.Payload}
	if res.Err != nil {
		clarify(res.Err)
		reply.Error = &jupyter.ErrorInfo{Name: res.Err.Name, Value: res.Err.Value, Traceback: res.Err.Traceback}
		return reply
	}
	if res.Data != nil {
		out.Result(res.Data, res.Metadata)
	}
	if len(req.UserExpressions) > 0 {
		reply.UserExpressions = make(map[string]any, len(req.UserExpressions))
		for name, expr := range req.UserExpressions {
			data, err := e.s.EvalExpression(ctx, expr)
			if err != nil {
				reply.UserExpressions[name] = map[string]any{"status": "error", "ename": err.Name, "evalue": err.Value, "traceback": err.Traceback}
				continue
			}
			reply.UserExpressions[name] = map[string]any{"status": "ok", "data": data, "metadata": map[string]any{}}
		}
	}
	return reply
}

// cellProcess makes the process look to cells as it would to a program run with no
// arguments: os.Args is the program's name only, not the worker's command line (gopl's
// echo printed "-memory-limit ..."), and flag's command line has no flags of the linked
// packages. (A cell that defines a flag again replaces it: see front's flags.go.)
func cellProcess() {
	os.Args = []string{"main"}
	flag.CommandLine = flag.NewFlagSet(os.Args[0], flag.ExitOnError)
}

func (e *evaluator) Complete(code string, cursor int) jupyter.CompleteReply {
	matches, start, end := e.s.Complete(code, cursor)
	if matches == nil {
		matches = []string{}
	}
	return jupyter.CompleteReply{Matches: matches, CursorStart: start, CursorEnd: end, Metadata: map[string]any{}}
}

func (e *evaluator) Inspect(code string, cursor, detail int) jupyter.InspectReply {
	data, found := e.s.Inspect(code, cursor, detail)
	if data == nil {
		data = map[string]any{}
	}
	return jupyter.InspectReply{Found: found, Data: data, Metadata: map[string]any{}}
}

func (e *evaluator) IsComplete(code string) jupyter.IsCompleteReply {
	status, indent := e.s.IsComplete(code)
	return jupyter.IsCompleteReply{Status: status, Indent: indent}
}

func (e *evaluator) KernelInfo() jupyter.KernelInfo { return kernelInfo() }

// kernelInfo describes the kernel; the supervisor answers kernel_info with it while the
// interpreter is still loading.
func kernelInfo() jupyter.KernelInfo {
	return jupyter.KernelInfo{
		Implementation:        "descent",
		ImplementationVersion: descent.Version,
		LanguageInfo:          languageInfo(),
		Banner: fmt.Sprintf("Descent %s: Go (%s, interpreted by yaegi) with an optimization library preloaded.\n"+
			"Type %%help for magics.", descent.Version, runtime.Version()),
		HelpLinks: []jupyter.HelpLink{
			{Text: "Go documentation", URL: "https://go.dev/doc/"},
			{Text: "gonum", URL: "https://pkg.go.dev/gonum.org/v1/gonum"},
		},
	}
}

// languageInfo describes Go to front ends and to the notebooks kernel run writes.
func languageInfo() jupyter.LanguageInfo {
	return jupyter.LanguageInfo{
		Name:              "go",
		Version:           strings.TrimPrefix(runtime.Version(), "go"),
		MIMEType:          "text/x-go",
		FileExtension:     ".go",
		PygmentsLexer:     "go",
		CodeMirrorMode:    "go",
		NBConvertExporter: "script",
	}
}
