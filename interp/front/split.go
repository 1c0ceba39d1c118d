package front

import (
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"strconv"
)

// kind is what a top-level unit of a cell is, which decides how the interpreter must
// receive it: yaegi compiles a piece of source either as declarations or as statements,
// never a mix.
type kind int

const (
	kindImport kind = iota // an import declaration
	kindDecl               // func, method, type, var or const declarations
	kindStmt               // statements, run in order at top level
	kindExpr               // the cell's final expression statement, whose value is shown
)

func (k kind) String() string {
	return [...]string{"import", "decl", "stmt", "expr"}[k]
}

// unit is one top-level declaration or statement of a cell.
type unit struct {
	kind       kind
	tok        token.Token // its first token: IMPORT, CONST, VAR, TYPE, FUNC, or another
	src        string      // the unit's text, without trailing comments
	line, col  int         // position of src in the cell, 1-based
	imports    []importSpec
	start, end int      // byte offsets in the cell
	decl       ast.Decl // a declaration's syntax, positioned in the cell
}

type importSpec struct {
	name, path string // name is "" when the import has none
	line, col  int
}

// splitCell cuts a cell into top-level units at depth-0 semicolons (including the ones
// Go inserts at line ends), classifies them and parses each, so that syntax errors are
// found before anything runs. A package clause is dropped. The last unit becomes
// kindExpr when it is an expression statement.
func splitCell(cell int, src string) ([]unit, error) {
	fset := token.NewFileSet()
	file := fset.AddFile(CellName(cell), -1, len(src))
	var errs scanner.ErrorList
	var s scanner.Scanner
	s.Init(file, []byte(src), func(pos token.Position, msg string) { errs.Add(pos, msg) }, 0)

	var units []unit
	var toks []tok
	depth := 0
	header := false
	flush := func() {
		if len(toks) == 0 {
			return
		}
		u := unit{start: toks[0].start, end: toks[len(toks)-1].end, tok: toks[0].t}
		u.src = src[u.start:u.end]
		p := file.Position(file.Pos(u.start))
		u.line, u.col = p.Line, p.Column
		switch toks[0].t {
		case token.PACKAGE:
			toks = toks[:0]
			return
		case token.IMPORT:
			u.kind = kindImport
		case token.CONST, token.VAR, token.TYPE:
			u.kind = kindDecl
		case token.FUNC:
			u.kind = kindStmt
			if len(toks) > 1 && toks[1].t == token.IDENT {
				u.kind = kindDecl
			} else if len(toks) > 1 && toks[1].t == token.LPAREN {
				// A method has a receiver, then its name and "(" (or "[" for type
				// parameters); a function literal has parameters, then a result or "{".
				d := 0
				for i := 1; i < len(toks); i++ {
					switch toks[i].t {
					case token.LPAREN:
						d++
					case token.RPAREN:
						d--
					}
					if d == 0 {
						if i+2 < len(toks) && toks[i+1].t == token.IDENT && (toks[i+2].t == token.LPAREN || toks[i+2].t == token.LBRACK) {
							u.kind = kindDecl
						}
						break
					}
				}
			}
		default:
			u.kind = kindStmt
		}
		units = append(units, u)
		toks = toks[:0]
	}
	var open []token.Token // the brackets open at this point
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		off := file.Offset(pos)
		switch t {
		case token.IF, token.FOR, token.SWITCH:
			// Until its block opens, a header's semicolons ("for i := 0; i < n; i++")
			// do not end the statement.
			header = header || depth == 0
		case token.LBRACE:
			if depth == 0 && !(header && literalBrace(kinds(toks))) {
				header = false
			}
			depth++
			open = append(open, t)
		case token.LPAREN, token.LBRACK:
			depth++
			open = append(open, t)
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
			if t != token.RBRACE && (len(open) == 0 || open[len(open)-1] == token.LBRACE) {
				// One parenthesis too many (return (a + b))): where it stands, the
				// statement has ended.
				errs.Add(file.Position(pos), "syntax error: unexpected "+t.String()+" at end of statement")
				return nil, errs
			}
			if len(open) > 0 && open[len(open)-1] == opener[t] {
				open = open[:len(open)-1]
			}
			if depth < 0 && t == token.RBRACE {
				// A brace that closes nothing: the compiler's words, at the brace; or, after
				// an if or for header that left its brace out, at the end of that line.
				at, msg := file.Position(pos), "syntax error: non-declaration statement outside function body"
				if line, after, ok := headerWithoutBrace(src, at.Line); ok {
					at.Line, at.Column = line, len(lineOf(src, line))+1
					msg = "syntax error: unexpected newline, expected { after " + after + " clause"
				}
				errs.Add(at, msg)
				return nil, errs
			}
		case token.SEMICOLON:
			if depth == 0 && !header {
				flush()
				continue
			}
			if lit == "\n" {
				continue // inserted by the scanner, not in the text
			}
		}
		n := len(t.String())
		if lit != "" {
			n = len(lit)
		}
		toks = append(toks, tok{t, off, min(off+n, len(src))})
	}
	flush()
	if len(errs) > 0 {
		return nil, compilerSyntax(errs, src)
	}
	for i := range units {
		if err := parseUnit(cell, &units[i], i == len(units)-1); err != nil {
			if l, ok := err.(scanner.ErrorList); ok {
				for _, e := range l {
					e.Pos.Filename = CellName(cell)
					e.Pos.Line %= lineBase
				}
				return nil, compilerSyntax(l, src)
			}
			return nil, err
		}
	}
	return units, nil
}

