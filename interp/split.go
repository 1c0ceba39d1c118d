package interp

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"regexp"
	"strconv"
	"strings"
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
	src        string // the unit's text, without trailing comments
	run        string // the text to run: src with its go statements guarded (see goGuard)
	line, col  int    // position of src in the cell, 1-based
	imports    []importSpec
	decls      []ast.Decl     // for kindDecl
	stmts      []ast.Stmt     // for kindStmt and kindExpr
	start, end int            // byte offsets in the cell
	fset       *token.FileSet // positions of decls and stmts
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
	file := fset.AddFile(cellName(cell), -1, len(src))
	var errs scanner.ErrorList
	var s scanner.Scanner
	s.Init(file, []byte(src), func(pos token.Position, msg string) { errs.Add(pos, msg) }, 0)

	type tok struct {
		t          token.Token
		start, end int
	}
	var units []unit
	var toks []tok
	depth := 0
	header := false
	flush := func() {
		if len(toks) == 0 {
			return
		}
		u := unit{start: toks[0].start, end: toks[len(toks)-1].end}
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
			if depth == 0 {
				header = false
			}
			depth++
		case token.LPAREN, token.LBRACK:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
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
		return nil, errs
	}
	for i := range units {
		if err := parseUnit(cell, &units[i], i == len(units)-1); err != nil {
			if l, ok := err.(scanner.ErrorList); ok {
				for _, e := range l {
					e.Pos.Filename = cellName(cell)
					e.Pos.Line %= lineBase
				}
			}
			return nil, err
		}
	}
	return units, nil
}

func cellName(cell int) string { return fmt.Sprintf("cell[%d]", cell) }

// lineBase encodes cell numbers in line numbers: line L of cell N is line N*lineBase+L.
// The interpreter resolves imports per file name, so every chunk must keep its default
// file name "_.go"; the cell number travels in the line instead, and cellPositions
// decodes it in messages. Go's scanner rejects line numbers above 1<<30, so cells may
// have up to lineBase-1 lines and the encoding holds maxCell cells.
const lineBase = 100000

// maxCell is the last cell number the encoding holds. Later execution counts wrap
// around (see encodeCell): their positions name a wrong cell, which beats failing.
const maxCell = 1<<30/lineBase - 1

// encodeCell returns the number that stands for cell in encoded lines.
func encodeCell(cell int) int {
	if cell == exprCell || (cell >= 0 && cell <= maxCell) {
		return cell
	}
	return ((cell%maxCell)+maxCell)%maxCell + 1
}

// lineDirective makes positions in the source that follows it count from the unit's
// place in the cell. It must start a line, hence the leading newline (the interpreter
// prepends "package main;" or a function header to what it is given).
func lineDirective(cell, line, col int) string {
	return fmt.Sprintf("\n//line _.go:%d:%d\n", encodeCell(cell)*lineBase+line, col)
}

var encodedPos = regexp.MustCompile(`(?:_\.go:)?\b(\d{6,}):(\d+)\b`)

// cellPositions rewrites the encoded positions in an interpreter message as
// cell[N]:line:col.
func cellPositions(msg string) string {
	return encodedPos.ReplaceAllStringFunc(msg, func(m string) string {
		sub := encodedPos.FindStringSubmatch(m)
		n, err := strconv.Atoi(sub[1])
		if err != nil || n < lineBase {
			return m
		}
		return fmt.Sprintf("%s:%d:%s", cellName(n/lineBase), n%lineBase, sub[2])
	})
}

// parseUnit parses u alone, with positions in the cell, and fills its AST fields.
func parseUnit(cell int, u *unit, last bool) error {
	fset := token.NewFileSet()
	u.fset = fset
	dir := lineDirective(cell, u.line, u.col)
	switch u.kind {
	case kindImport, kindDecl:
		head := "package p;" + dir
		f, err := parser.ParseFile(fset, "", head+u.src+"\n", parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		if u.kind == kindDecl {
			u.decls = f.Decls
			nodes := make([]ast.Node, len(f.Decls))
			for i, d := range f.Decls {
				nodes[i] = d
			}
			u.run = applyEdits(u.src, append(goGuard(len(head), fset, nodes), renameMain(len(head), fset, f.Decls)...))
			return nil
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
		return nil
	}
	head := "package p; func _() {" + dir
	f, err := parser.ParseFile(fset, "", head+u.src+"\n}", parser.SkipObjectResolution)
	if err != nil {
		return err
	}
	u.stmts = f.Decls[0].(*ast.FuncDecl).Body.List
	nodes := make([]ast.Node, len(u.stmts))
	for i, st := range u.stmts {
		nodes[i] = st
	}
	u.run = applyEdits(u.src, goGuard(len(head), fset, nodes))
	if last && len(u.stmts) == 1 {
		if _, ok := u.stmts[0].(*ast.ExprStmt); ok {
			u.kind = kindExpr
		}
	}
	return nil
}

// chunk is a run of consecutive units of one kind, compiled by one interpreter call.
type chunk struct {
	kind      kind
	src       string // source with its line directive
	line, col int
	units     []unit
}

// chunks groups consecutive declaration or statement units of a cell, after all
// imports (which Go requires first, and which a script may write anywhere).
func chunks(cell int, src string, units []unit) []chunk {
	var out []chunk
	afterImport := false
	for _, u := range units {
		if u.kind == kindImport {
			afterImport = true // the import's text must not end up inside a chunk
			continue
		}
		joins := !afterImport
		afterImport = false
		if n := len(out); joins && n > 0 && out[n-1].kind == u.kind && u.kind != kindExpr {
			out[n-1].units = append(out[n-1].units, u)
			continue
		}
		out = append(out, chunk{kind: u.kind, line: u.line, col: u.col, units: []unit{u}})
	}
	for i := range out {
		c := &out[i]
		var b strings.Builder
		b.WriteString(lineDirective(cell, c.line, c.col))
		for j, u := range c.units {
			if j > 0 {
				b.WriteString(src[c.units[j-1].end:u.start]) // the separator: newlines, ";", comments
			}
			b.WriteString(u.run)
		}
		b.WriteString("\n")
		c.src = b.String()
	}
	return out
}
