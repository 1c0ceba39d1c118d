package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/descentlab/descent/jupyter"
	"github.com/descentlab/descent/kernelspec"
	"github.com/descentlab/descent/notebook"
)

// cmdRun executes a notebook headless with the kernel's own evaluator.
func cmdRun(args []string, stderr io.Writer) int {
	fs := newFlags("run", stderr)
	out := fs.String("out", "", "write the executed notebook to `FILE`")
	inplace := fs.Bool("inplace", false, "overwrite the notebook with the executed one")
	timeout := fs.Duration("timeout", 0, "fail a cell that runs longer than this (0: no limit)")
	var prot protection
	prot.register(fs, runInterruptTimeout.String())
	var plugins pluginDirs
	plugins.register(fs)
	// Accept flags before or after the notebook, as people type them.
	var paths []string
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		paths = append(paths, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(paths) != 1 || (*out != "" && *inplace) {
		fmt.Fprintln(stderr, "usage: kernel run NOTEBOOK.ipynb [--out FILE | --inplace] [-timeout D]")
		return 2
	}
	limit, stopAfter, err := prot.resolve(runInterruptTimeout, func(msg string) { fmt.Fprintln(stderr, "run:", msg) })
	if err != nil {
		fmt.Fprintln(stderr, "run:", err)
		return 2
	}
	path := paths[0]
	nb, err := notebook.ReadFile(path)
	if err != nil {
		fmt.Fprintln(stderr, "run:", err)
		return 1
	}
	// Cells run in the notebook's folder, as Jupyter runs them, so that a relative path
	// in a cell means the same in both.
	abs, err := filepath.Abs(path)
	if err != nil {
		fmt.Fprintln(stderr, "run:", err)
		return 1
	}
	workerDir = filepath.Dir(abs)
	defer func() { workerDir = "" }()
	// Cells run in a worker process, as in a notebook server: a cell that crashes it
	// fails the run with a message saying why, instead of ending it without a word.
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	sup := newSupervisor(log, limit, stopAfter, plugins)
	widgets := collectWidgets(sup) // saved with the notebook, so that front ends can draw them
	sup.Start()
	defer sup.Close()

	// Ctrl-C interrupts the running cell, as in a notebook; the run then stops there.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	start := time.Now()
	fmt.Fprintf(stderr, "running %s\n", path)
	runErr := (&notebook.Runner{Exec: executor{sup}, Progress: stderr, CellTimeout: *timeout}).Run(ctx, nb)
	nb.SetLanguage(kernelspec.Name, "Go (Descent)", languageInfoMap())
	nb.SetMetadata("widgets", widgets.metadata())
	dest := *out
	if *inplace {
		dest = path
	}
	if dest != "" {
		if err := nb.WriteFile(dest); err != nil {
			fmt.Fprintln(stderr, "run: writing the executed notebook:", err)
			return 1
		}
		fmt.Fprintf(stderr, "wrote %s\n", dest)
	}
	if runErr != nil {
		fmt.Fprintf(stderr, "run: %s: %v\n", path, runErr)
		return 1
	}
	fmt.Fprintf(stderr, "ok: %s in %s\n", path, time.Since(start).Round(time.Millisecond))
	return 0
}

// languageInfoMap is languageInfo in the JSON form a notebook's metadata stores.
func languageInfoMap() map[string]any {
	b, _ := json.Marshal(languageInfo())
	var m map[string]any
	json.Unmarshal(b, &m)
	return m
}

// runInterruptTimeout is how long kernel run lets a cell that timed out or was stopped
// with Ctrl-C finish on its own before it stops the interpreter: nobody is there to
// interrupt a second time.
const runInterruptTimeout = 2 * time.Second

// executor adapts the supervised interpreter to the notebook runner.
type executor struct{ ev jupyter.Evaluator }

func (e executor) Execute(ctx context.Context, code string, count int, out notebook.Output) (map[string]any, map[string]any, *notebook.CellError) {
	res := &resultOutput{Output: out}
	r := e.ev.Execute(ctx, &jupyter.ExecuteRequest{Code: code, ExecutionCount: count, StoreHistory: true,
		AllowStdin: true, StopOnError: true}, res)
	for _, p := range r.Payload {
		// A notebook has no pager: show the page (from %doc) as the cell's text.
		if data, ok := p["data"].(map[string]any); ok && p["source"] == "page" {
			if text, ok := data["text/plain"].(string); ok {
				out.Stream("stdout", text+"\n")
			}
		}
	}
	if r.Error != nil {
		return nil, nil, &notebook.CellError{Name: r.Error.Name, Value: r.Error.Value, Traceback: r.Error.Traceback}
	}
	return res.data, res.metadata, nil
}

// resultOutput is a notebook output that also keeps the cell's value, which the
// runner records after the cell's other output.
type resultOutput struct {
	notebook.Output
	data, metadata map[string]any
}

func (r *resultOutput) Result(data, metadata map[string]any) { r.data, r.metadata = data, metadata }
