package jupyter

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// The outgoing side of a guarded connection. zmq4 writes each frame of a message
// with two Write calls (its header, then its body), which costs a system call
// each: fourteen for one Jupyter message. The guard instead collects the bytes of
// a whole message and writes them at once.
//
// On the iopub (PUB) socket zmq4 goes further wrong: one goroutine writes every
// message to every subscriber in turn, and its queue has no bound, so a
// subscriber that stops reading blocks delivery to all the others while the
// kernel's memory grows with every message published. The guard therefore gives
// each iopub connection its own bounded queue, written by its own goroutine. zmq4
// never blocks on a slow subscriber; when a queue is full, whole messages are
// dropped for that subscriber only (as libzmq does at its high-water mark),
// counted and logged, except status messages.
const (
	// pubQueueBytes and pubQueueMessages bound what waits for one subscriber.
	// A message larger than pubQueueBytes still goes out when the queue is empty.
	pubQueueBytes    = 32 << 20
	pubQueueMessages = 10000
	// dropLogEvery spaces the log lines of a subscriber that keeps not reading.
	dropLogEvery = 10 * time.Second
	// greetingSize is the fixed length of the ZMTP 3 greeting.
	greetingSize = 64
)

// pubStats counts, for one server, what its iopub subscribers were not sent.
type pubStats struct {
	log          *slog.Logger
	dropped      atomic.Uint64 // messages
	droppedBytes atomic.Uint64
}

// listenMu and listenPub carry a server's pubStats to the guarded PUB listener
// that zmq4 creates, synchronously, inside Socket.Listen.
var (
	listenMu  sync.Mutex
	listenPub *pubStats
)

// outFramer follows the bytes zmq4 writes on a connection: the greeting, then
// frames (flags, size, body). It finds where each message ends.
type outFramer struct {
	greeting int // greeting bytes seen, up to greetingSize
	state    parserState
	flags    byte
	size     [8]byte
	sizeLen  int
	n        int
	remain   uint64
}

// next consumes b up to the end of the current message (the greeting counts as one,
// as does each command) and reports how many bytes that took and whether the
// message ended there.
func (f *outFramer) next(b []byte) (int, bool) {
	if f.greeting < greetingSize {
		k := min(len(b), greetingSize-f.greeting)
		f.greeting += k
		if f.greeting == greetingSize {
			f.state = inFlags
			return k, true
		}
		return k, false
	}
	used := 0
	for used < len(b) {
		switch f.state {
		case inFlags:
			f.flags = b[used]
			used++
			f.sizeLen, f.n = 1, 0
			if f.flags&flagLong != 0 {
				f.sizeLen = 8
			}
			f.state = inSize
		case inSize:
			k := copy(f.size[f.n:f.sizeLen], b[used:])
			f.n += k
			used += k
			if f.n < f.sizeLen {
				continue
			}
			if f.sizeLen == 1 {
				f.remain = uint64(f.size[0])
			} else {
				f.remain = binary.BigEndian.Uint64(f.size[:])
			}
			f.state = inBody
			if f.remain == 0 && f.endFrame() {
				return used, true
			}
		case inBody:
			k := uint64(len(b) - used)
			if k > f.remain {
				k = f.remain
			}
			used += int(k)
			f.remain -= k
			if f.remain == 0 && f.endFrame() {
				return used, true
			}
		}
	}
	return used, false
}

// endFrame moves past a frame and reports whether it ended a message.
func (f *outFramer) endFrame() bool {
	f.state = inFlags
	return f.flags&flagCommand != 0 || f.flags&flagMore == 0
}

// command reports whether the last frame seen was a command (a handshake or a
// ping), which is never dropped.
func (f *outFramer) command() bool { return f.flags&flagCommand != 0 || f.greeting < greetingSize }

// Write collects p into whole messages and sends each when it is complete.
func (c *guardConn) Write(p []byte) (int, error) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if c.pub != nil {
		if err := c.pub.failed(); err != nil {
			return 0, err
		}
	}
	written := 0
	for written < len(p) {
		handshake := c.out.greeting < greetingSize
		k, end := c.out.next(p[written:])
		c.msg = append(c.msg, p[written:written+k]...)
		written += k
		if !end {
			continue
		}
		if err := c.send(handshake || c.out.command()); err != nil {
			return written, err
		}
	}
	return written, nil
}

