package interp

import (
	"fmt"
	"go/constant"
	"reflect"
	"sort"
	"strings"
)

// magic is a line such as "%time" at the top of a cell.
type magic struct {
	name string
	args string
}

// magicHelp describes the magics, in the order %help lists them.
var magicHelp = []struct{ name, help string }{
	{"help", "show this help: magics, preimported names and importable packages"},
	{"doc", "show the signature and documentation of NAME (a package, pkg.Name or your own declaration) in the pager"},
	{"reset", "start a fresh interpreter: every variable, function, type and import is forgotten (the execution count is kept)"},
	{"time", "print the wall time taken by the rest of the cell"},
	{"who", "list the variables, constants, functions and types that cells declared"},
	{"plugins", "list every optimizer, schedule and loss that can be built by name: built-in, from a plugin file (FILE:LINE) or from a cell, with problems of plugin files"},
	{"load", "load a plugin file, or every .go file of a folder: %load PATH (loading it again after an edit replaces its plugins)"},
	{"rerun", "after the kernel restarted its interpreter (a crash, a memory limit, a second interrupt), re-execute in order the cells that had succeeded since the last %reset, stopping at the first error"},
}

func validMagics() string {
	var l []string
	for _, m := range magicHelp {
		l = append(l, "%"+m.name)
	}
	return strings.Join(l, ", ")
}

// parseMagics takes the magic lines off the top of a cell (blank lines and comments may
// come before them). They are blanked rather than removed, so that line numbers in
// errors still match the cell.
func parseMagics(code string) (string, []magic, *Error) {
	lines := strings.Split(code, "\n")
	var ms []magic
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "//") {
			continue
		}
		if !strings.HasPrefix(t, "%") {
			break
		}
		name, args, _ := strings.Cut(t[1:], " ")
		known := false
		for _, m := range magicHelp {
			known = known || m.name == name
		}
		if !known {
			return "", nil, newError("UsageError", fmt.Sprintf("cell line %d: unknown magic %%%s; valid magics: %s", i+1, name, validMagics()))
		}
		ms = append(ms, magic{name, strings.TrimSpace(args)})
		lines[i] = ""
	}
	return strings.Join(lines, "\n"), ms, nil
}

// page returns the pager text for %doc NAME, as go doc would show it (see godoc).
func (s *Session) page(name string) (string, *Error) {
	if name == "" {
		return "", newError("UsageError", "%doc needs a name, such as %doc opt.NewAdam")
	}
	text := s.godoc(name)
	if text == "" {
		return "", newError("UsageError", fmt.Sprintf("%%doc: nothing is known as %q; try a package (opt), pkg.Name (opt.NewAdam), pkg.Type.Method (plots.Figure.Line) or a name a cell declared", name))
	}
	return text, nil
}

// runMagic runs a magic other than %time, which wraps the cell instead.
func (s *Session) runMagic(m magic) *Error {
	switch m.name {
	case "help":
		fmt.Fprint(s.cap.outW, s.help())
	case "reset":
		if err := s.reset(); err != nil {
			return newError("InternalError", err.Error())
		}
		fmt.Fprintln(s.cap.outW, "Interpreter reset: all declarations and imports are cleared.")
	case "who":
		fmt.Fprint(s.cap.outW, s.who())
	case "plugins":
		fmt.Fprint(s.cap.outW, s.listPlugins())
	case "load":
		return s.loadPlugins(m.args)
	}
	return nil
}

func (s *Session) help() string {
	var b strings.Builder
	b.WriteString("Descent Go kernel (cells run in the yaegi interpreter).\n\nMagics, on the first lines of a cell:\n")
	for _, m := range magicHelp {
		fmt.Fprintf(&b, "  %%%-8s %s\n", m.name, m.help)
	}
	b.WriteString("\nPreimported (usable without import):\n")
	names := make([]string, 0, len(s.imports))
	for n := range s.imports {
		if n != hookName {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "  %-10s %s\n", n, s.imports[n])
	}
	b.WriteString("\nImportable compiled packages besides the standard library:\n")
	for _, p := range packageList() {
		if strings.Contains(p, ".") {
			fmt.Fprintf(&b, "  %s\n", p)
		}
	}
	b.WriteString("\nThe value of a cell's last expression is shown; display.Show, display.HTML, display.Markdown,\ndisplay.PNG and display.Update show rich output. kernel.Context() is cancelled on interrupt.\n")
	return b.String()
}

// who lists user declarations with their types.
func (s *Session) who() string {
	names := s.decls.names()
	if len(names) == 0 {
		return "Nothing declared yet.\n"
	}
	vals := s.globals()
	var b strings.Builder
	for _, n := range names {
		g, _ := s.decls.global(n)
		desc := g.decl
		if v, ok := vals[n]; ok && desc == "" && (g.kind == "var" || g.kind == "const") && v.IsValid() {
			desc = typeString(v)
		}
		fmt.Fprintf(&b, "%-12s %-5s %s\n", n, g.kind, firstLine(desc))
	}
	return b.String()
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// globals returns the interpreter's global variables and constants.
func (s *Session) globals() (m map[string]reflect.Value) {
	defer func() {
		if recover() != nil {
			m = nil
		}
	}()
	return s.it.Globals()
}

// typeString is the type of a global as a user would write it, where known.
func typeString(v reflect.Value) string {
	if c, ok := v.Interface().(constant.Value); ok {
		return "= " + c.ExactString() // an untyped constant
	}
	t := v.Type()
	if t.Kind() == reflect.Interface && !v.IsNil() {
		t = v.Elem().Type()
	}
	return t.String()
}
