package remote

import (
	"errors"
	"os/exec"
	"strings"
	"testing"
)

// exitError runs a real process that ends as asked, for the exit statuses classify reads.
func exitError(t *testing.T, script string) error {
	t.Helper()
	err := exec.Command("/bin/sh", "-c", script).Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Skipf("no /bin/sh to produce an exit status: %v", err)
	}
	return err
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name  string
		d     death
		ename string
		says  string
		where string
	}{
		{"killed for a second interrupt", death{killedFor: killInterrupt}, "Interrupted", "did not stop when interrupted", ""},
		{"killed after the timeout", death{killedFor: killTimeout, timeout: "5s"}, "Interrupted", "still running 5s after", ""},
		{"the worker's own last words", death{crash: []string{fatalPrefix + "OutputClosed: the cell closed os.Stdout"}}, "OutputClosed", "the cell closed os.Stdout", ""},
		{"goroutine panic with its place", death{
			crash: []string{"panic: boom [recovered, repanicked]", "", "goroutine 9 [running]:"},
			trace: []string{"cell[5]:2:14: in bad", "cell[5]:3:1: in outer"},
		}, "GoroutinePanic", "panic in a goroutine: boom", "cell[5]:2:14 in bad"},
		{"runtime error in a goroutine", death{crash: []string{"panic: runtime error: index out of range [3] with length 2", "", "goroutine 1 [running]:"}},
			"GoroutinePanic", "panic in a goroutine: runtime error: index out of range", ""},
		{"out of memory with the size", death{crash: []string{"runtime: out of memory: cannot allocate 1099511627776-byte block (3932160 in use)", "fatal error: out of memory"}, memoryLimit: 8 << 30},
			"OutOfMemory", "asked for 1 TiB at once", ""},
		{"concurrent map writes", death{crash: []string{"fatal error: concurrent map writes"}}, "Crashed", "fatal error: concurrent map writes", ""},
		{"stack overflow", death{crash: []string{"runtime: goroutine stack exceeds 67108864-byte limit", "runtime: sp=0x1 stack=[0x1, 0x2]", "fatal error: stack overflow"}},
			"StackOverflow", "stack overflow: the cell recursed without end, or too deep", ""},
		{"exit without a word", death{exit: exitError(t, "exit 5")}, "Exited", "exited with status 5", ""},
		{"killed by the system", death{exit: exitError(t, "kill -9 $$")}, "Killed", "killed by signal killed", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := classify(tc.d)
			if f.Name != tc.ename || !strings.Contains(f.Summary, tc.says) || f.Where != tc.where {
				t.Errorf("classify = %+v, want %s with %q at %q", f, tc.ename, tc.says, tc.where)
			}
		})
	}
	if f := classify(death{crash: []string{"fatal error: out of memory"}, memoryLimit: 8 << 30}); !strings.Contains(f.Hint, "8 GiB") {
		t.Errorf("out of memory under a limit: hint %q should name it", f.Hint)
	}
	if f := classify(death{exit: exitError(t, "kill -9 $$")}); !strings.Contains(f.Hint, "out-of-memory killer") {
		t.Errorf("SIGKILL hint %q", f.Hint)
	}
}
