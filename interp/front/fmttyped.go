package front

import (
	"slices"
	"strings"

	"github.com/descentlab/descent/interp/front/boxed"
	"github.com/descentlab/descent/interp/front/fmtview"
)

// fmtTyped rewrites a format and its operands, known only at run time, so that %T names
// the types of operands that are views or boxes (main.Point, not *fmtview.Named): fmt
// prints %T from the operand's own type, before any method of it is asked. An operand
// that only %T verbs format becomes its type's name, and those verbs %s. (A constant
// format is rewritten as the cell is lowered instead, see fmtArgs.)
func fmtTyped(format string, args []any) (string, []any) {
	if !strings.Contains(format, "T") {
		return format, args
	}
	b := []byte(format)
	copied := false
	for i, vs := range parseVerbs(format) {
		if i >= len(args) {
			continue
		}
		name, ok := viewedTypeName(args[i])
		if !ok || slices.ContainsFunc(vs, func(v fmtVerb) bool { return v.verb != 'T' }) {
			continue
		}
		if !copied {
			args, copied = slices.Clone(args), true
		}
		args[i] = name
		for _, v := range vs {
			b[v.at] = 's'
		}
	}
	return string(b), args
}

// viewedTypeName returns the name of the type of the value that v, a view, a box or an
// error made from a view, stands for.
func viewedTypeName(v any) (string, bool) {
	if e, ok := v.(*errorView); ok {
		v = e.view
	}
	if name, ok := fmtview.TypeName(v); ok {
		return name, true
	}
	if bv, ok := boxed.Open(v); ok {
		return bv.Type, true
	}
	return "", false
}
