package jupyter

import (
	"bytes"
	"testing"

	"github.com/go-zeromq/zmq4"
)

// fuzzKey signs the seeds in testdata/fuzz/FuzzDecode whose second value is true.
const fuzzKey = "fuzz-key"

// fuzzFrameSep splits fuzz input into frames; seeds use it between frames.
var fuzzFrameSep = []byte("\x00|\x00")

// FuzzDecode feeds arbitrary frames to decode, signed or not. decode must
// never panic, and whatever it accepts must satisfy the invariants the
// handlers rely on and survive a re-encode.
func FuzzDecode(f *testing.F) {
	f.Add(bytes.Join(wire(fuzzKey, []string{"id"}, testHeader, `{}`, `{}`, `{"code":"1"}`), fuzzFrameSep), true)
	f.Add(bytes.Join(wire("", nil, testHeader, `{}`, `{}`, `{}`), fuzzFrameSep), false)
	f.Fuzz(func(t *testing.T, data []byte, signed bool) {
		key := ""
		if signed {
			key = fuzzKey
		}
		s, err := newSigner("hmac-sha256", key)
		if err != nil {
			t.Fatal(err)
		}
		m, err := decode(bytes.Split(data, fuzzFrameSep), s)
		if err != nil {
			return
		}
		if m.header.MsgID == "" || m.header.MsgType == "" {
			t.Fatalf("accepted header without id or type: %+v", m.header)
		}
		for _, b := range [][]byte{m.parent, m.metadata, m.content} {
			if !isJSONObject(b) {
				t.Fatalf("accepted non-object %q", b)
			}
		}
		frames, err := encode(s, m.identities, m.header, m.rawHeader, m.metadata, m.content)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		back, err := decode(frames, s)
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if back.header != m.header {
			t.Fatalf("header changed in round trip: %+v -> %+v", m.header, back.header)
		}
	})
}

// FuzzCheckReady checks the guard against the code it protects: any READY
// command checkReady lets through must be parsed by zmq4 without panicking.
func FuzzCheckReady(f *testing.F) {
	f.Add([]byte("\x05READY" + dealerMetadata))
	f.Add([]byte("\x05READY\x02ab"))
	f.Add([]byte("\x05READY\x01a\x00\x00\x00\x09abc"))
	f.Fuzz(func(t *testing.T, body []byte) {
		if checkReady(body) != nil || len(body) < 6 || string(body[:6]) != "\x05READY" {
			return
		}
		md := make(zmq4.Metadata)
		_ = md.UnmarshalZMTP(body[6:])
	})
}
