package interp

import (
	"reflect"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/traefik/yaegi/stdlib"

	"github.com/descentlab/descent/interp/front"
	"github.com/descentlab/descent/interp/symbols"
	opt "github.com/descentlab/descent/optimizers"
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
	if m, st, ok := s.completeSpecial(code, off); ok {
		return m, utf8.RuneCountInString(code[:st]), cursor
	}
	qual, prefix, bstart, _ := wordAt(code, off, false)
	start = utf8.RuneCountInString(code[:bstart])
	end = cursor
	var cands []string
	switch {
	case qual != "" && s.isPackage(qual):
		for n := range pkgSymbols(s.imports[qual]) {
			if !strings.HasPrefix(n, "_") {
				cands = append(cands, n)
			}
		}
		if sourcePackage(s.imports[qual]) {
			cands = append(cands, s.front.PackageNames(s.imports[qual])...)
		}
	case bstart > 0 && code[bstart-1] == '.':
		// Any expression before the dot whose type the front end can tell: a call chain,
		// a field, a variable of a cell's type.
		if x := exprBefore(code, bstart-1); x != "" {
			if t, ok := s.front.ExprType(cellBefore(code, bstart-1, x), x); ok {
				for _, m := range front.Members(t) {
					cands = append(cands, m.Name)
				}
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

// isPackage reports whether name means an imported package (no global hides it).
func (s *Session) isPackage(name string) bool {
	_, ok := s.imports[name]
	return ok && !s.shadowed(name)
}

// sourcePackage reports whether path is one of the generic packages the front end gives
// as source, whose names the symbol tables lack.
func sourcePackage(path string) bool {
	switch path {
	case "cmp", "iter", "maps", "slices":
		return true
	}
	return false
}

// exprBefore returns the operand expression that ends just before byte offset dot: a
// chain of names, selectors, calls and index expressions such as o.Hyper() or
// m.Layers[0].W, or "" if there is none.
func exprBefore(code string, dot int) string {
	i := dot
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(code[:i])
		switch {
		case isIdentRune(r) || r == '.':
			i -= n
		case r == ')' || r == ']':
			open := map[rune]rune{')': '(', ']': '['}[r]
			depth := 0
			j := i
			for j > 0 {
				c, m := utf8.DecodeLastRuneInString(code[:j])
				j -= m
				if c == r {
					depth++
				} else if c == open {
					depth--
					if depth == 0 {
						break
					}
				}
			}
			if depth != 0 {
				return ""
			}
			i = j
		default:
			return strings.TrimLeft(code[i:dot], ".")
		}
	}
	return strings.TrimLeft(code[i:dot], ".")
}

// cellBefore returns the complete statements of the cell before the expression being
// completed, so that variables the cell declares above the cursor are known.
func cellBefore(code string, dot int, x string) string {
	head := code[:dot-len(x)]
	if i := strings.LastIndexByte(head, '\n'); i >= 0 {
		return head[:i]
	}
	return ""
}

// completeSpecial completes where a cell is not Go: a magic name at the start of a line,
// an import path inside quotes, and the hyper-parameter names of an optimizer in the
// map literal of opt.New(name, map[string]any{"...
func (s *Session) completeSpecial(code string, off int) (matches []string, start int, ok bool) {
	lineStart := strings.LastIndexByte(code[:off], '\n') + 1
	line := code[lineStart:off]
	if t := strings.TrimLeft(line, " \t"); strings.HasPrefix(t, "%") && !strings.ContainsAny(t, " \t") {
		for _, m := range magicHelp {
			if strings.HasPrefix("%"+m.name, t) {
				matches = append(matches, "%"+m.name)
			}
		}
		return matches, off - len(t), true
	}
	if q := strings.LastIndexByte(line, '"'); q >= 0 && strings.Count(line, "\"")%2 == 1 {
		prefix := line[q+1:]
		if importContext(code[:lineStart+q]) {
			seen := map[string]bool{}
			for _, p := range append(packageList(), "cmp", "iter", "maps", "slices") {
				if strings.HasPrefix(p, prefix) && !seen[p] {
					seen[p] = true
					matches = append(matches, p)
				}
			}
			sort.Strings(matches)
			return matches, lineStart + q + 1, true
		}
		if m := hyperContext.FindStringSubmatch(code[:lineStart+q]); m != nil {
			for _, h := range hyperNames(m[2]) {
				if strings.HasPrefix(h, prefix) {
					matches = append(matches, h)
				}
			}
			return matches, lineStart + q + 1, true
		}
	}
	return nil, 0, false
}

// hyperContext matches code ending inside the hyper-parameter map of opt.New("name", ...).
var hyperContext = regexp.MustCompile(`(\w+)\.New\(\s*"([^"]+)"\s*,\s*map\[string\](?:any|interface\{\})\{[^}]*$`)

// importContext reports whether code ends where an import path may start: after the
// import keyword, or inside an import ( ... ) group.
func importContext(code string) bool {
	t := strings.TrimRight(code, " \t")
	if strings.HasSuffix(t, "import") {
		return true
	}
	if i := strings.LastIndex(code, "import ("); i >= 0 {
		return !strings.Contains(code[i:], ")")
	}
	return false
}

// shadowed reports whether a cell declared a global named like an imported package, as
// in vec := []float64{1}; the global then hides the package.
func (s *Session) shadowed(name string) bool {
	_, ok := s.decls.global(name)
	return ok
}

// hyperNames returns the hyper-parameter names of the optimizer registered as name.
func hyperNames(name string) []string {
	o, err := opt.New(name, nil)
	if err != nil || o == nil {
		return nil
	}
	return o.Hyper().Names()
}
