// Package progress shows a live progress bar for a long library call in the notebook cell
// that runs it, through package host.
//
// A Bar costs almost nothing between updates: Due counts calls and looks at the clock only
// every so many of them, adapting the stride so that the clock is read about once a
// millisecond however fast the loop; it never allocates. Show, which renders and sends,
// runs at most once per Every. Without a host (an ordinary program, a test) Start returns
// nil and every method of a nil *Bar does nothing.
package progress

import (
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/descentlab/descent/optimizers/host"
	"github.com/descentlab/descent/optimizers/internal/view"
)

// Every is the least time between two updates of a bar: at most ten a second.
const Every = 100 * time.Millisecond

// now is the clock, replaced in tests.
var now = time.Now

var ids atomic.Int64

// Bar is one live progress display.
type Bar struct {
	title string
	id    string
	total int
	unit  string
	delay time.Duration

	start, checked, last time.Time
	count, stride        int
	shown                bool
	sent                 int
}

// State is what a bar shows at one moment.
type State struct {
	// Done counts the units (steps, iterations) finished so far.
	Done int
	// Epoch of Epochs, when the work runs in epochs (0 otherwise).
	Epoch, Epochs int
	// Fields are extra name-value pairs, such as the loss and validation metrics.
	Fields []Field
	// Status, set on the final state, says how the work ended ("completed", "diverged").
	Status string
	// Failed colours the final bar as a failure.
	Failed bool
}

// Field is one name-value pair of a State.
type Field struct{ Name, Value string }

// Start returns a bar for work of total units (0 if unknown) named unit ("step"), to be
// shown once delay has passed since now, or nil when no host is installed.
func Start(title string, total int, unit string, delay time.Duration) *Bar {
	if !host.Present() {
		return nil
	}
	t := now()
	return &Bar{title: title, id: fmt.Sprintf("descent-progress-%d-%d", t.UnixNano(), ids.Add(1)),
		total: total, unit: unit, delay: delay, start: t, checked: t, stride: 1}
}

// Due reports whether the bar should be shown now: it is called once per unit of work
// and says yes at most once per Every (and not before the delay). It reads the clock
// only every stride calls, doubling the stride while calls come faster than one a
// millisecond and halving it when they come slower than one every ten.
func (b *Bar) Due() bool {
	if b == nil {
		return false
	}
	b.count++
	if b.count < b.stride {
		return false
	}
	b.count = 0
	t := now()
	gap := t.Sub(b.checked)
	b.checked = t
	switch {
	case gap < time.Millisecond && b.stride < 1<<20:
		b.stride *= 2
	case gap > 10*time.Millisecond && b.stride > 1:
		b.stride /= 2
	}
	if !b.shown {
		return t.Sub(b.start) >= b.delay
	}
	return t.Sub(b.last) >= Every
}

// Show displays s, the first time as a new display and afterwards as an update of it.
func (b *Bar) Show(s State) {
	if b == nil {
		return
	}
	b.send(s)
	// The clock is read after sending, so that the next update comes at least Every after
	// this one arrived, however long rendering took.
	b.last = now()
}

// Finish shows the final state s, which stays in the notebook. A bar that was never shown
// (the work ended within its delay) stays hidden.
func (b *Bar) Finish(s State) {
	if b == nil || (!b.shown && b.delay > 0) {
		return
	}
	if s.Status == "" {
		s.Status = "done"
	}
	b.checked = now()
	b.send(s)
}

// Metadata marks a progress display in a notebook, so that tools comparing notebooks can
// tell it from results: whether a short run shows a bar at all depends on the machine.
var Metadata = map[string]any{"descent": map[string]any{"progress": true}}

// Sent returns how many messages the bar has sent: its display and every update.
func (b *Bar) Sent() int {
	if b == nil {
		return 0
	}
	return b.sent
}

func (b *Bar) send(s State) {
	data := map[string]any{"text/plain": b.text(s), "text/html": b.html(s)}
	host.Display(data, Metadata, b.id, b.shown)
	b.shown = true
	b.sent++
}

func (b *Bar) frac(s State) float64 {
	if b.total <= 0 {
		return 0
	}
	return float64(s.Done) / float64(b.total)
}

// parts are the pieces of the status line after the bar, shared by both renderings.
func (b *Bar) parts(s State) []string {
	el := b.checked.Sub(b.start)
	var ps []string
	if s.Status != "" {
		ps = append(ps, s.Status)
	}
	if s.Epochs > 0 {
		ps = append(ps, fmt.Sprintf("epoch %d/%d", s.Epoch, s.Epochs))
	}
	if b.total > 0 {
		ps = append(ps, fmt.Sprintf("%s %d/%d", b.unit, s.Done, b.total))
	} else {
		ps = append(ps, fmt.Sprintf("%s %d", b.unit, s.Done))
	}
	for _, f := range s.Fields {
		ps = append(ps, f.Name+" "+f.Value)
	}
	ps = append(ps, view.PerSecond(s.Done, el)+" "+b.unit+"s/s", view.Duration(el))
	if s.Status == "" && b.total > 0 && s.Done > 0 && s.Done < b.total {
		eta := time.Duration(float64(el) / float64(s.Done) * float64(b.total-s.Done))
		ps = append(ps, view.Duration(eta)+" left")
	}
	return ps
}

func (b *Bar) text(s State) string {
	bar := ""
	if b.total > 0 {
		bar = fmt.Sprintf(" %s %3.0f%%", view.TextBar(b.frac(s), 20), 100*b.frac(s))
	}
	return b.title + bar + "  " + strings.Join(b.parts(s), " · ")
}

func (b *Bar) html(s State) string {
	col := "#4a90d9"
	switch {
	case s.Failed:
		col = "#d9534f"
	case s.Status != "":
		col = "#5cb85c"
	}
	ps := b.parts(s)
	for i, p := range ps {
		ps[i] = view.Esc(p)
	}
	bar := ""
	if b.total > 0 {
		bar = view.HTMLBar(b.frac(s), col) + fmt.Sprintf(` <span style="font-family:monospace">%3.0f%%</span> `, 100*b.frac(s))
	}
	return `<div style="font-family:var(--jp-content-font-family,sans-serif);font-size:13px;white-space:nowrap">` +
		`<b>` + view.Esc(b.title) + `</b> ` + bar + strings.Join(ps, " · ") + `</div>`
}
