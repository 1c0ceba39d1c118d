package front

import (
	"fmt"
	"reflect"

	"github.com/descentlab/descent/interp/front/boxed"
	"github.com/descentlab/descent/interp/front/fmtview"
	"github.com/descentlab/descent/interp/front/ifacerecord"
)

// Views made when the value is printed. A value that reaches fmt in an any, in code that
// could not know what it would hold (a helper func dump(v any) of an earlier cell, an
// []any), may hold a cell's values the front end had no view for: the interpreter's
// record of a cell interface's value inside a slice, map or struct prints as its
// internals ({0xc000… {0x… 409}} for Ci{1}), and a cell's struct with a String method
// inside an []any prints without it. dynamicView walks such a value by reflection and
// views what needs it, as the front end's views would.

// dynamicView returns the view of v, and whether it needs one (else v prints right as
// it is).
func dynamicView(v reflect.Value) (any, bool) {
	return dynamicViewAt(v, 0)
}

func dynamicViewAt(v reflect.Value, depth int) (any, bool) {
	if !v.IsValid() || depth > 32 || !v.CanInterface() {
		return nil, false
	}
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return nil, false
		}
		return dynamicViewAt(v.Elem(), depth+1)
	case reflect.Struct:
		if isWrapper(v.Interface()) {
			return nilReceiverView(v.Interface())
		}
		if held, ok := ifacerecord.Held(v); ok {
			if !held.IsValid() {
				return nil, true // a nil interface value: <nil>
			}
			if x, ok := dynamicViewAt(held, depth+1); ok {
				return x, true
			}
			if !held.CanInterface() {
				return nil, false
			}
			return fmtOperand(held.Interface()), true
		}
		if registeredName(v.Interface()) != "" {
			return fmtOperand(v.Interface()), true
		}
		t := v.Type()
		if !mayNeedView(t, map[reflect.Type]bool{}) {
			return nil, false
		}
		names := make([]string, t.NumField())
		fields := make([]any, t.NumField())
		changed := false
		for i := range names {
			if !t.Field(i).IsExported() {
				return nil, false
			}
			x, ok := dynamicViewAt(v.Field(i), depth+1)
			if !ok {
				x = plainElement(v.Field(i))
			}
			changed = changed || ok
			names[i], fields[i] = t.Field(i).Name, x
		}
		if !changed {
			return nil, false
		}
		return &fmtview.Struct{Type: GoTypeNames(t.String()), Names: names, Fields: fields}, true
	case reflect.Slice, reflect.Array:
		t := v.Type()
		if !mayNeedView(t.Elem(), map[reflect.Type]bool{}) {
			return nil, false
		}
		elems := make([]any, v.Len())
		changed := renamed(t) // (%#v names it)
		for i := range elems {
			x, ok := dynamicViewAt(v.Index(i), depth+1)
			if !ok {
				x = plainElement(v.Index(i))
			}
			changed = changed || ok
			elems[i] = x
		}
		if !changed {
			return nil, false
		}
		return &fmtview.Seq{Type: GoTypeNames(t.String()), Nil: v.Kind() == reflect.Slice && v.IsNil(),
			Array: v.Kind() == reflect.Array, Len: len(elems), At: func(i int) any { return elems[i] }}, true
	case reflect.Map:
		t := v.Type()
		if !mayNeedView(t.Key(), map[reflect.Type]bool{}) && !mayNeedView(t.Elem(), map[reflect.Type]bool{}) {
			return nil, false
		}
		var keys, elems []any
		changed := renamed(t)
		for it := v.MapRange(); it.Next(); {
			k, kok := dynamicViewAt(it.Key(), depth+1)
			if !kok {
				k = plainElement(it.Key())
			}
			e, eok := dynamicViewAt(it.Value(), depth+1)
			if !eok {
				e = plainElement(it.Value())
			}
			changed = changed || kok || eok
			keys, elems = append(keys, k), append(elems, e)
		}
		if !changed {
			return nil, false
		}
		return &fmtview.Map{Type: GoTypeNames(t.String()), Nil: v.IsNil(), Range: func(add func(k, e any)) {
			for i := range keys {
				add(keys[i], elems[i])
			}
		}}, true
	case reflect.Pointer:
		if v.IsNil() || registeredName(v.Interface()) == "" {
			return nil, false
		}
		if depth == 0 {
			return fmtOperand(v.Interface()), true
		}
		// Below the top fmt prints a pointer as its address, unless it has methods fmt
		// calls: it is not followed (it may lead round in a cycle).
		return pointerMethods(v.Interface())
	}
	return nil, false
}

