package front

import (
	"go/scanner"
	"go/token"
	"regexp"
	"strings"
)

// Syntax errors in the compiler's words. Cells are parsed with go/parser, whose messages
// differ from the Go compiler's ("expected ';', found i" for "syntax error: unexpected
// name i at end of statement"); the common ones are reworded, and the error go/parser
// adds at the end of a cell after a first one ("expected '}', found 'EOF'") is dropped.

var (
	expectedSemi  = regexp.MustCompile(`^expected ';', found (.+)$`)
	expectedToken = regexp.MustCompile(`^expected '(.+)', found (.+)$`)
	expectedDecl  = regexp.MustCompile(`^expected declaration, found .+$`)
)

// compilerSyntax rewords l, the syntax errors of src, as the compiler words them.
func compilerSyntax(l scanner.ErrorList, src string) scanner.ErrorList {
	var out scanner.ErrorList
	for i, e := range l {
		msg := e.Msg
		if i > 0 && msg == "expected '}', found 'EOF'" {
			continue // the end of a cell that an earlier error left open
		}
		pos := e.Pos
		switch {
		case expectedSemi.MatchString(msg):
			msg = "syntax error: unexpected " + gcToken(expectedSemi.FindStringSubmatch(msg)[1]) + " at end of statement"
		case expectedDecl.MatchString(msg):
			msg = "syntax error: non-declaration statement outside function body"
		case expectedToken.MatchString(msg):
			m := expectedToken.FindStringSubmatch(msg)
			msg = "syntax error: unexpected " + gcToken(m[2]) + ", expected " + m[1]
		case msg == "expected statement, found 'else'":
			msg = "syntax error: unexpected keyword else, expected }"
		case msg == "missing ',' before newline in composite literal":
			msg = "syntax error: unexpected newline in composite literal; possibly missing comma or }"
		case msg == "unknown escape sequence":
			msg = "unknown escape"
		case msg == "illegal rune literal":
			msg = "more than one character in rune literal"
		case msg == "string literal not terminated":
			// At the end of its line, where the compiler meets the newline.
			msg = "newline in string"
			if line := lineOf(src, pos.Line); line != "" {
				pos.Column = len(line) + 1
			}
		}
		out = append(out, &scanner.Error{Pos: pos, Msg: msg})
	}
	return out
}

// gcToken names a token as the compiler does: "name x", "keyword else", "literal 3",
// an operator as it is.
func gcToken(found string) string {
	if q := strings.Trim(found, "'"); len(q) == len(found)-2 {
		if q == "EOF" {
			return "EOF"
		}
		if token.Lookup(q).IsKeyword() {
			return "keyword " + q
		}
		return q
	}
	switch {
	case found == "newline":
		return "newline"
	case token.IsIdentifier(found):
		return "name " + found
	case found != "" && (found[0] >= '0' && found[0] <= '9' || strings.ContainsAny(found[:1], "\"'`.")):
		return "literal " + found
	}
	return found
}

// lineOf returns line n (1-based) of src, or "".
func lineOf(src string, n int) string {
	lines := strings.Split(src, "\n")
	if n < 1 || n > len(lines) {
		return ""
	}
	return strings.TrimRight(lines[n-1], "\r")
}
