package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"

	"github.com/descentlab/descent"
	"github.com/descentlab/descent/cmd/kernel/internal/prebind"
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
	for _, pl := range prebind.Listeners {
		l, err := net.FileListener(pl.File)
		pl.File.Close() // FileListener holds its own copy of the descriptor
		if err != nil {
			log.Warn("early bind unusable; binding again", "addr", pl.Addr, "err", err)
			continue
		}
		jupyter.AdoptListener("tcp", pl.Addr, l)
	}
	// The interpreter loads while the server answers kernel_info: a client waits for that
	// reply before it sends any code.
	ev := startEvaluator(log)
	defer ev.close()
	srv, err := jupyter.NewServer(conn, ev, log)
	if err != nil {
		log.Error("cannot start", "err", err)
		return 1
	}
	err = srv.Listen()
	jupyter.DropAdopted()
	if err != nil {
		log.Error("cannot listen", "err", err)
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

// evaluator adapts an interpreter session to the protocol's Evaluator. The session is
// created in the background; every method but KernelInfo waits for it.
type evaluator struct {
	ready chan struct{}
	s     *interp.Session
	err   error
}

func startEvaluator(log *slog.Logger) *evaluator {
	e := &evaluator{ready: make(chan struct{})}
	go func() {
		defer close(e.ready)
		if e.s, e.err = interp.New(interp.Options{}); e.err != nil {
			log.Error("cannot start the Go interpreter", "err", e.err)
		}
	}()
	return e
}

// session waits for the interpreter.
func (e *evaluator) session() (*interp.Session, error) {
	<-e.ready
	return e.s, e.err
}

func (e *evaluator) close() {
	if s, err := e.session(); err == nil {
		s.Close()
	}
}

func (e *evaluator) Execute(ctx context.Context, req *jupyter.ExecuteRequest, out jupyter.Output) *jupyter.ExecuteResult {
	s, err := e.session()
	if err != nil {
		return &jupyter.ExecuteResult{Error: &jupyter.ErrorInfo{Name: "KernelError", Value: "the Go interpreter did not start: " + err.Error()}}
	}
	res := s.Execute(ctx, req.Code, req.ExecutionCount, out)
	reply := &jupyter.ExecuteResult{Payload: res.Payload}
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
			data, err := s.EvalExpression(ctx, expr)
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
	s, err := e.session()
	if err != nil {
		return jupyter.CompleteReply{Matches: []string{}, CursorStart: cursor, CursorEnd: cursor, Metadata: map[string]any{}}
	}
	matches, start, end := s.Complete(code, cursor)
	if matches == nil {
		matches = []string{}
	}
	return jupyter.CompleteReply{Matches: matches, CursorStart: start, CursorEnd: end, Metadata: map[string]any{}}
}

func (e *evaluator) Inspect(code string, cursor, detail int) jupyter.InspectReply {
	s, err := e.session()
	if err != nil {
		return jupyter.InspectReply{Data: map[string]any{}, Metadata: map[string]any{}}
	}
	data, found := s.Inspect(code, cursor, detail)
	if data == nil {
		data = map[string]any{}
	}
	return jupyter.InspectReply{Found: found, Data: data, Metadata: map[string]any{}}
}

func (e *evaluator) IsComplete(code string) jupyter.IsCompleteReply {
	s, err := e.session()
	if err != nil {
		return jupyter.IsCompleteReply{Status: "unknown"}
	}
	status, indent := s.IsComplete(code)
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
		Version:           strings.TrimPrefix(runtime.Version(), "go"),
		MIMEType:          "text/x-go",
		FileExtension:     ".go",
		PygmentsLexer:     "go",
		CodeMirrorMode:    "go",
		NBConvertExporter: "script",
	}
}
