package interp

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/descentlab/descent/interp/internal/hub"
	libhost "github.com/descentlab/descent/optimizers/host"
)

// CommMsg is one message of a comm between a widget in the interpreter and its model
// in the front end; its JSON form is that of jupyter.CommMsg.
type CommMsg = hub.Comm

// SetCommSender sets where the widgets of every session in the process send their comm
// messages (comm_open, comm_msg, comm_close): the kernel's connection to the front end.
// Nil drops them, as when no front end is there.
func SetCommSender(send func(CommMsg) error) { hub.SetCommSender(send) }

// Comm delivers a comm message from the front end to the widgets of cells, such as a
// slider's new value, and runs the callbacks it triggers. It runs one at a time with
// cells, like Execute: what the callbacks print and display goes to the output area of
// their widget (see package widgets) or else to out, and ctx, when cancelled, stops the
// library calls they make. A comm_open to a target nobody serves is refused with an
// error; a failing callback is reported in its widget's output area, not here.
func (s *Session) Comm(ctx context.Context, m CommMsg, out Output) (err error) {
	execMu.Lock()
	defer execMu.Unlock()
	lo := &lockedOutput{out: out}
	h := &host{s: s, ctx: ctx, out: lo}
	s.out.Store(lo)
	s.cap.begin(lo)
	hub.Set(h)
	libhost.Set(h)
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("interp: handling %s for comm %s: %v\n%s", m.Type, m.CommID, r, debug.Stack())
		}
		hub.Set(nil)
		libhost.Set(nil)
		s.cap.end()
		s.out.Store(nil)
	}()
	s.filter.take() // traceback lines of panics recovered earlier are stale
	return hub.ReceiveComm(m)
}
