package front

import (
	"go/ast"
	"go/types"
	"reflect"

	"github.com/descentlab/descent/interp/front/ifacerecord"
)

// reflect.DeepEqual on values of a cell's interface types. A slice, map, array or struct
// field of such a type holds the interpreter's records of the values, which DeepEqual
// compares by their internals: DeepEqual([]Sched{Const{1}}, []Sched{Const{1}}) was false.
// A cell's call is the session's, which compares what the records hold:
//
//	reflect.DeepEqual(a, b)  →  ᐅdescent.DeepEqual(a, b)

// deepEqualCall lowers c if it calls reflect.DeepEqual.
func (l *lowerer) deepEqualCall(c *ast.CallExpr, depth int) {
	if _, lib := l.src.(*sourcePackage); lib || len(c.Args) != 2 {
		return
	}
	id := nameOf(c.Fun)
	if id == nil {
		return
	}
	fn, ok := l.info().Uses[id].(*types.Func)
	if !ok || fn.FullName() != "reflect.DeepEqual" {
		return
	}
	l.add(l.off(c.Fun.Pos()), l.off(c.Fun.End())-l.off(c.Fun.Pos()), HookName+".DeepEqual", depth)
	// A value of a named non-struct type goes in its box, which keeps its type
	// (DeepEqual(Celsius(1), 1.0) is false).
	for _, a := range c.Args {
		if t := l.typeOf(a); t != nil {
			if n := l.boxable(l.applied(t)); n != nil {
				l.box(a, n, depth)
			}
		}
	}
}

// deepEqual is reflect.DeepEqual, for which the interpreter's record of a cell
// interface's value is the value it holds.
func deepEqual(a, b any) bool {
	if a == nil || b == nil {
		return a == b
	}
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	if va.Type() != vb.Type() {
		return false
	}
	return deepValueEqual(va, vb, map[deepVisit]bool{})
}

// deepVisit is a comparison under way, of two references of one type: met again (a
// cycle), it holds.
type deepVisit struct {
	a, b uintptr
	t    reflect.Type
}

func deepValueEqual(v1, v2 reflect.Value, visited map[deepVisit]bool) bool {
	if !v1.IsValid() || !v2.IsValid() {
		return v1.IsValid() == v2.IsValid()
	}
	if h1, ok := ifacerecord.Held(v1); ok {
		h2, _ := ifacerecord.Held(v2)
		if !h1.IsValid() || !h2.IsValid() {
			return h1.IsValid() == h2.IsValid()
		}
		return h1.Type() == h2.Type() && deepValueEqual(h1, h2, visited)
	}
	if v1.Type() != v2.Type() {
		return false
	}
	switch v1.Kind() {
	case reflect.Map, reflect.Slice, reflect.Pointer:
		if v1.IsNil() != v2.IsNil() {
			return false
		}
		p1, p2 := v1.Pointer(), v2.Pointer()
		if v1.Kind() != reflect.Slice && p1 == p2 || v1.Kind() == reflect.Slice && p1 == p2 && v1.Len() == v2.Len() {
			return true
		}
		if v1.Kind() == reflect.Slice {
			break // (two slices of one array differ in length; a cycle goes through a pointer or map)
		}
		k := deepVisit{p1, p2, v1.Type()}
		if visited[k] {
			return true
		}
		visited[k] = true
	}
	switch v1.Kind() {
	case reflect.Array, reflect.Slice:
		if v1.Len() != v2.Len() {
			return false
		}
		for i := range v1.Len() {
			if !deepValueEqual(v1.Index(i), v2.Index(i), visited) {
				return false
			}
		}
		return true
	case reflect.Interface:
		if v1.IsNil() || v2.IsNil() {
			return v1.IsNil() == v2.IsNil()
		}
		return v1.Elem().Type() == v2.Elem().Type() && deepValueEqual(v1.Elem(), v2.Elem(), visited)
	case reflect.Pointer:
		return deepValueEqual(v1.Elem(), v2.Elem(), visited)
	case reflect.Struct:
		for i := range v1.NumField() {
			if !deepValueEqual(v1.Field(i), v2.Field(i), visited) {
				return false
			}
		}
		return true
	case reflect.Map:
		if v1.Len() != v2.Len() {
			return false
		}
		for it := v1.MapRange(); it.Next(); {
			e2 := v2.MapIndex(it.Key())
			if !e2.IsValid() || !deepValueEqual(it.Value(), e2, visited) {
				return false
			}
		}
		return true
	case reflect.Func:
		return v1.IsNil() && v2.IsNil()
	case reflect.Bool:
		return v1.Bool() == v2.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v1.Int() == v2.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v1.Uint() == v2.Uint()
	case reflect.Float32, reflect.Float64:
		return v1.Float() == v2.Float()
	case reflect.Complex64, reflect.Complex128:
		return v1.Complex() == v2.Complex()
	case reflect.String:
		return v1.String() == v2.String()
	case reflect.Chan, reflect.UnsafePointer:
		return v1.Pointer() == v2.Pointer()
	}
	return false
}

// holdsRecords reports whether a value of type t, a struct or an array, holds the
// interpreter's record of a cell interface's value in a field or element of its own.
func holdsRecords(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Struct:
		if ifacerecord.Is(t) {
			return true
		}
		for i := range t.NumField() {
			if holdsRecords(t.Field(i).Type, seen) {
				return true
			}
		}
	case reflect.Array:
		return holdsRecords(t.Elem(), seen)
	}
	return false
}

// recordsEqual is v1 == v2 for values of one comparable type that holds records of cell
// interface values, each compared by what it holds (panicking on an uncomparable one).
func recordsEqual(v1, v2 reflect.Value) bool {
	if h1, ok := ifacerecord.Held(v1); ok {
		h2, _ := ifacerecord.Held(v2)
		if !h1.IsValid() || !h2.IsValid() {
			return h1.IsValid() == h2.IsValid()
		}
		if h1.Type() != h2.Type() {
			return false
		}
		if !h1.Type().Comparable() {
			panic(RuntimeError("runtime error: comparing uncomparable type " + GoTypeNames(h1.Type().String())))
		}
		return recordsEqual(h1, h2)
	}
	switch v1.Kind() {
	case reflect.Struct:
		for i := range v1.NumField() {
			if !recordsEqual(v1.Field(i), v2.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Array:
		for i := range v1.Len() {
			if !recordsEqual(v1.Index(i), v2.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Interface:
		if v1.IsNil() || v2.IsNil() {
			return v1.IsNil() == v2.IsNil()
		}
		if v1.Elem().Type() != v2.Elem().Type() {
			return false
		}
		if !v1.Elem().Type().Comparable() {
			panic(RuntimeError("runtime error: comparing uncomparable type " + GoTypeNames(v1.Elem().Type().String())))
		}
		return recordsEqual(v1.Elem(), v2.Elem())
	}
	if v1.CanInterface() && v2.CanInterface() {
		return v1.Interface() == v2.Interface()
	}
	switch v1.Kind() { // an unexported field's
	case reflect.Pointer, reflect.Chan, reflect.UnsafePointer:
		return v1.Pointer() == v2.Pointer()
	}
	return deepValueEqual(v1, v2, map[deepVisit]bool{}) // (a basic value, compared as ==)
}
