package remote

import (
	"fmt"
	"go/scanner"
	"go/token"
)

// selfCall is a function that calls itself, found in a cell's source.
type selfCall struct {
	name      string
	line, col int // of the call, in the cell
}

// selfCalls finds the functions and methods declared at the top level of a cell that
// call themselves directly, with the place of their first such call. It reads tokens
// only, so it works on any cell, even one that does not compile; a recursion through
// several functions or a function value is not found.
func selfCalls(code string) []selfCall {
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(code))
	var s scanner.Scanner
	s.Init(file, []byte(code), nil, 0)
	type tok struct {
		pos token.Pos
		tok token.Token
		lit string
	}
	var toks []tok
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		toks = append(toks, tok{pos, t, lit})
	}
	var found []selfCall
	depth := 0
	for i := 0; i < len(toks); i++ {
		switch toks[i].tok {
		case token.LBRACE, token.LPAREN, token.LBRACK:
			depth++
			continue
		case token.RBRACE, token.RPAREN, token.RBRACK:
			depth--
			continue
		case token.FUNC:
		default:
			continue
		}
		if depth != 0 {
			continue
		}
		// func Name( or func (recv) Name(
		j, method := i+1, false
		if j < len(toks) && toks[j].tok == token.LPAREN {
			method = true
			for d := 0; j < len(toks); j++ {
				if toks[j].tok == token.LPAREN {
					d++
				} else if toks[j].tok == token.RPAREN {
					if d--; d == 0 {
						j++
						break
					}
				}
			}
		}
		if j >= len(toks) || toks[j].tok != token.IDENT {
			continue
		}
		name := toks[j].lit
		// The body is the first brace at the signature's depth.
		k := j + 1
		for d := 0; k < len(toks); k++ {
			if d == 0 && toks[k].tok == token.LBRACE {
				break
			}
			switch toks[k].tok {
			case token.LPAREN, token.LBRACK:
				d++
			case token.RPAREN, token.RBRACK:
				d--
			}
		}
		end := k
		for d := 0; end < len(toks); end++ {
			if toks[end].tok == token.LBRACE {
				d++
			} else if toks[end].tok == token.RBRACE {
				if d--; d == 0 {
					break
				}
			}
		}
		for c := k + 1; c+1 < end; c++ {
			if toks[c].tok != token.IDENT || toks[c].lit != name || toks[c+1].tok != token.LPAREN {
				continue
			}
			afterDot := c > 0 && toks[c-1].tok == token.PERIOD
			if afterDot != method {
				continue
			}
			p := fset.Position(toks[c].pos)
			found = append(found, selfCall{name, p.Line, p.Column})
			break
		}
		i = end
	}
	return found
}

// recursionSite says where a stack overflow most likely came from: a function that calls
// itself, declared in the failing cell or, when it calls one, an earlier cell. It
// returns "" when no such function is found.
func recursionSite(code string, count int, earlier []loggedCell) string {
	for _, sc := range selfCalls(code) {
		return fmt.Sprintf("cell[%d]:%d:%d, where func %s calls itself", count, sc.line, sc.col, sc.name)
	}
	called := map[string]bool{}
	fset := token.NewFileSet()
	var s scanner.Scanner
	s.Init(fset.AddFile("cell", -1, len(code)), []byte(code), nil, 0)
	prev := ""
	for {
		_, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		if t == token.LPAREN && prev != "" {
			called[prev] = true
		}
		prev = ""
		if t == token.IDENT {
			prev = lit
		}
	}
	for _, c := range earlier {
		for _, sc := range selfCalls(c.code) {
			if called[sc.name] {
				return fmt.Sprintf("cell[%d]:%d:%d, where func %s calls itself", c.count, sc.line, sc.col, sc.name)
			}
		}
	}
	return ""
}
