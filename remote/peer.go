package remote

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
)

// ErrClosed is returned by calls on a connection whose other end has gone away: for the
// supervisor, a worker process that died.
var ErrClosed = errors.New("remote: connection closed")

// Handler serves one incoming message. For a request, its result is marshalled as the
// reply's body and its error becomes the reply's Err; for an event both are ignored.
// Events are handled one at a time, in arrival order, on the connection's reader, so an
// event handler must not block; requests are each handled on their own goroutine, with
// a ctx that is cancelled when the requester sends "cancel" or the connection ends.
type Handler func(ctx context.Context, m *Message) (any, error)

// Message is an incoming request or event, with the means to answer it.
type Message struct {
	Kind string
	Body json.RawMessage
	id   uint64 // non-zero for a request
	p    *peer
}

// Decode unmarshals the message's body into v.
func (m *Message) Decode(v any) error {
	if len(m.Body) == 0 {
		return nil
	}
	if err := json.Unmarshal(m.Body, v); err != nil {
		return fmt.Errorf("remote: %s message: %w", m.Kind, err)
	}
	return nil
}

// IsRequest reports whether the sender waits for a reply.
func (m *Message) IsRequest() bool { return m.id != 0 }

// Emit sends an event that belongs to this request, such as output of a running cell.
func (m *Message) Emit(kind string, body any) error {
	return m.p.send(kind, 0, m.id, body)
}

// Call sends a request that belongs to this one, such as a running cell asking for
// input, and waits for its reply. The requester's handler for this message answers it.
func (m *Message) Call(ctx context.Context, kind string, body any) (json.RawMessage, error) {
	return m.p.call(ctx, m.id, kind, body, nil)
}

// RemoteError is a request's failure as the other side reported it.
type RemoteError struct {
	Kind string // the request's kind
	Msg  string
}

func (e *RemoteError) Error() string { return e.Msg }

// peer is one end of a connection: it sends requests and events, matches replies to
// requests, and dispatches what the other end sends to handlers.
type peer struct {
	wmu sync.Mutex
	w   *bufio.Writer
	r   *bufio.Reader

	handlers map[string]Handler // fixed before start

	mu      sync.Mutex
	nextID  uint64
	calls   map[uint64]*pending                // requests sent, awaiting replies
	serving map[uint64]context.CancelCauseFunc // requests received, being handled
	done    chan struct{}
	err     error // why the connection ended, once done is closed
}

// pending is a request sent and not yet answered.
type pending struct {
	h     Handler // for messages that belong to the request
	reply chan *Envelope
}

func newPeer(r io.Reader, w io.Writer, handlers map[string]Handler) *peer {
	return &peer{
		w: bufio.NewWriterSize(w, 64<<10), r: bufio.NewReaderSize(r, 64<<10),
		handlers: handlers,
		calls:    map[uint64]*pending{}, serving: map[uint64]context.CancelCauseFunc{},
		done: make(chan struct{}),
	}
}

// start runs the reader until the connection ends.
func (p *peer) start() { go p.read() }

func (p *peer) read() {
	for {
		e, err := readEnvelope(p.r)
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			p.fail(err)
			return
		}
		p.dispatch(e)
	}
}

// fail ends the connection: every waiting call returns ErrClosed and every request
// being served has its context cancelled.
func (p *peer) fail(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	select {
	case <-p.done:
		return
	default:
	}
	if err != nil {
		p.err = fmt.Errorf("%w: %w", ErrClosed, err)
	} else {
		p.err = ErrClosed
	}
	for _, cancel := range p.serving {
		cancel(p.err)
	}
	close(p.done)
}

