package display

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// MIME returns the MIME bundle that shows v: its own bundle if it is a Bundler (with
// text/plain added when missing), a PNG for an image.Image, and text/plain for anything.
func MIME(v any) map[string]any {
	switch x := v.(type) {
	case Bundler:
		b := x.MIMEBundle()
		out := make(map[string]any, len(b)+1)
		for k, c := range b {
			out[k] = c
		}
		if _, ok := out["text/plain"]; !ok {
			if s, ok := v.(fmt.Stringer); ok {
				out["text/plain"] = safe(s.String, v)
			} else {
				out["text/plain"] = placeholder(b)
			}
		}
		return out
	case image.Image:
		var buf bytes.Buffer
		if err := png.Encode(&buf, x); err == nil {
			b := PNG(buf.Bytes()).MIMEBundle()
			r := x.Bounds()
			b["text/plain"] = fmt.Sprintf("<image %dx%d>", r.Dx(), r.Dy())
			return b
		}
	}
	return map[string]any{"text/plain": Text(v)}
}

// maxElems is how many elements of a slice, array or map Text shows before eliding.
const maxElems = 100

// Text formats v readably, as a Go programmer would want to see a value at a prompt:
// strings quoted, nil as nil, structs with field names, long slices elided with their
// length, matrices in rows, and String or Error methods used when present.
func Text(v any) string {
	if v == nil {
		return "nil"
	}
	switch x := v.(type) {
	case fmt.Stringer:
		return safe(func() string { return x.String() }, v)
	case error:
		return safe(func() string { return x.Error() }, v)
	case string:
		return strconv.Quote(x)
	case mat.Matrix:
		return safe(func() string { return fmt.Sprintf("%v", mat.Formatted(x, mat.Squeeze())) }, v)
	}
	rv := reflect.ValueOf(v)
	if isWrapper(rv) {
		if b, ok := v.(Bundler); ok {
			return placeholder(b.MIMEBundle())
		}
	}
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface:
		if rv.IsNil() {
			return "nil"
		}
	}
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		if rv.Len() > maxElems {
			return elide(rv)
		}
	case reflect.Struct:
		return fmt.Sprintf("%+v", v)
	case reflect.Pointer:
		if rv.Elem().Kind() == reflect.Struct {
			return fmt.Sprintf("%+v", v)
		}
	}
	return fmt.Sprintf("%v", v)
}

// isWrapper reports whether rv is an interpreter interface wrapper: how a value of a type
// declared in a cell reaches compiled code. Its fields say nothing useful about the value.
func isWrapper(rv reflect.Value) bool {
	return rv.Kind() == reflect.Struct && rv.NumField() > 0 && rv.Type().Field(0).Name == "IValue"
}

// placeholder is the text/plain of a bundle that has none: its MIME types.
func placeholder(b map[string]any) string {
	keys := make([]string, 0, len(b))
	for k := range b {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return "<" + strings.Join(keys, ", ") + ">"
}

func elide(rv reflect.Value) string {
	var b strings.Builder
	b.WriteByte('[')
	const head, tail = 10, 3
	for i := 0; i < head; i++ {
		fmt.Fprintf(&b, "%v ", rv.Index(i).Interface())
	}
	b.WriteString("…")
	for i := rv.Len() - tail; i < rv.Len(); i++ {
		fmt.Fprintf(&b, " %v", rv.Index(i).Interface())
	}
	fmt.Fprintf(&b, "] (len %d)", rv.Len())
	return b.String()
}

// safe calls a user-supplied String or Error method, which may panic (nil receiver).
func safe(f func() string, v any) (s string) {
	defer func() {
		if r := recover(); r != nil {
			s = fmt.Sprintf("<%T: String panicked: %v>", v, r)
		}
	}()
	return f()
}
