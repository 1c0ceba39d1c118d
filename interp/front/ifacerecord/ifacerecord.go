// Package ifacerecord opens the interpreter's record of a value of a cell's interface
// type, which is what a slice, map, array or struct field of that type holds: compiled
// code that walks such a value by reflection (fmt, encoding/json) meets the record, a
// struct with unexported fields, where the value should be.
package ifacerecord

import (
	"reflect"
	"unsafe"
)

// interpPackage is the package of the interpreter's own types.
const interpPackage = "github.com/traefik/yaegi/interp"

// Is reports whether t is the interpreter's record of an interface value (its
// valueInterface).
func Is(t reflect.Type) bool {
	if t.Kind() != reflect.Struct || t.Name() != "valueInterface" || t.PkgPath() != interpPackage {
		return false
	}
	f, ok := t.FieldByName("value")
	return ok && f.Type == reflect.TypeFor[reflect.Value]()
}

// Held returns the value v, a record, holds (invalid for nil), and whether v is one.
// The record's fields are unexported: it is read as the interpreter lays it out.
func Held(v reflect.Value) (reflect.Value, bool) {
	if !Is(v.Type()) {
		return reflect.Value{}, false
	}
	if !v.CanAddr() {
		c := reflect.New(v.Type()).Elem()
		c.Set(v)
		v = c
	}
	f := v.FieldByName("value")
	held := reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().Interface().(reflect.Value)
	if held.IsValid() && held.Kind() == reflect.Interface {
		if held.IsNil() {
			return reflect.Value{}, true
		}
		held = held.Elem()
	}
	return held, true
}
