package interp

import (
	"context"
	"strings"
	"sync"
	"testing"
)

// lockedBuilder is a strings.Builder safe for the interpreter's goroutines.
type lockedBuilder struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuilder) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuilder) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestMirrorTracebackNamesTheCell(t *testing.T) {
	s := newSession(t)
	var mirror lockedBuilder
	MirrorTraceback(&mirror)
	defer MirrorTraceback(nil)
	res := s.Execute(context.Background(), "func inner() { panic(\"deep\") }\nfunc outer() { inner() }\nouter()", 7, &recorder{})
	if res.Err == nil {
		t.Fatal("the cell did not fail")
	}
	got := mirror.String()
	for _, want := range []string{"cell[7]:1:", ": in inner\n", "cell[7]:2:", ": in outer\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("mirrored traceback %q lacks %q", got, want)
		}
	}
	// The session's own report is unchanged by mirroring.
	if !strings.Contains(strings.Join(res.Err.Traceback, "\n"), "in inner") {
		t.Errorf("session traceback %q lost its frames", res.Err.Traceback)
	}

	MirrorTraceback(nil)
	before := mirror.String()
	s.Execute(context.Background(), "outer()", 8, &recorder{})
	if mirror.String() != before {
		t.Error("lines were mirrored after MirrorTraceback(nil)")
	}
}

func TestOutputBroken(t *testing.T) {
	for _, stream := range []string{"Stdout", "Stderr"} {
		t.Run(stream, func(t *testing.T) {
			s := newSession(t)
			if err := s.OutputBroken(); err != nil {
				t.Fatalf("fresh session: %v", err)
			}
			if res := s.Execute(context.Background(), "import \"os\"\nos."+stream+".Close()", 1, &recorder{}); res.Err != nil {
				t.Fatal(res.Err)
			}
			err := s.OutputBroken()
			if err == nil || !strings.Contains(err.Error(), "os."+stream) {
				t.Errorf("after closing os.%s: OutputBroken() = %v, want an error naming it", stream, err)
			}
		})
	}
}
