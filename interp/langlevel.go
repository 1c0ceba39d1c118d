package interp

// The kernel reports the host's Go version to Jupyter, so users write the Go they know,
// but cells run in yaegi v0.16.1, which implements the language of Go 1.21 without its
// new built-ins. What it then says is baffling: a range over an integer or a function
// panics with "nil type" (no position), and min, max and clear are "undefined" or, in an
// initializer, a "constant definition loop". So the session looks for these constructs
// before anything runs. When the syntax alone proves one (range over an int literal or a
// func literal, a call of min not declared by the user), the cell fails with a clear
// error; when only types could tell (range over a variable), the interpreter's error
// gets a hint naming the suspect.

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
)

const yaegiLevel = "cells run in yaegi, which supports Go 1.21 syntax"

// newSyntax is a construct of a later Go than the interpreter's, found in a cell.
type newSyntax struct {
	pos     string // cell[N]:line:col
	msg     string // what is wrong and what to write instead, without the position
	certain bool   // the syntax proves it; otherwise only a suspect
	builtin string // for a call of min, max or clear: its name
}

// laterBuiltins are the built-ins of Go 1.21 that yaegi v0.16.1 lacks, with what to
// write instead.
var laterBuiltins = map[string]string{
	"min":   "use math.Min for float64, or an if statement",
	"max":   "use math.Max for float64, or an if statement",
	"clear": "for a map use for k := range m { delete(m, k) }, for a slice for i := range s { s[i] = zero }",
}

// intTypes are the predeclared integer types, whose conversions give integers.
var intTypes = map[string]bool{
	"int": true, "int8": true, "int16": true, "int32": true, "int64": true, "rune": true, "byte": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true,
}

// langScope is what decides whether a name in a cell means a predeclared identifier.
type langScope struct {
	declared map[string]bool // names declared anywhere in the cell except top-level funcs, and by earlier cells except funcs
	funcs    map[string]bool // top-level funcs of this cell and earlier ones
}

// predeclared reports whether name certainly means the predeclared identifier.
func (sc langScope) predeclared(name string) bool { return !sc.declared[name] && !sc.funcs[name] }

// isFunc reports whether name certainly means a top-level function.
func (sc langScope) isFunc(name string) bool { return sc.funcs[name] && !sc.declared[name] }

// newScope collects the names units declare, on top of those earlier cells declared
// (globals of the tracker) and the session's import names. It ignores scopes: a name
// declared anywhere in the cell counts as declared everywhere, which only turns
// certainties into suspects.
func newScope(units []unit, earlier map[string]global, imports map[string]string) langScope {
	sc := langScope{declared: map[string]bool{}, funcs: map[string]bool{}}
	for name, g := range earlier {
		if g.kind == "func" {
			sc.funcs[name] = true
		} else {
			sc.declared[name] = true
		}
	}
	for name := range imports {
		sc.declared[name] = true
	}
	add := func(ids ...*ast.Ident) {
		for _, id := range ids {
			sc.declared[id.Name] = true
		}
	}
	addFields := func(fl *ast.FieldList) {
		if fl != nil {
			for _, f := range fl.List {
				add(f.Names...)
			}
		}
	}
	var nodes []ast.Node
	for _, u := range units {
		nodes = append(nodes, u.nodes()...)
	}
	for _, n := range nodes {
		if fd, ok := n.(*ast.FuncDecl); ok && fd.Recv == nil {
			delete(sc.declared, fd.Name.Name) // a redeclaration as a func replaces an earlier var
			sc.funcs[fd.Name.Name] = true
		}
	}
	for _, n := range nodes {
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if n.Tok == token.DEFINE {
					for _, l := range n.Lhs {
						if id, ok := l.(*ast.Ident); ok {
							add(id)
						}
					}
				}
			case *ast.RangeStmt:
				if n.Tok == token.DEFINE {
					for _, e := range []ast.Expr{n.Key, n.Value} {
						if id, ok := e.(*ast.Ident); ok {
							add(id)
						}
					}
				}
			case *ast.ValueSpec:
				add(n.Names...)
			case *ast.TypeSpec:
				add(n.Name)
				addFields(n.TypeParams)
			case *ast.FuncType:
				addFields(n.TypeParams)
				addFields(n.Params)
				addFields(n.Results)
			case *ast.FuncDecl:
				addFields(n.Recv)
			case *ast.ImportSpec:
				if n.Name != nil {
					add(n.Name)
				}
			}
			return true
		})
	}
	return sc
}

// nodes returns the declarations or statements of u.
func (u unit) nodes() []ast.Node {
	var nodes []ast.Node
	for _, d := range u.decls {
		nodes = append(nodes, d)
	}
	for _, st := range u.stmts {
		nodes = append(nodes, st)
	}
	return nodes
}

