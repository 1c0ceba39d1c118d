// Package boxed holds values of a cell's named non-struct types (type Celsius float64,
// type Weekday int, type Path []string) in Go's empty interface.
//
// The interpreter represents such a value by its underlying type, so in an any it is a
// float64 or an int: a type switch takes a Weekday for an int, an assertion x.(float64)
// holds for a Celsius, and the value loses its String method on the way to fmt (or
// prints as the interpreter's internal form when in a []any). The front end puts such a
// value in an any as a box instead: a comparable struct of the underlying value and the
// type's name, of one of four types by which of the methods fmt uses the type has.
// Assertions and type switches look into boxes by the name; fmt prints a box as the
// value it holds (see Format); two boxes are == when Go's values would be.
package boxed

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sync"

	"github.com/descentlab/descent/interp/front/fmtview"
)

// Value is a boxed value of a type without String or Error methods.
type Value struct {
	V    any    // the value, of the type's underlying type
	Type string // the type's name as %T prints it: "main.Celsius"
	ms   *Methods
}

// Stringer is a boxed value of a type with a String method.
type Stringer struct{ Value }

// Error is a boxed value of a type with an Error method.
type Error struct{ Value }

// ErrorStringer is a boxed value of a type with Error and String methods.
type ErrorStringer struct{ Value }

// String calls the type's String method on the value.
func (b Stringer) String() string { return b.call("String") }

// Error calls the type's Error method on the value.
func (b Error) Error() string { return b.call("Error") }

// Error calls the type's Error method on the value.
func (b ErrorStringer) Error() string { return b.call("Error") }

// String calls the type's String method on the value.
func (b ErrorStringer) String() string { return b.call("String") }

// New boxes v, the underlying value of a value of the type named typ, whose method set
// has String and Error as given; the box calls the methods ms holds.
func (ms *Methods) New(v any, typ string, hasString, hasError bool) any {
	b := Value{V: v, Type: typ, ms: ms}
	switch {
	case hasString && hasError:
		return ErrorStringer{b}
	case hasString:
		return Stringer{b}
	case hasError:
		return Error{b}
	}
	return b
}

// NewViewed boxes v, a slice, array or map whose elements are of a cell's types, whose
// type %T names typ; view returns how fmt prints such a value (see RegisterView).
func (ms *Methods) NewViewed(v any, typ string, view viewFunc) any {
	ms.RegisterView(typ, view)
	return Value{V: v, Type: typ, ms: ms}
}

// Unboxed returns the value x holds if it is a box of a slice, array or map, else x: a
// package that looks at the value by reflection (sort.Slice's swapper, reflect's Kind,
// a template's range) sees what it is. A box of a Stringer or a number stays one: it
// prints with String, and compares and converts as its type.
func Unboxed(x any) any {
	if b, ok := Open(x); ok {
		switch reflect.ValueOf(b.V).Kind() {
		case reflect.Slice, reflect.Array, reflect.Map:
			return b.V
		}
	}
	return x
}

// UnboxedDeep is Unboxed, and for a map[string]any, map[any]any or []any, a copy whose
// elements are unboxed so, deeply.
func UnboxedDeep(x any) any {
	switch x := x.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, v := range x {
			out[k] = UnboxedDeep(v)
		}
		return out
	case map[any]any:
		out := make(map[any]any, len(x))
		for k, v := range x {
			out[k] = UnboxedDeep(v)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, v := range x {
			out[i] = UnboxedDeep(v)
		}
		return out
	}
	return Unboxed(x)
}

// Open returns what x holds if it is a box of the type named typ.
func Open(x any) (Value, bool) {
	switch b := x.(type) {
	case Value:
		return b, true
	case Stringer:
		return b.Value, true
	case Error:
		return b.Value, true
	case ErrorStringer:
		return b.Value, true
	}
	return Value{}, false
}

// Unbox returns the value in x, if x is a box of the type named typ.
func Unbox(x any, typ string) (any, bool) {
	if b, ok := Open(x); ok && b.Type == typ {
		return b.V, true
	}
	return nil, false
}

// TypeName is the name of x's type as %T prints it: a box's type, else x's.
func TypeName(x any) string {
	if b, ok := Open(x); ok {
		return b.Type
	}
	if x == nil {
		return "<nil>"
	}
	return fmt.Sprintf("%T", x)
}

// methods holds the methods of the boxed types that fmt and encoding/json use, by type
// name and method name; a cell registers them where it declares them.
// Methods holds the methods that a session's cells register for boxes, so that a type
// another session (or the same after %reset) declares anew under the name does not
// print through the old one's.
type Methods struct {
	m sync.Map // [2]string{type, method} → func(any) string, formatFunc, jsonFunc or viewFunc ("view")
}

