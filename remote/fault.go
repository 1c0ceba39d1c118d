package remote

import (
	"errors"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
)

// Fault is why a worker died, in the terms a notebook user needs.
type Fault struct {
	// Name is the error name the cell shows: StackOverflow, GoroutinePanic,
	// OutOfMemory, MemoryLimitExceeded, OutputClosed, Interrupted, Exited, Killed or
	// Crashed.
	Name string
	// Summary names the fault in plain words, "stack overflow: the cell recursed
	// without end, or too deep".
	Summary string
	// Where is the cell position the fault happened at, such as "cell[3]:2:9", or "".
	Where string
	// Hint says how to avoid the fault, or is "".
	Hint string
	// Report holds the first lines of the Go runtime's own report, if any.
	Report []string
}

// Reasons the supervisor itself killed a worker.
const (
	killInterrupt = "interrupt" // a second interrupt while the cell still ran
	killTimeout   = "timeout"   // the cell still ran InterruptTimeout after an interrupt
	killStart     = "start"     // the worker did not become ready in time
)

// death is everything known about a worker's end.
type death struct {
	exit        error    // what Wait returned
	killedFor   string   // the supervisor's reason for killing it, or ""
	trace       []string // interpreter traceback lines since the cell started
	crash       []string // the crash report on its standard error
	tail        []string // its last lines of standard error
	memoryLimit int64    // the limit in force, 0 for none
	timeout     string   // InterruptTimeout, as text, when killedFor is killTimeout
}

var (
	fatalLine    = regexp.MustCompile(`^` + regexp.QuoteMeta(fatalPrefix) + `(\w+): (.*)$`)
	allocSize    = regexp.MustCompile(`cannot allocate (\d+)-byte block`)
	sysMapSize   = regexp.MustCompile(`^runtime\.sysMap(?:OS)?\(0x[0-9a-f]+, 0x([0-9a-f]+)`)
	stackLimit   = regexp.MustCompile(`goroutine stack exceeds (\d+)-byte limit`)
	traceFrame   = regexp.MustCompile(`^(cell\[\d+\]:\d+:\d+): in (.*)$`)
	panicSuffix  = regexp.MustCompile(`( \[recovered(, repanicked)?\])+$`)
	reportLimits = 6 // runtime report lines shown to the user
)

// classify explains a worker's death.
func classify(d death) *Fault {
	switch d.killedFor {
	case killInterrupt:
		return &Fault{Name: "Interrupted", Summary: "interrupted for good: the cell did not stop when interrupted, " +
			"so the kernel stopped the Go interpreter running it",
			Hint: "a cell blocked or busy in compiled code (a long library call, time.Sleep, a sync.WaitGroup) cannot be " +
				"interrupted from inside; compiled loops stop early when given kernel.Context()"}
	case killTimeout:
		return &Fault{Name: "Interrupted", Summary: fmt.Sprintf("interrupted for good: the cell was still running %s after "+
			"the interrupt, so the kernel stopped the Go interpreter running it (-interrupt-timeout)", d.timeout)}
	case killStart:
		return &Fault{Name: "Crashed", Summary: "the Go interpreter did not start in time", Report: firstLines(d.tail)}
	}
	f := classifyReport(d)
	if f.Where == "" && len(d.trace) > 0 && f.Name == "GoroutinePanic" {
		// The innermost interpreted frame the panic went through.
		if m := traceFrame.FindStringSubmatch(d.trace[0]); m != nil {
			f.Where = m[1] + " in " + m[2]
		}
	}
	return f
}

