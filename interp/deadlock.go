package interp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"time"
)

// A Go program whose goroutines all wait on each other stops with "fatal error: all
// goroutines are asleep - deadlock!". A cell's goroutines share the kernel's process,
// whose own goroutines never all sleep, so the runtime cannot see that; without help the
// cell would wait for an interrupt. A watchdog looks at the process's goroutines while a
// cell runs: when every goroutine running interpreted code has been blocked for a while
// in a channel operation, a select or a lock that interpreted code made, and nothing else
// is running, the cell is stopped with Go's message.
//
// Timers, signals, network and child processes can wake a goroutine without any
// goroutine running, which a goroutine dump does not show; the watchdog stays off in a
// session whose cells use them (see wakers).

// deadlockAfter is how long the goroutines must stay blocked, in checks one apart.
var (
	deadlockEvery  = time.Second
	deadlockChecks = 3
)

// maxWatched is the most goroutines the watchdog dumps: the dump stops the world for
// about 150 µs per goroutine (measured with 10,000 goroutines blocked in a cell).
const maxWatched = 100

// errDeadlock is the cause of a cell's cancellation by the watchdog.
var errDeadlock = errors.New("all goroutines are asleep - deadlock!")

// wakers are what cells mention when something outside the goroutines may wake one:
// timers of package time, the packages of contexts, signals, child processes and the
// network, and the kernel's interrupt context. renamedTime is an import of time under another name (or with a dot),
// whose timers the first cannot see.
var (
	wakers      = regexp.MustCompile(`\btime\.(After|Tick|NewTimer|NewTicker|AfterFunc)\b|"(context|os/signal|os/exec|net|net/http|net/rpc)"|\bkernel\.Context\b`)
	renamedTime = regexp.MustCompile(`([\w.]+)\s+"time"`)
)

// mayWake reports whether code uses what may wake a goroutine from outside (see wakers).
func mayWake(code string) bool {
	if wakers.MatchString(code) {
		return true
	}
	for _, m := range renamedTime.FindAllStringSubmatch(code, -1) {
		if m[1] != "import" {
			return true
		}
	}
	return false
}

// watchDeadlock watches the cell running under ctx, and cancels it with errDeadlock when
// its goroutines deadlock. The returned func stops the watch.
func (s *Session) watchDeadlock(cancel context.CancelCauseFunc) (stop func()) {
	if s.mayBeWoken {
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(deadlockEvery)
		defer t.Stop()
		var last string
		n := 0
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			if runtime.NumGoroutine() > maxWatched {
				n, last = 0, ""
				continue // a dump would stop the world for too long, every second
			}
			state, ok := deadlockState(allStacks())
			switch {
			case !ok:
				n, last = 0, ""
				continue
			case state != last:
				n, last = 1, state
				continue
			}
			if n++; n >= deadlockChecks {
				s.deadlock = state
				cancel(errDeadlock)
				return
			}
		}
	}()
	return func() { close(done) }
}

// allStacks returns the stacks of all goroutines.
func allStacks() []byte {
	buf := make([]byte, 1<<18)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return buf[:n]
		}
		buf = make([]byte, 2*len(buf))
	}
}

// blockedStates are the waits of a goroutine that only another goroutine ends.
var blockedStates = map[string]bool{
	"chan send": true, "chan receive": true, "chan send (nil chan)": true, "chan receive (nil chan)": true,
	"select": true, "select (no cases)": true, "sync.Mutex.Lock": true, "sync.RWMutex.Lock": true,
	"sync.RWMutex.RLock": true, "sync.WaitGroup.Wait": true, "sync.Cond.Wait": true, "semacquire": true,
}

// deadlockState reports whether the goroutines in stacks (runtime.Stack's dump) are
// deadlocked as a cell's: some run interpreted code, all of those are blocked in a wait
// that interpreted code made, and no goroutine is running or runnable but the caller.
// state names the blocked goroutines and their waits, to compare checks with.
func deadlockState(stacks []byte) (state string, ok bool) {
	var blocked []string
	for _, g := range bytes.Split(stacks, []byte("\n\n")) {
		header, frames, _ := strings.Cut(string(g), "\n")
		id, wait, found := parseHeader(header)
		if !found {
			continue
		}
		interpreted := strings.Contains(frames, "github.com/traefik/yaegi/interp.runCfg")
		if !interpreted {
			if wait == "running" && strings.Contains(frames, "interp.allStacks") {
				continue // the watchdog
			}
			switch wait {
			case "running", "runnable", "syscall", "sleep":
				return "", false // it may yet wake a cell's goroutine
			}
			continue
		}
		if !blockedStates[wait] || !waitedByInterpreter(frames) {
			return "", false
		}
		blocked = append(blocked, id+" "+wait)
	}
	if len(blocked) == 0 {
		return "", false
	}
	sort.Strings(blocked)
	return strings.Join(blocked, "; "), true
}

var headerRE = regexp.MustCompile(`^goroutine (\d+)(?: gp=\S+ m=\S+(?: mp=\S+)?)? \[([^,\]]+)`)

// parseHeader reads "goroutine 7 [chan send, 2 minutes]:".
func parseHeader(h string) (id, wait string, ok bool) {
	m := headerRE.FindStringSubmatch(h)
	if m == nil {
		return "", "", false
	}
	return m[1], m[2], true
}

// waitedByInterpreter reports whether the innermost frame of a goroutine's stack outside
// the runtime, sync and reflect is the interpreter's: the wait is a channel operation,
// select or lock of interpreted code, not one inside compiled code (an HTTP request, a
// library's worker pool), which other events may end.
func waitedByInterpreter(frames string) bool {
	for _, line := range strings.Split(frames, "\n") {
		if line == "" || line[0] == '\t' {
			continue // a file:line
		}
		fn := line
		switch {
		case strings.HasPrefix(fn, "runtime."), strings.HasPrefix(fn, "internal/"), strings.HasPrefix(fn, "sync."),
			strings.HasPrefix(fn, "reflect."):
			continue
		}
		return strings.HasPrefix(fn, "github.com/traefik/yaegi/interp.")
	}
	return false
}

// deadlockError is the error of a cell stopped by the watchdog, in Go's words, with the
// waits of the goroutines.
func deadlockError(state string) *Error {
	counts := map[string]int{}
	for _, g := range strings.Split(state, "; ") {
		_, wait, _ := strings.Cut(g, " ")
		counts[wait]++
	}
	var waits []string
	for w, n := range counts {
		waits = append(waits, fmt.Sprintf("%d on %s", n, w))
	}
	sort.Strings(waits)
	return newError("fatal error", errDeadlock.Error(),
		"the cell's goroutines all waited "+
			fmt.Sprint(time.Duration(deadlockChecks)*deadlockEvery)+" for each other ("+strings.Join(waits, ", ")+"); the cell was stopped")
}