// findNewSyntax returns the constructs of units that yaegi cannot run, in source order.
func findNewSyntax(units []unit, sc langScope) []newSyntax {
	var found []newSyntax
	for _, u := range units {
		pos := func(p token.Pos) string { return cellPositions(u.fset.Position(p).String()) }
		for _, n := range u.nodes() {
			ast.Inspect(n, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.RangeStmt:
					if f, ok := rangeSyntax(n, sc); ok {
						f.pos = pos(n.For)
						found = append(found, f)
					}
				case *ast.CallExpr:
					if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok {
						if instead, later := laterBuiltins[id.Name]; later {
							found = append(found, newSyntax{
								pos:     pos(id.NamePos),
								msg:     fmt.Sprintf("the built-in %s is new in Go 1.21, and cells run in yaegi, which lacks it: %s", id.Name, instead),
								certain: sc.predeclared(id.Name),
								builtin: id.Name,
							})
						}
					}
				}
				return true
			})
		}
	}
	return found
}

// rangeSyntax judges the range clause of r: certainly over an integer or a function,
// suspected to be (any operand that is not plainly a slice, array, map or string), or
// fine.
func rangeSyntax(r *ast.RangeStmt, sc langScope) (newSyntax, bool) {
	x := ast.Unparen(r.X)
	switch x := x.(type) {
	case *ast.CompositeLit:
		return newSyntax{}, false
	case *ast.BasicLit:
		if x.Kind == token.STRING {
			return newSyntax{}, false
		}
	}
	key := "i"
	if id, ok := r.Key.(*ast.Ident); ok && id.Name != "_" {
		key = id.Name
	}
	intMsg := fmt.Sprintf("range over an integer needs Go 1.22, and %s: use for %s := 0; %s < %s; %s++", yaegiLevel, key, key, renderExpr(r.X, "n"), key)
	if intKind(r.X, sc) != notInt {
		return newSyntax{msg: intMsg, certain: true}, true
	}
	fn := "f"
	if id, ok := x.(*ast.Ident); ok {
		fn = id.Name
	}
	funcMsg := fmt.Sprintf("range over a function needs Go 1.23, and %s: call it with the loop body as its yield function, %s(func(v T) bool { ...; return true })", yaegiLevel, fn)
	if _, ok := x.(*ast.FuncLit); ok {
		return newSyntax{msg: funcMsg, certain: true}, true
	}
	if id, ok := x.(*ast.Ident); ok && sc.isFunc(id.Name) {
		return newSyntax{msg: funcMsg, certain: true}, true
	}
	return newSyntax{msg: fmt.Sprintf("range over %s: if it is an integer, that needs Go 1.22 (a function, Go 1.23), and %s: use for %s := 0; %s < %s; %s++, or call the function with the loop body as its yield function",
		renderExpr(r.X, "this expression"), yaegiLevel, key, key, renderExpr(r.X, "n"), key)}, true
}

// Integer kinds of an expression, as far as syntax tells.
const (
	notInt     = iota // not known to be an integer
	untypedInt        // an untyped integer constant, such as 3 or 'a' << 2
	typedInt          // an int-typed value, such as len(xs) or int(x)
)

// intKind tells whether e is certainly an integer (or a type error, which yaegi would
// not reach for a range over an integer either).
func intKind(e ast.Expr, sc langScope) int {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return intKind(e.X, sc)
	case *ast.BasicLit:
		if e.Kind == token.INT || e.Kind == token.CHAR {
			return untypedInt
		}
	case *ast.UnaryExpr:
		if e.Op == token.ADD || e.Op == token.SUB || e.Op == token.XOR {
			return intKind(e.X, sc)
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.SHL, token.SHR:
			return intKind(e.X, sc) // a shift has the type of its left operand
		case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.AND, token.OR, token.XOR, token.AND_NOT:
			x, y := intKind(e.X, sc), intKind(e.Y, sc)
			switch {
			case x == typedInt || y == typedInt:
				return typedInt // an int, or mismatched types
			case x == untypedInt && y == untypedInt:
				return untypedInt
			}
		}
	case *ast.CallExpr:
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok && sc.predeclared(id.Name) {
			if id.Name == "len" || id.Name == "cap" || intTypes[id.Name] {
				return typedInt
			}
		}
	}
	return notInt
}

// renderExpr prints e as written, for messages, or fallback if that would not read well
// inside a sentence.
func renderExpr(e ast.Expr, fallback string) string {
	s := renderFull(e)
	if s == "" || len(s) > 40 || strings.Contains(s, "\n") {
		return fallback
	}
	return s
}

// languageError returns the error for the first construct of units that certainly needs
// a later Go, or nil.
func languageError(found []newSyntax) *Error {
	for _, f := range found {
		if f.certain {
			return newError("CompileError", f.pos+": "+f.msg)
		}
	}
	return nil
}

// languageHint adds to e, the interpreter's error for a cell, what may have caused it
// among the suspects found in the cell.
func languageHint(e *Error, found []newSyntax) {
	for _, f := range found {
		if f.certain {
			continue
		}
		relevant := false
		if f.builtin != "" {
			relevant = strings.Contains(e.Value, "undefined: "+f.builtin) || strings.HasSuffix(e.Value, "constant definition loop (is a name on the right-hand side undefined?)")
		} else {
			relevant = e.Value == "nil type" // what yaegi panics with on a range it cannot type
		}
		if relevant {
			e.Value += " (" + f.pos + ": " + f.msg + ")"
			e.Traceback[len(e.Traceback)-1] = e.Name + ": " + e.Value
			return
		}
	}
}
