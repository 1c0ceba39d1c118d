// Package jsonview reshapes the interpreter's values of a cell's struct types so that
// encoding/json sees the structs Go would.
//
// The interpreter builds a cell's struct type with reflect, which cannot make
// unexported fields or (but for a struct's only field) embedded ones: it renames an
// unexported field x to Xx and makes an embedded field a plain one. encoding/json then
// writes {"Xseed":3} for a field seed that Go's json skips, and nests an embedded
// struct's fields under its name where Go's json promotes them. The front end knows each
// struct's declaration, so it hands json.Marshal a view of the value, of a type made the
// way json would see the declared one (unexported fields gone, embedded fields embedded),
// and has json.Unmarshal decode into such a view and copy the result back.
package jsonview

import (
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/descentlab/descent/interp/front/ifacerecord"
)

// Field is one field of a struct type as a cell declared it.
type Field struct {
	Name     string // as declared; for an embedded field, its type's name
	Embedded bool
}

// Shapes holds the declared fields of struct types, by the type the interpreter made.
type Shapes map[reflect.Type][]Field

// Parse makes Shapes from the types of samples, one value of each struct type, and the
// fields of each as a comma-separated list of names, an embedded field's marked with a
// leading '^' ("^Meta,Name,seed").
func Parse(samples []any, fields []string) Shapes {
	s := Shapes{}
	for i, v := range samples {
		t := reflect.TypeOf(v)
		if t == nil || t.Kind() != reflect.Struct || i >= len(fields) {
			continue
		}
		var fs []Field
		if fields[i] != "" {
			for _, f := range strings.Split(fields[i], ",") {
				name, embedded := strings.CutPrefix(f, "^")
				fs = append(fs, Field{Name: name, Embedded: embedded})
			}
		}
		if len(fs) == t.NumField() {
			s[t] = fs
		}
	}
	return s
}

// View returns v, or a copy of it whose struct values have the types json should see.
func (s Shapes) View(v any) any {
	if v == nil || len(s) == 0 {
		return v
	}
	sh := s.shaper()
	rv := reflect.ValueOf(v)
	t := sh.typ(rv.Type())
	if t == rv.Type() && !sh.holdsAny(t) {
		return v
	}
	out := reflect.New(t).Elem()
	sh.copy(out, rv, false)
	return out.Interface()
}

// Decode has decode (json.Unmarshal's or a Decoder's) fill a view of target, a pointer,
// holding what target points to, then copies the view back into target.
func (s Shapes) Decode(decode func(any) error, target any) error {
	rv := reflect.ValueOf(target)
	if len(s) == 0 || rv.Kind() != reflect.Pointer || rv.IsNil() {
		return decode(target)
	}
	sh := s.shaper()
	t := sh.typ(rv.Type())
	if t == rv.Type() || sh.cyclic {
		return decode(target) // unchanged, or a view could not hold it all
	}
	view := reflect.New(t.Elem())
	sh.copy(view.Elem(), rv.Elem(), false)
	err := decode(view.Interface())
	sh.copy(rv.Elem(), view.Elem(), true)
	return err
}

// shaper makes the types of views, and copies values to and from them.
type shaper struct {
	s      Shapes
	types  map[reflect.Type]reflect.Type
	open   map[reflect.Type]bool // struct types being made, against recursion
	cyclic bool                  // a type refers to itself: its view holds an any there
	anys   map[reflect.Type]bool
}

func (s Shapes) shaper() *shaper {
	return &shaper{s: s, types: map[reflect.Type]reflect.Type{}, open: map[reflect.Type]bool{}, anys: map[reflect.Type]bool{}}
}

