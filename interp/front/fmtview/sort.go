package fmtview

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
)

// entry is one entry of a map.
type entry struct{ key, elem any }

// sortedEntries returns m's entries in the order fmt prints them: sorted by key, with
// the ordering of the standard library's internal/fmtsort.
func sortedEntries(m *Map) []entry {
	var es []entry
	if m.Range != nil {
		m.Range(func(k, e any) { es = append(es, entry{k, e}) })
	}
	slices.SortStableFunc(es, func(a, b entry) int { return compare(a.key, b.key) })
	return es
}

// compare orders two keys of one map type, looking through views to the values they
// stand for: numbers and strings by value, false before true, pointers by address,
// structs and arrays field by field, interfaces by type and then value.
func compare(a, b any) int {
	if x, ok := a.(*Hidden); ok {
		a = x.V // a field's value, which fmt compares as it compares any other
	}
	if y, ok := b.(*Hidden); ok {
		b = y.V
	}
	// A nil interface field sorts first, as fmt sorts nil.
	if _, ok := a.(*NilInterface); ok {
		a = nil
	}
	if _, ok := b.(*NilInterface); ok {
		b = nil
	}
	switch x := a.(type) {
	case *Named:
		if y, ok := b.(*Named); ok {
			return compare(x.Under, y.Under)
		}
	case *Struct:
		if y, ok := b.(*Struct); ok {
			for i := range min(len(x.Fields), len(y.Fields)) {
				if c := compare(x.Fields[i], y.Fields[i]); c != 0 {
					return c
				}
			}
			return 0
		}
		if yv := reflect.ValueOf(b); yv.Kind() == reflect.Struct && yv.NumField() == len(x.Fields) {
			return compareMixed(x, yv) // a key that needed no view, among keys that did
		}
	}
	if y, ok := b.(*Struct); ok {
		if xv := reflect.ValueOf(a); xv.Kind() == reflect.Struct && xv.NumField() == len(y.Fields) {
			return -compareMixed(y, xv)
		}
	}
	switch x := a.(type) {
	case *Seq:
		if y, ok := b.(*Seq); ok {
			for i := range min(x.Len, y.Len) {
				if c := compare(x.At(i), y.At(i)); c != 0 {
					return c
				}
			}
			return 0
		}
	case *Pointer:
		if y, ok := b.(*Pointer); ok {
			return compare(address(x), address(y))
		}
	}
	return compareValues(reflect.ValueOf(a), reflect.ValueOf(b))
}

// compareMixed orders x, the view of a struct, and y, a struct value of the same type.
func compareMixed(x *Struct, y reflect.Value) int {
	for i, f := range x.Fields {
		switch v := f.(type) {
		case *Hidden:
			f = v.V
		case *NilInterface:
			f = nil
		}
		yf := y.Field(i)
		if yf.Kind() == reflect.Interface {
			yf = yf.Elem()
		}
		if c := compareValues(reflect.ValueOf(f), yf); c != 0 {
			return c
		}
	}
	return 0
}

func address(p *Pointer) uintptr {
	if rv := held(p.Addr); !p.Nil && rv.Kind() == reflect.Pointer {
		return uintptr(rv.UnsafePointer())
	}
	return 0
}

// compareValues orders plain values as fmtsort does.
func compareValues(a, b reflect.Value) int {
	if !a.IsValid() || !b.IsValid() {
		return cmp.Compare(boolInt(a.IsValid()), boolInt(b.IsValid()))
	}
	if a.Type() != b.Type() {
		// Keys of an interface type: by type first, as fmtsort orders them, by the
		// addresses of the types.
		return cmp.Compare(reflect.ValueOf(a.Type()).Pointer(), reflect.ValueOf(b.Type()).Pointer())
	}
	switch a.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return cmp.Compare(a.Int(), b.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return cmp.Compare(a.Uint(), b.Uint())
	case reflect.String:
		return cmp.Compare(a.String(), b.String())
	case reflect.Float32, reflect.Float64:
		return cmp.Compare(a.Float(), b.Float())
	case reflect.Complex64, reflect.Complex128:
		if c := cmp.Compare(real(a.Complex()), real(b.Complex())); c != 0 {
			return c
		}
		return cmp.Compare(imag(a.Complex()), imag(b.Complex()))
	case reflect.Bool:
		return cmp.Compare(boolInt(a.Bool()), boolInt(b.Bool()))
	case reflect.Pointer, reflect.UnsafePointer, reflect.Chan:
		return cmp.Compare(a.Pointer(), b.Pointer())
	case reflect.Struct:
		for i := range a.NumField() {
			if c := compareValues(a.Field(i), b.Field(i)); c != 0 {
				return c
			}
		}
		return 0
	case reflect.Array:
		for i := range a.Len() {
			if c := compareValues(a.Index(i), b.Index(i)); c != 0 {
				return c
			}
		}
		return 0
	case reflect.Interface:
		return compareValues(a.Elem(), b.Elem())
	}
	return cmp.Compare(fmt.Sprint(a), fmt.Sprint(b))
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
