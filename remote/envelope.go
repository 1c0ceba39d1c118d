package remote

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
)

// Version is the protocol version this package speaks. A receiver refuses a request of
// another version with an error reply and ignores such an event; both sides run the
// same binary today, so a mismatch means a bug, not a peer to negotiate with. Adding a
// kind, or a field to a body, does not change the version: receivers ignore fields they
// do not know and answer kinds they do not know with an error.
const Version = 1

// maxFrame bounds one message on the pipes, a display of a large image included.
const maxFrame = 512 << 20

// Envelope is one message of the protocol, in either direction. It is sent as a 4-byte
// big-endian length followed by that many bytes of JSON.
//
// A request has a non-zero ID and gets exactly one reply: an Envelope of kind "reply"
// whose Re is that ID, with the result in Body or the failure in Err. An event has no
// ID and gets no reply. A message that belongs to an earlier request (a cell's output
// while it runs, or the input request it makes) carries that request's ID in Re, and is
// handled by whoever made that request.
type Envelope struct {
	V    int             `json:"v"`
	Kind string          `json:"kind"`
	ID   uint64          `json:"id,omitempty"`
	Re   uint64          `json:"re,omitempty"`
	Err  string          `json:"err,omitempty"`
	Body json.RawMessage `json:"body,omitempty"`
}

// Kinds every peer understands.
const (
	kindReply  = "reply"  // the answer to request Re
	kindCancel = "cancel" // event: stop serving request Re (its ctx is cancelled)
)

// writeEnvelope sends e on w and flushes it.
func writeEnvelope(w *bufio.Writer, e *Envelope) error {
	b, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("remote: encoding %s message: %w", e.Kind, err)
	}
	if len(b) > maxFrame {
		return fmt.Errorf("remote: %s message of %d bytes exceeds the %d-byte limit", e.Kind, len(b), maxFrame)
	}
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(b)))
	if _, err := w.Write(n[:]); err != nil {
		return err
	}
	if _, err := w.Write(b); err != nil {
		return err
	}
	return w.Flush()
}

// readEnvelope reads the next message from r.
func readEnvelope(r *bufio.Reader) (*Envelope, error) {
	var n [4]byte
	if _, err := io.ReadFull(r, n[:]); err != nil {
		return nil, err
	}
	size := binary.BigEndian.Uint32(n[:])
	if size > maxFrame {
		return nil, fmt.Errorf("remote: incoming message of %d bytes exceeds the %d-byte limit", size, maxFrame)
	}
	b := make([]byte, size)
	if _, err := io.ReadFull(r, b); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	var e Envelope
	if err := json.Unmarshal(b, &e); err != nil {
		return nil, fmt.Errorf("remote: malformed message: %w", err)
	}
	return &e, nil
}
