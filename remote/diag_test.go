package remote

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

func TestTraceWriterMarksEachLine(t *testing.T) {
	var b bytes.Buffer
	w := TraceWriter(&b)
	w.Write([]byte("cell[3]:1:2: in f\ncell[3]:4:1: in g\n"))
	w.Write([]byte("no newline"))
	want := tracePrefix + "cell[3]:1:2: in f\n" + tracePrefix + "cell[3]:4:1: in g\n" + tracePrefix + "no newline\n"
	if b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

func TestDiagLogKeepsWhatExplainsADeath(t *testing.T) {
	var logged bytes.Buffer
	d := newDiagLog(slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelWarn})))
	d.Write([]byte("worker starting\n" + tracePrefix + "cell[1]:1:1: in old\n"))
	d.mark() // a new cell
	d.Write([]byte("harmless line\n" + tracePrefix + "cell[2]:3:4: in bad\npanic: x [recovered, re"))
	d.Write([]byte("panicked]\n\ngoroutine 7 [running]:\nmain.bad()\n"))
	trace, crash, tail := d.report()
	if strings.Join(trace, "|") != "cell[2]:3:4: in bad" {
		t.Errorf("trace %q, want only the current cell's line", trace)
	}
	if len(crash) != 4 || crash[0] != "panic: x [recovered, repanicked]" {
		t.Errorf("crash %q, want the report from its first line", crash)
	}
	if tail[0] != "worker starting" || strings.Contains(strings.Join(tail, "|"), tracePrefix) {
		t.Errorf("tail %q", tail)
	}
	if strings.Contains(logged.String(), tracePrefix) || !strings.Contains(logged.String(), "harmless line") {
		t.Errorf("forwarded log %q: want ordinary lines, not traceback marks", logged.String())
	}
}
