package remote

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/descentlab/descent/jupyter"
)

// The test binary doubles as a real worker process: with REMOTE_FAKE_WORKER set it
// serves the fake evaluator on file descriptors 3 and 4, as the kernel binary's worker
// subcommand serves the interpreter, and its faults are real ones.
func TestMain(m *testing.M) {
	if os.Getenv("REMOTE_FAKE_WORKER") != "" {
		os.Exit(fakeWorkerMain())
	}
	os.Exit(m.Run())
}

func fakeWorkerMain() int {
	signal.Ignore(os.Interrupt)
	debug.SetMaxStack(256 << 20) // as the interpreter does: overflow within a second
	if limit, err := strconv.ParseInt(os.Getenv("REMOTE_FAKE_LIMIT"), 10, 64); err == nil {
		WatchMemory(limit, 10*time.Millisecond, os.Stderr)
	}
	r, w := Pipes()
	if err := serveFake(newFakeEvaluator(), r, w); err != nil {
		fmt.Fprintln(os.Stderr, "fake worker:", err)
		return 1
	}
	return 0
}

// realSupervisor supervises workers that are this test binary.
// testBinary is this test binary, which serves as a worker (see TestMain).
func testBinary() string { return os.Args[0] }

func realSupervisor(t *testing.T, limit int64, cfg Config) *Supervisor {
	t.Helper()
	env := append(os.Environ(), "REMOTE_FAKE_WORKER=1", "REMOTE_FAKE_LIMIT="+strconv.FormatInt(limit, 10))
	cfg.Start = Command(os.Args[0], nil, env)
	cfg.MemoryLimit = limit
	s := New(cfg)
	s.Start()
	t.Cleanup(func() { s.Close() })
	return s
}

func (s *Supervisor) currentPID(t *testing.T) int {
	t.Helper()
	w, err := s.ready(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return w.pid()
}

// TestRealFaults kills real worker processes the ways a cell can, and checks that
// each death becomes a clear error, that the next cell runs in a fresh process without
// the lost state, and that the error says what to do.
func TestRealFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes that crash")
	}
	tests := []struct {
		code  string
		limit int64
		name  string
		says  []string
	}{
		{"overflow", 0, "StackOverflow", []string{"stack overflow: the cell recursed without end, or too deep", "stack is limited to 256 MiB"}},
		{"gopanic", 0, "GoroutinePanic", []string{"panic in a goroutine: fake goroutine panic", "go func() { work() }()"}},
		{"exit 4", 0, "Exited", []string{"exited with status 4", "os.Exit"}},
		{"alloc", 0, "OutOfMemory", []string{"out of memory: the cell asked for 8 TiB at once"}},
		{"grow", 256 << 20, "MemoryLimitExceeded", []string{"memory limit exceeded", "over the kernel's limit of 256 MiB", "raise it"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.code == "alloc" && overcommitAlways() {
				t.Skip("vm.overcommit_memory = 1: the system grants 8 TiB")
			}
			s := realSupervisor(t, tc.limit, Config{MemoryLimitHelp: "raise it with -memory-limit"})
			execute(t, s, 1, "set x 1")
			before := s.currentPID(t)
			start := time.Now()
			res, _ := execute(t, s, 2, tc.code)
			took := time.Since(start)
			e := res.Error
			if e == nil {
				t.Fatalf("%s: no error", tc.code)
			}
			if e.Name != tc.name {
				t.Errorf("%s: ename %q, want %q (evalue %q)", tc.code, e.Name, tc.name, e.Value)
			}
			all := e.Value + "\n" + strings.Join(e.Traceback, "\n")
			for _, want := range append(tc.says, "restarted its Go interpreter", "Run %rerun to re-execute the cell") {
				if !strings.Contains(all, want) {
					t.Errorf("%s: message lacks %q:\n%s", tc.code, want, all)
				}
			}
			t.Logf("%s: %v to the error; %s", tc.code, took.Round(time.Millisecond), e.Value)

			start = time.Now()
			res, rec := execute(t, s, 3, "get x")
			if res.Error != nil || resultOf(rec) != "<none>" {
				t.Errorf("next cell: %v %q, want it to run in a fresh worker", res.Error, rec.text())
			}
			t.Logf("next cell answered %v later", time.Since(start).Round(time.Millisecond))
			if after := s.currentPID(t); after == before {
				t.Errorf("the worker (pid %d) was not replaced", before)
			}
			if _, rec := execute(t, s, 4, "%rerun\nget x"); resultOf(rec) != "1" {
				t.Errorf("%%rerun did not bring x back: %q", rec.text())
			}
		})
	}
}

// overcommitAlways reports whether Linux grants any allocation.
func overcommitAlways() bool {
	b, err := os.ReadFile("/proc/sys/vm/overcommit_memory")
	return err == nil && strings.TrimSpace(string(b)) == "1"
}

// TestRealStuckCellInterruptedTwice: a cell that ignores interrupts, in a real process.
func TestRealStuckCellInterruptedTwice(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	s := realSupervisor(t, 0, Config{InterruptGrace: 100 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		time.Sleep(100 * time.Millisecond)
		cancel()
		s.Interrupted(1)
		time.Sleep(300 * time.Millisecond)
		s.Interrupted(2)
	}()
	res := s.Execute(ctx, &jupyter.ExecuteRequest{Code: "stuck"}, &recorder{})
	if res.Error == nil || res.Error.Name != "Interrupted" || !strings.Contains(res.Error.Value, "did not stop when interrupted") {
		t.Fatalf("stuck cell: %+v", res.Error)
	}
	if _, rec := execute(t, s, 2, "print alive"); rec.text() != "stdout:alive\n" {
		t.Errorf("next cell: %q", rec.text())
	}
}
