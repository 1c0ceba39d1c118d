package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/descentlab/descent/interp"
	"github.com/descentlab/descent/remote"
)

// memoryWatchInterval is how often the worker compares its memory with the limit.
const memoryWatchInterval = 10 * time.Millisecond

// cmdWorker runs the Go interpreter for a supervising kernel process (kernel -f or
// kernel run), which starts it as "kernel worker" and talks to it on file descriptors 3
// and 4 (see package remote). It is not meant to be started by hand.
func cmdWorker(args []string, stderr io.Writer) int {
	fs := newFlags("worker", stderr)
	limit := fs.Int64("memory-limit", 0, "end the process when it uses more than this many `bytes` (0: no limit)")
	dir := fs.String("dir", "", "run cells in `DIR` (kernel run gives the notebook's folder)")
	var plugins pluginDirs
	plugins.register(fs)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *dir != "" {
		if err := os.Chdir(*dir); err != nil {
			fmt.Fprintln(os.Stderr, "worker:", err)
			return 1
		}
	}
	// Ctrl-C in a terminal reaches the whole process group, and jupyter_client signals
	// the group on shutdown: interrupts and shutdowns are the supervisor's to deliver.
	signal.Ignore(os.Interrupt, syscall.SIGTERM)
	// Cells swap os.Stderr for a pipe while they run; the supervisor reads this one.
	diag := os.Stderr
	interp.MirrorTraceback(remote.TraceWriter(diag))
	checkMemory := remote.WatchMemory(*limit, memoryWatchInterval, diag)

	// Plugins. The shipped plugins and those of the plugin folders load here, before
	// Serve: every fresh worker, after a crash too, loads them again by itself, and
	// their problems are shown on the first cell's stderr. A file a cell loads with
	// %load PATH survives restarts the other way: once loaded, the worker asks the
	// supervisor to remember a load_plugin action, which it replays on each new worker
	// before any cell runs there (and drops if it crashes the worker).
	cellProcess() // before the interpreter takes its copy of os.Args
	notice := loadStartupPlugins(pluginFolders(plugins), diag)
	var w *remote.Worker
	sess, err := interp.New(interp.Options{Notice: notice, OnPluginLoad: rememberLoads(&w)})
	if err != nil {
		fmt.Fprintln(diag, "cannot start the Go interpreter:", err)
		return 1
	}
	defer sess.Close()
	w = remote.NewWorker(&evaluator{s: sess, diag: diag, checkMemory: checkMemory})
	w.Handle(loadPluginKind, replayLoad)
	// Comms (widgets) register their kinds here the same way (w.Handle for messages from
	// the front end, w.Send for messages to it; see package remote).

	serveComms(w, sess, checkMemory) // widgets: see comms.go

	r, wr := remote.Pipes()
	if err := w.Serve(r, wr); err != nil {
		fmt.Fprintln(diag, "worker:", err)
		return 1
	}
	return 0
}
