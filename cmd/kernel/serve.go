package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"syscall"

	"github.com/descentlab/descent"
	"github.com/descentlab/descent/interp"
	"github.com/descentlab/descent/jupyter"
)

// cmdServe runs the kernel for the connection file given with -f, until Jupyter shuts it
// down. SIGINT interrupts the running cell (jupyter_client sends it on interrupt, restart
// and shutdown) and never kills the kernel; SIGTERM stops it.
func cmdServe(args []string, stderr io.Writer) int {
	fs := newFlags("kernel", stderr)
	connFile := fs.String("f", "", "Jupyter connection `file`")
	level := fs.String("log-level", "warn", "log `level`: debug, info, warn or error")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *connFile == "" || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	log, err := newLogger(stderr, *level)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	conn, err := jupyter.ReadConnectionFile(*connFile)
	if err != nil {
		log.Error("cannot start", "err", err)
		return 1
	}
	sess, err := interp.New(interp.Options{})
	if err != nil {
		log.Error("cannot start the Go interpreter", "err", err)
		return 1
	}
	defer sess.Close()
	srv, err := jupyter.NewServer(conn, &evaluator{s: sess}, log)
	if err != nil {
		log.Error("cannot start", "err", err)
		return 1
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	sigint := make(chan os.Signal, 1)
	signal.Notify(sigint, os.Interrupt)
	go func() {
		for range sigint {
			log.Info("SIGINT: interrupting the running cell")
			srv.Interrupt()
		}
	}()
	restart, err := srv.Serve(ctx)
	if err != nil {
		log.Error("kernel stopped", "err", err)
		return 1
	}
	log.Info("kernel shut down", "restart", restart)
	return 0
}

// evaluator adapts an interpreter session to the protocol's Evaluator.
type evaluator struct{ s *interp.Session }

func (e *evaluator) Execute(ctx context.Context, req *jupyter.ExecuteRequest, out jupyter.Output) *jupyter.ExecuteResult {
	res := e.s.Execute(ctx, req.Code, req.ExecutionCount, out)
	reply := &jupyter.ExecuteResult{}
	if res.Err != nil {
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

func (e *evaluator) KernelInfo() jupyter.KernelInfo {
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
		Version:           runtime.Version()[2:],
		MIMEType:          "text/x-go",
		FileExtension:     ".go",
		PygmentsLexer:     "go",
		CodeMirrorMode:    "go",
		NBConvertExporter: "script",
	}
}
