package interp

import (
	"strings"
	"testing"
	"time"
)

// fastWatchdog makes the deadlock watchdog check every 50 ms for the test.
func fastWatchdog(t *testing.T) {
	every := deadlockEvery
	deadlockEvery = 50 * time.Millisecond
	t.Cleanup(func() { deadlockEvery = every })
}

// TestDeadlockStopsCell runs cells whose goroutines all wait on each other: each stops
// with Go's fatal error instead of waiting for an interrupt, and the session goes on.
func TestDeadlockStopsCell(t *testing.T) {
	fastWatchdog(t)
	s := newSession(t)
	for _, tc := range []struct{ name, code, wait string }{
		{"send without receiver", "n := 1\nch := make(chan int)\nch <- n\nfmt.Println(\"unreachable\")", "1 on select"},
		{"receive in a goroutine", "ch, done := make(chan int), make(chan bool)\ngo func() { fmt.Println(<-ch); done <- true }()\n<-done", "2 on select"},
		{"wait group", "import \"sync\"\nvar wg sync.WaitGroup\nwg.Add(2)\ngo wg.Done()\nwg.Wait()", "1 on sync.WaitGroup.Wait"},
		{"lock twice", "import \"sync\"\nvar mu sync.Mutex\nmu.Lock()\nmu.Lock()", "1 on sync.Mutex.Lock"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, rec := run(t, s, tc.code)
			if res.Err == nil || res.Err.Name != "fatal error" || res.Err.Value != "all goroutines are asleep - deadlock!" {
				t.Fatalf("got %+v, want the deadlock error", res.Err)
			}
			if tb := strings.Join(res.Err.Traceback, "\n"); !strings.Contains(tb, tc.wait) {
				t.Errorf("traceback %q does not name the wait %q", tb, tc.wait)
			}
			if out := rec.stream("stdout"); strings.Contains(out, "unreachable") {
				t.Errorf("stdout %q", out)
			}
			res, _ = run(t, s, "40 + 2")
			if res.Err != nil || plain(res.Data) != "42" {
				t.Errorf("next cell: %v %v", res.Data, res.Err)
			}
		})
	}
}

// TestWaitsThatEndAreNotDeadlocks runs cells whose goroutines wait longer than the
// watchdog's checks, on goroutines that are working or asleep, or on timers: they finish.
func TestWaitsThatEndAreNotDeadlocks(t *testing.T) {
	fastWatchdog(t)
	for _, tc := range []struct{ name, code, want string }{
		{"sleeping sender", "import \"time\"\nch := make(chan int)\ngo func() { time.Sleep(400 * time.Millisecond); ch <- 7 }()\nfmt.Println(<-ch)", "7\n"},
		{"working sender", "ch := make(chan int)\ngo func() { s := 0; for i := range 20_000_000 { s += i % 3 }; ch <- s % 5 }()\nfmt.Println(<-ch)", "4\n"},
		{"timer", "import \"time\"\nselect {\ncase <-time.After(400 * time.Millisecond):\n\tfmt.Println(\"timeout\")\n}", "timeout\n"},
		{"timer of time renamed", "import tm \"time\"\n<-tm.After(400 * tm.Millisecond)\nfmt.Println(\"later\")", "later\n"},
		{"ticker", "import (\n\t\"fmt\"\n\tclock \"time\"\n)\nt := clock.NewTicker(200 * clock.Millisecond)\n<-t.C\n<-t.C\nt.Stop()\nfmt.Println(\"ticked\")", "ticked\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSession(t)
			res, rec := run(t, s, tc.code)
			if res.Err != nil {
				t.Fatalf("error %v", res.Err)
			}
			if out := rec.stream("stdout"); out != tc.want {
				t.Errorf("stdout %q, want %q", out, tc.want)
			}
		})
	}
}