// opener is the bracket that each closing one closes.
var opener = map[token.Token]token.Token{token.RPAREN: token.LPAREN, token.RBRACK: token.LBRACK, token.RBRACE: token.LBRACE}

// parseUnit parses u alone, with positions in the cell, so that a syntax error names the
// unit's own line; it fills u.imports and tells a final expression from other statements.
func parseUnit(cell int, u *unit, last bool) error {
	fset := token.NewFileSet()
	dir := Directive(cell, u.line, u.col)
	switch u.kind {
	case kindImport, kindDecl:
		f, err := parser.ParseFile(fset, "", "package p;"+dir+u.src+"\n", parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, is := range f.Imports {
			spec := importSpec{}
			spec.path, _ = strconv.Unquote(is.Path.Value)
			if is.Name != nil {
				spec.name = is.Name.Name
			}
			p := fset.Position(is.Pos())
			spec.line, spec.col = p.Line%lineBase, p.Column
			u.imports = append(u.imports, spec)
		}
		if len(f.Decls) == 1 {
			u.decl = f.Decls[0]
		}
		return nil
	}
	f, err := parser.ParseFile(fset, "", "package p; func _() {"+dir+u.src+"\n}", parser.SkipObjectResolution)
	if err != nil {
		return err
	}
	stmts := f.Decls[0].(*ast.FuncDecl).Body.List
	if last && len(stmts) == 1 {
		if _, ok := stmts[0].(*ast.ExprStmt); ok {
			u.kind = kindExpr
		}
	}
	return nil
}

// Syntax reports the first syntax error of a cell, or nil; consoles use it to tell a
// runnable cell from a broken one.
func Syntax(src string) error {
	_, err := splitCell(0, src)
	return err
}

// Unit is one top-level piece of a cell, for tools that need a cell's structure (such as
// the test that compiles notebooks as Go programs).
type Unit struct {
	// Kind is "import", "decl" (a type, func, method or const declaration), "var", "stmt"
	// or "expr" (a final expression statement).
	Kind      string
	Text      string
	Line, Col int
}

// Units splits a cell into its top-level pieces.
func Units(cell int, src string) ([]Unit, error) {
	units, err := splitCell(cell, src)
	if err != nil {
		return nil, err
	}
	out := make([]Unit, len(units))
	for i, u := range units {
		kind := u.kind.String()
		switch {
		case u.kind == kindDecl && u.tok == token.VAR:
			kind = "var"
		case u.kind == kindDecl:
			kind = "decl"
		}
		out[i] = Unit{Kind: kind, Text: u.src, Line: u.line, Col: u.col}
	}
	return out, nil
}

// tok is one token of a cell, for splitting it.
type tok struct {
	t          token.Token
	start, end int
}

// kinds returns the kinds of toks.
func kinds(toks []tok) []token.Token {
	ts := make([]token.Token, len(toks))
	for i, t := range toks {
		ts[i] = t.t
	}
	return ts
}

// literalBrace reports whether a "{" after the tokens ts, in the header of an if, for or
// switch, opens a composite literal or a function literal ([]int{1}, map[string]int{},
// func() int { ... }) rather than the statement's block: the tokens before it spell a
// type that starts with [, map, struct or func. (A type name alone, T{}, cannot open a
// literal there: Go reads the block; and xs[1:] { is an index expression.)
func literalBrace(ts []token.Token) bool {
	closing := map[token.Token]token.Token{token.RBRACK: token.LBRACK, token.RPAREN: token.LPAREN, token.RBRACE: token.LBRACE}
	i := len(ts) - 1
	for i >= 0 {
		switch t := ts[i]; t {
		case token.IDENT, token.PERIOD, token.MUL, token.ARROW, token.CHAN:
			i--
		case token.RBRACK, token.RPAREN, token.RBRACE:
			open, d := closing[t], 0
			for ; i >= 0; i-- {
				if ts[i] == t {
					d++
				} else if ts[i] == open {
					if d--; d == 0 {
						break
					}
				}
			}
			if i < 0 {
				return false
			}
			if open == token.LBRACE {
				// struct{...} or interface{...} is a type; any other braces close a
				// literal ([]int{1, 2} {), after which the block opens.
				return i > 0 && (ts[i-1] == token.STRUCT || ts[i-1] == token.INTERFACE)
			}
			if open == token.LBRACK {
				if i > 0 && ts[i-1] == token.MAP {
					return true
				}
				switch {
				case i == 0:
					return true
				case ts[i-1] == token.IDENT || ts[i-1] == token.RPAREN || ts[i-1] == token.RBRACK || ts[i-1] == token.RBRACE || ts[i-1] == token.STRING:
					return false // an index or a slice expression
				}
				return true // [N]T, []T
			}
			i--
		case token.MAP, token.STRUCT, token.FUNC, token.INTERFACE:
			return true
		default:
			return false
		}
	}
	return false
}
