package front

import (
	"go/ast"
	"go/scanner"
	"go/token"
	"go/types"
)

// Map literals in order. Go builds a map literal entry by entry, so an entry's call runs
// after the entries before it are read; the interpreter made the literal's calls first:
// map[string]int{"before": o.steps, "step": o.Step()} read steps after Step. Where a
// later entry calls what may change an earlier one's operands, the literal is built by
// a function literal, entry by entry:
//
//	map[string]int{"a": x, "b": f()}  →  func() map[string]int { ᐅm := make(map[string]int, 2); ᐅm["a"] = x; ᐅm["b"] = f(); return ᐅm }()
//
// (Its commas become semicolons in place, so that lines stay where they are.)

// mapLitOrder lowers c, a composite literal, as above where it needs it.
func (l *lowerer) mapLitOrder(c *ast.CompositeLit, depth int) {
	if c.Type == nil || len(c.Elts) < 2 || l.laterLits > 0 || !plainTypeExpr(c.Type) {
		return // (a type spelled otherwise has edits of its own, which the new text would cross)
	}
	t := l.applied(l.typeOf(c))
	if _, isMap := t.Underlying().(*types.Map); !isMap {
		return
	}
	ts := l.typ(t)
	if ts == "interface{}" {
		return
	}
	reads, needed := false, false
	for _, el := range c.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			return
		}
		for _, e := range []ast.Expr{kv.Key, kv.Value} {
			if lit, ok := ast.Unparen(e).(*ast.CompositeLit); ok && lit.Type == nil {
				return // an element whose type is elided cannot stand alone
			}
		}
		if reads && (l.entryChanges(kv.Key) || l.entryChanges(kv.Value)) {
			needed = true
		}
		reads = reads || !l.constantOrLiteral(kv.Key) || !l.constantOrLiteral(kv.Value)
	}
	if !needed {
		return
	}
	open := "func() " + ts + " { ᐅm := make(" + ts + ", " + itoa(len(c.Elts)) + ");"
	l.add(l.off(c.Pos()), l.off(c.Lbrace)+1-l.off(c.Pos()), open, depth)
	text := l.src.code(c.Pos())
	for i, el := range c.Elts {
		kv := el.(*ast.KeyValueExpr)
		l.add(l.off(kv.Key.Pos()), 0, " ᐅm[", depth)
		l.add(l.off(kv.Colon), 1, "] =", depth)
		// The comma after the entry, if any, ends its statement.
		end := kv.Value.End()
		next := c.Rbrace
		if i+1 < len(c.Elts) {
			next = c.Elts[i+1].Pos()
		}
		if p := commaBetween(text, l.off(end), l.off(next)); p >= 0 {
			l.add(p, 1, ";", depth)
		}
	}
	l.add(l.off(c.Rbrace), 1, "; return ᐅm }()", closing(depth))
}

// entryChanges reports whether e, an entry's key or value, calls what may change a
// cell's variables or memory.
func (l *lowerer) entryChanges(e ast.Expr) bool {
	changes := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			changes = changes || l.mayChangeState(x)
		case *ast.UnaryExpr:
			changes = changes || x.Op == token.ARROW
		}
		return !changes
	})
	return changes
}

// constantOrLiteral reports whether e is a constant or a function literal: reading it
// reads no variable.
func (l *lowerer) constantOrLiteral(e ast.Expr) bool {
	if tv, ok := l.info().Types[e]; ok && tv.Value != nil {
		return true
	}
	_, lit := ast.Unparen(e).(*ast.FuncLit)
	return lit
}

// commaBetween returns the offset of the comma token in text[from:to] (not one in a
// comment), or -1.
func commaBetween(text string, from, to int) int {
	var sc scanner.Scanner
	fset := token.NewFileSet()
	src := []byte(text[from:to])
	sc.Init(fset.AddFile("", -1, len(src)), src, nil, 0)
	for {
		pos, tok, _ := sc.Scan()
		switch tok {
		case token.EOF:
			return -1
		case token.COMMA:
			return from + fset.Position(pos).Offset
		}
	}
}

// plainTypeExpr reports whether e spells a type by names, map, slice, array, pointer and
// channel types only: no instance of a generic type, whose name lowering rewrites.
func plainTypeExpr(e ast.Expr) bool {
	plain := true
	ast.Inspect(e, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.IndexExpr, *ast.IndexListExpr, *ast.FuncType, *ast.StructType, *ast.InterfaceType:
			plain = false
		}
		return plain
	})
	return plain
}
