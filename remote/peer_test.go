package remote

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

func TestEnvelopeFraming(t *testing.T) {
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	in := []*Envelope{
		{V: Version, Kind: "execute", ID: 7, Body: json.RawMessage(`{"code":"x"}`)},
		{V: Version, Kind: kindReply, Re: 7, Err: "it failed"},
		{V: Version, Kind: "stream", Re: 7, Body: json.RawMessage(`{"name":"stdout","text":"ü\n"}`)},
	}
	for _, e := range in {
		if err := writeEnvelope(w, e); err != nil {
			t.Fatal(err)
		}
	}
	// The framing is a 4-byte big-endian length, then JSON: check the first by hand.
	n := binary.BigEndian.Uint32(buf.Bytes()[:4])
	var first map[string]any
	if err := json.Unmarshal(buf.Bytes()[4:4+n], &first); err != nil || first["kind"] != "execute" || first["id"] != 7.0 || first["v"] != 1.0 {
		t.Fatalf("first frame %q: %v", buf.Bytes()[4:4+n], err)
	}
	r := bufio.NewReader(&buf)
	for i, want := range in {
		got, err := readEnvelope(r)
		if err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		if got.Kind != want.Kind || got.ID != want.ID || got.Re != want.Re || got.Err != want.Err || string(got.Body) != string(want.Body) {
			t.Errorf("message %d = %+v, want %+v", i, got, want)
		}
	}
	if _, err := readEnvelope(r); err != io.EOF {
		t.Errorf("after the last message: %v, want io.EOF", err)
	}

	bad := []struct {
		name  string
		bytes []byte
		want  string
	}{
		{"oversized", []byte{0xff, 0xff, 0xff, 0xff}, "exceeds"},
		{"truncated", append([]byte{0, 0, 0, 10}, "{}"...), "unexpected EOF"},
		{"not JSON", append([]byte{0, 0, 0, 3}, "abc"...), "malformed"},
	}
	for _, tc := range bad {
		_, err := readEnvelope(bufio.NewReader(bytes.NewReader(tc.bytes)))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
}

// pair connects two peers over in-memory pipes.
func pair(t *testing.T, aHandlers, bHandlers map[string]Handler) (a, b *peer) {
	t.Helper()
	abR, abW := io.Pipe()
	baR, baW := io.Pipe()
	a = newPeer(baR, abW, aHandlers)
	b = newPeer(abR, baW, bHandlers)
	a.start()
	b.start()
	t.Cleanup(func() { abW.Close(); baW.Close() })
	return a, b
}

func TestPeerRequestsEventsAndNestedCalls(t *testing.T) {
	// The worker side: "greet" emits two events, asks a nested question, and replies.
	worker := map[string]Handler{
		"greet": func(ctx context.Context, m *Message) (any, error) {
			var name string
			if err := m.Decode(&name); err != nil {
				return nil, err
			}
			m.Emit("note", "first")
			m.Emit("note", "second")
			ans, err := m.Call(ctx, "question", "how are you?")
			if err != nil {
				return nil, err
			}
			var s string
			json.Unmarshal(ans, &s)
			return "hello " + name + ", you said " + s, nil
		},
		"fail": func(context.Context, *Message) (any, error) { return nil, errors.New("no such thing") },
	}
	sup, _ := pair(t, nil, worker)
	var notes []string
	reply, err := sup.call(context.Background(), 0, "greet", "ada", func(ctx context.Context, m *Message) (any, error) {
		switch m.Kind {
		case "note":
			var s string
			m.Decode(&s)
			notes = append(notes, s)
			return nil, nil
		case "question":
			if !m.IsRequest() {
				t.Error("the nested call arrived as an event")
			}
			return "fine", nil
		}
		t.Errorf("unexpected %s", m.Kind)
		return nil, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if string(reply) != `"hello ada, you said fine"` {
		t.Errorf("reply %s", reply)
	}
	if strings.Join(notes, ",") != "first,second" {
		t.Errorf("events %v, want first,second in order", notes)
	}

	_, err = sup.call(context.Background(), 0, "fail", nil, nil)
	var re *RemoteError
	if !errors.As(err, &re) || re.Msg != "no such thing" {
		t.Errorf("failing request: %v", err)
	}
	_, err = sup.call(context.Background(), 0, "nonesuch", nil, nil)
	if err == nil || !strings.Contains(err.Error(), `no handler for "nonesuch"`) {
		t.Errorf("unknown kind: %v", err)
	}
}

func TestPeerCancelReachesHandler(t *testing.T) {
	started := make(chan struct{})
	worker := map[string]Handler{
		"wait": func(ctx context.Context, m *Message) (any, error) {
			close(started)
			<-ctx.Done()
			return "stopped: " + context.Cause(ctx).Error(), nil
		},
	}
	sup, _ := pair(t, nil, worker)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-started; cancel() }()
	reply, err := sup.call(ctx, 0, "wait", nil, nil)
	if err != nil || string(reply) != `"stopped: context canceled"` {
		t.Errorf("cancelled call: %s, %v; want the handler's own reply", reply, err)
	}
}

func TestPeerEndFailsPendingCalls(t *testing.T) {
	abR, abW := io.Pipe()
	baR, baW := io.Pipe()
	sup := newPeer(baR, abW, nil)
	sup.start()
	got := make(chan struct{})
	worker := newPeer(abR, baW, map[string]Handler{
		"hang": func(ctx context.Context, m *Message) (any, error) { close(got); select {} },
	})
	worker.start()
	go func() { <-got; baW.Close() }() // the worker "dies" while serving
	_, err := sup.call(context.Background(), 0, "hang", nil, nil)
	if !errors.Is(err, ErrClosed) {
		t.Errorf("call to a dead peer: %v, want ErrClosed", err)
	}
	if _, err := sup.call(context.Background(), 0, "hang", nil, nil); !errors.Is(err, ErrClosed) {
		t.Errorf("call after the end: %v, want ErrClosed", err)
	}
}

func TestPeerRefusesOtherVersionsAndSurvivesPanics(t *testing.T) {
	worker := map[string]Handler{
		"boom": func(context.Context, *Message) (any, error) { panic("handler bug") },
		"ok":   func(context.Context, *Message) (any, error) { return 1, nil },
	}
	sup, _ := pair(t, nil, worker)
	if _, err := sup.call(context.Background(), 0, "boom", nil, nil); err == nil || !strings.Contains(err.Error(), "handler bug") {
		t.Errorf("panicking handler: %v", err)
	}
	// A future version's request, written by hand.
	c := &pending{reply: make(chan *Envelope, 1)}
	sup.mu.Lock()
	sup.calls[99] = c
	sup.mu.Unlock()
	if err := sup.write(&Envelope{V: Version + 1, Kind: "ok", ID: 99}); err != nil {
		t.Fatal(err)
	}
	select {
	case rep := <-c.reply:
		if !strings.Contains(rep.Err, "version 2 is not supported") {
			t.Errorf("other version answered %+v", rep)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no reply to a request of another version")
	}
	if b, err := sup.call(context.Background(), 0, "ok", nil, nil); err != nil || string(b) != "1" {
		t.Errorf("after both: %s %v", b, err)
	}
}
