package jupyter

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/go-zeromq/zmq4/transport"
)

// The kernel's sockets listen through a guarded transport instead of zmq4's
// plain "tcp" and "ipc" ones. zmq4 v0.17.0 trusts its peers in three ways that
// let a single local connection stop or crash the kernel, beyond the reach of
// any recover in this package because they happen in zmq4's goroutines:
//
//   - its accept loop performs the ZMTP handshake inline with no deadline, so
//     a connection that sends nothing blocks every later client;
//   - it allocates whatever frame size a peer announces (up to 2^63 bytes);
//   - it panics on a READY command whose metadata is truncated.
//
// The guard reads the first bytes of each connection in its own goroutine,
// bounds the handshake with a deadline, and parses the incoming ZMTP stream
// alongside zmq4, closing the connection before zmq4 sees a frame that is too
// large or a handshake that is malformed.
const (
	guardTCP = "descent-tcp"
	guardIPC = "descent-ipc"
	// The iopub socket's transports: the same, with a bounded queue per
	// subscriber (see outgoing.go).
	guardTCPPub = "descent-tcp-pub"
	guardIPCPub = "descent-ipc-pub"

	// handshakeTimeout bounds the ZMTP greeting and READY exchange.
	handshakeTimeout = 10 * time.Second
	// maxFrameSize is the largest incoming frame accepted (256 MiB); Jupyter
	// requests are JSON far below it, binary buffers included.
	maxFrameSize = 256 << 20
	// maxMessageSize and maxMessageFrames bound a multipart message, which
	// zmq4 accumulates in memory before handing it over.
	maxMessageSize   = 512 << 20
	maxMessageFrames = 4096
	// maxReadySize bounds the handshake's READY command, which carries only
	// socket type and identity.
	maxReadySize = 64 << 10
)

var registerGuard = sync.OnceValue(func() error {
	for _, t := range []struct {
		name, network string
		pub           bool
	}{{guardTCP, "tcp", false}, {guardIPC, "unix", false}, {guardTCPPub, "tcp", true}, {guardIPCPub, "unix", true}} {
		if err := zmq4.RegisterTransport(t.name, guardTransport{network: t.network, base: transport.New(t.network), pub: t.pub}); err != nil {
			return err
		}
	}
	return nil
})

// guardTransport is zmq4's net transport with guarded listeners.
type guardTransport struct {
	network string
	base    transport.Transport
	pub     bool // listens for iopub subscribers
}

func (t guardTransport) Dial(ctx context.Context, d transport.Dialer, addr string) (net.Conn, error) {
	return t.base.Dial(ctx, d, addr)
}

func (t guardTransport) Listen(ctx context.Context, addr string) (net.Listener, error) {
	var stats *pubStats
	if t.pub {
		if stats = listenPub; stats == nil {
			stats = &pubStats{log: slog.New(slog.DiscardHandler)}
		}
	}
	if l, ok := takeAdopted(t.network, addr); ok {
		return newGuardListener(l, stats), nil
	}
	l, err := t.base.Listen(ctx, addr)
	if err != nil {
		return nil, err
	}
	return newGuardListener(l, stats), nil
}

func (t guardTransport) Addr(ep string) (string, error) { return t.base.Addr(ep) }

// guardListener hands zmq4 only connections that have started a ZMTP greeting.
type guardListener struct {
	net.Listener
	pub       *pubStats // non-nil for iopub: connections get a bounded queue
	conns     chan net.Conn
	done      chan struct{}
	closeOnce sync.Once
}

func newGuardListener(l net.Listener, pub *pubStats) *guardListener {
	g := &guardListener{Listener: l, pub: pub, conns: make(chan net.Conn), done: make(chan struct{})}
	go g.acceptLoop()
	return g
}

func (g *guardListener) acceptLoop() {
	for {
		c, err := g.Listener.Accept()
		if err != nil {
			select {
			case <-g.done:
				return
			default:
			}
			if errors.Is(err, net.ErrClosed) {
				return
			}
			time.Sleep(10 * time.Millisecond) // e.g. out of file descriptors: do not spin
			continue
		}
		go g.admit(c)
	}
}

