package interp

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"regexp"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// The process's standard streams are swapped to a session's pipes while it executes a
// cell, so that compiled library code and goroutines are captured too. That makes
// execution process-wide: execMu lets one cell run at a time in the whole process.
var execMu sync.Mutex

// sentinel marks a point in a pipe: when the reader sees it, everything written before
// it has been published. It is not valid UTF-8, so text output never contains it.
var sentinel = []byte("\xff\x00descent-sync\x00\xff")

// capture owns the pipes of one session and the goroutines that read them.
type capture struct {
	outR, outW *os.File // stdout pipe
	errR, errW *os.File // stderr pipe
	acks       chan string
	syncMu     sync.Mutex

	mu      sync.Mutex
	sink    *lockedOutput // the executing cell's output, or nil between cells
	pending []streamText  // output that arrived between cells

	saved struct {
		stdout, stderr *os.File
		logw           interface{ Write([]byte) (int, error) }
	}
}

type streamText struct{ name, text string }

func newCapture() (*capture, error) {
	c := &capture{acks: make(chan string, 2)}
	var err error
	if c.outR, c.outW, err = os.Pipe(); err != nil {
		return nil, fmt.Errorf("interp: creating stdout pipe: %w", err)
	}
	if c.errR, c.errW, err = os.Pipe(); err != nil {
		c.outR.Close()
		c.outW.Close()
		return nil, fmt.Errorf("interp: creating stderr pipe: %w", err)
	}
	go c.read("stdout", c.outR)
	go c.read("stderr", c.errR)
	return c, nil
}

// read publishes what arrives on r, holding back a possible partial sentinel or an
// incomplete UTF-8 sequence at the end of a read until the rest arrives.
func (c *capture) read(name string, r *os.File) {
	buf := make([]byte, 32<<10)
	var pend []byte
	for {
		n, err := r.Read(buf)
		pend = append(pend, buf[:n]...)
		for {
			i := bytes.Index(pend, sentinel)
			if i < 0 {
				break
			}
			c.emit(name, pend[:i])
			pend = pend[i+len(sentinel):]
			c.acks <- name
		}
		keep := partialSuffix(pend)
		c.emit(name, pend[:len(pend)-keep])
		pend = append(pend[:0], pend[len(pend)-keep:]...)
		if err != nil {
			c.emit(name, pend)
			r.Close()
			return
		}
	}
}

// partialSuffix returns how many trailing bytes of b may be the start of a sentinel or
// of a UTF-8 sequence that is not complete yet.
func partialSuffix(b []byte) int {
	for k := min(len(sentinel)-1, len(b)); k > 0; k-- {
		if bytes.HasPrefix(sentinel, b[len(b)-k:]) {
			return k
		}
	}
	for k := 1; k <= 3 && k <= len(b); k++ {
		r := b[len(b)-k]
		if utf8.RuneStart(r) {
			if !utf8.FullRune(b[len(b)-k:]) {
				return k
			}
			break
		}
	}
	return 0
}

func (c *capture) emit(name string, b []byte) {
	if len(b) == 0 {
		return
	}
	text := string(b)
	c.mu.Lock()
	sink := c.sink
	if sink == nil {
		c.pending = append(c.pending, streamText{name, text})
	}
	c.mu.Unlock()
	if sink != nil {
		sink.Stream(name, text)
	}
}

// sync returns once everything written to both pipes so far has been published.
func (c *capture) sync() error {
	c.syncMu.Lock()
	defer c.syncMu.Unlock()
	for _, w := range []*os.File{c.outW, c.errW} {
		if _, err := w.Write(sentinel); err != nil {
			return err
		}
	}
	timeout := time.After(5 * time.Second)
	for range 2 {
		select {
		case <-c.acks:
		case <-timeout:
			return errors.New("interp: output capture did not drain within 5s")
		}
	}
	return nil
}

// begin routes output to out and redirects the process's standard streams to the pipes.
// The caller holds execMu.
func (c *capture) begin(out *lockedOutput) {
	c.mu.Lock()
	c.sink = out
	pending := c.pending
	c.pending = nil
	c.mu.Unlock()
	for _, p := range pending {
		out.Stream(p.name, p.text)
	}
	c.saved.stdout, c.saved.stderr, c.saved.logw = os.Stdout, os.Stderr, log.Writer()
	os.Stdout, os.Stderr = c.outW, c.errW
	log.SetOutput(c.errW)
}

// end drains the pipes into the cell's output, restores the standard streams and
// holds back later output for the next cell.
func (c *capture) end() {
	_ = c.sync()
	os.Stdout, os.Stderr = c.saved.stdout, c.saved.stderr
	log.SetOutput(c.saved.logw)
	c.mu.Lock()
	c.sink = nil
	c.mu.Unlock()
}

func (c *capture) close() {
	c.outW.Close()
	c.errW.Close()
}

// panicLine matches the pseudo-traceback line the interpreter writes to its stderr for
// every interpreted frame a panic unwinds, such as "cell[3]:2:1: panic: main.f(...)".
var panicLine = regexp.MustCompile(`^(\S+:)?\d+:\d+: panic: .*\(\.\.\.\)\n?$`)

// stderrFilter is the interpreter's stderr: it diverts the pseudo-traceback into the
// error report and passes everything else to the stderr pipe.
type stderrFilter struct {
	w     *os.File
	mu    sync.Mutex
	lines []string
}

func (f *stderrFilter) Write(b []byte) (int, error) {
	if panicLine.Match(b) {
		line := string(bytes.TrimRight(b, "\n"))
		f.mu.Lock()
		f.lines = append(f.lines, line)
		f.mu.Unlock()
		if m := traceMirror.Load(); m != nil {
			for _, l := range tracebackLines([]string{line}) {
				_, _ = io.WriteString(*m, l+"\n")
			}
		}
		return len(b), nil
	}
	return f.w.Write(b)
}

// traceMirror is where MirrorTraceback sends traceback lines, if anywhere.
var traceMirror atomic.Pointer[io.Writer]

// MirrorTraceback sends a copy of every line of the interpreter's panic traceback that
// names a cell, as "cell[3]:2:1: in f", to w as soon as it is written, in every session of
// the process. A panic that no one recovers, in a goroutine a cell started, kills the
// process before the session can report it; a supervising process reading w can then
// still say where it happened. A nil w stops mirroring.
func MirrorTraceback(w io.Writer) {
	if w == nil {
		traceMirror.Store(nil)
		return
	}
	traceMirror.Store(&w)
}

// OutputBroken reports why the session can no longer capture what cells print, or nil.
// While a cell runs, os.Stdout and os.Stderr are the session's pipes, so a cell that
// closes one of them silences every later cell; only a new session repairs that.
func (s *Session) OutputBroken() error {
	for _, p := range []struct {
		name string
		w    *os.File
	}{{"os.Stdout", s.cap.outW}, {"os.Stderr", s.cap.errW}} {
		// A zero-length write reaches the check for a closed file and nothing else.
		if _, err := p.w.Write(nil); err != nil {
			return fmt.Errorf("a cell closed %s, the pipe the kernel reads cell output from: %w", p.name, err)
		}
	}
	return nil
}

// take returns and forgets the traceback lines collected so far.
func (f *stderrFilter) take() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	l := f.lines
	f.lines = nil
	return l
}
