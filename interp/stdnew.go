package interp

import (
	"bytes"
	"reflect"
	"strings"

	"github.com/traefik/yaegi/stdlib"
)

// The interpreter's standard library tables are those of Go 1.22. The iterator
// functions that strings and bytes gained since (Go 1.24) are plain functions returning
// an iter.Seq, so cells can have them as they are; they are added to the tables here.
func init() {
	add := func(pkg string, syms map[string]any) {
		table := stdlib.Symbols[pkg]
		for name, fn := range syms {
			if _, ok := table[name]; !ok {
				table[name] = reflect.ValueOf(fn)
			}
		}
	}
	add("strings/strings", map[string]any{
		"Lines": strings.Lines, "SplitSeq": strings.SplitSeq, "SplitAfterSeq": strings.SplitAfterSeq,
		"FieldsSeq": strings.FieldsSeq, "FieldsFuncSeq": strings.FieldsFuncSeq,
	})
	add("bytes/bytes", map[string]any{
		"Lines": bytes.Lines, "SplitSeq": bytes.SplitSeq, "SplitAfterSeq": bytes.SplitAfterSeq,
		"FieldsSeq": bytes.FieldsSeq, "FieldsFuncSeq": bytes.FieldsFuncSeq,
	})
}