// pointerMethods returns the view of p, a pointer to a registered struct below the top
// of what is printed, if its type has a String or Error method (its own or its
// element's): fmt calls it there.
func pointerMethods(p any) (any, bool) {
	rv := reflect.ValueOf(p)
	info, _ := describedAs(rv.Type().Elem().String())
	str, err := info.pstr, info.perror
	if str == nil && err == nil {
		if info.str != nil {
			str = func(p any) string { return info.str(reflect.ValueOf(p).Elem().Interface()) }
		}
		if info.error != nil {
			err = func(p any) string { return info.error(reflect.ValueOf(p).Elem().Interface()) }
		}
	}
	if str == nil && err == nil {
		return nil, false
	}
	n := &fmtview.Named{Type: registeredName(p), Under: p}
	if str != nil {
		n.String = func() string { return str(p) }
	}
	if err != nil {
		n.Error = func() string { return err(p) }
	}
	return n, true
}

// renamed reports whether Go names t other than reflection does: it involves a cell's
// struct type.
func renamed(t reflect.Type) bool {
	return GoTypeNames(t.String()) != t.String()
}

// nilReceiverView returns the view of w, the interpreter's wrapper of a cell's value in
// a compiled interface (error, fmt.Stringer), if it holds a nil pointer, directly or
// embedded (see convertIn): fmt prints <nil> where the method panics on the nil
// receiver, and it sees the wrapper, which is no nil pointer.
func nilReceiverView(w any) (any, bool) {
	v := reflect.ValueOf(unwrapped(w))
	if v.Kind() == reflect.Struct && isWrapper(v.Interface()) {
		v, _ = fmtview.WrapperHeld(v)
	}
	if v.Kind() == reflect.Struct && v.NumField() == 1 && v.Type().Field(0).Anonymous {
		v = v.Field(0)
	}
	if v.Kind() != reflect.Pointer || !v.IsNil() {
		return nil, false
	}
	n := &fmtview.Named{Type: GoTypeNames(v.Type().String()), NilPointer: true}
	if e, ok := w.(error); ok {
		n.Error = e.Error
	}
	if s, ok := w.(fmt.Stringer); ok {
		n.String = s.String
	}
	return n, true
}

// plainElement is what fmt gets for v, an element or field that needs no view: its
// value, or for a nil interface one that %#v names.
func plainElement(v reflect.Value) any {
	if v.Kind() == reflect.Interface && v.IsNil() {
		return &fmtview.NilInterface{Type: GoTypeNames(v.Type().String())}
	}
	return v.Interface()
}

// viewed is what fmt gets for v, a field of a struct being viewed: its view if it needs
// one. Below an unexported field fmt calls no methods: a cell interface's value is
// handed over as it is held, without the ones a view would give it.
func viewed(v reflect.Value, exported bool) any {
	if !exported {
		if held, ok := ifacerecord.Held(v); ok {
			if !held.IsValid() || !held.CanInterface() {
				return nil
			}
			return fmtHidden(held.Interface())
		}
		return fmtHidden(v.Interface())
	}
	if x, ok := dynamicViewAt(v, 1); ok {
		return x
	}
	return v.Interface()
}

// fmtHidden is what fmt gets for x, the value of an interface below an unexported field,
// whose methods fmt would not call: the value the interpreter's box or wrapper holds
// (both of which have the methods), printed without methods (see fmtview.Hidden).
func fmtHidden(x any) any {
	switch {
	case x == nil:
		return nil
	case isWrapper(x):
		x = reflect.ValueOf(x).FieldByName("IValue").Interface()
	default:
		if n, ok := boxed.Hidden(x); ok {
			return n
		} else if held, ok := ifacerecord.Held(reflect.ValueOf(x)); ok {
			if !held.IsValid() || !held.CanInterface() {
				return nil
			}
			x = held.Interface()
		}
	}
	return &fmtview.Hidden{V: x}
}

// mayNeedView reports whether a value of type t may need a view: an interface (by what
// it holds), the interpreter's record of one, a registered struct or a pointer to one,
// or a composite of them.
func mayNeedView(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Interface:
		return true
	case reflect.Struct:
		if ifacerecord.Is(t) || registeredType(t) {
			return true
		}
		for i := range t.NumField() {
			if mayNeedView(t.Field(i).Type, seen) {
				return true
			}
		}
	case reflect.Pointer:
		return t.Elem().Kind() == reflect.Struct && registeredType(t.Elem())
	case reflect.Slice, reflect.Array:
		return mayNeedView(t.Elem(), seen)
	case reflect.Map:
		return mayNeedView(t.Key(), seen) || mayNeedView(t.Elem(), seen)
	}
	return false
}

// registeredType reports whether t, a struct type, is a cell's of a registered name.
func registeredType(t reflect.Type) bool {
	typeNames.Lock()
	defer typeNames.Unlock()
	return typeNames.m[t.String()] != ""
}