// admit waits, off the accept path, for the 10-byte ZMTP signature that every
// ZMTP 3 peer sends unprompted, then passes the connection on.
func (g *guardListener) admit(c net.Conn) {
	_ = c.SetDeadline(time.Now().Add(handshakeTimeout))
	sig := make([]byte, 10)
	if _, err := io.ReadFull(c, sig); err != nil {
		c.Close()
		return
	}
	gc := &guardConn{Conn: c, pending: sig}
	if g.pub != nil {
		gc.pub = newPubQueue(c, g.pub)
	}
	// zmq4 neither closes nor reads a connection whose handshake it rejected
	// (say, a socket type that does not fit); without this it would stay
	// open for ever.
	gc.abandon = time.AfterFunc(handshakeTimeout, gc.closeIfUnused)
	select {
	case g.conns <- gc:
	case <-g.done:
		gc.Close()
	}
}

func (g *guardListener) Accept() (net.Conn, error) {
	select {
	case c := <-g.conns:
		return c, nil
	case <-g.done:
		return nil, net.ErrClosed
	}
}

func (g *guardListener) Close() error {
	g.closeOnce.Do(func() { close(g.done) })
	return g.Listener.Close()
}

// readAhead is how much a guardConn reads from the socket at once. zmq4 reads each frame's
// flags, size and body separately, which is three system calls per frame and fifteen or
// more per Jupyter message without it.
const readAhead = 32 << 10

// guardConn checks every byte zmq4 reads against zmtpParser, and writes whole
// messages (see outgoing.go).
type guardConn struct {
	net.Conn
	pending []byte // bytes read from Conn (first: admit's signature) not yet handed to zmq4
	store   []byte // backing array of pending, allocated at the first small read
	readErr error  // error of a read that also returned bytes, reported once those are used
	p       zmtpParser
	abandon *time.Timer

	mu   sync.Mutex
	open bool // zmq4 accepted the handshake and reads messages

	wmu sync.Mutex // serialises writers; guards the fields below
	out outFramer
	msg []byte    // the message being written, until it is complete
	pub *pubQueue // iopub only: where complete messages go
}

// Close closes the connection and stops its iopub writer, if any.
func (c *guardConn) Close() error {
	if c.pub != nil {
		c.pub.close()
	}
	return c.Conn.Close()
}

// closeIfUnused closes a connection zmq4 never started to use.
func (c *guardConn) closeIfUnused() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.open {
		c.Close()
	}
}

func (c *guardConn) Read(b []byte) (int, error) {
	if c.p.handshakeDone && !c.open {
		// Reading past the handshake means zmq4 accepted the peer: from
		// here an idle client is normal, so the deadline goes.
		c.mu.Lock()
		c.open = true
		c.mu.Unlock()
		c.abandon.Stop()
		_ = c.Conn.SetDeadline(time.Time{})
	}
	n, err := c.read(b)
	if n > 0 {
		if perr := c.p.feed(b[:n]); perr != nil {
			c.Conn.Close()
			return 0, perr
		}
	}
	return n, err
}

// read hands out read-ahead bytes first, reads large requests straight into b, and
// refills the read-ahead buffer for small ones. The parser sees bytes only as zmq4 gets
// them, so reading ahead does not let an oversized frame past the guard.
func (c *guardConn) read(b []byte) (int, error) {
	if len(c.pending) > 0 {
		n := copy(b, c.pending)
		c.pending = c.pending[n:]
		return n, nil
	}
	if err := c.readErr; err != nil {
		c.readErr = nil
		return 0, err
	}
	if len(b) >= readAhead {
		return c.Conn.Read(b)
	}
	if c.store == nil {
		c.store = make([]byte, readAhead)
	}
	m, err := c.Conn.Read(c.store)
	if m == 0 {
		return 0, err
	}
	c.readErr = err
	n := copy(b, c.store[:m])
	c.pending = c.store[n:m]
	return n, nil
}

// zmtpParser follows the incoming side of a ZMTP 3 connection with the NULL
// mechanism: a 64-byte greeting, then frames of flags, size and body, the
// first of which is the peer's READY command.
type zmtpParser struct {
	state         parserState
	greeting      [64]byte
	n             int // bytes of the greeting or size field seen so far
	flags         byte
	size          [8]byte
	sizeLen       int
	remain        uint64
	msgSize       uint64 // bytes of the multipart message so far
	msgFrames     int    // frames of the multipart message so far
	first         bool   // the frame being read is the first after the greeting
	ready         []byte // body of the first frame
	handshakeDone bool
	err           error
}

type parserState int

