// Package hosttest provides a recording host for tests of library code that shows
// output in a notebook: it stands for the kernel and keeps every display it is sent.
package hosttest

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/descentlab/descent/optimizers/host"
)

// Message is one Display call.
type Message struct {
	Data     map[string]any
	ID       string
	Update   bool
	At       time.Time
	Metadata map[string]any
}

// Text returns the message's text/plain.
func (m Message) Text() string { s, _ := m.Data["text/plain"].(string); return s }

// HTML returns the message's text/html.
func (m Message) HTML() string { s, _ := m.Data["text/html"].(string); return s }

// Recorder is a host.Host that records displays; its context is never done unless Ctx
// is set.
type Recorder struct {
	Ctx context.Context

	mu   sync.Mutex
	msgs []Message
}

// Context returns r.Ctx, or context.Background().
func (r *Recorder) Context() context.Context {
	if r.Ctx != nil {
		return r.Ctx
	}
	return context.Background()
}

// Display records the call.
func (r *Recorder) Display(data, metadata map[string]any, id string, update bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, Message{Data: data, Metadata: metadata, ID: id, Update: update, At: time.Now()})
}

// Messages returns the messages recorded so far.
func (r *Recorder) Messages() []Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Message(nil), r.msgs...)
}

// Install makes a new Recorder the current host until the test ends.
func Install(t testing.TB) *Recorder {
	r := &Recorder{}
	host.Set(r)
	t.Cleanup(func() { host.Set(nil) })
	return r
}

// CheckProgress asserts that msgs are one progress display: a first display, then
// updates of the same id, at most one per minGap apart except the last, each with one
// line of text/plain and text/html. It returns the final message.
func CheckProgress(t testing.TB, msgs []Message, minGap time.Duration) Message {
	t.Helper()
	if len(msgs) == 0 {
		t.Fatal("no progress display")
	}
	first := msgs[0]
	if first.Update || first.ID == "" {
		t.Errorf("first message: update %v, id %q; want a new display with an id", first.Update, first.ID)
	}
	for i, m := range msgs {
		if i > 0 && (!m.Update || m.ID != first.ID) {
			t.Errorf("message %d: update %v id %q; want an update of %q", i, m.Update, m.ID, first.ID)
		}
		if m.Text() == "" || strings.Contains(m.Text(), "\n") || !strings.HasPrefix(m.HTML(), "<div") {
			t.Errorf("message %d: text %q, html %.40q; want one line of text and HTML", i, m.Text(), m.HTML())
		}
		// Updates before the last are rate limited; the last comes when the work ends.
		if i > 0 && i < len(msgs)-1 {
			if gap := m.At.Sub(msgs[i-1].At); gap < minGap-5*time.Millisecond {
				t.Errorf("messages %d and %d only %v apart, want at least %v", i-1, i, gap, minGap)
			}
		}
	}
	return msgs[len(msgs)-1]
}
