package remote

import (
	"context"

	"github.com/descentlab/descent/jupyter"
)

// RequestOutput returns a jupyter.Output whose calls travel as messages of request m,
// as a running cell's output does, for a request kind a later feature adds (a comm
// message that runs a widget's callback). The supervisor turns them back into calls of
// its own Output with OutputHandler. Call done before the handler returns: later calls
// are dropped.
func RequestOutput(ctx context.Context, m *Message) (out jupyter.Output, done func()) {
	o := &workerOutput{m: m, ctx: ctx}
	return o, o.close
}

// OutputHandler serves, on the supervisor's side, the messages that a RequestOutput
// of the request sends: pass it to Supervisor.Call.
func OutputHandler(out jupyter.Output) Handler {
	return outputHandler(out, nil)
}
