package jupyter

import "sync"

// shellQueue holds shell requests between the receiving goroutine and the
// worker that runs them. It is unbounded so that the receiver keeps draining
// the socket while a cell runs: a request counts as queued from the moment it
// arrives, which is what stop_on_error aborting relies on.
type shellQueue struct {
	mu     sync.Mutex
	items  []queuedMessage
	seq    uint64        // sequence number of the last pushed message
	notify chan struct{} // capacity 1: "the queue may be non-empty"
}

// queuedMessage is a request with its arrival order.
type queuedMessage struct {
	msg *message
	seq uint64
}

func newShellQueue() *shellQueue {
	return &shellQueue{notify: make(chan struct{}, 1)}
}

func (q *shellQueue) push(m *message) {
	q.mu.Lock()
	q.seq++
	q.items = append(q.items, queuedMessage{m, q.seq})
	q.mu.Unlock()
	select {
	case q.notify <- struct{}{}:
	default:
	}
}

// lastSeq returns the sequence number of the most recent arrival.
func (q *shellQueue) lastSeq() uint64 {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.seq
}

// pop waits for the oldest message; it returns false once done is closed.
func (q *shellQueue) pop(done <-chan struct{}) (queuedMessage, bool) {
	for {
		select {
		case <-done:
			return queuedMessage{}, false
		default:
		}
		q.mu.Lock()
		if len(q.items) > 0 {
			it := q.items[0]
			q.items[0] = queuedMessage{}
			q.items = q.items[1:]
			q.mu.Unlock()
			return it, true
		}
		q.mu.Unlock()
		select {
		case <-done:
			return queuedMessage{}, false
		case <-q.notify:
		}
	}
}
