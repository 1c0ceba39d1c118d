// Command kernel is Descent: a Jupyter kernel for Go with an optimization library preloaded.
//
//	kernel -f CONNECTION_FILE                       serve Jupyter (the kernelspec's argv)
//	kernel install [--user | --sys-prefix | --prefix DIR]
//	kernel run NOTEBOOK.ipynb [--out FILE | --inplace] [-timeout D]
//	kernel plugin check FILE|DIR...                 check plugin files as the kernel loads them
//	kernel version
//
// Both kernel -f and kernel run take -memory-limit SIZE and -interrupt-timeout D
// (environment: DESCENT_MEMORY_LIMIT, DESCENT_INTERRUPT_TIMEOUT), and -plugins DIR
// (repeatable; environment DESCENT_PLUGINS, a path list). Cells run in a worker process,
// the hidden "kernel worker" command, which the kernel replaces when a cell kills it; it
// loads the shipped plugins and the plugin folders when it starts.
//
// Logs go to stderr; in kernel mode nothing is written to stdout.
package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/descentlab/descent"
)

const usage = `Descent, a Jupyter kernel for Go built for optimization.

Usage:
  kernel -f CONNECTION_FILE [-log-level LEVEL]   run as a Jupyter kernel
  kernel install [--user | --sys-prefix | --prefix DIR] [--plugins DIR]...
                                                 register the kernel with Jupyter
  kernel run NOTEBOOK.ipynb [--out FILE | --inplace] [-timeout D]
                                                 execute a notebook headless, no Jupyter needed
  kernel plugin check FILE|DIR...                check plugin files as the kernel would load
                                                 them: one line per plugin, exit 1 on a failure
  kernel version                                 print the version

Options of kernel -f and kernel run:
  -memory-limit SIZE     stop a cell once the interpreter uses more memory than SIZE
                         (4GiB, 512MiB, off; default $DESCENT_MEMORY_LIMIT, else three
                         quarters of the machine's memory)
  -interrupt-timeout D   restart the interpreter when an interrupted cell still runs after
                         D (default $DESCENT_INTERRUPT_TIMEOUT, else 0 for kernel -f: a
                         second interrupt does it; 2s for kernel run)
  -plugins DIR           load the plugin files in DIR at start, after the shipped plugins,
                         the user's folder (~/.config/descent/plugins on Linux) and those of
                         $DESCENT_PLUGINS (a path list); repeatable, the later winning
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches a command line and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "install":
			return cmdInstall(args[1:], stdout, stderr)
		case "run":
			return cmdRun(args[1:], stderr)
		case "plugin":
			return cmdPlugin(args[1:], stdout, stderr)
		case "worker": // started by the kernel itself, not listed in the usage
			return cmdWorker(args[1:], stderr)
		case "version", "--version", "-version":
			fmt.Fprintf(stdout, "descent kernel %s\n", descent.Version)
			return 0
		case "help", "-h", "-help", "--help":
			fmt.Fprint(stdout, usage)
			return 0
		}
		if !strings.HasPrefix(args[0], "-") {
			fmt.Fprintf(stderr, "kernel: unknown command %q\n\n%s", args[0], usage)
			return 2
		}
	}
	return cmdServe(args, stderr)
}

// newLogger returns a stderr logger at the named level.
func newLogger(w io.Writer, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.ToUpper(level))); err != nil {
		return nil, fmt.Errorf("-log-level %q: want debug, info, warn or error", level)
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l})), nil
}

// newFlags returns a flag set that reports errors instead of exiting, so every command
// prints its own usage line.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	return fs
}
