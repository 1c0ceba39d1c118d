package remote

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
)

// Lines a worker writes on its standard error for the supervisor to read.
const (
	// tracePrefix marks a line of the interpreter's panic traceback ("cell[3]:2:1: in
	// f"), which tells where a fatal goroutine panic happened.
	tracePrefix = "descent-trace: "
	// fatalPrefix marks the worker's own last words, "descent-fatal: NAME: message",
	// for deaths it decides itself (see Fatal).
	fatalPrefix = "descent-fatal: "
)

// TraceWriter returns a writer for interp.MirrorTraceback that passes each line to
// diag (the worker's standard error) marked for the supervisor.
func TraceWriter(diag io.Writer) io.Writer { return &prefixWriter{w: diag, prefix: tracePrefix} }

type prefixWriter struct {
	mu     sync.Mutex
	w      io.Writer
	prefix string
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []byte
	for _, l := range bytes.SplitAfter(b, []byte("\n")) {
		if len(l) > 0 {
			out = append(append(out, p.prefix...), l...)
		}
	}
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	if _, err := p.w.Write(out); err != nil {
		return 0, err
	}
	return len(b), nil
}

// FatalStatus is the exit status of a worker that ended itself with Fatal.
const FatalStatus = 3

// Fatal ends the worker process after telling the supervisor why, on diag (the worker's
// standard error): name is the error name the cell will show (MemoryLimitExceeded,
// OutputClosed) and message says what happened in plain words.
func Fatal(diag io.Writer, name, message string) {
	fmt.Fprintf(diag, "%s%s: %s\n", fatalPrefix, name, strings.ReplaceAll(message, "\n", " "))
	os.Exit(FatalStatus)
}

// Limits of what diagLog keeps.
const (
	maxTrace = 64  // traceback lines
	maxCrash = 200 // lines of a crash report
	maxTail  = 40  // last lines, for deaths that announce nothing
)

// diagLog reads a worker's standard error. It forwards the lines to the supervisor's
// log and keeps what explains a death: the traceback lines and the crash report written
// since the current cell started, and the last lines.
type diagLog struct {
	log *slog.Logger

	mu      sync.Mutex
	partial []byte
	trace   []string
	crash   []string // from the first line that starts a crash report
	tail    []string
}

func newDiagLog(log *slog.Logger) *diagLog { return &diagLog{log: log} }

// crashStart reports whether line begins the Go runtime's report of a dying program,
// or the worker's own.
func crashStart(line string) bool {
	for _, p := range []string{"panic: ", "fatal error: ", "runtime: ", fatalPrefix, "SIGSEGV", "SIGBUS", "unexpected fault address"} {
		if strings.HasPrefix(line, p) {
			return true
		}
	}
	return false
}

func (d *diagLog) Write(b []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.partial = append(d.partial, b...)
	for {
		i := bytes.IndexByte(d.partial, '\n')
		if i < 0 {
			break
		}
		d.line(string(d.partial[:i]))
		d.partial = d.partial[i+1:]
	}
	if len(d.partial) > 64<<10 { // a line without end: take it as it is
		d.line(string(d.partial))
		d.partial = nil
	}
	return len(b), nil
}

func (d *diagLog) line(l string) {
	if t, ok := strings.CutPrefix(l, tracePrefix); ok {
		if len(d.trace) < maxTrace {
			d.trace = append(d.trace, t)
		}
		return
	}
	if d.crash != nil || crashStart(l) {
		if len(d.crash) < maxCrash {
			d.crash = append(d.crash, l)
		}
		if len(d.crash) == 1 {
			d.log.Warn("Go interpreter process", "stderr", l)
		} else {
			d.log.Debug("Go interpreter process", "stderr", l)
		}
	} else {
		d.log.Warn("Go interpreter process", "stderr", l)
	}
	if len(d.tail) == maxTail {
		d.tail = append(d.tail[:0], d.tail[1:]...)
	}
	d.tail = append(d.tail, l)
}

// mark forgets the traceback and crash lines: what follows belongs to a new cell.
func (d *diagLog) mark() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.trace, d.crash = nil, nil
}

// report returns copies of what the log kept.
func (d *diagLog) report() (trace, crash, tail []string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.partial) > 0 {
		d.line(string(d.partial))
		d.partial = nil
	}
	return append([]string(nil), d.trace...), append([]string(nil), d.crash...), append([]string(nil), d.tail...)
}