// holdsAny reports whether values of type t may hold an any, whose dynamic value may
// need a view of its own.
func (sh *shaper) holdsAny(t reflect.Type) bool {
	if v, ok := sh.anys[t]; ok {
		return v
	}
	sh.anys[t] = false // against recursion
	v := false
	switch t.Kind() {
	case reflect.Interface:
		v = t.NumMethod() == 0
	case reflect.Pointer, reflect.Slice, reflect.Array:
		v = sh.holdsAny(t.Elem())
	case reflect.Struct:
		if ifacerecord.Is(t) {
			v = true // a cell interface's value, as an any holds one
			break
		}
		for i := range t.NumField() {
			if sh.holdsAny(t.Field(i).Type) {
				v = true
				break
			}
		}
	case reflect.Map:
		v = sh.holdsAny(t.Key()) || sh.holdsAny(t.Elem())
	}
	sh.anys[t] = v
	return v
}

var anyType = reflect.TypeFor[any]()

// typ returns the type of t's views: t itself where nothing in it changes.
func (sh *shaper) typ(t reflect.Type) reflect.Type {
	if v, ok := sh.types[t]; ok {
		return v
	}
	var v reflect.Type
	switch t.Kind() {
	case reflect.Pointer:
		if e := sh.typ(t.Elem()); e != t.Elem() {
			v = reflect.PointerTo(e)
		}
	case reflect.Slice:
		if e := sh.typ(t.Elem()); e != t.Elem() {
			v = reflect.SliceOf(e)
		}
	case reflect.Array:
		if e := sh.typ(t.Elem()); e != t.Elem() {
			v = reflect.ArrayOf(t.Len(), e)
		}
	case reflect.Map:
		if e := sh.typ(t.Elem()); e != t.Elem() {
			v = reflect.MapOf(t.Key(), e)
		}
	case reflect.Struct:
		if ifacerecord.Is(t) {
			v = anyType // the value it holds, with its own view
			break
		}
		v = sh.structType(t)
	}
	if v == nil {
		v = t
	}
	if !sh.cyclic {
		sh.types[t] = v // (a type made below a recursion holds an any in its place)
	}
	return v
}

// structType returns the view type of the struct type t, or nil if it is t.
func (sh *shaper) structType(t reflect.Type) reflect.Type {
	if sh.open[t] {
		sh.cyclic = true
		return anyType // the view of a value of t below t: whatever its own view is
	}
	sh.open[t] = true
	defer delete(sh.open, t)
	decl := sh.s[t]
	changed := false
	var fields []reflect.StructField
	for i := range t.NumField() {
		f := t.Field(i)
		ft := sh.typ(f.Type)
		sf := reflect.StructField{Name: f.Name, Type: ft, Tag: f.Tag}
		if ft != f.Type {
			changed = true
		}
		if decl != nil && !decl[i].Embedded && exported(decl[i].Name) && decl[i].Name != f.Name {
			sf.Name, changed = decl[i].Name, true // renamed by the front end (a field named like a promoted method)
		}
		if !inView(decl, i, ft) {
			changed = true
			continue // json skips an unexported field
		}
		if decl != nil && decl[i].Embedded && embeddable(ft) {
			// Embedded, under an exported name: json promotes an embedded struct's
			// fields whatever the name.
			sf.Anonymous = true
			changed = changed || !f.Anonymous
		}
		fields = append(fields, sf)
	}
	if !changed {
		return nil
	}
	return reflect.StructOf(fields) // (which keeps the types it made)
}

// inView reports whether field i of a struct type declared with the fields decl (nil if
// unknown), whose view has type ft, is in the struct's view: exported, or embedded so
// that json promotes its fields.
func inView(decl []Field, i int, ft reflect.Type) bool {
	if decl == nil {
		return true
	}
	return exported(decl[i].Name) || decl[i].Embedded && embeddable(ft)
}

// embeddable reports whether a field of type t can be embedded in a type made by
// reflect.StructOf so that json promotes its fields: a struct, or a pointer to one,
// without methods (StructOf cannot promote methods).
func embeddable(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Kind() == reflect.Struct && t.NumMethod() == 0 && reflect.PointerTo(t).NumMethod() == 0
}

