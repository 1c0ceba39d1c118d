package jupyter

import (
	"encoding/hex"
	"sync"
)

// replayHistory is how many recent signatures the kernel remembers, as many as
// ipykernel's digest_history_size. A captured message replayed later than that
// many messages is no longer recognised; by then its request is long answered.
const replayHistory = 1 << 16

// replayKey is enough of a signature to tell messages apart: signatures are HMACs,
// so their first bytes are as good as random, and sixteen of them keep the
// history at a few megabytes even when full.
type replayKey [16]byte

// replayGuard refuses a signed message whose signature it has already seen: a
// message captured on the wire and sent again, which the HMAC alone would accept.
// It is safe for concurrent use by the socket readers.
type replayGuard struct {
	mu   sync.Mutex
	seen map[replayKey]struct{}
	ring []replayKey // insertion order, to forget the oldest once full
	next int         // index in ring of the oldest key once the ring is full
	size int
}

func newReplayGuard(size int) *replayGuard {
	return &replayGuard{seen: map[replayKey]struct{}{}, size: size}
}

// fresh records sig and reports whether it was new. Empty signatures (signing
// disabled) are always fresh: without a key nothing can be authenticated anyway.
func (g *replayGuard) fresh(sig []byte) bool {
	if len(sig) == 0 {
		return true
	}
	var k replayKey
	// Decoding makes upper- and lower-case spellings of one signature the same key.
	// verify has checked that sig is hex of at least MD5's 16 bytes; anything else
	// is keyed by its raw text.
	if n, err := hex.Decode(k[:], clip(sig, 2*len(k))); err != nil || n < len(k) {
		k = replayKey{}
		copy(k[:], sig)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if _, dup := g.seen[k]; dup {
		return false
	}
	g.seen[k] = struct{}{}
	if len(g.ring) < g.size {
		g.ring = append(g.ring, k)
		return true
	}
	delete(g.seen, g.ring[g.next])
	g.ring[g.next] = k
	g.next = (g.next + 1) % g.size
	return true
}

func clip(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}
