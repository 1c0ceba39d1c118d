package interp

import (
	"fmt"
	"sort"
	"strings"

	"github.com/descentlab/descent/interp/front"
	"github.com/descentlab/descent/interp/symbols"
)

// %doc answers as go doc does: a package with its overview and every exported name with
// a one-line summary; pkg.Name and pkg.Type.Method with declaration and doc comment; a
// name a cell declared with its declaration and the comment above it.

// godoc returns the %doc page for name, or "".
func (s *Session) godoc(name string) string {
	parts := strings.Split(name, ".")
	if len(parts) == 1 {
		if path, ok := s.packageNamed(name); ok {
			return packageDoc(path)
		}
		if g, ok := s.front.Lookup(name); ok {
			return declDoc(g)
		}
		return s.describe("", name)
	}
	if path, ok := s.packageNamed(parts[0]); ok {
		if len(parts) == 3 {
			if d, ok := symbols.Docs[path+"."+parts[1]+"."+parts[2]]; ok {
				return docText(d)
			}
			return ""
		}
		return describeSymbol(path, parts[1])
	}
	if len(parts) == 2 {
		if sig, ok := s.decls.methodsOf(s.globalDecl(parts[0]))[parts[1]]; ok {
			return sig
		}
		return s.describe(parts[0], parts[1])
	}
	return ""
}

// packageNamed resolves a package name for %doc: an import of the session, or else the
// one importable package of that name (go doc needs no import either).
func (s *Session) packageNamed(name string) (string, bool) {
	if s.isPackage(name) {
		return s.imports[name], true
	}
	if _, declared := s.decls.global(name); declared {
		return "", false
	}
	var found []string
	for p, n := range packages {
		if n == name && p != hookPath {
			found = append(found, p)
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return "", false
}

// declDoc shows a cell's declaration with its doc comment.
func declDoc(g front.Global) string {
	text := g.Decl
	switch g.Kind {
	case "var", "const":
		text = g.Kind + " " + g.Name + " " + g.Decl
	}
	if g.Doc != "" {
		text += "\n\n" + g.Doc
	}
	return text
}

func docText(d symbols.Doc) string {
	if d.Text == "" {
		return d.Decl
	}
	return d.Decl + "\n\n" + d.Text
}

// packageDoc is go doc's page for a package: the overview, then one line per exported
// name (constants, variables, functions, types and their methods).
func packageDoc(path string) string {
	var b strings.Builder
	name := packages[path]
	if name == "" {
		name = path[strings.LastIndexByte(path, '/')+1:]
	}
	fmt.Fprintf(&b, "package %s // import %q\n", name, path)
	if d, ok := symbols.Docs[path]; ok && d.Text != "" {
		b.WriteString("\n" + overview(d.Text) + "\n")
	}
	names := make([]string, 0)
	for n := range pkgSymbols(path) {
		if !strings.HasPrefix(n, "_") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	if len(names) > 0 {
		b.WriteString("\n")
	}
	for _, n := range names {
		line := strings.Replace(describeSymbol(path, n), " "+name+".", " ", 1)
		if d, ok := symbols.Docs[path+"."+n]; ok {
			line = d.Decl
			if sum := summary(d.Text); sum != "" {
				line += "\n    " + sum
			}
		}
		b.WriteString(firstDeclLine(line) + "\n")
		// Methods of a type, as go doc lists them under it.
		var methods []string
		prefix := path + "." + n + "."
		for k := range symbols.Docs {
			if strings.HasPrefix(k, prefix) && !strings.Contains(k[len(prefix):], ".") {
				methods = append(methods, k)
			}
		}
		sort.Strings(methods)
		for _, m := range methods {
			b.WriteString("    " + firstDeclLine(symbols.Docs[m].Decl) + "\n")
		}
	}
	fmt.Fprintf(&b, "\n%%doc %s.Name shows one of them in full.\n", name)
	return b.String()
}

// overview is the part of a package comment a user needs first: everything before the
// first section that is measurements (a "Measured"/"Benchmarks" heading) or, failing that,
// the first few paragraphs.
func overview(text string) string {
	paras := strings.Split(text, "\n\n")
	var keep []string
	for _, p := range paras {
		h := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(p), "#")))
		if strings.HasPrefix(h, "measured") || strings.HasPrefix(h, "benchmark") || strings.HasPrefix(h, "speed") || strings.HasPrefix(h, "performance") {
			break
		}
		keep = append(keep, p)
		if len(keep) == 6 {
			break
		}
	}
	return strings.Join(keep, "\n\n")
}

// summary is the first sentence of a doc comment.
func summary(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	if i := strings.Index(text, ". "); i >= 0 {
		return text[:i+1]
	}
	return text
}

// firstDeclLine keeps a declaration to its first line (a struct's fields are for
// %doc pkg.Type), with the summary lines that follow it.
func firstDeclLine(decl string) string {
	lines := strings.Split(decl, "\n")
	if len(lines) > 1 && strings.HasSuffix(strings.TrimSpace(lines[0]), "{") {
		out := strings.TrimSpace(lines[0]) + " ... }"
		for _, l := range lines[1:] {
			if strings.HasPrefix(l, "    ") && !strings.HasPrefix(l, "     ") {
				out += "\n" + l // the summary we appended
			}
		}
		return out
	}
	return decl
}
