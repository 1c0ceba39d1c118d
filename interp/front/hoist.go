package front

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Hoisting. A cell's functions and types are package-level declarations, visible to all of
// its statements; its variables are declared by statements, in order. When a function of
// the cell uses a variable that the cell's own statements declare,
//
//	n := 10
//	func f() int { return n }
//
// the variables are declared ahead, as package variables with their types spelled out,
// and the statements that declared them assign instead (n = 10). The edits keep every
// byte offset where it was, so positions in messages do not move.

// hoistAll hoists every variable the cell's statements declare, when all their types can
// be spelled: the interpreter evaluates an initializer of a variable declared at top
// level as if it were a constant, and fails on ordinary code there (x := s[0] with s a
// slice that compiled code returned is a "constant definition loop"), whereas a declared
// variable assigned by a statement is fine.
func (k *check) hoistAll() {
	if len(k.hoisted) > 0 {
		return // done for the check already
	}
	vars := k.cellVars()
	if len(vars) == 0 {
		return
	}
	shadowed := k.declaredNames()
	for name, v := range vars {
		if _, ok := k.typeString(v.Type(), shadowed); !ok {
			return
		}
		if k.imported(name) {
			return // the interpreter allows a variable := named like a package, not var
		}
	}
	for n := range vars {
		k.hoisted[n] = true
	}
}

// hoistDecls returns the package-level declarations of the hoisted variables, with the
// types the previous check found for them.
func (k *check) hoistDecls(shadowed map[string]bool, forInterp bool) string {
	vars := k.cellVars()
	var b strings.Builder
	for _, n := range sortedKeys(k.hoisted) {
		v := vars[n]
		if v == nil {
			continue
		}
		vt := v.Type()
		if sig, isFunc := vt.(*types.Signature); isFunc {
			// Without its parameters' names, which the interpreter resolves as package
			// names in a variable's type (score := Scorer.Score: "variable definition
			// loop").
			vt = plainSignature(sig)
		}
		t, ok := k.typeString(vt, shadowed)
		if forInterp && ok {
			t = spell(vt, k.qualifier(shadowed), k.instanceOf)
		}
		if !ok {
			t = "interface{}" // a type no name reaches; unusual enough to accept
		}
		b.WriteString("var " + n + " " + t + "\n")
	}
	return b.String()
}

// hoistEdits turns the top-level declarations of hoisted variables into assignments, as
// edits at cell offsets that keep lengths.
func (k *check) hoistEdits() []edit {
	if k.fn == nil {
		return nil
	}
	var edits []edit
	for _, st := range k.fn.Body.List {
		switch st := st.(type) {
		case *ast.AssignStmt:
			if st.Tok != token.DEFINE {
				continue
			}
			if at := k.cellOffset(st.TokPos); at >= 0 {
				edits = append(edits, edit{at: at, del: 2, text: " ="})
			}
		case *ast.DeclStmt:
			gd, ok := st.Decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			edits = append(edits, k.blank(gd.TokPos, gd.TokPos+3)...)
			if gd.Lparen.IsValid() {
				edits = append(edits, k.blank(gd.Lparen, gd.Lparen+1)...)
				edits = append(edits, k.blank(gd.Rparen, gd.Rparen+1)...)
			}
			for _, sp := range gd.Specs {
				vs := sp.(*ast.ValueSpec)
				switch {
				case len(vs.Values) == 0:
					edits = append(edits, k.blank(vs.Pos(), vs.End())...)
				case vs.Type != nil:
					// The "=" moves to where the type began: left after a type of several
					// lines, it would start a statement of its own (var s interface {
					// …
					// } = nil).
					at := k.cellOffset(vs.Type.End())
					eq := -1
					if at >= 0 {
						if i := strings.IndexByte(k.cellText[at:], '='); i >= 0 {
							eq = at + i
						}
					}
					if eq < 0 || strings.TrimSpace(k.cellText[at:eq]) != "" {
						edits = append(edits, k.blank(vs.Type.Pos(), vs.Type.End())...)
						continue
					}
					b := k.blank(vs.Type.Pos(), vs.Type.End()+token.Pos(eq+1-at))
					if len(b) == 1 && len(b[0].text) > 0 {
						b[0].text = "=" + b[0].text[1:]
					}
					edits = append(edits, b...)
				}
			}
		}
	}
	return edits
}

// blank returns the edit that replaces the cell text from..to with spaces (keeping
// newlines, so lines stay).
func (k *check) blank(from, to token.Pos) []edit {
	a, b := k.cellOffset(from), k.cellOffset(to)
	if a < 0 || b < a {
		return nil
	}
	text := []byte(k.cellText[a:b])
	for i, c := range text {
		if c != '\n' {
			text[i] = ' '
		}
	}
	return []edit{{at: a, del: b - a, text: string(text), blank: true}}
}

// typeString spells t in the cell's scope, naming packages by the session's imports (or
// hidden imports it adds). ok is false when no name reaches the type: an unexported type
// of another package, or one declared inside a function; or when it is invalid.
func (c *Checker) typeString(t types.Type, shadowed map[string]bool) (string, bool) {
	if _, tuple := t.(*types.Tuple); tuple {
		return "", false
	}
	ok := true
	other := func(p *types.Package) bool { return p != nil && p.Path() != "main" }
	walkTypes(t, func(t types.Type) bool {
		switch t := t.(type) {
		case *types.Named:
			obj := t.Obj()
			if other(obj.Pkg()) && !obj.Exported() {
				ok = false
			}
			if obj.Pkg() != nil && obj.Parent() != nil && obj.Parent() != obj.Pkg().Scope() && c.hoistedNow[obj] == "" {
				ok = false // declared in a function (and not at package level too: see localtypes.go)
			}
		case *types.Struct:
			for i := 0; i < t.NumFields(); i++ {
				if f := t.Field(i); !f.Exported() && other(f.Pkg()) {
					ok = false
				}
			}
		case *types.TypeParam:
			ok = false
		case *types.Basic:
			ok = ok && t.Kind() != types.Invalid // [n]int of a constant n that failed
		case *types.Interface:
			return false // spelled by its methods' names and signatures as they are
		}
		return ok
	})
	if !ok {
		return "", false
	}
	return spell(t, c.qualifier(shadowed), nil), true
}

// qualifier names packages by a session import that no declaration shadows, else by a
// hidden import, which it adds.
func (c *Checker) qualifier(shadowed map[string]bool) types.Qualifier {
	return func(p *types.Package) string {
		if p.Path() == "main" {
			return ""
		}
		for _, n := range sortedKeys(c.imports) {
			if c.imports[n] == p.Path() && !shadowed[n] && c.names[n] == nil && n != "_" && n != "." {
				return n
			}
		}
		return c.hiddenName(p.Path())
	}
}

// hiddenName returns the name of a hidden import of path, which lowered code uses to
// name the package's types.
func (c *Checker) hiddenName(path string) string {
	if n, ok := c.hidden[path]; ok {
		return n
	}
	n := "ᐅpkg" + itoa(len(c.hidden)+1) // (not ᐅp1: lowerings name parameters so)
	c.hidden[path] = n
	return n
}

func itoa(i int) string {
	var b [20]byte
	n := len(b)
	for {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
		if i == 0 {
			return string(b[n:])
		}
	}
}

// imported reports whether name is bound to a package, by an import of the session or
// one of the cell's own.
func (k *check) imported(name string) bool {
	if _, ok := k.imports[name]; ok {
		return true
	}
	for _, u := range k.units {
		for _, sp := range u.imports {
			if k.importName(sp) == name {
				return true
			}
		}
	}
	return false
}
