package jupyter

import (
	"time"

	"github.com/go-zeromq/zmq4"
)

// subscriberWait bounds how long the first request waits for a client to subscribe to
// iopub.
const subscriberWait = 3 * time.Second

// awaitSubscriber holds the first request until some client has subscribed to iopub.
//
// A PUB socket drops what it publishes before a subscription arrives, and a client's
// subscription reaches the kernel only after its iopub connection is accepted and its
// handshake done. A kernel that answers quickly can therefore reply to the first
// kernel_info_request before the client hears iopub at all, and a client that then waits
// for the idle status of its first execute (jupyter-console does) waits forever. Once a
// subscriber has been seen, or the wait timed out, requests never wait again.
func (s *Server) awaitSubscriber() {
	if s.subscribed.Load() {
		return
	}
	topics, ok := s.iopub.(zmq4.Topics)
	if !ok {
		s.subscribed.Store(true)
		return
	}
	deadline := time.Now().Add(subscriberWait)
	for len(topics.Topics()) == 0 {
		if time.Now().After(deadline) {
			s.log.Warn("no client subscribed to iopub; serving anyway", "waited", subscriberWait)
			break
		}
		time.Sleep(time.Millisecond)
	}
	s.subscribed.Store(true)
}
