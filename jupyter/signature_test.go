package jupyter

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"testing"
)

// referenceSig computes hmac-sha256 independently of signer, the way
// jupyter_client does: hex digest over header, parent, metadata, content.
func referenceSig(key string, parts ...string) string {
	m := hmac.New(sha256.New, []byte(key))
	for _, p := range parts {
		m.Write([]byte(p))
	}
	return hex.EncodeToString(m.Sum(nil))
}

func TestSignerVerify(t *testing.T) {
	parts := []string{`{"msg_id":"1"}`, `{}`, `{}`, `{"code":"x"}`}
	good := referenceSig("key", parts...)
	upper := []byte(good)
	for i, c := range upper {
		if c >= 'a' && c <= 'f' {
			upper[i] = c - 'a' + 'A'
		}
	}
	flipped := []byte(good)
	flipped[0] = "10"[boolIndex(flipped[0] == '1')]
	tests := []struct {
		name, key, sig string
		want           error
	}{
		{"good", "key", good, nil},
		{"good upper-case hex", "key", string(upper), nil},
		{"wrong key", "other", good, errBadSignature},
		{"flipped digit", "key", string(flipped), errBadSignature},
		{"truncated", "key", good[:len(good)-2], errBadSignature},
		{"not hex", "key", "zz" + good[2:], errBadSignature},
		{"missing", "key", "", errMissingSignature},
		{"empty key accepts anything", "", "garbage", nil},
		{"empty key accepts nothing", "", "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := newSigner("hmac-sha256", tc.key)
			if err != nil {
				t.Fatal(err)
			}
			b := make([][]byte, len(parts))
			for i, p := range parts {
				b[i] = []byte(p)
			}
			if err := s.verify([]byte(tc.sig), b...); !errors.Is(err, tc.want) {
				t.Errorf("verify = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestSignerSign(t *testing.T) {
	s, _ := newSigner("", "key") // empty scheme defaults to hmac-sha256
	got := string(s.sign([]byte("a"), []byte("b"), []byte("c"), []byte("d")))
	if want := referenceSig("key", "a", "b", "c", "d"); got != want {
		t.Errorf("sign = %s, want %s", got, want)
	}
	u, _ := newSigner("hmac-sha256", "")
	if got := u.sign([]byte("a")); len(got) != 0 {
		t.Errorf("unsigned signer produced %q", got)
	}
	s512, _ := newSigner("hmac-sha512", "key")
	if n := len(s512.sign([]byte("a"))); n != 128 {
		t.Errorf("hmac-sha512 signature has %d hex digits, want 128", n)
	}
	if _, err := newSigner("sha256", "key"); err == nil {
		t.Error("scheme without hmac- prefix accepted")
	}
}

func boolIndex(b bool) int {
	if b {
		return 1
	}
	return 0
}
