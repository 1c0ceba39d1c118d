package interp

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"log/slog"
	"os"
	"reflect"
	"strings"
	"sync/atomic"

	"github.com/traefik/yaegi/stdlib"
)

// The interpreter's standard library tables are those of Go 1.22. What the packages
// gained since that is not generic (the iterator functions of strings and bytes, which
// return an iter.Seq, binary.Append, slog.DiscardHandler, os.Root, ...) cells can have
// as it is: it is added to the tables here. (Generic additions are overlays, see
// front/stdgeneric.)
func init() {
	add := func(pkg string, syms map[string]any) {
		table := stdlib.Symbols[pkg]
		for name, fn := range syms {
			if _, ok := table[name]; !ok {
				v, isVar := fn.(reflect.Value) // a variable, as the tables hold one
				if !isVar {
					v = reflect.ValueOf(fn)
				}
				table[name] = v
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
	add("encoding/binary/binary", map[string]any{
		"Append": binary.Append, "Encode": binary.Encode, "Decode": binary.Decode, // Go 1.23
	})
	add("sync/atomic/atomic", map[string]any{ // Go 1.23
		"AndInt32": atomic.AndInt32, "AndInt64": atomic.AndInt64, "AndUint32": atomic.AndUint32,
		"AndUint64": atomic.AndUint64, "AndUintptr": atomic.AndUintptr,
		"OrInt32": atomic.OrInt32, "OrInt64": atomic.OrInt64, "OrUint32": atomic.OrUint32,
		"OrUint64": atomic.OrUint64, "OrUintptr": atomic.OrUintptr,
	})
	add("os/os", map[string]any{
		"CopyFS": os.CopyFS, "OpenRoot": os.OpenRoot, "OpenInRoot": os.OpenInRoot, // Go 1.23, 1.24
		"Root": (*os.Root)(nil),
	})
	add("crypto/rand/rand", map[string]any{"Text": rand.Text}) // Go 1.24
	add("log/slog/slog", map[string]any{
		"DiscardHandler": reflect.ValueOf(&slog.DiscardHandler).Elem(), "GroupAttrs": slog.GroupAttrs, // Go 1.24, 1.25
	})
}
