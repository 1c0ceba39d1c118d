// Package fmtview formats values of a cell's types the way package fmt formats the Go
// values they stand for.
//
// The interpreter hands compiled code a value of a cell's type as a value of an
// anonymous type without methods, or as a wrapper holding a String method and the value:
// fmt then prints the elements of a []Point without their String method, a named int
// with a String method as {1 0x5536672} under %d, and a struct's type under %#v as
// struct { X int }. The front end knows each argument's type, so it hands fmt a view
// instead: a tree of the values below, each of which knows its Go type's name and, for a
// named type, the methods fmt looks for. Views implement fmt.Formatter and print the tree
// with fmt's rules (methods first for %v %s %x %X %q, field names under %+v, Go syntax
// under %#v, addresses for pointers below the top level).
package fmtview

import (
	"fmt"
	"reflect"
)

// Named is a value of a named type that has some of the methods fmt uses. Under is the
// view (or plain value) of its underlying value; a nil method is one the type lacks.
type Named struct {
	Type      string // the type's name, as fmt names it in a bad verb's message
	Under     any
	String    func() string
	Error     func() string
	GoString  func() string
	Formatter func(f fmt.State, verb rune)
	// NilPointer is set for a nil pointer receiver: a method that panics on it prints
	// <nil>, as fmt does.
	NilPointer bool
}

// Struct is a struct value: its type's name as %#v writes it, its fields' names and
// their views.
type Struct struct {
	Type   string
	Names  []string
	Fields []any
}

// Seq is a slice or array: its type's name, whether it is a nil slice, its length, and
// the view of each element (called in order, once).
type Seq struct {
	Type  string
	Nil   bool
	Array bool
	Len   int
	At    func(i int) any
}

// Map is a map: its type's name, whether it is nil, and a function that hands each entry
// to add. The entries print sorted by key, as fmt sorts them.
type Map struct {
	Type  string
	Nil   bool
	Range func(add func(key, elem any))
}

// Pointer is a pointer: its type's name, whether it is nil, the pointer itself as the
// interpreter hands it over (for its address), and the view of what it points to.
type Pointer struct {
	Type string
	Nil  bool
	Addr any
	Elem func() any
}

// Hidden is a value below an unexported field (V, as the interpreter's box or wrapper
// held it): fmt calls none of its methods, nor those of the values inside it.
type Hidden struct{ V any }

// NilInterface is a nil value of an interface type inside another value: %#v names the
// type (error(nil), interface {}(nil)), the other verbs print it as fmt prints nil.
type NilInterface struct{ Type string }

// TypeName returns the name of the type of the value v views, as %T prints it, and
// whether v is a view.
func TypeName(v any) (string, bool) {
	switch v := v.(type) {
	case *Named:
		return v.Type, true
	case *Struct:
		return v.Type, true
	case *Seq:
		return v.Type, true
	case *Map:
		return v.Type, true
	case *Pointer:
		return v.Type, true
	case *NilInterface:
		return "<nil>", true // an operand, where it stands for nil
	case *Hidden:
		return reflect.TypeOf(v.V).String(), true
	}
	return "", false
}
