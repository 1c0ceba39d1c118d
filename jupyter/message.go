package jupyter

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// protocolVersion is the messaging-spec version this package implements and
// puts in every header it sends.
const protocolVersion = "5.3"

// delimiter separates routing identities from the message proper.
var delimiter = []byte("<IDS|MSG>")

// header is a message header. Unknown fields of incoming headers are kept in
// message.rawHeader, which is what replies echo as their parent header.
type header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// message is a decoded, verified wire message.
type message struct {
	identities [][]byte
	header     header
	rawHeader  json.RawMessage // exactly as received, echoed as parent_header
	parent     json.RawMessage
	metadata   json.RawMessage
	content    json.RawMessage
	buffers    [][]byte
	signature  []byte // as received; the replay guard remembers it
}

var (
	errNoDelimiter  = errors.New("no <IDS|MSG> delimiter frame")
	errTooFewFrames = errors.New("fewer than five frames after the <IDS|MSG> delimiter")
)

// decode parses a multipart wire message: identities, delimiter, signature,
// header, parent header, metadata, content and optional buffers. The signature
// is verified before any JSON is parsed, so unauthenticated bytes never reach
// the JSON decoder.
func decode(frames [][]byte, s *signer) (*message, error) {
	d := -1
	for i, f := range frames {
		if bytes.Equal(f, delimiter) {
			d = i
			break
		}
	}
	if d < 0 {
		return nil, errNoDelimiter
	}
	rest := frames[d+1:]
	if len(rest) < 5 {
		return nil, errTooFewFrames
	}
	sig, hdr, parent, meta, content := rest[0], rest[1], rest[2], rest[3], rest[4]
	if err := s.verify(sig, hdr, parent, meta, content); err != nil {
		return nil, err
	}
	m := &message{
		identities: frames[:d],
		rawHeader:  hdr,
		parent:     parent,
		metadata:   meta,
		content:    content,
		buffers:    rest[5:],
		signature:  sig,
	}
	if !isJSONObject(hdr) {
		return nil, errors.New("header is not a JSON object")
	}
	if err := json.Unmarshal(hdr, &m.header); err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	if m.header.MsgID == "" {
		return nil, errors.New("header: missing field \"msg_id\"")
	}
	if m.header.MsgType == "" {
		return nil, errors.New("header: missing field \"msg_type\"")
	}
	for _, f := range []struct {
		name string
		b    []byte
	}{{"parent_header", parent}, {"metadata", meta}, {"content", content}} {
		if !isJSONObject(f.b) {
			return nil, fmt.Errorf("%s is not a JSON object", f.name)
		}
	}
	return m, nil
}

func isJSONObject(b []byte) bool {
	t := bytes.TrimLeft(b, " \t\r\n")
	return len(t) > 0 && t[0] == '{' && json.Valid(b)
}

// encode builds the frames of an outgoing message. parent is the raw header
// of the message being answered (nil for none).
func encode(s *signer, ids [][]byte, h header, parent json.RawMessage, metadata, content any) ([][]byte, error) {
	hb, err := json.Marshal(h)
	if err != nil {
		return nil, fmt.Errorf("encoding header: %w", err)
	}
	if len(parent) == 0 {
		parent = json.RawMessage("{}")
	}
	if metadata == nil {
		metadata = struct{}{}
	}
	mb, err := json.Marshal(metadata)
	if err != nil {
		return nil, fmt.Errorf("encoding %s metadata: %w", h.MsgType, err)
	}
	cb, err := json.Marshal(content)
	if err != nil {
		return nil, fmt.Errorf("encoding %s content: %w", h.MsgType, err)
	}
	frames := make([][]byte, 0, len(ids)+6)
	frames = append(frames, ids...)
	frames = append(frames, delimiter, s.sign(hb, parent, mb, cb), hb, parent, mb, cb)
	return frames, nil
}

// newHeader returns a fresh header for an outgoing message of type msgType.
func newHeader(msgType, session, username string) header {
	return header{
		MsgID:    newID(),
		Session:  session,
		Username: username,
		Date:     time.Now().UTC().Format("2006-01-02T15:04:05.000000Z"),
		MsgType:  msgType,
		Version:  protocolVersion,
	}
}

// newID returns a random UUID-shaped identifier.
func newID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		// crypto/rand does not fail on supported platforms; a time-based id
		// still keeps ids distinct should it ever happen.
		return fmt.Sprintf("%032x", time.Now().UnixNano())
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
