package progress

import (
	"strings"
	"testing"
	"time"

	"github.com/descentlab/descent/optimizers/internal/hosttest"
)

// fakeClock advances by step at every reading.
type fakeClock struct {
	t    time.Time
	step time.Duration
}

func (c *fakeClock) now() time.Time { c.t = c.t.Add(c.step); return c.t }

func withClock(t *testing.T, step time.Duration) *fakeClock {
	c := &fakeClock{t: time.Unix(1e9, 0), step: step}
	old := now
	now = c.now
	t.Cleanup(func() { now = old })
	return c
}

// TestDueRateLimits: however fast the loop, Due says yes at most once per Every, and it
// reads the clock far less often than it is called when calls are fast.
func TestDueRateLimits(t *testing.T) {
	tests := []struct {
		name      string
		perCall   time.Duration // clock advance per reading
		calls     int
		maxShows  int
		maxClocks int
	}{
		// A microsecond per reading at one reading per call would be 1 s of work in 1e6
		// calls; the stride grows so readings are about a millisecond apart.
		{"fast loop", time.Microsecond, 1000000, 11, 3000},
		{"slow loop", 20 * time.Millisecond, 200, 41, 200 + 41 + 2}, // and one per show, start and end
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := hosttest.Install(t)
			c := withClock(t, tt.perCall)
			b := Start("work", tt.calls, "step", 0)
			readings := 0
			inner := c.now
			now = func() time.Time { readings++; return inner() }
			shows := 0
			for i := 1; i <= tt.calls; i++ {
				if b.Due() {
					b.Show(State{Done: i})
					shows++
				}
			}
			b.Finish(State{Done: tt.calls, Status: "completed"})
			if shows == 0 || shows > tt.maxShows {
				t.Errorf("%d shows, want 1..%d", shows, tt.maxShows)
			}
			if readings > tt.maxClocks {
				t.Errorf("%d clock readings for %d calls, want at most %d", readings, tt.calls, tt.maxClocks)
			}
			msgs := rec.Messages()
			if len(msgs) != shows+1 || b.Sent() != shows+1 {
				t.Errorf("%d messages (%d sent) for %d shows and the final state", len(msgs), b.Sent(), shows)
			}
		})
	}
}

// TestDelayHidesShortWork: with a delay, nothing shows before it passes, and a bar never
// shown stays hidden at the end.
func TestDelayHidesShortWork(t *testing.T) {
	rec := hosttest.Install(t)
	withClock(t, time.Millisecond)
	b := Start("short", 100, "iteration", time.Second)
	for i := 0; i < 100; i++ {
		if b.Due() {
			t.Fatalf("due at call %d, before the delay", i)
		}
	}
	b.Finish(State{Done: 100, Status: "done"})
	if n := len(rec.Messages()); n != 0 {
		t.Errorf("%d messages for work shorter than the delay", n)
	}
}

func TestNoHost(t *testing.T) {
	var b *Bar = Start("x", 10, "step", 0)
	if b != nil || b.Due() || b.Sent() != 0 {
		t.Fatal("without a host, Start must return a nil bar that does nothing")
	}
	b.Show(State{})
	b.Finish(State{})
}

// TestRendering: the text line and the HTML carry the same facts.
func TestRendering(t *testing.T) {
	rec := hosttest.Install(t)
	withClock(t, 250*time.Millisecond)
	b := Start("Fit Adam(lr=0.01)", 400, "step", 0)
	b.Due() // reads the clock: 0.25 s elapsed
	b.Show(State{Done: 100, Epoch: 3, Epochs: 10, Fields: []Field{{"loss", "0.1234"}, {"val_accuracy", "0.95"}}})
	b.Finish(State{Done: 400, Epoch: 10, Epochs: 10, Status: "diverged", Failed: true})
	msgs := rec.Messages()
	want := "Fit Adam(lr=0.01) [#####···············]  25%  epoch 3/10 · step 100/400 · loss 0.1234 · val_accuracy 0.95 · 400 steps/s · 250ms · 750ms left"
	if got := msgs[0].Text(); got != want {
		t.Errorf("text\n got %q\nwant %q", got, want)
	}
	html := msgs[0].HTML()
	for _, w := range []string{"<b>Fit Adam(lr=0.01)</b>", "width:25.0%", "epoch 3/10 · step 100/400 · loss 0.1234", "750ms left"} {
		if !strings.Contains(html, w) {
			t.Errorf("HTML lacks %q: %s", w, html)
		}
	}
	final := msgs[1]
	if !strings.HasPrefix(final.Text(), "Fit Adam(lr=0.01) [####################] 100%  diverged · epoch 10/10") || strings.Contains(final.Text(), "left") {
		t.Errorf("final text %q", final.Text())
	}
	if !strings.Contains(final.HTML(), "#d9534f") || !final.Update || final.ID != msgs[0].ID {
		t.Errorf("final message: update %v id %q, html %s", final.Update, final.ID, final.HTML())
	}
}
