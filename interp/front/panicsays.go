package front

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"regexp"
	"strings"
)

// Which panic call fired. The interpreter reports a frame at the first node its function
// ran, so a function with several panic calls left the line of the one that fired unknown
// (the first was reported, "or line 6, 8" after it). A call whose message can be told
// from its source (a constant string, or the format of fmt.Sprintf, fmt.Errorf or
// errors.New) records a pattern of it; of such calls, only those whose pattern matches
// the panic's message stay candidates, next to the calls whose message is not known.

// panicSays returns the anchored pattern of the message that call, a call of panic,
// panics with, or "" when the source does not tell it.
func (k *check) panicSays(call *ast.CallExpr) string {
	if len(call.Args) != 1 {
		return ""
	}
	p := k.messagePattern(call.Args[0])
	if t, ok := k.tinfo.TypeOf(call.Args[0]).(*types.Basic); ok && p == anything {
		// A value Go prints as it is (a named type's gets its name around it).
		switch {
		case t.Info()&types.IsInteger != 0:
			p = "-?[0-9]+"
		case t.Info()&types.IsFloat != 0:
			p = "(?:[-+]?[0-9][0-9.e+-]*|NaN|[-+]Inf)"
		case t.Info()&types.IsBoolean != 0:
			p = "(?:true|false)"
		}
	}
	if p == anything {
		return ""
	}
	return "^" + p + "$"
}

// anything is the pattern of a part of a message that the source does not tell.
const anything = "(?s:.*)"

// messagePattern returns the pattern of the text e makes: a constant string as it is, a
// concatenation, errors.New, fmt.Sprintf, fmt.Errorf and fmt.Sprint by their parts,
// anything else as anything.
func (k *check) messagePattern(e ast.Expr) string {
	e = ast.Unparen(e)
	if s, ok := k.constString(e); ok {
		return regexp.QuoteMeta(s)
	}
	switch e := e.(type) {
	case *ast.Ident:
		// A local variable set once, where it is declared (msg := "bad input";
		// err := errors.New(…)): what it was set to.
		if v := k.setOnce(e); v != nil {
			return k.messagePattern(v)
		}
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			return join(k.messagePattern(e.X), k.messagePattern(e.Y))
		}
	case *ast.CallExpr:
		sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr)
		if !ok || len(e.Args) == 0 {
			break
		}
		pn, ok := k.tinfo.Uses[identOf(sel.X)].(*types.PkgName)
		if !ok {
			break
		}
		switch pn.Imported().Path() + "." + sel.Sel.Name {
		case "errors.New":
			return k.messagePattern(e.Args[0])
		case "fmt.Sprintf", "fmt.Errorf":
			if format, ok := k.constString(e.Args[0]); ok && !e.Ellipsis.IsValid() {
				return formatPattern(format)
			}
		case "fmt.Sprint":
			if e.Ellipsis.IsValid() {
				break
			}
			p := ""
			for i, a := range e.Args {
				if i > 0 {
					p = join(p, " ?") // a space between operands neither of which is a string
				}
				p = join(p, k.messagePattern(a))
			}
			return p
		}
	}
	return anything
}

// join concatenates two patterns, with one anything for two in a row.
func join(a, b string) string {
	if strings.HasSuffix(a, anything) && strings.HasPrefix(b, anything) {
		return a + b[len(anything):]
	}
	return a + b
}

// constString returns the value of e when it is a constant of type string (or untyped):
// one of a named type prints otherwise (main.Reason("…"), or through its methods).
func (k *check) constString(e ast.Expr) (string, bool) {
	tv, ok := k.tinfo.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	if _, basic := types.Unalias(tv.Type).(*types.Basic); !basic {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// formatPattern returns the pattern of what a fmt format may print: its text as written,
// anything for each verb.
func formatPattern(format string) string {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			j := strings.IndexByte(format[i:], '%')
			if j < 0 {
				j = len(format) - i
			}
			b.WriteString(regexp.QuoteMeta(format[i : i+j]))
			i += j - 1
			continue
		}
		if i+1 < len(format) && format[i+1] == '%' {
			b.WriteString("%")
			i++
			continue
		}
		// Flags, width, precision and argument indexes, up to the verb's letter.
		j := i + 1
		for j < len(format) && strings.IndexByte("+-# 0123456789.*[]", format[j]) >= 0 {
			j++
		}
		b.WriteString(anything)
		i = j // the verb
	}
	return b.String()
}