func (p *peer) dispatch(e *Envelope) {
	if e.V != Version {
		if e.ID != 0 {
			_ = p.reply(e.ID, nil, fmt.Errorf("remote: protocol version %d is not supported (this side speaks %d)", e.V, Version))
		}
		return
	}
	switch {
	case e.Kind == kindReply:
		p.mu.Lock()
		c := p.calls[e.Re]
		delete(p.calls, e.Re)
		p.mu.Unlock()
		if c != nil {
			c.reply <- e
		}
		return
	case e.Kind == kindCancel:
		p.mu.Lock()
		cancel := p.serving[e.Re]
		p.mu.Unlock()
		if cancel != nil {
			cancel(context.Canceled)
		}
		return
	}
	var h Handler
	if e.Re != 0 {
		p.mu.Lock()
		if c := p.calls[e.Re]; c != nil {
			h = c.h
		}
		p.mu.Unlock()
	} else {
		h = p.handlers[e.Kind]
	}
	if h == nil {
		if e.ID != 0 {
			_ = p.reply(e.ID, nil, fmt.Errorf("remote: no handler for %q messages", e.Kind))
		}
		return
	}
	m := &Message{Kind: e.Kind, Body: e.Body, id: e.ID, p: p}
	if e.ID == 0 {
		_, _ = h(context.Background(), m)
		return
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	p.mu.Lock()
	p.serving[e.ID] = cancel
	p.mu.Unlock()
	go func() {
		v, err := serve(h, ctx, m)
		p.mu.Lock()
		delete(p.serving, e.ID)
		p.mu.Unlock()
		cancel(nil)
		_ = p.reply(e.ID, v, err)
	}()
}

// serve runs a request handler, turning a panic into an error reply: a bug in one
// handler must not take the process down with it.
func serve(h Handler, ctx context.Context, m *Message) (v any, err error) {
	defer func() {
		if r := recover(); r != nil {
			v, err = nil, fmt.Errorf("remote: %s handler panicked: %v", m.Kind, r)
		}
	}()
	return h(ctx, m)
}

// send writes one message.
func (p *peer) send(kind string, id, re uint64, body any) error {
	e := &Envelope{V: Version, Kind: kind, ID: id, Re: re}
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("remote: encoding %s body: %w", kind, err)
		}
		e.Body = b
	}
	return p.write(e)
}

func (p *peer) write(e *Envelope) error {
	select {
	case <-p.done:
		return p.err
	default:
	}
	p.wmu.Lock()
	defer p.wmu.Unlock()
	if err := writeEnvelope(p.w, e); err != nil {
		return fmt.Errorf("%w: %w", ErrClosed, err)
	}
	return nil
}

func (p *peer) reply(id uint64, v any, err error) error {
	e := &Envelope{V: Version, Kind: kindReply, Re: id}
	if err != nil {
		e.Err = err.Error()
		if e.Err == "" {
			e.Err = "error"
		}
	} else if v != nil {
		b, merr := json.Marshal(v)
		if merr != nil {
			e.Err = fmt.Sprintf("remote: encoding reply: %v", merr)
		} else {
			e.Body = b
		}
	}
	return p.write(e)
}

// call sends a request (belonging to request re, if non-zero) and waits for its reply.
// h handles the messages the other side sends as part of the request. When ctx ends
// first, the other side is told to cancel and the call keeps waiting for the reply,
// which a well-behaved handler sends promptly; only the connection's end stops it.
func (p *peer) call(ctx context.Context, re uint64, kind string, body any, h Handler) (json.RawMessage, error) {
	p.mu.Lock()
	select {
	case <-p.done:
		p.mu.Unlock()
		return nil, p.err
	default:
	}
	p.nextID++
	id := p.nextID
	c := &pending{h: h, reply: make(chan *Envelope, 1)}
	p.calls[id] = c
	p.mu.Unlock()
	if err := p.send(kind, id, re, body); err != nil {
		p.mu.Lock()
		delete(p.calls, id)
		p.mu.Unlock()
		return nil, err
	}
	ctxDone := ctx.Done()
	for {
		select {
		case rep := <-c.reply:
			if rep.Err != "" {
				return nil, &RemoteError{Kind: kind, Msg: rep.Err}
			}
			return rep.Body, nil
		case <-ctxDone:
			ctxDone = nil
			_ = p.send(kindCancel, 0, id, nil)
		case <-p.done:
			select {
			case rep := <-c.reply: // answered just before the end: the answer counts
				if rep.Err != "" {
					return nil, &RemoteError{Kind: kind, Msg: rep.Err}
				}
				return rep.Body, nil
			default:
				return nil, p.err
			}
		}
	}
}
