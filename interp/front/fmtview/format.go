package fmtview

import (
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"unsafe"
)

// Format prints the value as fmt prints the Go value it stands for.
func (v *Named) Format(f fmt.State, verb rune) { newPrinter(f, verb).print(v, 0) }

// Format prints the struct as fmt prints the Go struct it stands for.
func (v *Struct) Format(f fmt.State, verb rune) { newPrinter(f, verb).print(v, 0) }

// Format prints the slice or array as fmt prints the Go one it stands for.
func (v *Seq) Format(f fmt.State, verb rune) { newPrinter(f, verb).print(v, 0) }

// Format prints the map as fmt prints the Go map it stands for.
func (v *Map) Format(f fmt.State, verb rune) { newPrinter(f, verb).print(v, 0) }

// Format prints the pointer as fmt prints the Go pointer it stands for.
func (v *Pointer) Format(f fmt.State, verb rune) { newPrinter(f, verb).print(v, 0) }

// Format prints v as fmt prints nil: v stands for a nil operand.
func (v *NilInterface) Format(f fmt.State, verb rune) { newPrinter(f, verb).print(nil, 0) }

// printer prints one operand: the state and verb fmt handed over, and the verb rebuilt
// with its flags, width and precision for the plain values in the tree.
type printer struct {
	f      fmt.State
	verb   rune
	spec   string
	sharpV bool // %#v: Go syntax
	plusV  bool // %+v: field names
}

func newPrinter(f fmt.State, verb rune) *printer {
	p := &printer{f: f, verb: verb, spec: fmt.FormatString(f, verb)}
	if verb == 'v' {
		p.sharpV = f.Flag('#')
		p.plusV = f.Flag('+') && !p.sharpV
	}
	return p
}

func (p *printer) write(s string) { io.WriteString(p.f, s) }

// print prints x, a view or a plain value, depth levels below the operand, following
// fmt's printValue.
func (p *printer) print(x any, depth int) {
	switch v := x.(type) {
	case *Named:
		p.named(v, depth)
	case *Struct:
		if p.sharpV {
			p.write(v.Type)
		}
		p.write("{")
		for i, f := range v.Fields {
			if i > 0 {
				p.sep()
			}
			if (p.plusV || p.sharpV) && v.Names[i] != "" {
				p.write(v.Names[i] + ":")
			}
			p.print(f, depth+1)
		}
		p.write("}")
	case *Seq:
		at := v.At
		if strings.ContainsRune("sqxX", p.verb) && v.Len > 0 {
			// Of bytes (a named uint8 with a String method), fmt prints the bytes and
			// calls no method: []Opt{65, 66} under %s is AB.
			elems := make([]any, v.Len)
			for i := range elems {
				elems[i] = v.At(i)
			}
			if b, ok := bytesOf(elems); ok {
				fmt.Fprintf(p.f, p.spec, b)
				return
			}
			at = func(i int) any { return elems[i] }
		}
		if !p.open(v.Type, v.Nil, "[") {
			return
		}
		for i := range v.Len {
			if i > 0 {
				p.sep()
			}
			p.print(at(i), depth+1)
		}
		p.close()
	case *Map:
		if !p.open(v.Type, v.Nil, "map[") {
			return
		}
		for i, e := range sortedEntries(v) {
			if i > 0 {
				p.sep()
			}
			p.print(e.key, depth+1)
			p.write(":")
			p.print(e.elem, depth+1)
		}
		p.close()
	case *Hidden:
		p.hidden(v.V, depth)
	case *NilInterface:
		if p.sharpV && depth > 0 {
			p.write(v.Type + "(nil)")
			return
		}
		p.plain(nil, "", depth)
	case *Pointer:
		if depth == 0 && !v.Nil {
			if e := v.Elem(); isComposite(e) {
				p.write("&")
				p.print(e, depth+1)
				return
			}
		}
		if !strings.ContainsRune("vpbodxX", p.verb) {
			// A bad verb: fmt names the type and prints the pointer with %v from the top.
			p.write("%!" + string(p.verb) + "(" + v.Type + "=")
			q := *p
			q.verb, q.spec = 'v', p.spec[:len(p.spec)-len(string(p.verb))]+"v"
			q.print(v, 0)
			p.write(")")
			return
		}
		p.pointer(v.Type, v.Nil, v.Addr)
	default:
		p.plain(x, "", depth)
	}
}