// saysMatch keeps, of fits, the panic calls that may have panicked with msg: those whose
// pattern matches it, first, then those without one. It returns fits itself when none
// would stay.
func saysMatch(fits []site, msg string) []site {
	var said, unknown []site // sites whose panic says msg, and those that may
	for _, f := range fits {
		if f.says == "" {
			unknown = append(unknown, f)
			continue
		}
		if re, err := regexp.Compile(f.says); err != nil || re.MatchString(msg) {
			said = append(said, f)
		}
	}
	if len(said)+len(unknown) == 0 {
		return fits
	}
	// A site known to say msg first: panic("three") rather than an earlier panic(s).
	return append(said, unknown...)
}

// setOnce returns the value a local variable named by id is declared with, when that is
// the only time it is set (no other assignment, increment or address taken), else nil.
func (k *check) setOnce(id *ast.Ident) ast.Expr {
	obj, ok := k.tinfo.Uses[id].(*types.Var)
	if !ok || obj.Parent() == nil || obj.Parent() == k.pkg.Scope() || k.file == nil {
		return nil
	}
	switch set, value := onlySet(k.tinfo, k.file, obj); set := set.(type) {
	case *ast.AssignStmt:
		if set.Tok == token.DEFINE {
			return value
		}
	case *ast.ValueSpec:
		return value
	}
	return nil
}

// onlySet returns the statement or declaration that sets obj, and the value it sets it
// to, where that happens once under root: by an assignment, or a declaration with a
// value other than nil, and no increment, range or address taken (through which it may
// change). Else nil.
func onlySet(info *types.Info, root ast.Node, obj types.Object) (ast.Node, ast.Expr) {
	var set ast.Node
	var value ast.Expr
	sets := 0
	is := func(x ast.Expr) bool {
		id, ok := ast.Unparen(x).(*ast.Ident)
		return ok && info.ObjectOf(id) == obj
	}
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, x := range n.Lhs {
				if is(x) {
					sets++
					set, value = n, nil
					if len(n.Rhs) == len(n.Lhs) {
						value = n.Rhs[i]
					}
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if info.Defs[name] == obj && len(n.Values) > 0 && !(len(n.Values) == len(n.Names) && nilIdent(info, n.Values[i])) {
					sets++
					set, value = n, nil
					if len(n.Values) == len(n.Names) {
						value = n.Values[i]
					}
				}
			}
		case *ast.IncDecStmt:
			if is(n.X) {
				sets++
			}
		case *ast.RangeStmt:
			if n.Tok == token.ASSIGN && (n.Key != nil && is(n.Key) || n.Value != nil && is(n.Value)) {
				sets++
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && is(n.X) {
				sets++
			}
		}
		return true
	})
	if sets != 1 || set == nil {
		return nil, nil
	}
	return set, value
}

// librarySays returns the pattern of the panics of call, a call of a library function or
// method (with the function's name and its package's), as the standard library and gonum word theirs: "floats: destination slice
// length does not match input", "slices.Max: empty list", "mat: dimension mismatch".
// Where a function calls several, the panic's message tells which one panicked.
func (k *check) librarySays(call *ast.CallExpr) (says, name, pkg string) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return "", "", ""
	}
	var fn *types.Func
	if s := k.tinfo.Selections[sel]; s != nil {
		fn, _ = s.Obj().(*types.Func)
	} else {
		fn, _ = k.tinfo.Uses[sel.Sel].(*types.Func)
	}
	if fn == nil || fn.Pkg() == nil {
		return "", "", ""
	}
	name = fn.Name()
	if recv := fn.Type().(*types.Signature).Recv(); recv != nil {
		// A method's receiver type too, which messages name ("sync: negative
		// WaitGroup counter" of wg.Done): "WaitGroup.Done".
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			name = n.Obj().Name() + "." + name
		}
	}
	return "^" + regexp.QuoteMeta(fn.Pkg().Name()) + `(\.` + regexp.QuoteMeta(fn.Name()) + ")?: ", name, fn.Pkg().Name()
}

// namesLib reports whether msg, a library's panic, names the function name as a word;
// for a method, "T.M", its receiver's type T or the method M, whose name may also start
// the message's words in lower case ("sync: unlock of unlocked mutex" of mu.Unlock).
func namesLib(msg, name string) bool {
	if recv, m, ok := strings.Cut(name, "."); ok {
		return namesLib(msg, recv) || namesLib(msg, m) || namesLib(msg, strings.ToLower(m[:1])+m[1:])
	}
	if name == "" {
		return false
	}
	for i := strings.Index(msg, name); i >= 0; {
		end := i + len(name)
		if (i == 0 || !isWordByte(msg[i-1])) && (end == len(msg) || !isWordByte(msg[end])) {
			return true
		}
		next := strings.Index(msg[i+1:], name)
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return false
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
