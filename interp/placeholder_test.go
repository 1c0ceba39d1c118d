package interp

import (
	"strings"
	"testing"
)

// TestPlaceholderCallExplained checks the message of a call the interpreter cannot make:
// a function held in a slice of the struct type it takes.
func TestPlaceholderCallExplained(t *testing.T) {
	s := newSession(t)
	res, _ := run(t, s, "type Trainer struct {\n\tEpoch int\n\tCallbacks []func(*Trainer)\n}",
		"tr := &Trainer{}\ntr.Callbacks = append(tr.Callbacks, func(t *Trainer) { t.Epoch++ })\ntr.Callbacks[0](tr)")
	if res.Err == nil || !strings.Contains(res.Err.Value, "hold values of an interface type there instead") {
		t.Fatalf("got %v, want the explanation", res.Err)
	}
	// The session goes on.
	res, rec := run(t, s, "fmt.Println(tr.Epoch)")
	if res.Err != nil || rec.stream("stdout") != "0\n" {
		t.Fatalf("after: %v %q", res.Err, rec.stream("stdout"))
	}
}
