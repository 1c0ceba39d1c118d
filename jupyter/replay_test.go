package jupyter

import (
	"slices"
	"strings"
	"testing"
)

func TestReplayGuard(t *testing.T) {
	sig := func(i int) string { return referenceSig("key", "message", itoa(i)) }
	type step struct {
		sig   string
		fresh bool
	}
	tests := []struct {
		name  string
		size  int
		steps []step
	}{
		{"new signatures pass", 4, []step{{sig(1), true}, {sig(2), true}, {sig(3), true}}},
		{"a repeat is refused", 4, []step{{sig(1), true}, {sig(2), true}, {sig(1), false}, {sig(2), false}}},
		{"upper-case hex is the same signature", 4, []step{{sig(1), true}, {strings.ToUpper(sig(1)), false}}},
		{"empty signatures (no key) always pass", 4, []step{{"", true}, {"", true}}},
		{"the oldest is forgotten once full", 2, []step{
			{sig(1), true}, {sig(2), true}, {sig(3), true}, // 1 forgotten
			{sig(1), true},  // so accepted again (forgetting 2)
			{sig(3), false}, // 3 still remembered
			{sig(2), true},
		}},
		{"short non-hex signatures are compared raw", 4, []step{{"zz", true}, {"zz", false}, {"zy", true}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := newReplayGuard(tc.size)
			for i, st := range tc.steps {
				if got := g.fresh([]byte(st.sig)); got != st.fresh {
					t.Errorf("step %d (%.12s...): fresh = %v, want %v", i, st.sig, got, st.fresh)
				}
			}
			if len(g.seen) > tc.size || len(g.ring) > tc.size {
				t.Errorf("guard holds %d keys (ring %d), bound %d", len(g.seen), len(g.ring), tc.size)
			}
		})
	}
}

// TestReplayedRequestRefused sends one signed execute_request twice, as an
// attacker who captured it would: it runs once.
func TestReplayedRequestRefused(t *testing.T) {
	k := startKernel(t)
	c := k.c
	h := newHeader("execute_request", c.session, "tester")
	frames, err := encode(c.s, nil, h, nil, nil, executeContentOf("print 1"))
	if err != nil {
		t.Fatal(err)
	}
	c.sendFrames(c.shell, frames...)
	c.reply(c.shellC, h, "execute_reply")
	c.untilIdle(h)
	c.sendFrames(c.shell, slices.Clone(frames)...)   // the same bytes again
	c.sendFrames(c.control, slices.Clone(frames)...) // and on another channel

	// Replies come in order: if the next one answers a later request, the
	// replays were never served.
	next := c.send(c.shell, "execute_request", executeContentOf("print 2"))
	if r := c.reply(c.shellC, next, "execute_reply"); r["execution_count"] != 2.0 {
		t.Errorf("reply after the replays = %v, want execution_count 2", r)
	}
	if got := k.ev.executed(); !slices.Equal(got, []string{"print 1", "print 2"}) {
		t.Errorf("evaluator ran %v; a replayed request must not run again", got)
	}
	select {
	case m := <-c.controlC:
		t.Errorf("the replay on control was answered: %s", m.header.MsgType)
	default:
	}
	if !strings.Contains(k.logBuf.String(), "replayed") {
		t.Error("the refused replay was not logged")
	}
}