const (
	inGreeting parserState = iota
	inFlags
	inSize
	inBody
)

const (
	flagMore    = 0x01
	flagLong    = 0x02
	flagCommand = 0x04
)

func (p *zmtpParser) fail(format string, args ...any) error {
	p.err = fmt.Errorf("jupyter: rejecting ZMTP peer: "+format, args...)
	return p.err
}

// feed advances the parser over b, returning an error at the first byte
// that zmq4 must not act on.
func (p *zmtpParser) feed(b []byte) error {
	if p.err != nil {
		return p.err
	}
	for len(b) > 0 {
		switch p.state {
		case inGreeting:
			k := copy(p.greeting[p.n:], b)
			p.n += k
			b = b[k:]
			if p.n >= 1 && p.greeting[0] != 0xff || p.n >= 10 && p.greeting[9] != 0x7f {
				return p.fail("not a ZMTP greeting")
			}
			if p.n >= 11 && p.greeting[10] < 3 {
				return p.fail("ZMTP version %d.x is not supported (need 3.x)", p.greeting[10])
			}
			if p.n == len(p.greeting) {
				p.state, p.first = inFlags, true
			}
		case inFlags:
			p.flags = b[0]
			b = b[1:]
			if p.flags&^(flagMore|flagLong|flagCommand) != 0 {
				return p.fail("reserved frame flags %#x set", p.flags)
			}
			p.sizeLen, p.n = 1, 0
			if p.flags&flagLong != 0 {
				p.sizeLen = 8
			}
			p.state = inSize
		case inSize:
			k := copy(p.size[p.n:p.sizeLen], b)
			p.n += k
			b = b[k:]
			if p.n < p.sizeLen {
				continue
			}
			if p.sizeLen == 1 {
				p.remain = uint64(p.size[0])
			} else {
				p.remain = binary.BigEndian.Uint64(p.size[:])
			}
			if p.remain > maxFrameSize {
				return p.fail("frame of %d bytes exceeds the %d-byte limit", p.remain, maxFrameSize)
			}
			p.msgSize += p.remain
			p.msgFrames++
			if p.msgSize > maxMessageSize {
				return p.fail("message of over %d bytes exceeds the %d-byte limit", p.msgSize, maxMessageSize)
			}
			if p.msgFrames > maxMessageFrames {
				return p.fail("message of over %d frames exceeds the limit", maxMessageFrames)
			}
			if p.first {
				if p.flags&flagCommand == 0 {
					return p.fail("first frame after the greeting is not a command")
				}
				if p.remain > maxReadySize {
					return p.fail("handshake command of %d bytes exceeds the %d-byte limit", p.remain, maxReadySize)
				}
			}
			p.state = inBody
			if p.remain == 0 {
				if err := p.endFrame(); err != nil {
					return err
				}
			}
		case inBody:
			k := uint64(len(b))
			if k > p.remain {
				k = p.remain
			}
			if p.first {
				p.ready = append(p.ready, b[:k]...)
			}
			b = b[k:]
			p.remain -= k
			if p.remain == 0 {
				if err := p.endFrame(); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (p *zmtpParser) endFrame() error {
	p.state = inFlags
	if p.flags&flagMore == 0 {
		p.msgSize, p.msgFrames = 0, 0
	}
	if !p.first {
		return nil
	}
	p.first = false
	if err := checkReady(p.ready); err != nil {
		return p.fail("%v", err)
	}
	p.ready = nil
	p.handshakeDone = true
	return nil
}

// checkReady validates a handshake command body: a name, and for READY a
// list of properties (1-byte name length, name, 4-byte value length, value)
// that exactly fills the body.
func checkReady(body []byte) error {
	if len(body) == 0 || int(body[0]) > len(body)-1 {
		return errors.New("malformed handshake command")
	}
	name := string(body[1 : 1+int(body[0])])
	if name != "READY" {
		return nil // zmq4 rejects anything else without harm
	}
	md := body[1+len(name):]
	for len(md) > 0 {
		kl := int(md[0])
		if 1+kl+4 > len(md) {
			return errors.New("truncated READY metadata name")
		}
		vl := binary.BigEndian.Uint32(md[1+kl:])
		md = md[1+kl+4:]
		if uint64(vl) > uint64(len(md)) {
			return errors.New("truncated READY metadata value")
		}
		md = md[vl:]
	}
	return nil
}
