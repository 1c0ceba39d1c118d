package jupyter

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
)

func TestOutFramerFindsMessageEnds(t *testing.T) {
	greeting := zmtpGreeting()
	ready := readyCommand(dealerMetadata)
	twoFrames := append(zmtpFrame(flagMore, []byte("topic")), zmtpFrame(0, []byte("body"))...)
	long := append(zmtpFrame(flagMore, nil), zmtpFrame(0, []byte(strings.Repeat("x", 300)))...)
	single := zmtpFrame(0, nil)
	want := [][]byte{greeting, ready, twoFrames, long, single}
	stream := bytes.Join(want, nil)

	// Every way of cutting the stream in two, and byte by byte, gives the same messages.
	cuts := [][]int{}
	for i := 0; i <= len(stream); i++ {
		cuts = append(cuts, []int{i})
	}
	every := []int{}
	for i := 1; i < len(stream); i++ {
		every = append(every, i)
	}
	cuts = append(cuts, every)
	for _, cut := range cuts {
		var f outFramer
		var got [][]byte
		var cur []byte
		prev := 0
		for _, c := range append(cut, len(stream)) {
			piece := stream[prev:c]
			prev = c
			for len(piece) > 0 {
				k, end := f.next(piece)
				cur = append(cur, piece[:k]...)
				piece = piece[k:]
				if end {
					got = append(got, cur)
					cur = nil
				}
			}
		}
		if len(cur) != 0 || len(got) != len(want) {
			t.Fatalf("cuts %v: %d messages and %d stray bytes, want %d messages", cut, len(got), len(cur), len(want))
		}
		for i := range want {
			if !bytes.Equal(got[i], want[i]) {
				t.Fatalf("cuts %v: message %d = %q, want %q", cut, i, got[i], want[i])
			}
		}
	}
}

// TestStalledSubscriberIsBounded floods iopub while one subscriber has stopped
// reading. The kernel must drop that subscriber's messages (counted and logged)
// instead of queueing them without end, and a reading subscriber must keep
// getting everything.
func TestStalledSubscriberIsBounded(t *testing.T) {
	k := startKernel(t)
	srv := k.srv

	stalled := zmq4.NewSub(context.Background())
	defer stalled.Close()
	if err := stalled.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
	if err := stalled.Dial(srv.conn.endpoint(srv.conn.IOPubPort)); err != nil {
		t.Fatal(err)
	}
	// Publish probes until the new subscriber has one, so it is known to be
	// subscribed; from then on it reads nothing.
	got := make(chan struct{})
	go func() {
		if _, err := stalled.Recv(); err == nil {
			close(got)
		}
	}()
	deadline := time.Now().Add(waitLimit)
	for probing := true; probing; {
		srv.publish("status", nil, map[string]any{"execution_state": "probe"})
		select {
		case <-got:
			probing = false
		case <-time.After(10 * time.Millisecond):
			if time.Now().After(deadline) {
				t.Fatal("the second subscriber never received a probe")
			}
		}
	}

	// 96 MiB in all, three times the per-subscriber bound, published in
	// batches that the reading subscriber (the test client) keeps up with.
	const batches, batch, size = 15, 200, 32 << 10
	text := strings.Repeat("y", size)
	for b := range batches {
		start := time.Now()
		for i := range batch {
			srv.publish("stream", nil, map[string]any{"name": "stdout", "text": itoa(b*batch+i) + text})
		}
		srv.publish("status", nil, map[string]any{"execution_state": "idle"})
		if d := time.Since(start); d > waitLimit/2 {
			t.Fatalf("publishing a batch took %v: a stalled subscriber must not slow the kernel down", d)
		}
		// The reading subscriber gets every message of the batch, in order.
		for i := 0; i < batch; {
			m := k.c.next(k.c.iopubC, "flooded stream messages")
			if m.header.MsgType != "stream" {
				continue
			}
			if got, want := contentOf(t, m)["text"].(string), itoa(b*batch+i)+text; got != want {
				t.Fatalf("batch %d: message %d is %.10q..., want %.10q...", b, i, got, want)
			}
			i++
		}
	}
	n := batches * batch
	// The stalled one cost at most the bound plus what the sockets' buffers
	// took: the rest was dropped.
	dropped := srv.pub.droppedBytes.Load()
	if min := uint64(n*size - pubQueueBytes - 24<<20); dropped < min {
		t.Errorf("dropped %d bytes for the stalled subscriber, want at least %d", dropped, min)
	}
	if !strings.Contains(k.logBuf.String(), "iopub subscriber is not reading") {
		t.Error("dropping was not logged")
	}
}
