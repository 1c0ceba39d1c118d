package main

import (
	"regexp"
	"strings"

	"github.com/descentlab/descent/interp"
)

// Some faults reach a cell in the interpreter's reflect-flavoured words, which say
// nothing to someone who dereferenced a nil pointer. clarify rewords the ones whose
// cause is certain, keeping the original text in parentheses.
//
// It belongs with the interpreter's own error conversion (interp/errors.go), where it
// should move once that settles.
var clarifications = []struct {
	match       *regexp.Regexp
	name, value string // $1... expand the match
}{
	{regexp.MustCompile(`^reflect: call of reflect\.Value\.(?:Field|Set|Elem|Interface|FieldByIndex|Method|NumField|Index|Len|SetInt|SetFloat|SetString) on zero Value$`),
		"runtime error", "invalid memory address or nil pointer dereference: a nil pointer was used as if it pointed to a value"},
	{regexp.MustCompile(`^os\.Exit\((-?\d+)\)$`),
		"Exit", "os.Exit($1) was called; a cell cannot end the kernel, so the cell was stopped instead (the kernel and its variables are kept)"},
}

func clarify(e *interp.Error) {
	if e.Name != "panic" && e.Name != "runtime error" {
		return
	}
	for _, c := range clarifications {
		m := c.match.FindStringSubmatchIndex(e.Value)
		if m == nil {
			continue
		}
		value := string(c.match.ExpandString(nil, c.value, e.Value, m)) + " (" + e.Value + ")"
		if n := len(e.Traceback); n > 0 && strings.HasPrefix(e.Traceback[n-1], e.Name+": ") {
			e.Traceback[n-1] = c.name + ": " + value
		}
		e.Name, e.Value = c.name, value
		return
	}
}
