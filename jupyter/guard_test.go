package jupyter

import (
	"encoding/binary"
	"net"
	"strings"
	"testing"
)

// zmtpGreeting is a ZMTP 3.0 NULL-mechanism greeting written out by hand.
func zmtpGreeting() []byte {
	g := make([]byte, 64)
	g[0], g[9], g[10] = 0xff, 0x7f, 3
	copy(g[12:], "NULL")
	return g
}

// zmtpFrame encodes one frame with the given flags, choosing the long form
// for bodies over 255 bytes.
func zmtpFrame(flags byte, body []byte) []byte {
	if len(body) > 255 {
		f := []byte{flags | flagLong, 0, 0, 0, 0, 0, 0, 0, 0}
		binary.BigEndian.PutUint64(f[1:], uint64(len(body)))
		return append(f, body...)
	}
	return append([]byte{flags, byte(len(body))}, body...)
}

func readyCommand(metadata string) []byte {
	return zmtpFrame(flagCommand, []byte("\x05READY"+metadata))
}

const dealerMetadata = "\x0bSocket-Type\x00\x00\x00\x06DEALER"

func longHeader(size uint64) []byte {
	h := []byte{flagLong, 0, 0, 0, 0, 0, 0, 0, 0}
	binary.BigEndian.PutUint64(h[1:], size)
	return h
}

func TestZMTPParser(t *testing.T) {
	valid := append(zmtpGreeting(), readyCommand(dealerMetadata)...)
	valid = append(valid, zmtpFrame(flagMore, []byte("id"))...)
	valid = append(valid, zmtpFrame(0, []byte(strings.Repeat("x", 300)))...)
	oldVersion := zmtpGreeting()
	oldVersion[10] = 2
	tests := []struct {
		name    string
		stream  []byte
		wantErr string
		done    bool
	}{
		{"valid session", valid, "", true},
		{"greeting only", zmtpGreeting(), "", false},
		{"http request", []byte("GET / HTTP/1.1\r\n"), "not a ZMTP greeting", false},
		{"bad signature footer", append([]byte{0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0x00}, 3), "not a ZMTP greeting", false},
		{"zmtp 2", oldVersion, "version 2", false},
		{"message before ready", append(zmtpGreeting(), zmtpFrame(0, []byte("x"))...), "not a command", false},
		{"truncated metadata name", append(zmtpGreeting(), readyCommand("\x05ab")...), "truncated READY metadata name", false},
		{"truncated metadata value", append(zmtpGreeting(), readyCommand("\x01a\x00\x00\x00\x09abc")...), "truncated READY metadata value", false},
		{"command name past body", append(zmtpGreeting(), zmtpFrame(flagCommand, []byte("\x09READY"))...), "malformed handshake command", false},
		{"empty command", append(zmtpGreeting(), zmtpFrame(flagCommand, nil)...), "malformed handshake command", false},
		{"huge ready", append(zmtpGreeting(), append([]byte{flagCommand | flagLong}, longHeader(1 << 20)[1:]...)...), "handshake command", false},
		{"huge frame", append(append(zmtpGreeting(), readyCommand(dealerMetadata)...), longHeader(1<<62)...), "exceeds the", true},
		{"endless multipart", append(append(zmtpGreeting(), readyCommand(dealerMetadata)...),
			[]byte(strings.Repeat("\x01\x00", maxMessageFrames+1))...), "frames exceeds the limit", true},
		{"many small messages", append(append(zmtpGreeting(), readyCommand(dealerMetadata)...),
			[]byte(strings.Repeat("\x00\x00", 2*maxMessageFrames))...), "", true},
		{"reserved flags", append(append(zmtpGreeting(), readyCommand(dealerMetadata)...), 0x80, 0), "reserved frame flags", true},
		{"other command than ready", append(zmtpGreeting(), zmtpFrame(flagCommand, []byte("\x05ERROR\x03bad"))...), "", true},
	}
	for _, tc := range tests {
		for _, chunk := range []int{1, 7, len(tc.stream)} {
			var p zmtpParser
			var err error
			for b := tc.stream; len(b) > 0 && err == nil; {
				k := min(chunk, len(b))
				err = p.feed(b[:k])
				b = b[k:]
			}
			if tc.wantErr == "" && err != nil {
				t.Errorf("%s (chunks of %d): %v", tc.name, chunk, err)
			}
			if tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Errorf("%s (chunks of %d): error %v, want %q", tc.name, chunk, err, tc.wantErr)
			}
			if p.handshakeDone != tc.done {
				t.Errorf("%s (chunks of %d): handshake done = %v, want %v", tc.name, chunk, p.handshakeDone, tc.done)
			}
		}
	}
}

// TestHostileZMTPPeers sends, on every kernel socket, handshakes that crash
// or stall an unguarded zmq4 v0.17.0 listener, then checks the kernel serves.
func TestHostileZMTPPeers(t *testing.T) {
	k := startKernel(t)
	c := k.c
	hostile := []struct {
		name string
		b    []byte
	}{
		// zmq4 v0.17.0 panics on this metadata ("slice bounds out of range").
		{"truncated READY metadata", append(zmtpGreeting(), readyCommand("\x02ab")...)},
		{"2^62-byte frame", append(append(zmtpGreeting(), readyCommand(dealerMetadata)...), longHeader(1<<62)...)},
	}
	var silent []net.Conn
	for _, p := range c.conn.ports() {
		addr := net.JoinHostPort(c.conn.IP, itoa(p.port))
		for _, h := range hostile {
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatalf("dial %s: %v", p.name, err)
			}
			if _, err := conn.Write(h.b); err != nil {
				t.Logf("%s on %s: write: %v", h.name, p.name, err)
			}
			conn.Close()
		}
		// A connection that never says anything stays open during the checks.
		s, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		silent = append(silent, s)
	}
	defer func() {
		for _, s := range silent {
			s.Close()
		}
	}()
	assertServing(t, c)
	// New clients are accepted although silent connections hold the sockets.
	other := dialKernel(t, c.conn, testKey)
	defer other.close()
	req := other.send(other.shell, "kernel_info_request", map[string]any{})
	other.reply(other.shellC, req, "kernel_info_reply")
	heartbeat(t, other, "second client")
}

func TestZMTPParserMessageSize(t *testing.T) {
	var p zmtpParser
	feed := func(b []byte) error { return p.feed(b) }
	if err := feed(append(zmtpGreeting(), readyCommand(dealerMetadata)...)); err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 1<<20)
	bigFrame := func() error {
		if err := feed(append([]byte{flagMore | flagLong}, longHeader(maxFrameSize)[1:]...)); err != nil {
			return err
		}
		for range maxFrameSize / len(chunk) {
			if err := feed(chunk); err != nil {
				return err
			}
		}
		return nil
	}
	for i := range maxMessageSize / maxFrameSize {
		if err := bigFrame(); err != nil {
			t.Fatalf("frame %d within the message limit rejected: %v", i, err)
		}
	}
	if err := feed([]byte{0, 1}); err == nil || !strings.Contains(err.Error(), "bytes exceeds") {
		t.Errorf("byte past the message limit: %v", err)
	}
}