// Bound returns the method name (String or Error) that the type named typ registered,
// bound to v, a value of its underlying type; nil if it registered none.
func (ms *Methods) Bound(typ, name string, v any) func() string {
	m, ok := ms.m.Load([2]string{typ, name})
	if !ok {
		return nil
	}
	f, ok := m.(func(any) string)
	if !ok {
		return nil
	}
	return func() string { return f(v) }
}

// Has reports whether the type named typ registered a String or Error method.
func (ms *Methods) Has(typ string) bool {
	for _, name := range []string{"String", "Error"} {
		if m, ok := ms.m.Load([2]string{typ, name}); ok {
			if _, ok := m.(func(any) string); ok {
				return true
			}
		}
	}
	return false
}

// load returns the method name of the type named typ, for b.
func (b Value) load(name string) (any, bool) {
	if b.ms == nil {
		return nil, false
	}
	return b.ms.m.Load([2]string{b.Type, name})
}

// formatFunc is a Format method, of the underlying value.
type formatFunc = func(v any, f fmt.State, verb rune)

// jsonFunc is a MarshalJSON method, of the underlying value.
type jsonFunc = func(v any) ([]byte, error)

// viewFunc returns a view of a value for fmt.
type viewFunc = func(v any) any

// Register records method name (String, Error or GoString) of the type named typ, as a
// function of the underlying value. It returns true, so that a declaration can register
// (var _ = Register(...)).
func (ms *Methods) Register(typ, name string, m func(v any) string) bool {
	ms.m.Store([2]string{typ, name}, m)
	return true
}

// RegisterView records how fmt prints the values of the type named typ, whose elements
// or fields print through methods the bare value lost: m returns a view of a value (see
// package fmtview). A nil m forgets a view registered before.
func (ms *Methods) RegisterView(typ string, m viewFunc) bool {
	if m == nil {
		ms.m.Delete([2]string{typ, "view"})
		return true
	}
	ms.m.Store([2]string{typ, "view"}, m)
	return true
}

// RegisterFormat records the Format method of the type named typ.
func (ms *Methods) RegisterFormat(typ string, m formatFunc) bool {
	ms.m.Store([2]string{typ, "Format"}, m)
	return true
}

// RegisterJSON records the MarshalJSON method of the type named typ.
func (ms *Methods) RegisterJSON(typ string, m jsonFunc) bool {
	ms.m.Store([2]string{typ, "MarshalJSON"}, m)
	return true
}

func (b Value) call(name string) string {
	m, ok := b.load(name)
	if !ok {
		panic(fmt.Sprintf("boxed: %s has no method %s", b.Type, name))
	}
	return m.(func(any) string)(b.V)
}

// view is the fmtview of the boxed value b with methods of its box's type, and those
// the type registered that fmt uses whatever the box (Format, GoString).
func view(b Value, str, err bool) *fmtview.Named {
	n := &fmtview.Named{Type: b.Type, Under: b.V}
	if m, ok := b.load("view"); ok {
		n.Under = m.(viewFunc)(b.V)
	}
	if str {
		n.String = func() string { return b.call("String") }
	}
	if err {
		n.Error = func() string { return b.call("Error") }
	}
	if m, ok := b.load("Format"); ok {
		n.Formatter = func(f fmt.State, verb rune) { m.(formatFunc)(b.V, f, verb) }
	}
	if _, ok := b.load("GoString"); ok {
		n.GoString = func() string { return b.call("GoString") }
	}
	return n
}

// Hidden returns the fmtview of x, if it is a box, as fmt prints a value below an
// unexported field: with its type's name, and without the methods fmt cannot call there.
func Hidden(x any) (*fmtview.Named, bool) {
	b, ok := Open(x)
	if !ok {
		return nil, false
	}
	return &fmtview.Named{Type: b.Type, Under: b.V}, true
}

// Format prints the value as fmt prints the Go value it stands for: through the String
// or Error method a later cell declared, if one did after the value was boxed.
func (b Value) Format(f fmt.State, verb rune) {
	view(b, b.registered("String"), b.registered("Error")).Format(f, verb)
}

// registered reports whether b's type has registered method name.
func (b Value) registered(name string) bool {
	_, ok := b.load(name)
	return ok
}

// Format prints the value as fmt prints the Go value it stands for.
func (b Stringer) Format(f fmt.State, verb rune) { view(b.Value, true, false).Format(f, verb) }

// Format prints the value as fmt prints the Go value it stands for.
func (b Error) Format(f fmt.State, verb rune) { view(b.Value, false, true).Format(f, verb) }

// Format prints the value as fmt prints the Go value it stands for.
func (b ErrorStringer) Format(f fmt.State, verb rune) { view(b.Value, true, true).Format(f, verb) }

// MarshalJSON encodes the value as encoding/json encodes the Go value: by its type's
// MarshalJSON method, or as its underlying value.
func (b Value) MarshalJSON() ([]byte, error) {
	if m, ok := b.load("MarshalJSON"); ok {
		return m.(jsonFunc)(b.V)
	}
	return json.Marshal(b.V)
}