// named prints a value of a named type: through the methods fmt calls for the verb, or
// as its underlying value.
func (p *printer) named(v *Named, depth int) {
	switch {
	case v.Formatter != nil:
		p.call(v, "Format", func() string { v.Formatter(p.f, p.verb); return "" }, false)
		return
	case p.sharpV:
		if v.GoString != nil {
			p.call(v, "GoString", v.GoString, true)
			return
		}
	case p.verb == 'v' || p.verb == 's' || p.verb == 'x' || p.verb == 'X' || p.verb == 'q':
		if v.Error != nil {
			p.call(v, "Error", v.Error, false)
			return
		}
		if v.String != nil {
			p.call(v, "String", v.String, false)
			return
		}
	}
	switch v.Under.(type) {
	case *Named, *Struct, *Seq, *Map, *Pointer:
		p.print(v.Under, depth)
	default:
		p.plain(v.Under, v.Type, depth)
	}
}

// call prints what method returns, formatted with the operand's verb (raw for
// GoString), and a method's panic as fmt does.
// PanicWords, when set, puts what a method that fmt called panicked with in the Go
// runtime's words (the interpreter panics with reflect's: "reflect: slice index out of
// range" for an index out of range).
var PanicWords func(v any) any

func (p *printer) call(v *Named, name string, method func() string, raw bool) {
	defer func() {
		if err := recover(); err != nil {
			if v.NilPointer {
				p.write("<nil>") // unpadded, as fmt's catchPanic writes it
				return
			}
			if PanicWords != nil {
				err = PanicWords(err)
			}
			fmt.Fprintf(p.f, "%%!%c(PANIC=%s method: %v)", p.verb, name, err)
		}
	}()
	s := method()
	switch {
	case name == "Format":
	case raw:
		p.write(s)
	default:
		fmt.Fprintf(p.f, p.spec, s)
	}
}

// widthFlags is the operand's flags and width, without precision, for padding <nil>.
func (p *printer) widthFlags() string {
	s := ""
	for _, c := range "-" {
		if p.f.Flag(int(c)) {
			s += string(c)
		}
	}
	if w, ok := p.f.Width(); ok {
		s += strconv.Itoa(w)
	}
	return s
}

// plain prints a value that is not a view: as fmt prints it, except that below the
// top level a pointer to a composite value is an address (fmt, called afresh, would
// print it as at the top). name, if not "", is the name of the type x stands for, which
// a bad verb's message shows.
func (p *printer) plain(x any, name string, depth int) {
	if x == nil && depth > 0 {
		// A nil interface below the top level, whatever the verb.
		fmt.Fprintf(p.f, "%"+p.widthFlags()+"s", "<nil>")
		return
	}
	if depth > 0 && x != nil && !p.hasMethods(x) {
		if rv := reflect.ValueOf(x); rv.Kind() == reflect.Pointer {
			p.pointer(rv.Type().String(), rv.IsNil(), x)
			return
		}
	}
	s := fmt.Sprintf(p.spec, x)
	if p.sharpV && depth > 0 && reflect.TypeOf(x) == bytesType {
		// Go syntax of a []byte says so at the top only; below it fmt names the type
		// []uint8, as reflect spells it.
		s = strings.Replace(s, "[]byte", "[]uint8", 1)
	}
	p.write(p.rename(s, x, name))
}

var bytesType = reflect.TypeFor[[]byte]()

// hidden prints x, a value below an unexported field, without calling its methods or
// those of the values inside it, as fmt does: as the field of such a struct, which fmt
// prints so, with the struct's braces (and the field's name) cut off.
func (p *printer) hidden(x any, depth int) {
	if x == nil || !p.hasMethods(x) && !isComposite(x) {
		p.plain(x, "", depth)
		return
	}
	prefix := "{"
	switch {
	case p.sharpV:
		prefix = "struct { x interface {} }{x:"
	case p.plusV:
		prefix = "{x:"
	}
	s := fmt.Sprintf(p.spec, struct{ x any }{x})
	p.write(strings.TrimSuffix(strings.TrimPrefix(s, prefix), "}"))
}