// send passes on the complete message in c.msg.
func (c *guardConn) send(essential bool) error {
	if c.pub != nil {
		c.pub.push(c.msg, essential || statusTopic(c.msg))
		c.msg = nil // the queue owns it now
		return nil
	}
	_, err := c.Conn.Write(c.msg)
	if cap(c.msg) > readAhead {
		c.msg = nil // do not keep a large message's buffer for the life of the connection
	} else {
		c.msg = c.msg[:0]
	}
	return err
}

// statusTopic reports whether msg, a whole PUB message, is a status message (its
// first frame, the topic, is "kernel.<session>.status"). Status messages are never
// dropped: a client that misses an idle status waits for it for ever. They are
// small, and there are two per request.
func statusTopic(msg []byte) bool {
	if len(msg) < 2 || msg[0]&flagLong != 0 {
		return false // topics are short frames
	}
	n := int(msg[1])
	return len(msg) >= 2+n && bytes.HasSuffix(msg[2:2+n], []byte(".status"))
}

// pubQueue holds the messages waiting for one iopub subscriber.
type pubQueue struct {
	conn  net.Conn
	stats *pubStats

	mu       sync.Mutex
	items    [][]byte
	bytes    int
	err      error // the write error that ended the connection
	closed   bool
	wake     chan struct{} // capacity 1: items were added or the queue closed
	streak   uint64        // messages dropped since the subscriber last caught up
	streakB  uint64
	lastWarn time.Time
}

func newPubQueue(conn net.Conn, stats *pubStats) *pubQueue {
	q := &pubQueue{conn: conn, stats: stats, wake: make(chan struct{}, 1)}
	go q.run()
	return q
}

var errQueueClosed = errors.New("jupyter: iopub connection closed")

func (q *pubQueue) failed() error {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.err
}

// push queues msg, or drops it when the subscriber is too far behind.
func (q *pubQueue) push(msg []byte, essential bool) {
	q.mu.Lock()
	full := len(q.items) > 0 && (len(q.items) >= pubQueueMessages || q.bytes+len(msg) > pubQueueBytes)
	if full && !essential {
		q.streak++
		q.streakB += uint64(len(msg))
		q.stats.dropped.Add(1)
		q.stats.droppedBytes.Add(uint64(len(msg)))
		now := time.Now()
		if q.streak == 1 || now.Sub(q.lastWarn) >= dropLogEvery {
			q.lastWarn = now
			q.stats.log.Warn("iopub subscriber is not reading: dropping its messages until it catches up",
				"remote", q.conn.RemoteAddr().String(), "dropped", q.streak, "dropped_bytes", q.streakB,
				"queued", len(q.items), "queued_bytes", q.bytes)
		}
		q.mu.Unlock()
		return
	}
	if q.closed {
		q.mu.Unlock()
		return
	}
	q.items = append(q.items, msg)
	q.bytes += len(msg)
	select { // under mu, so that close cannot close wake in between
	case q.wake <- struct{}{}:
	default:
	}
	q.mu.Unlock()
}

// run writes queued messages, as many at once as are waiting.
func (q *pubQueue) run() {
	for range q.wake {
		q.mu.Lock()
		if q.closed {
			q.mu.Unlock()
			return
		}
		batch := q.items
		q.items = nil
		q.mu.Unlock()
		if len(batch) == 0 {
			continue
		}
		size := sum(batch)
		bufs := net.Buffers(batch) // one writev for the whole batch
		_, err := bufs.WriteTo(q.conn)
		q.mu.Lock()
		q.bytes -= size
		if err != nil {
			// A non-timeout error makes zmq4 drop the connection at its next write.
			q.err = fmt.Errorf("jupyter: writing to iopub subscriber: %w", err)
			q.items, q.bytes = nil, 0
			q.mu.Unlock()
			q.conn.Close()
			return
		}
		if q.streak > 0 && len(q.items) == 0 {
			q.stats.log.Warn("iopub subscriber caught up", "remote", q.conn.RemoteAddr().String(),
				"dropped", q.streak, "dropped_bytes", q.streakB)
			q.streak, q.streakB = 0, 0
		}
		q.mu.Unlock()
	}
}

func sum(bs [][]byte) int {
	n := 0
	for _, b := range bs {
		n += len(b)
	}
	return n
}

// close stops the writer; what is still queued is dropped with the connection.
func (q *pubQueue) close() {
	q.mu.Lock()
	if !q.closed {
		q.closed = true
		if q.err == nil {
			q.err = fmt.Errorf("%w: %w", errQueueClosed, io.EOF)
		}
		close(q.wake)
	}
	q.mu.Unlock()
}
