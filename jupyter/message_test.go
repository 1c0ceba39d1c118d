package jupyter

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// wire assembles frames by hand, independently of encode, signing with an
// hmac-sha256 computed by referenceSig when key is non-empty.
func wire(key string, ids []string, hdr, parent, meta, content string, extra ...string) [][]byte {
	var fs [][]byte
	for _, id := range ids {
		fs = append(fs, []byte(id))
	}
	sig := ""
	if key != "" {
		sig = referenceSig(key, hdr, parent, meta, content)
	}
	fs = append(fs, []byte("<IDS|MSG>"), []byte(sig), []byte(hdr), []byte(parent), []byte(meta), []byte(content))
	for _, e := range extra {
		fs = append(fs, []byte(e))
	}
	return fs
}

const testHeader = `{"msg_id":"m1","session":"s1","username":"u","date":"","msg_type":"execute_request","version":"5.3"}`

func TestDecode(t *testing.T) {
	keyed, _ := newSigner("hmac-sha256", "key")
	unsigned, _ := newSigner("hmac-sha256", "")
	good := wire("key", []string{"id1", "id2"}, testHeader, `{}`, `{}`, `{"code":"1"}`, "buf")
	badSig := wire("key", nil, testHeader, `{}`, `{}`, `{"code":"1"}`)
	badSig[1] = []byte(referenceSig("other", testHeader, `{}`, `{}`, `{"code":"1"}`))
	tampered := wire("key", nil, testHeader, `{}`, `{}`, `{"code":"1"}`)
	tampered[5] = []byte(`{"code":"2"}`)

	tests := []struct {
		name    string
		s       *signer
		frames  [][]byte
		wantErr string // empty: must decode
	}{
		{"good signed", keyed, good, ""},
		{"bad signature", keyed, badSig, errBadSignature.Error()},
		{"content changed after signing", keyed, tampered, errBadSignature.Error()},
		{"missing signature", keyed, wire("", nil, testHeader, `{}`, `{}`, `{}`), errMissingSignature.Error()},
		{"empty key unsigned", unsigned, wire("", nil, testHeader, `{}`, `{}`, `{}`), ""},
		{"empty key ignores signature", unsigned, wire("whatever", nil, testHeader, `{}`, `{}`, `{}`), ""},
		{"no frames", unsigned, nil, "delimiter"},
		{"no delimiter", unsigned, [][]byte{[]byte("id"), []byte(testHeader)}, "delimiter"},
		{"too few frames", unsigned, wire("", nil, testHeader, `{}`, `{}`, `{}`)[:5], "fewer than five"},
		{"header not json", unsigned, wire("", nil, `{"msg_id":`, `{}`, `{}`, `{}`), "header"},
		{"header is array", unsigned, wire("", nil, `[]`, `{}`, `{}`, `{}`), "header"},
		{"header missing msg_id", unsigned, wire("", nil, `{"msg_type":"x","session":"s"}`, `{}`, `{}`, `{}`), "msg_id"},
		{"header missing msg_type", unsigned, wire("", nil, `{"msg_id":"x","session":"s"}`, `{}`, `{}`, `{}`), "msg_type"},
		{"header msg_id not string", unsigned, wire("", nil, `{"msg_id":5,"msg_type":"x"}`, `{}`, `{}`, `{}`), "header"},
		{"parent not object", unsigned, wire("", nil, testHeader, `null`, `{}`, `{}`), "parent_header"},
		{"metadata not json", unsigned, wire("", nil, testHeader, `{}`, `{`, `{}`), "metadata"},
		{"content is array", unsigned, wire("", nil, testHeader, `{}`, `{}`, `[1]`), "content"},
		{"content trailing garbage", unsigned, wire("", nil, testHeader, `{}`, `{}`, `{} x`), "content"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := decode(tc.frames, tc.s)
			if tc.wantErr != "" {
				if err == nil {
					t.Fatalf("decoded %+v, want error containing %q", m, tc.wantErr)
				}
				if !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("error %q does not contain %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if m.header.MsgType != "execute_request" || m.header.MsgID != "m1" {
				t.Errorf("header = %+v", m.header)
			}
		})
	}

	m, err := decode(good, keyed)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.identities) != 2 || string(m.identities[1]) != "id2" {
		t.Errorf("identities = %q", m.identities)
	}
	if len(m.buffers) != 1 || string(m.buffers[0]) != "buf" {
		t.Errorf("buffers = %q", m.buffers)
	}
	if string(m.rawHeader) != testHeader {
		t.Errorf("raw header not kept verbatim: %s", m.rawHeader)
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	s, _ := newSigner("hmac-sha256", "k")
	h := newHeader("stream", "sess", "kernel")
	parent := json.RawMessage(testHeader)
	frames, err := encode(s, [][]byte{[]byte("topic")}, h, parent, nil, map[string]any{"name": "stdout", "text": "hi\n"})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(frames[1], delimiter) {
		t.Fatalf("frame 1 = %q, want the delimiter", frames[1])
	}
	want := referenceSig("k", string(frames[3]), string(frames[4]), string(frames[5]), string(frames[6]))
	if string(frames[2]) != want {
		t.Errorf("signature %s, independent computation %s", frames[2], want)
	}
	m, err := decode(frames, s)
	if err != nil {
		t.Fatalf("decode(encode()) failed: %v", err)
	}
	if m.header != h {
		t.Errorf("header %+v != %+v", m.header, h)
	}
	if string(m.parent) != testHeader || string(m.metadata) != "{}" {
		t.Errorf("parent %s metadata %s", m.parent, m.metadata)
	}
	var c struct{ Name, Text string }
	if err := json.Unmarshal(m.content, &c); err != nil || c.Name != "stdout" || c.Text != "hi\n" {
		t.Errorf("content %s (%v)", m.content, err)
	}
	if h.Version != "5.3" || h.MsgID == "" || h.Date == "" {
		t.Errorf("new header incomplete: %+v", h)
	}
}

func TestReplyType(t *testing.T) {
	for in, want := range map[string]string{"execute_request": "execute_reply", "kernel_info_request": "kernel_info_reply"} {
		if got, ok := replyType(in); !ok || got != want {
			t.Errorf("replyType(%q) = %q, %v", in, got, ok)
		}
	}
	if _, ok := replyType("comm_open"); ok {
		t.Error("comm_open has no reply")
	}
}