// rename puts name for the type of x in s, what fmt printed for x, if that is a bad
// verb's message (%!d(float64=1.5) for a named float type), or Go syntax that names the
// type (map[string]int{"a":1} for a named map type).
func (p *printer) rename(s string, x any, name string) string {
	if name == "" || x == nil {
		return s
	}
	under := reflect.TypeOf(x).String()
	bad := "%!" + string(p.verb) + "(" + under + "="
	if strings.HasPrefix(s, bad) {
		return "%!" + string(p.verb) + "(" + name + "=" + s[len(bad):]
	}
	if p.sharpV && strings.HasPrefix(s, under) && !strings.HasPrefix(name, under) {
		switch reflect.TypeOf(x).Kind() {
		case reflect.Map, reflect.Slice, reflect.Array, reflect.Struct:
			return name + s[len(under):]
		}
	}
	return s
}

// hasMethods reports whether fmt would print x through one of its methods.
func (p *printer) hasMethods(x any) bool {
	switch x.(type) {
	case fmt.Formatter:
		return true
	case fmt.GoStringer:
		if p.sharpV {
			return true
		}
	}
	switch x.(type) {
	case error, fmt.Stringer:
		return !p.sharpV
	}
	return false
}

// pointer prints a pointer's address as fmt's fmtPointer does.
func (p *printer) pointer(typ string, isNil bool, addr any) {
	var u unsafe.Pointer
	if rv := held(addr); !isNil && rv.Kind() == reflect.Pointer {
		u = rv.UnsafePointer()
	}
	if p.sharpV {
		p.write("(" + typ + ")(")
		if u == nil {
			p.write("nil")
		} else {
			p.write("0x" + strconv.FormatUint(uint64(uintptr(u)), 16))
		}
		p.write(")")
		return
	}
	p.write(p.rename(fmt.Sprintf(p.spec, u), u, typ))
}

// held is the pointer addr as reflection sees it, out of the interpreter's wrapper if
// it comes in one.
func held(addr any) reflect.Value {
	rv := reflect.ValueOf(addr)
	if x, ok := WrapperHeld(rv); ok {
		return x
	}
	return rv
}

// WrapperHeld returns the value that v, the interpreter's wrapper of a value in a
// compiled interface (a struct whose first field, IValue, holds it), holds, and whether
// v is one.
func WrapperHeld(v reflect.Value) (reflect.Value, bool) {
	if v.Kind() != reflect.Struct || v.NumField() == 0 || v.Type().Field(0).Name != "IValue" {
		return reflect.Value{}, false
	}
	x := v.Field(0)
	if x.Kind() == reflect.Interface {
		x = x.Elem()
	}
	return x, true
}

// open writes the start of a slice or map: its type and "{" in Go syntax (or its type
// and "(nil)" for a nil one, reporting false: nothing follows), else plain.
func (p *printer) open(typ string, isNil bool, plain string) bool {
	if !p.sharpV {
		p.write(plain)
		return true
	}
	p.write(typ)
	if isNil {
		p.write("(nil)")
		return false
	}
	p.write("{")
	return true
}

func (p *printer) sep() {
	if p.sharpV {
		p.write(", ")
	} else {
		p.write(" ")
	}
}

func (p *printer) close() {
	if p.sharpV {
		p.write("}")
	} else {
		p.write("]")
	}
}

// isComposite reports whether a view stands for an array, slice, struct or map (which a
// pointer at the top level prints as &value).
func isComposite(x any) bool {
	switch v := x.(type) {
	case *Named:
		return isComposite(v.Under)
	case *Struct, *Seq, *Map:
		return true
	}
	switch reflect.ValueOf(x).Kind() {
	case reflect.Array, reflect.Slice, reflect.Struct, reflect.Map:
		return true
	}
	return false
}

// bytesOf returns elems as bytes, where each is a byte or a named type's view over one.
func bytesOf(elems []any) ([]byte, bool) {
	b := make([]byte, len(elems))
	for i, x := range elems {
		if n, ok := x.(*Named); ok {
			x = n.Under
		}
		r := reflect.ValueOf(x)
		if !r.IsValid() || r.Kind() != reflect.Uint8 {
			return nil, false
		}
		b[i] = byte(r.Uint())
	}
	return b, true
}
