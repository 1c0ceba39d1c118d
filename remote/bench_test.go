package remote

import (
	"context"
	"testing"

	"github.com/descentlab/descent/jupyter"
)

// BenchmarkExecuteRoundTrip is the cost the worker process adds to a trivial cell:
// one execute request, one result event and the reply, across real pipes to a real
// process. Compare BenchmarkExecuteInProcess, the same cell without the process.
func BenchmarkExecuteRoundTrip(b *testing.B) {
	env := []string{"REMOTE_FAKE_WORKER=1"}
	s := New(Config{Start: Command(testBinary(), nil, env)})
	defer s.Close()
	req := &jupyter.ExecuteRequest{Code: "get x", ExecutionCount: 1}
	s.Execute(context.Background(), req, &recorder{})
	b.ResetTimer()
	for range b.N {
		s.Execute(context.Background(), req, discardOutput{})
	}
}

func BenchmarkExecuteInProcess(b *testing.B) {
	ev := newFakeEvaluator()
	req := &jupyter.ExecuteRequest{Code: "get x", ExecutionCount: 1}
	for range b.N {
		ev.Execute(context.Background(), req, discardOutput{})
	}
}

type discardOutput struct{}

func (discardOutput) Stream(string, string)                                {}
func (discardOutput) Display(map[string]any, map[string]any, string)       {}
func (discardOutput) UpdateDisplay(map[string]any, map[string]any, string) {}
func (discardOutput) ClearOutput(bool)                                     {}
func (discardOutput) Result(map[string]any, map[string]any)                {}
func (discardOutput) Input(string, bool) (string, error)                   { return "", nil }

// BenchmarkQueryRoundTrip is one request and its reply to a real worker process.
func BenchmarkQueryRoundTrip(b *testing.B) {
	s := New(Config{Start: Command(testBinary(), nil, []string{"REMOTE_FAKE_WORKER=1"})})
	defer s.Close()
	s.IsComplete("x")
	b.ResetTimer()
	for range b.N {
		s.IsComplete("x")
	}
}
