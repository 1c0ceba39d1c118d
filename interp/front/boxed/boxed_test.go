package boxed

import (
	"encoding/json"
	"fmt"
	"testing"
)

// Go types the boxes stand for; their boxes must print and compare as they do.
type celsius float64

func (c celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

type code int

func (c code) Error() string { return fmt.Sprintf("code %d", int(c)) }

type meters float64

type path []string

// ms holds the methods of the tests' boxes, as a session's cells register them.
var ms = new(Methods)

func init() {
	ms.Register("boxed.celsius", "String", func(v any) string { return celsius(v.(float64)).String() })
	ms.Register("boxed.code", "Error", func(v any) string { return code(v.(int)).Error() })
}

func TestFormatAsGo(t *testing.T) {
	cases := []struct {
		real any // the Go value
		box  any // its box
	}{
		{celsius(21.5), ms.New(21.5, "boxed.celsius", true, false)},
		{code(3), ms.New(3, "boxed.code", false, true)},
		{meters(2.5), ms.New(2.5, "boxed.meters", false, false)},
		{path{"a", "b"}, ms.New([]string{"a", "b"}, "boxed.path", false, false)},
	}
	verbs := []string{"%v", "%+v", "%s", "%d", "%q", "%x", "%8.2f", "%-6v|", "%5s"}
	for _, c := range cases {
		for _, verb := range verbs {
			want, got := fmt.Sprintf(verb, c.real), fmt.Sprintf(verb, c.box)
			if got != want {
				t.Errorf("Sprintf(%q) of %T: got %q, want %q", verb, c.real, got, want)
			}
		}
		if got, want := TypeName(c.box), fmt.Sprintf("%T", c.real); got != want {
			t.Errorf("TypeName: got %q, want %q", got, want)
		}
		want, _ := json.Marshal(c.real)
		if got, _ := json.Marshal(c.box); string(got) != string(want) {
			t.Errorf("json of %T: got %s, want %s", c.real, got, want)
		}
	}
	// In a slice and spread, as fmt.Println(row...) prints them.
	row, boxes := []any{celsius(1), 2, meters(3)}, []any{ms.New(1.0, "boxed.celsius", true, false), 2, ms.New(3.0, "boxed.meters", false, false)}
	if got, want := fmt.Sprint(boxes), fmt.Sprint(row); got != want {
		t.Errorf("slice: got %q, want %q", got, want)
	}
}

func TestInterfacesAndEquality(t *testing.T) {
	c := ms.New(21.5, "boxed.celsius", true, false)
	if _, ok := c.(fmt.Stringer); !ok {
		t.Error("a box of a type with String is not a fmt.Stringer")
	}
	if _, ok := c.(error); ok {
		t.Error("a box of a type without Error is an error")
	}
	if e, ok := ms.New(3, "boxed.code", false, true).(error); !ok || e.Error() != "code 3" {
		t.Errorf("error box: %v %v", e, ok)
	}
	if _, ok := ms.New(2.5, "boxed.meters", false, false).(fmt.Stringer); ok {
		t.Error("a box of a type without methods is a fmt.Stringer")
	}
	// == as for the Go values: same type and value.
	if c != ms.New(21.5, "boxed.celsius", true, false) {
		t.Error("equal boxes differ")
	}
	if ms.New(2.5, "boxed.meters", false, false) == ms.New(2.5, "boxed.other", false, false) {
		t.Error("boxes of two types are equal")
	}
	if any(2.5) == ms.New(2.5, "boxed.meters", false, false) {
		t.Error("a box equals its underlying value")
	}
	if v, ok := Unbox(c, "boxed.celsius"); !ok || v != 21.5 {
		t.Errorf("Unbox: %v %v", v, ok)
	}
	if _, ok := Unbox(c, "boxed.meters"); ok {
		t.Error("Unbox of another type held")
	}
	if _, ok := Unbox(21.5, "boxed.celsius"); ok {
		t.Error("Unbox of a plain value held")
	}
}

// A type's own Format, GoString and MarshalJSON methods, registered, are what fmt and
// encoding/json use for its boxes, as they use them for the Go values.
type temp float64

func (t temp) Format(f fmt.State, verb rune) { fmt.Fprintf(f, "%.1f degrees", float64(t)) }
func (t temp) MarshalJSON() ([]byte, error)  { return []byte(`"warm"`), nil }

type tag int

func (t tag) GoString() string { return "tag!" }

func TestRegisteredMethods(t *testing.T) {
	ms.RegisterFormat("boxed.temp", func(v any, f fmt.State, verb rune) { temp(v.(float64)).Format(f, verb) })
	ms.RegisterJSON("boxed.temp", func(v any) ([]byte, error) { return temp(v.(float64)).MarshalJSON() })
	ms.Register("boxed.tag", "GoString", func(v any) string { return tag(v.(int)).GoString() })
	cases := []struct{ real, box any }{
		{temp(21.5), ms.New(21.5, "boxed.temp", false, false)},
		{tag(3), ms.New(3, "boxed.tag", false, false)},
	}
	for _, c := range cases {
		for _, verb := range []string{"%v", "%#v", "%d", "%s"} {
			if got, want := fmt.Sprintf(verb, c.box), fmt.Sprintf(verb, c.real); got != want {
				t.Errorf("Sprintf(%q) of %T: got %q, want %q", verb, c.real, got, want)
			}
		}
		want, _ := json.Marshal(c.real)
		if got, _ := json.Marshal(c.box); string(got) != string(want) {
			t.Errorf("json of %T: got %s, want %s", c.real, got, want)
		}
	}
}
