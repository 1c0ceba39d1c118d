package interp

import (
	"context"
	"fmt"
	"go/ast"
	"reflect"
	"strings"

	"github.com/descentlab/descent/interp/display"
	"github.com/descentlab/descent/interp/internal/hub"
)

// hookPath is the import path of the private package through which the value of a
// cell's final expression reaches the session; cells never see it by name.
const (
	hookPath   = "descent.internal/hook"
	hookName   = "ᐅdescent"
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

// runExpr evaluates a cell's final expression and shows its values. An expression
// with no value (a call of a function without results) cannot be an argument of the
// result hook, so it fails to compile there and runs plainly instead: nothing ran yet.
func (s *Session) runExpr(ctx context.Context, cell int, c chunk) *Result {
	u := c.units[0]
	s.result, s.gotRes = nil, false
	if form := s.exprForm(u); form != formPlain {
		_, err := s.eval(ctx, exprSource(cell, u, form == formAssign))
		if err == nil {
			return s.resultOf()
		}
		if e := s.convert(ctx, err); e.Name != "CompileError" {
			return &Result{Err: e}
		}
	}
	if _, err := s.eval(ctx, c.src); err != nil {
		return &Result{Err: s.convert(ctx, err)}
	}
	return &Result{}
}

// How a final expression is evaluated (see exprSource).
const (
	formDirect = iota // pass it to the result hook
	formAssign        // assign it to a variable, then pass that
	formPlain         // just run it: it has no value worth showing
)

// exprForm chooses how to evaluate the final expression u. Calls that print (fmt.Print*,
// log.Print*, print, println) or cannot have a value (panic, close, delete, clear) run
// plainly; conversions are assigned; everything else, including calls that may return
// several values, goes to the result hook directly.
func (s *Session) exprForm(u unit) int {
	x := ast.Unparen(u.stmts[0].(*ast.ExprStmt).X)
	call, ok := x.(*ast.CallExpr)
	if !ok {
		return formDirect
	}
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		switch fun.Name {
		case "panic", "print", "println", "close", "delete", "clear":
			return formPlain
		}
		if g, ok := s.decls.globals[fun.Name]; ok && g.kind == "type" {
			return formAssign
		}
		for _, b := range builtins {
			if b == fun.Name && fun.Name != "append" && fun.Name != "len" && fun.Name != "cap" &&
				fun.Name != "make" && fun.Name != "new" && fun.Name != "complex" && fun.Name != "real" &&
				fun.Name != "imag" && fun.Name != "copy" && fun.Name != "recover" {
				return formAssign // a conversion such as float64(x)
			}
		}
	case *ast.SelectorExpr:
		pkg, ok := fun.X.(*ast.Ident)
		if !ok {
			break
		}
		path, ok := s.imports[pkg.Name]
		if !ok {
			break
		}
		name := fun.Sel.Name
		if (path == "fmt" || path == "log") && (strings.HasPrefix(name, "Print") || strings.HasPrefix(name, "Fprint")) {
			return formPlain
		}
		if v, ok := pkgSymbols(path)[name]; ok && v.Kind() == reflect.Pointer && v.IsNil() {
			return formAssign // a conversion to a compiled type, such as display.HTML(s)
		}
	case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.InterfaceType, *ast.StarExpr:
		return formAssign
	}
	return formDirect
}

func (s *Session) resultOf() *Result {
	if !s.gotRes || len(s.result) == 0 {
		return &Result{}
	}
	if len(s.result) == 1 {
		return &Result{Data: display.MIME(s.result[0]), Metadata: map[string]any{}}
	}
	parts := make([]string, len(s.result))
	for i, v := range s.result {
		parts[i] = display.Text(v)
	}
	return &Result{Data: map[string]any{"text/plain": strings.Join(parts, ", ")}, Metadata: map[string]any{}}
}

// exprSource returns source that evaluates a final expression and passes its values to
// the kernel's result hook, with positions still those of the cell. With assign, the
// value is first assigned to a variable, which a conversion to a compiled type needs (the
// interpreter fails on one as a direct argument of a compiled function); that form would
// keep only the first of several results, so calls use the direct form.
func exprSource(cell int, u unit, assign bool) string {
	e := lineDirective(cell, u.line, u.col) + strings.TrimSpace(u.run)
	if assign {
		return resultVar + " :=" + e + "\n" + resultHook + "(" + resultVar + ")"
	}
	return resultHook + "(" + e + ",\n)"
}
