package jupyter

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"sort"
	"strings"
)

// signatureSchemes maps connection-file scheme names to hash constructors.
// jupyter_client accepts any hashlib name after "hmac-"; these are the ones
// Go's standard library provides.
var signatureSchemes = map[string]func() hash.Hash{
	"hmac-md5":    md5.New,
	"hmac-sha1":   sha1.New,
	"hmac-sha224": sha256.New224,
	"hmac-sha256": sha256.New,
	"hmac-sha384": sha512.New384,
	"hmac-sha512": sha512.New,
}

var (
	errMissingSignature = errors.New("message has no signature")
	errBadSignature     = errors.New("message signature does not match")
)

// signer computes and checks the HMAC of the four signed frames of a message.
// A signer with an empty key signs nothing and accepts everything, as the
// specification prescribes for an empty key.
type signer struct {
	key     []byte
	newHash func() hash.Hash
}

func newSigner(scheme, key string) (*signer, error) {
	if scheme == "" {
		scheme = "hmac-sha256"
	}
	h, ok := signatureSchemes[scheme]
	if !ok {
		names := make([]string, 0, len(signatureSchemes))
		for n := range signatureSchemes {
			names = append(names, n)
		}
		sort.Strings(names)
		return nil, fmt.Errorf("unknown signature_scheme %q (valid: %s)", scheme, strings.Join(names, ", "))
	}
	return &signer{key: []byte(key), newHash: h}, nil
}

func (s *signer) enabled() bool { return len(s.key) > 0 }

func (s *signer) mac(parts [][]byte) []byte {
	m := hmac.New(s.newHash, s.key)
	for _, p := range parts {
		m.Write(p)
	}
	return m.Sum(nil)
}

// sign returns the lowercase hex signature of parts, or an empty frame when
// signing is disabled.
func (s *signer) sign(parts ...[]byte) []byte {
	if !s.enabled() {
		return []byte{}
	}
	sum := s.mac(parts)
	out := make([]byte, hex.EncodedLen(len(sum)))
	hex.Encode(out, sum)
	return out
}

// verify checks sig (hex text as sent on the wire) against parts. The MACs
// are compared with hmac.Equal so that timing reveals nothing about the key.
func (s *signer) verify(sig []byte, parts ...[]byte) error {
	if !s.enabled() {
		return nil
	}
	if len(sig) == 0 {
		return errMissingSignature
	}
	got := make([]byte, hex.DecodedLen(len(sig)))
	if _, err := hex.Decode(got, sig); err != nil {
		return errBadSignature
	}
	if !hmac.Equal(got, s.mac(parts)) {
		return errBadSignature
	}
	return nil
}
