package interp

import (
	"context"
	"fmt"
	"go/parser"
)

// EvalExpression evaluates one Go expression in the session's current state and returns
// its MIME bundle, as Jupyter's user_expressions want. Anything it prints is discarded;
// it cannot declare anything. Expressions without a value give an empty bundle.
func (s *Session) EvalExpression(ctx context.Context, expr string) (data map[string]any, err *Error) {
	if _, perr := parser.ParseExpr(expr); perr != nil {
		return nil, newError("CompileError", fmt.Sprintf("user expression %q: %v", expr, perr))
	}
	res := s.Execute(ctx, expr, 0, discard{})
	if res.Err != nil {
		return nil, res.Err
	}
	if res.Data == nil {
		return map[string]any{}, nil
	}
	return res.Data, nil
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
