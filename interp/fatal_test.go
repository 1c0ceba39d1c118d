package interp

import (
	"strings"
	"testing"
)

// Unlocking a sync mutex that is not locked is a fatal error of Go's runtime, which no
// recover stops: in the kernel it would end the process and every variable. The cell
// ends with Go's message instead, at the line that unlocked, and the session goes on.
func TestMutexMisuseEndsTheCellNotTheKernel(t *testing.T) {
	s := newSession(t)
	run(t, s, "import \"sync\"\ntype Counter struct {\n\tsync.Mutex\n\tn int\n}\nvar rw sync.RWMutex\nkept := 42\n"+
		"func withLock(l sync.Locker, f func()) {\n\tl.Lock()\n\tdefer l.Unlock()\n\tf()\n\tl.Unlock()\n}")
	tests := []struct{ cell, want, at string }{
		{"var mu sync.Mutex\nmu.Unlock()", "sync: unlock of unlocked mutex", "cell[2]:2:"},
		{"func() {\n\tc := &Counter{}\n\tc.Lock()\n\tdefer c.Unlock()\n\tc.n++\n\tc.Unlock()\n}()", "sync: unlock of unlocked mutex", "cell[2]:"},
		{"rw.RUnlock()", "sync: RUnlock of unlocked RWMutex", "cell[2]:1:"},
		{"rw.RLock()\nrw.Unlock()", "sync: Unlock of unlocked RWMutex", "cell[2]:2:"},
		{"var m2 sync.Mutex\ndefer m2.Unlock()\nfmt.Println(\"deferred\")", "sync: unlock of unlocked mutex", "cell[2]:"},
		// Through a sync.Locker, and in a sync.Cond's Wait without the lock held.
		{"var m4 sync.Mutex\nwithLock(&m4, func() {})", "sync: unlock of unlocked mutex", "cell[1]:"},
		{"var m5 sync.RWMutex\nwithLock(&m5, func() {})", "sync: Unlock of unlocked RWMutex", "cell[1]:"},
		{"var m6 sync.Mutex\nsync.NewCond(&m6).Wait()", "sync: unlock of unlocked mutex", "cell[2]:2:"},
		// A recover does not stop it: the cell ends there.
		{"var m3 sync.Mutex\nfunc() {\n\tdefer func() { fmt.Println(\"recovered:\", recover()) }()\n\tm3.Unlock()\n}()\nfmt.Println(\"training continues\")", "sync: unlock of unlocked mutex", "cell[2]:"},
	}
	for _, tc := range tests {
		res, rec := run(t, s, "", tc.cell)
		if out := rec.stream("stdout"); strings.Contains(out, "continues") || strings.Contains(out, "recovered") {
			t.Errorf("%q: printed %q after the fatal error", tc.cell, out)
		}
		if res.Err == nil || res.Err.Name != "fatal error" || res.Err.Value != tc.want {
			t.Errorf("%q: got %+v, want the fatal error %q", tc.cell, res.Err, tc.want)
			continue
		}
		if !strings.Contains(strings.Join(res.Err.Traceback, "\n"), tc.at) {
			t.Errorf("%q: traceback %q does not point at %s", tc.cell, res.Err.Traceback, tc.at)
		}
	}
	res, rec := run(t, s, "", "var mu sync.Mutex\nmu.Lock()\nmu.Unlock()\nfmt.Println(kept)")
	if res.Err != nil || rec.stream("stdout") != "42\n" {
		t.Fatalf("after the fatal errors: %v %q, want the session's variables", res.Err, rec.stream("stdout"))
	}
}
