package interp

import (
	"context"
	"fmt"
	"go/parser"
	"strings"

	"github.com/descentlab/descent/interp/front"
)

// EvalExpression evaluates one Go expression in the session's current state and returns
// its MIME bundle, as Jupyter's user_expressions want. Anything it prints is discarded;
// it cannot declare anything. Expressions without a value give an empty bundle.
func (s *Session) EvalExpression(ctx context.Context, expr string) (data map[string]any, err *Error) {
	if _, perr := parser.ParseExpr(expr); perr != nil {
		return nil, newError("CompileError", fmt.Sprintf("user expression %q: %v", expr, perr))
	}
	res := s.Execute(ctx, expr, exprCell, discard{})
	if res.Err != nil {
		return nil, exprError(expr, res.Err)
	}
	if res.Data == nil {
		return map[string]any{}, nil
	}
	return res.Data, nil
}

// exprCell is the cell number user expressions run as (see front.ExprCell).
const exprCell = front.ExprCell

// exprError rewrites an error of the user expression expr to name the expression rather
// than a cell: `user expression "x +": 1:3: ...`, since several expressions come with
// one request and none has a cell number.
func exprError(expr string, e *Error) *Error {
	name := fmt.Sprintf("user expression %q", expr)
	at := front.CellName(exprCell) + ":"
	// Once the message names the expression, later positions in it need no name.
	value := name + ": " + strings.ReplaceAll(strings.TrimPrefix(e.Value, at), at, "")
	trace := make([]string, 0, len(e.Traceback))
	for _, l := range e.Traceback[:len(e.Traceback)-1] {
		trace = append(trace, strings.ReplaceAll(l, at, name+": "))
	}
	return newError(e.Name, value, trace...)
}

// discard is an Output that drops everything and refuses input.
type discard struct{}

func (discard) Stream(string, string)                          {}
func (discard) Display(map[string]any, map[string]any, string) {}
func (discard) UpdateDisplay(map[string]any, map[string]any, string) {
}
func (discard) ClearOutput(bool) {}
func (discard) Input(string, bool) (string, error) {
	return "", fmt.Errorf("user expressions cannot read input")
}