func classifyReport(d death) *Fault {
	crash := d.crash
	report := keyLines(crash)
	for _, l := range crash {
		if m := fatalLine.FindStringSubmatch(l); m != nil {
			return &Fault{Name: m[1], Summary: m[2]}
		}
	}
	has := func(s string) bool {
		for _, l := range crash {
			if strings.Contains(l, s) {
				return true
			}
		}
		return false
	}
	first := ""
	if len(crash) > 0 {
		first = crash[0]
	}
	switch {
	case has("fatal error: stack overflow"):
		f := &Fault{Name: "StackOverflow", Summary: "stack overflow: the cell recursed without end, or too deep", Report: report,
			Hint: "a function calls itself (directly or through others) without ever reaching a case that returns, " +
				"or more deeply than the stack holds: interpreted, about 400000 calls of a declared function or 70000 of a function literal or method; " +
				"recurse less deep, or keep a stack of your own in a loop"}
		for _, l := range crash {
			if m := stackLimit.FindStringSubmatch(l); m != nil {
				if n, err := strconv.ParseInt(m[1], 10, 64); err == nil {
					f.Hint += fmt.Sprintf(" (a goroutine's stack is limited to %s)", FormatSize(n))
				}
			}
		}
		return f
	case has("out of memory"):
		f := &Fault{Name: "OutOfMemory", Report: report}
		size := int64(0)
		for _, l := range crash {
			if m := allocSize.FindStringSubmatch(l); m != nil {
				size, _ = strconv.ParseInt(m[1], 10, 64)
			} else if m := sysMapSize.FindStringSubmatch(l); m != nil && size == 0 {
				size, _ = strconv.ParseInt(m[1], 16, 64)
			}
		}
		if size > 0 {
			f.Summary = fmt.Sprintf("out of memory: the cell asked for %s at once, more than the system would give", FormatSize(size))
		} else {
			f.Summary = "out of memory: the system would not give the Go interpreter more memory"
		}
		if d.memoryLimit > 0 {
			f.Hint = fmt.Sprintf("the kernel's memory limit is %s", FormatSize(d.memoryLimit))
		}
		return f
	case strings.HasPrefix(first, "panic: ") || has("\npanic: "):
		v := panicSuffix.ReplaceAllString(strings.TrimPrefix(first, "panic: "), "")
		return &Fault{Name: "GoroutinePanic", Summary: "panic in a goroutine: " + v, Report: report,
			Hint: "Go ends the whole program when a goroutine panics and nothing recovers it; the kernel recovers " +
				"panics in goroutines started from a function literal, so start work as go func() { work() }() " +
				"rather than go work(), or recover in the function"}
	case strings.HasPrefix(first, "fatal error: "):
		f := &Fault{Name: "Crashed", Summary: first, Report: report}
		if strings.Contains(first, "concurrent map") {
			f.Hint = "two goroutines used one map at the same time; guard it with a sync.Mutex"
		}
		return f
	case first != "":
		return &Fault{Name: "Crashed", Summary: "the Go interpreter crashed: " + first, Report: report}
	}
	var ee *exec.ExitError
	if errors.As(d.exit, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			f := &Fault{Name: "Killed", Summary: fmt.Sprintf("the Go interpreter was killed by signal %s", ws.Signal()), Report: firstLines(d.tail)}
			if ws.Signal() == syscall.SIGKILL {
				f.Hint = "most likely the system ran out of memory and its out-of-memory killer chose the interpreter"
			}
			return f
		}
		return &Fault{Name: "Exited", Summary: fmt.Sprintf("the Go interpreter exited with status %d: compiled code called os.Exit", ee.ExitCode()),
			Report: firstLines(d.tail), Hint: "the os.Exit and log.Fatal that cells call only panic; this exit came from compiled code"}
	}
	if d.exit == nil {
		return &Fault{Name: "Exited", Summary: "the Go interpreter exited with status 0 in the middle of the cell", Report: firstLines(d.tail)}
	}
	return &Fault{Name: "Crashed", Summary: "the Go interpreter stopped: " + d.exit.Error(), Report: firstLines(d.tail)}
}

// keyLines picks from a crash report the lines that say what happened, leaving out
// register dumps and goroutine tracebacks, which are about the interpreter's own code.
func keyLines(crash []string) []string {
	var out []string
	for _, l := range crash {
		for _, p := range []string{"panic: ", "fatal error: ", "runtime: out of memory", "runtime: goroutine stack exceeds"} {
			if strings.HasPrefix(l, p) && len(out) < reportLimits {
				out = append(out, l)
				break
			}
		}
	}
	return out
}

func firstLines(ls []string) []string {
	if len(ls) > reportLimits {
		ls = ls[:reportLimits]
	}
	return append([]string(nil), ls...)
}
