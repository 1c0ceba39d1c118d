package interp

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/descentlab/descent/interp/symbols"
)

// Inspect describes the name at cursor (in code points), or the function whose call
// parenthesis is just before the cursor: its declaration or type and, for Descent's own
// packages, its doc comment. data is a MIME bundle with text/plain. detail is accepted
// for the protocol; every level gives the same description. Like Complete, it waits
// for an executing cell to finish.
func (s *Session) Inspect(code string, cursor, detail int) (data map[string]any, found bool) {
	execMu.Lock() // the interpreter is not safe for use during an execution
	defer execMu.Unlock()
	defer func() {
		if recover() != nil {
			data, found = nil, false
		}
	}()
	off := byteOffset(code, cursor)
	if off > 0 && off <= len(code) && code[off-1] == '(' {
		off-- // just after "f(": describe f, as a signature hint
	}
	qual, word, _, _ := wordAt(code, off, true)
	if word == "" {
		return nil, false
	}
	text := s.describe(qual, word)
	if text == "" {
		return nil, false
	}
	return map[string]any{"text/plain": text}, true
}

func (s *Session) describe(qual, word string) string {
	if qual != "" {
		if p, ok := s.imports[qual]; ok && !s.shadowed(qual) {
			return describeSymbol(p, word)
		}
		if sig, ok := s.decls.methodsOf(s.globalDecl(qual))[word]; ok {
			return sig
		}
		if v, ok := s.globals()[qual]; ok && v.IsValid() {
			return describeMember(v, word)
		}
		return ""
	}
	if p, ok := s.imports[word]; ok && word != hookName {
		text := "package " + packages[p] + " (\"" + p + "\")"
		if d, ok := symbols.Docs[p]; ok && d.Text != "" {
			text += "\n\n" + d.Text
		}
		return text
	}
	g, ok := s.decls.global(word)
	if !ok {
		return ""
	}
	desc := g.decl
	if v, ok := s.globals()[word]; ok && v.IsValid() && (g.kind == "var" || g.kind == "const") {
		t := typeString(v)
		if desc == "" {
			desc = t
		}
		return fmt.Sprintf("%s %s %s", g.kind, word, desc)
	}
	if g.kind == "func" || g.kind == "type" {
		if fg, ok := s.front.Lookup(word); ok {
			return declDoc(fg)
		}
		return desc
	}
	return fmt.Sprintf("%s %s %s", g.kind, word, desc)
}

// describeSymbol describes pkg.name from the generated docs, or else its Go type.
func describeSymbol(path, name string) string {
	if d, ok := symbols.Docs[path+"."+name]; ok {
		if d.Text == "" {
			return d.Decl
		}
		return d.Decl + "\n\n" + d.Text
	}
	v, ok := pkgSymbols(path)[name]
	if !ok || strings.HasPrefix(name, "_") {
		return ""
	}
	q := packages[path] + "." + name
	t := v.Type()
	switch {
	case t.Kind() == reflect.Func:
		return "func " + q + signature(t, 0)
	case t.Kind() == reflect.Pointer && v.IsNil():
		return "type " + q + " " + kindOf(t.Elem())
	case v.Kind() == reflect.Pointer:
		return "var " + q + " " + t.Elem().String()
	default:
		return "const " + q + " = " + fmt.Sprint(v.Interface())
	}
}

func kindOf(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Struct, reflect.Interface:
		return t.Kind().String()
	}
	return t.String()
}

// describeMember describes a field or method of a global value.
func describeMember(v reflect.Value, name string) string {
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	t := v.Type()
	if m, ok := t.MethodByName(name); ok {
		if d, ok := docForMethod(t, name); ok {
			return d
		}
		return "func (" + t.String() + ") " + name + signature(m.Type, 1)
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Struct {
		if f, ok := t.FieldByName(name); ok {
			return fmt.Sprintf("field %s %s", name, f.Type)
		}
	}
	return ""
}

// docForMethod finds the generated doc of a method of one of Descent's types.
func docForMethod(t reflect.Type, name string) (string, bool) {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	d, ok := symbols.Docs[t.PkgPath()+"."+t.Name()+"."+name]
	if !ok {
		return "", false
	}
	if d.Text == "" {
		return d.Decl, true
	}
	return d.Decl + "\n\n" + d.Text, true
}

// signature formats the parameters and results of function type t, skipping the first
// skip parameters (a method's receiver).
func signature(t reflect.Type, skip int) string {
	var in []string
	for i := skip; i < t.NumIn(); i++ {
		p := t.In(i).String()
		if t.IsVariadic() && i == t.NumIn()-1 {
			p = "..." + t.In(i).Elem().String()
		}
		in = append(in, p)
	}
	var out []string
	for i := 0; i < t.NumOut(); i++ {
		out = append(out, t.Out(i).String())
	}
	sig := "(" + strings.Join(in, ", ") + ")"
	switch len(out) {
	case 0:
	case 1:
		sig += " " + out[0]
	default:
		sig += " (" + strings.Join(out, ", ") + ")"
	}
	return sig
}
