package front

import (
	"fmt"
	"go/ast"
	"go/types"
	"io"
	"os"
	"reflect"
	"strings"

	"github.com/descentlab/descent/interp/front/boxed"
	"github.com/descentlab/descent/interp/front/fmtview"
)

// Spaces between the operands of fmt.Print, Sprint, Fprint and Append, which fmt adds
// between two operands when neither is a string. A value of a cell's named string type
// (type Name string) reaches fmt as a box or a view, which is no string: fmt.Sprint(a, b)
// of two Names gave "a b" where Go gives "ab". A call whose operands may be such values
// calls a hook instead, which prints each operand as fmt does and spaces them by what
// they stand for:
//
//	fmt.Sprint(a, b)  →  ᐅdescent.FmtSprint(a, b)

// printSpaced are fmt's functions that space their operands, by name, with the hook each
// becomes.
var printSpaced = map[string]string{"Print": "FmtPrint", "Sprint": "FmtSprint", "Fprint": "FmtFprint", "Append": "FmtAppend"}

// printSpacing lowers c, a call, as above when it is one of fmt's printSpaced functions
// with an operand that may be a value of a cell's named string type.
func (l *lowerer) printSpacing(c *ast.CallExpr, depth int) {
	if _, lib := l.src.(*sourcePackage); lib {
		return
	}
	if _, later := l.later[c]; later {
		return // deferred or started as a goroutine: left as it was
	}
	sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	fn, ok := l.info().Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "fmt" || printSpaced[fn.Name()] == "" {
		return
	}
	if _, pkg := l.info().Uses[nameOf(sel.X)].(*types.PkgName); !pkg {
		return
	}
	first := fn.Type().(*types.Signature).Params().Len() - 1
	ops := c.Args[min(first, len(c.Args)):]
	if len(ops) < 2 && !c.Ellipsis.IsValid() {
		return // one operand: nothing to space
	}
	may := false
	for _, a := range ops {
		t := l.applied(l.typeOf(a))
		if s, ok := t.(*types.Slice); ok && c.Ellipsis.IsValid() {
			t = s.Elem()
		}
		if t == nil {
			return
		}
		b, basic := t.Underlying().(*types.Basic)
		_, named := types.Unalias(t).(*types.Named)
		may = may || types.IsInterface(t) || named && basic && b.Info()&types.IsString != 0
	}
	if !may {
		return
	}
	l.add(l.off(c.Fun.Pos()), l.off(c.Fun.End())-l.off(c.Fun.Pos()), HookName+"."+printSpaced[fn.Name()], depth)
}

// spaced prints args as fmt.Sprint does, to w.
func spaced(w io.Writer, args []any) (n int, err error) {
	var b strings.Builder
	prev := false
	for i, a := range args {
		s := stringOperand(a)
		if i > 0 && !s && !prev {
			b.WriteByte(' ')
		}
		fmt.Fprint(&b, a)
		prev = s
	}
	return io.WriteString(w, b.String())
}

// stringOperand reports whether fmt would take a for a string operand: a string, or a
// box, view or interpreter's wrapper of a value of a named string type.
func stringOperand(a any) bool {
	for {
		if a == nil {
			return false
		}
		if b, ok := boxed.Open(a); ok {
			a = b.V
			continue
		}
		if v, ok := a.(*fmtview.Named); ok {
			a = v.Under
			continue
		}
		if isWrapper(a) {
			if h, ok := fmtview.WrapperHeld(reflect.ValueOf(a)); ok && h.CanInterface() {
				a = h.Interface()
				continue
			}
		}
		return reflect.TypeOf(a).Kind() == reflect.String
	}
}

// printHooks are the hooks printSpacing calls.
var printHooks = map[string]reflect.Value{
	"FmtPrint": reflect.ValueOf(func(args ...any) (int, error) { return spaced(os.Stdout, args) }),
	"FmtSprint": reflect.ValueOf(func(args ...any) string {
		var b strings.Builder
		spaced(&b, args)
		return b.String()
	}),
	"FmtFprint": reflect.ValueOf(func(w io.Writer, args ...any) (int, error) { return spaced(w, args) }),
	"FmtAppend": reflect.ValueOf(func(dst []byte, args ...any) []byte {
		var b strings.Builder
		spaced(&b, args)
		return append(dst, b.String()...)
	}),
}
