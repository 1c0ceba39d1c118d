package front

import (
	"regexp"
	"testing"
)

func TestFormatPattern(t *testing.T) {
	for _, c := range []struct {
		format, msg string
		match       bool
	}{
		{"learning rate %g is too large", "learning rate 2 is too large", true},
		{"learning rate %g is too large", "learning rate 2 is too small", false},
		{"%d%% done", "50% done", true},
		{"%d%% done", "50 done", false},
		{"step %[1]d of %-8.3f", "step 3 of 1.000   ", true},
		{"a.b(%v)", "axb(1)", false}, // text is literal, not a pattern
		{"multi %s", "multi line\nmore", true},
	} {
		re := regexp.MustCompile("^" + formatPattern(c.format) + "$")
		if got := re.MatchString(c.msg); got != c.match {
			t.Errorf("formatPattern(%q) matches %q: %v, want %v", c.format, c.msg, got, c.match)
		}
	}
}
