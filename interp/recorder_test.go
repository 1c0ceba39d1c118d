package interp

import (
	"context"
	"errors"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	yaegi "github.com/traefik/yaegi/interp"
)

// recorder is an Output that keeps everything a cell published.
type recorder struct {
	mu           sync.Mutex
	events       []string // "stdout:text", "display:<text/plain>", "update:id:<text/plain>", "clear", "input"
	inputs       []string // lines to answer input requests with; none means input is refused
	prompts      int
	lastPrompt   string
	lastPassword bool
	displays     []map[string]any
}

func (r *recorder) Stream(name, text string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	// Coalesce consecutive stream text: how pipes split it is not part of the contract.
	if n := len(r.events); n > 0 && strings.HasPrefix(r.events[n-1], name+":") {
		r.events[n-1] += text
		return
	}
	r.events = append(r.events, name+":"+text)
}

func (r *recorder) Display(data, metadata map[string]any, id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.displays = append(r.displays, data)
	r.events = append(r.events, "display:"+id+":"+plain(data))
}

func (r *recorder) UpdateDisplay(data, metadata map[string]any, id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, "update:"+id+":"+plain(data))
}

func (r *recorder) ClearOutput(wait bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, "clear")
}

func (r *recorder) Input(prompt string, password bool) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.prompts++
	r.lastPrompt, r.lastPassword = prompt, password
	if len(r.inputs) == 0 {
		return "", errors.New("input is not allowed")
	}
	l := r.inputs[0]
	r.inputs = r.inputs[1:]
	return l, nil
}

func (r *recorder) stream(name string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	for _, e := range r.events {
		if t, ok := strings.CutPrefix(e, name+":"); ok {
			b.WriteString(t)
		}
	}
	return b.String()
}

func plain(data map[string]any) string {
	s, _ := data["text/plain"].(string)
	return s
}

// newSession starts a session that the test closes.
func newSession(t *testing.T) *Session {
	t.Helper()
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// run executes cells in order, failing the test if any but the last fails, and returns
// the last result and what it published.
func run(t *testing.T, s *Session, cells ...string) (*Result, *recorder) {
	t.Helper()
	var res *Result
	var rec *recorder
	for i, c := range cells {
		rec = &recorder{}
		res = s.Execute(context.Background(), c, i+1, rec)
		if i < len(cells)-1 && res.Err != nil {
			t.Fatalf("cell %d %q: %v", i+1, c, res.Err)
		}
	}
	return res, rec
}

// stderrNow is the process's standard error at the time of the call, as compiled code
// sees it.
func stderrNow() *os.File { return os.Stderr }

// gate lets a test and the code of its cells wait for each other instead of sleeping:
// cells import "testgate" and call testgate.Wait(), which blocks until the test calls
// open, and testgate.Signal(), which the test waits for with signalled.
type gate struct {
	opened, signals chan struct{}
	openOnce        sync.Once
	signalOnce      sync.Once
}

// patience bounds every wait of a test for something that normally takes milliseconds:
// long enough for a loaded machine, short enough to fail rather than hang.
const patience = 10 * time.Second

func useGate(t *testing.T, s *Session) *gate {
	t.Helper()
	g := &gate{opened: make(chan struct{}), signals: make(chan struct{})}
	err := s.Use(yaegi.Exports{"testgate/testgate": {
		"Wait":   reflect.ValueOf(func() { <-g.opened }),
		"Signal": reflect.ValueOf(func() { g.signalOnce.Do(func() { close(g.signals) }) }),
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(g.open) // release goroutines still waiting
	return g
}

func (g *gate) open() { g.openOnce.Do(func() { close(g.opened) }) }

// signalled waits for a cell's code to call testgate.Signal, and reports whether it did
// within patience.
func (g *gate) signalled() bool {
	select {
	case <-g.signals:
		return true
	case <-time.After(patience):
		return false
	}
}