func exported(name string) bool {
	r, _ := utf8.DecodeRuneInString(name)
	return unicode.IsUpper(r)
}

// copy copies src into dst, where one is of a view type of the other; back is whether
// dst is the interpreter's (a view decoded into, copied back).
func (sh *shaper) copy(dst, src reflect.Value, back bool) {
	if dst.Type() == src.Type() && (back || !sh.holdsAny(src.Type())) {
		dst.Set(src)
		return
	}
	if held, ok := ifacerecord.Held(src); ok && !back {
		// A cell interface's value: as an any holding it.
		if !held.IsValid() {
			dst.SetZero()
			return
		}
		src = reflect.New(anyType).Elem()
		src.Set(held)
	}
	switch src.Kind() {
	case reflect.Interface:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		if back {
			// A value decoded into an any held for a type that refers to itself: it is
			// not a view (Decode does not get here for those).
			if src.Elem().Type().AssignableTo(dst.Type()) {
				dst.Set(src.Elem())
			}
			return
		}
		e := src.Elem()
		if dst.Kind() == reflect.Interface {
			t := sh.typ(e.Type())
			if t == e.Type() && !sh.holdsAny(t) {
				dst.Set(e)
				return
			}
			v := reflect.New(t).Elem()
			sh.copy(v, e, false)
			dst.Set(v)
			return
		}
		sh.copy(dst, e, false)
	case reflect.Pointer:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		if dst.Kind() == reflect.Interface { // a type that refers to itself, to an any
			v := reflect.New(sh.typ(src.Type()).Elem())
			sh.copy(v.Elem(), src.Elem(), back)
			dst.Set(v)
			return
		}
		if back && !dst.IsNil() {
			// Into what the interpreter's pointer points to, as json decodes into it.
			sh.copy(dst.Elem(), src.Elem(), back)
			return
		}
		v := reflect.New(dst.Type().Elem())
		sh.copy(v.Elem(), src.Elem(), back)
		dst.Set(v)
	case reflect.Slice:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		v := reflect.MakeSlice(dst.Type(), src.Len(), src.Len())
		for i := range src.Len() {
			sh.copy(v.Index(i), src.Index(i), back)
		}
		dst.Set(v)
	case reflect.Array:
		for i := range src.Len() {
			sh.copy(dst.Index(i), src.Index(i), back)
		}
	case reflect.Map:
		if src.IsNil() {
			dst.SetZero()
			return
		}
		v := reflect.MakeMapWithSize(dst.Type(), src.Len())
		for it := src.MapRange(); it.Next(); {
			e := reflect.New(dst.Type().Elem()).Elem()
			sh.copy(e, it.Value(), back)
			v.SetMapIndex(it.Key(), e)
		}
		dst.Set(v)
	case reflect.Struct:
		if dst.Kind() == reflect.Interface { // a type that refers to itself, to an any
			v := reflect.New(sh.typ(src.Type())).Elem()
			sh.copy(v, src, back)
			dst.Set(v)
			return
		}
		sh.copyStruct(dst, src, back)
	default:
		if src.Type().ConvertibleTo(dst.Type()) {
			dst.Set(src.Convert(dst.Type()))
		}
	}
}

// copyStruct copies the fields a view has between it and the interpreter's struct.
func (sh *shaper) copyStruct(dst, src reflect.Value, back bool) {
	mine, view := src, dst // the interpreter's struct and its view
	if back {
		mine, view = dst, src
	}
	decl := sh.s[mine.Type()]
	j := 0
	for i := range mine.NumField() {
		if !inView(decl, i, sh.typ(mine.Type().Field(i).Type)) {
			continue
		}
		if back {
			sh.copy(mine.Field(i), view.Field(j), true)
		} else {
			sh.copy(view.Field(j), mine.Field(i), false)
		}
		j++
	}
}
