// Command floorkernel is a Jupyter kernel whose evaluator does no work: every cell's value
// is "2". scripts/bench_kernel.py runs it beside Descent and ipykernel, so that the time
// the client and the protocol layer take on their own (the floor under any kernel built
// on package jupyter) is measured in the same run as the kernels it is compared with.
//
// Usage: floorkernel CONNECTION_FILE
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/descentlab/descent/jupyter"
)

// nothing answers every request at once.
type nothing struct{}

func (nothing) Execute(_ context.Context, req *jupyter.ExecuteRequest, out jupyter.Output) *jupyter.ExecuteResult {
	if !req.Silent {
		out.Result(map[string]any{"text/plain": "2"}, map[string]any{})
	}
	return &jupyter.ExecuteResult{}
}

func (nothing) Complete(code string, cursor int) jupyter.CompleteReply {
	return jupyter.CompleteReply{Matches: []string{}, CursorStart: cursor, CursorEnd: cursor, Metadata: map[string]any{}}
}

func (nothing) Inspect(string, int, int) jupyter.InspectReply {
	return jupyter.InspectReply{Data: map[string]any{}, Metadata: map[string]any{}}
}

func (nothing) IsComplete(string) jupyter.IsCompleteReply {
	return jupyter.IsCompleteReply{Status: "complete"}
}

func (nothing) KernelInfo() jupyter.KernelInfo {
	return jupyter.KernelInfo{
		Implementation: "floorkernel", ImplementationVersion: "1",
		LanguageInfo: jupyter.LanguageInfo{Name: "go", MIMEType: "text/x-go", FileExtension: ".go"},
		HelpLinks:    []jupyter.HelpLink{},
	}
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: floorkernel CONNECTION_FILE")
		os.Exit(2)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	conn, err := jupyter.ReadConnectionFile(os.Args[1])
	if err != nil {
		log.Error("bad connection file", "err", err)
		os.Exit(2)
	}
	if _, err := jupyter.Serve(context.Background(), conn, nothing{}, log); err != nil {
		log.Error("kernel failed", "err", err)
		os.Exit(1)
	}
}
