package interp

import (
	"go/scanner"
	"go/token"
	"strings"

	"github.com/descentlab/descent/interp/front"
)

// indentUnit is one level of the indent suggested to consoles: spaces, since a console
// echoes a tab as ^I.
const indentUnit = "    "

// IsComplete tells a console whether code can run as it is ("complete"), needs more
// lines ("incomplete", with the indent for the next one) or cannot run ("invalid").
func (s *Session) IsComplete(code string) (status, indent string) {
	rest, _, merr := parseMagics(code)
	if merr != nil {
		return "invalid", ""
	}
	if strings.TrimSpace(rest) == "" {
		return "complete", ""
	}
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(rest))
	unterminated := false
	var sc scanner.Scanner
	sc.Init(file, []byte(rest), func(_ token.Position, msg string) {
		if strings.Contains(msg, "not terminated") {
			unterminated = true
		}
	}, 0)
	depth := 0
	last := token.ILLEGAL
	for {
		_, t, lit := sc.Scan()
		if t == token.EOF {
			break
		}
		switch t {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		}
		if !(t == token.SEMICOLON && lit == "\n") {
			last = t
		}
	}
	if unterminated {
		return "incomplete", ""
	}
	if depth > 0 {
		return "incomplete", strings.Repeat(indentUnit, depth)
	}
	if last.IsOperator() && last != token.RPAREN && last != token.RBRACK && last != token.RBRACE && last != token.INC && last != token.DEC && last != token.SEMICOLON {
		return "incomplete", indentUnit // a line ending in an operator or comma continues
	}
	if err := front.Syntax(rest); err != nil {
		return "invalid", ""
	}
	return "complete", ""
}
