package interp

import (
	"reflect"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/traefik/yaegi/stdlib"

	"github.com/descentlab/descent/interp/symbols"
)

var keywords = []string{
	"break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough",
	"for", "func", "go", "goto", "if", "import", "interface", "map", "package", "range",
	"return", "select", "struct", "switch", "type", "var",
}

var builtins = []string{
	"append", "bool", "byte", "cap", "close", "complex", "complex128", "complex64", "copy",
	"delete", "error", "false", "float32", "float64", "imag", "int", "int16", "int32", "int64",
	"int8", "iota", "len", "make", "new", "nil", "panic", "print", "println", "real",
	"recover", "rune", "string", "true", "uint", "uint16", "uint32", "uint64", "uint8",
	"uintptr", "any",
}

// byteOffset converts a cursor in code points into a byte offset in code.
func byteOffset(code string, cursor int) int {
	off := 0
	for i := 0; i < cursor && off < len(code); i++ {
		_, n := utf8.DecodeRuneInString(code[off:])
		off += n
	}
	return off
}

func isIdentRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// wordAt returns the identifier around byte offset off, the qualifier before its dot
// ("opt" in "opt.New"), and the identifier's byte range. With toEnd false the word ends
// at off (completion); with toEnd true it extends past off (inspection).
func wordAt(code string, off int, toEnd bool) (qual, word string, start, end int) {
	start = off
	for start > 0 {
		r, n := utf8.DecodeLastRuneInString(code[:start])
		if !isIdentRune(r) {
			break
		}
		start -= n
	}
	end = off
	if toEnd {
		for end < len(code) {
			r, n := utf8.DecodeRuneInString(code[end:])
			if !isIdentRune(r) {
				break
			}
			end += n
		}
	}
	word = code[start:end]
	if start > 0 && code[start-1] == '.' {
		q := start - 1
		for q > 0 {
			r, n := utf8.DecodeLastRuneInString(code[:q])
			if !isIdentRune(r) {
				break
			}
			q -= n
		}
		qual = code[q : start-1]
	}
	return qual, word, start, end
}

// pkgSymbols returns the exported symbols of the compiled package at path.
func pkgSymbols(path string) map[string]reflect.Value {
	name := packages[path]
	if m, ok := symbols.Symbols[path+"/"+name]; ok {
		return m
	}
	return stdlib.Symbols[path+"/"+name]
}

// Complete returns the names that can replace code[start:end] at cursor, where cursor,
// start and end count Unicode code points: exported names of a package after "pkg.",
// fields and methods of a global after "v.", and otherwise the cell's globals, imported
// package names, keywords and builtins. It waits for an executing cell to finish.
func (s *Session) Complete(code string, cursor int) (matches []string, start, end int) {
	execMu.Lock() // the interpreter is not safe for use during an execution
	defer execMu.Unlock()
	defer func() {
		if recover() != nil {
			matches = nil
		}
	}()
	off := byteOffset(code, cursor)
	qual, prefix, bstart, _ := wordAt(code, off, false)
	start = utf8.RuneCountInString(code[:bstart])
	end = cursor
	var cands []string
	switch {
	case qual != "":
		if p, ok := s.imports[qual]; ok && !s.shadowed(qual) {
			for n := range pkgSymbols(p) {
				if !strings.HasPrefix(n, "_") {
					cands = append(cands, n)
				}
			}
		} else if v, ok := s.globals()[qual]; ok && v.IsValid() {
			cands = members(v)
			for m := range s.decls.methodsOf(s.globalDecl(qual)) {
				cands = append(cands, m)
			}
		}
	default:
		cands = append(cands, keywords...)
		cands = append(cands, builtins...)
		cands = append(cands, s.decls.names()...)
		for n := range s.imports {
			if n != hookName {
				cands = append(cands, n)
			}
		}
	}
	seen := map[string]bool{}
	for _, c := range cands {
		if strings.HasPrefix(c, prefix) && !seen[c] {
			seen[c] = true
			matches = append(matches, c)
		}
	}
	sort.Strings(matches)
	return matches, start, end
}

// members lists the exported fields and methods of a value, as far as reflection sees
// them (types declared in cells show their fields but not their methods).
func members(v reflect.Value) []string {
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	t := v.Type()
	var l []string
	for i := 0; i < t.NumMethod(); i++ {
		l = append(l, t.Method(i).Name)
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Struct {
		for i := 0; i < t.NumField(); i++ {
			if f := t.Field(i); f.IsExported() {
				l = append(l, f.Name)
			}
		}
	}
	return l
}

// shadowed reports whether a cell declared a global named like an imported package, as
// in vec := []float64{1}; the global then hides the package.
func (s *Session) shadowed(name string) bool {
	_, ok := s.decls.global(name)
	return ok
}
