package interp

import (
	"context"
	"fmt"
	"reflect"
	"strings"

	"github.com/descentlab/descent/interp/display"
	"github.com/descentlab/descent/interp/front"
	"github.com/descentlab/descent/interp/internal/hub"
)

// hookPath is the import path of the private package through which the value of a
// cell's final expression reaches the session; cells never see it by name.
const (
	hookPath   = front.HookPath
	hookName   = front.HookName
	resultHook = hookName + ".Result"
	resultVar  = "ᐅresult"
)

// hookResult receives the values of a cell's final expression.
func hookResult(values ...any) {
	if h := hub.Current(); h != nil {
		h.Result(values)
	}
}

// valueFuncs are the compiled functions that receive cell values to show. The interpreter
// wraps values of cell-declared types that they receive in the wrapper of the first of
// mimeInterfaces they implement, so that the compiled side sees their methods.
var valueFuncs = []any{hookResult, display.Show, display.ShowID, display.Update, display.MIME, display.Text}

var mimeInterfaces = []reflect.Type{
	reflect.TypeOf((*display.StringBundler)(nil)).Elem(),
	reflect.TypeOf((*display.Bundler)(nil)).Elem(),
	reflect.TypeOf((*fmt.Stringer)(nil)).Elem(),
}

// runExpr evaluates a cell's final expression and shows its values: all of them, through
// the result hook, or (for a call without results, and for the printing functions, whose
// byte counts nobody wants) it just runs. A conversion is assigned to a variable first:
// the interpreter fails on one as a direct argument of a compiled function. compiled
// reports whether the interpreter accepted the code.
func (s *Session) runExpr(ctx context.Context, c front.Chunk) (res *Result, compiled bool) {
	s.result, s.gotRes, s.errorLast = nil, false, c.ErrorLast
	src := c.Src
	switch {
	case c.Values == 0:
	case c.Conversion:
		src = resultVar + " :=" + c.Value + "\n" + resultHook + "(" + resultVar + ")"
	default:
		src = resultHook + "(" + c.Value + ",\n)"
	}
	if _, err := s.eval(ctx, src); err != nil {
		e := s.convert(ctx, err)
		return &Result{Err: e}, e.Name != "CompileError"
	}
	return s.resultOf(), true
}

func (s *Session) resultOf() *Result {
	if !s.gotRes || len(s.result) == 0 {
		return &Result{}
	}
	if len(s.result) == 1 {
		return &Result{Data: display.MIME(s.result[0]), Metadata: map[string]any{}}
	}
	if len(s.result) == 2 && s.errorLast && s.result[1] == nil {
		// A value and a nil error, as from model.NewMLP(...): the value, shown richly.
		return &Result{Data: display.MIME(s.result[0]), Metadata: map[string]any{}}
	}
	parts := make([]string, len(s.result))
	for i, v := range s.result {
		parts[i] = display.Text(v)
	}
	return &Result{Data: map[string]any{"text/plain": strings.Join(parts, ", ")}, Metadata: map[string]any{}}
}
