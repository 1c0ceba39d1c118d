package front

import (
	"fmt"
	"go/scanner"
	"go/token"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Syntax errors in the compiler's words. Cells are parsed with go/parser, whose messages
// differ from the Go compiler's ("expected ';', found i" for "syntax error: unexpected
// name i at end of statement"); the common ones are reworded, and the error go/parser
// adds at the end of a cell after a first one ("expected '}', found 'EOF'") is dropped.

var (
	unexpectedExpecting = regexp.MustCompile(`^unexpected (\S+); expecting (\S+)$`)
	expectedSemi        = regexp.MustCompile(`^expected ';', found (.+)$`)
	expectedToken       = regexp.MustCompile(`^expected '(.+)', found (.+)$`)
	expectedDecl        = regexp.MustCompile(`^expected declaration, found .+$`)
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
			found := gcToken(expectedSemi.FindStringSubmatch(msg)[1])
			msg = "syntax error: unexpected " + found + " at end of statement"
			line := lineOf(src, pos.Line)
			head, clause := clauseOf(line, pos.Column)
			switch {
			case clause:
				// if x > 0 fmt.Println(x): the compiler wanted the block.
				msg = "syntax error: unexpected " + found + ", expected {" + head
			case found == "comma" && strings.HasPrefix(strings.TrimSpace(line), "func "):
				msg = "syntax error: unexpected comma after top level declaration"
			case found == "comma" && inStructType(src, pos.Line):
				msg = "syntax error: unexpected comma in struct type; possibly missing semicolon or newline or }"
			}
		case expectedDecl.MatchString(msg):
			msg = "syntax error: non-declaration statement outside function body"
			if line, after, ok := headerWithoutBrace(src, pos.Line); ok {
				// if x > 0 with its brace left out: the block's } closed nothing.
				msg = "syntax error: unexpected newline, expected { after " + after + " clause"
				pos.Line, pos.Column = line, len(lineOf(src, line))+1
			}
		case expectedToken.MatchString(msg):
			m := expectedToken.FindStringSubmatch(msg)
			want := m[1]
			switch want {
			case "IDENT":
				want = "name"
			case "]":
				want = "comma, : or ]" // an index, the common case
			}
			msg = "syntax error: unexpected " + gcToken(m[2]) + ", expected " + want
			if m[1] == "==" && gcToken(m[2]) == "=" {
				// (x) => x*x, as JavaScript writes a function: the statement ended.
				msg = "syntax error: unexpected = at end of statement"
			}
			if m[1] == "{" && gcToken(m[2]) != "newline" {
				head, _ := clauseOf(lineOf(src, pos.Line), pos.Column)
				msg += head
			}
			if m[1] == "{" && gcToken(m[2]) == "newline" {
				// A brace on the next line: the compiler says after what.
				switch f := strings.Fields(lineOf(src, pos.Line)); {
				case len(f) > 0 && f[0] == "for":
					msg += " after for clause"
				case len(f) > 0 && (f[0] == "if" || f[0] == "}" && len(f) > 2 && f[1] == "else" && f[2] == "if"):
					msg += " after if clause"
				case len(f) > 0 && f[0] == "switch":
					msg += " after switch clause"
				}
			}
		case msg == "expected statement, found 'else'":
			msg = "syntax error: unexpected keyword else, expected }"
		case strings.HasPrefix(msg, "expected statement, found "):
			// Where a statement starts, the compiler wanted the block's end; after one, its
			// end (fmt.Println(2)) has one parenthesis too many).
			found := gcToken(strings.TrimPrefix(msg, "expected statement, found "))
			line := lineOf(src, pos.Line)
			if strings.TrimLeft(line, " \t") == line[min(pos.Column-1, len(line)):] {
				msg = "syntax error: unexpected " + found + ", expected }"
			} else {
				msg = "syntax error: unexpected " + found + " at end of statement"
			}
		case msg == "missing condition in if statement" || msg == "method must have no type parameters":
			msg = "syntax error: " + msg
		case msg == "expression in defer must be function call" || msg == "expression in go must be function call":
			// At the expression, after the keyword.
			kw := strings.Fields(strings.TrimPrefix(msg, "expression in "))[0]
			line := lineOf(src, pos.Line)
			if i := strings.Index(line, kw+" "); i >= 0 {
				rest := line[i+len(kw):]
				pos.Column = i + len(kw) + 1 + len(rest) - len(strings.TrimLeft(rest, " \t"))
			}
		case strings.HasPrefix(msg, "illegal character "):
			msg = "invalid character " + strings.TrimPrefix(msg, "illegal character ")
		case msg == "raw string literal not terminated":
			msg = "string not terminated"
		case strings.HasPrefix(msg, "expected operand, found "):
			msg = "syntax error: unexpected " + gcToken(strings.TrimPrefix(msg, "expected operand, found ")) + ", expected expression"
		case strings.HasPrefix(msg, "curly quotation mark "):
			if r, _ := utf8.DecodeRuneInString(lineOf(src, pos.Line)[min(pos.Column-1, len(lineOf(src, pos.Line))):]); r != utf8.RuneError {
				msg = fmt.Sprintf("invalid character %U '%c' in identifier", r, r)
			}
		case msg == "missing ',' in parameter list":
			msg = "syntax error: unexpected " + tokenAt(lineOf(src, pos.Line), pos.Column) + " in parameter list; possibly missing comma or )"
		case strings.HasPrefix(msg, "expected boolean expression, found assignment") || strings.HasPrefix(msg, "expected boolean or range expression, found assignment"):
			// if x = 1 {: the compiler names the assignment, at its operator.
			line := lineOf(src, pos.Line)
			if rest := line[min(pos.Column-1, len(line)):]; strings.Contains(rest, "{") {
				assign := strings.TrimSpace(rest[:strings.LastIndex(rest, "{")])
				if i, plain := assignOp(assign); i > 0 {
					// The compiler names a plain one an assignment (x = 1), not x += 1 or x := 1.
					what := ""
					if plain {
						what = "assignment "
					}
					msg = "syntax error: cannot use " + what + assign + " as value"
					pos.Column += i
				}
			}
		case msg == "missing ',' before newline in composite literal":
			msg = "syntax error: unexpected newline in composite literal; possibly missing comma or }"
		case msg == "missing ',' before newline in argument list":
			msg = "syntax error: unexpected newline in argument list; possibly missing comma or )"
		case msg == "missing ',' in argument list" || msg == "missing ',' in composite literal":
			// The compiler names the token it met there, which go/parser does not.
			what, closer := "argument list", ")"
			if strings.HasSuffix(msg, "composite literal") {
				what, closer = "composite literal", "}"
			}
			msg = "syntax error: unexpected " + tokenAt(lineOf(src, pos.Line), pos.Column) + " in " + what + "; possibly missing comma or " + closer
		case strings.HasPrefix(msg, "unexpected newline, expecting { after "):
			msg = "syntax error: unexpected newline, expected { after " + strings.TrimPrefix(msg, "unexpected newline, expecting { after ")
		case msg == "expected type, found ':='":
			msg = "syntax error: unexpected :=, expected ="
		case strings.HasPrefix(msg, "expected type, found ") && prevNonSpace(lineOf(src, pos.Line), pos.Column) == ',':
			// A[0, 1], as NumPy indexes: go/parser reads a list of type arguments.
			msg = "syntax error: unexpected " + gcToken(strings.TrimPrefix(msg, "expected type, found ")) + ", expected ]"
		case unexpectedExpecting.MatchString(msg):
			// [1.0, 2.0] for a slice: go/parser words the compiler's message its own way.
			m := unexpectedExpecting.FindStringSubmatch(msg)
			msg = "syntax error: unexpected " + m[1] + "; expected " + m[2]
		case msg == "middle index required in 3-index slice" || msg == "final index required in 3-index slice":
			// xs[::2]: at the second colon, where the compiler meets it.
			if line := lineOf(src, pos.Line); pos.Column < len(line) && line[pos.Column-1] == ':' && line[pos.Column] == ':' {
				pos.Column++
			}
		case msg == "expected at most 2 expressions":
			msg = "range clause permits at most two iteration variables"
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

// prevNonSpace returns the byte before column col of line, skipping spaces; 0 for none.
func prevNonSpace(line string, col int) byte {
	for i := min(col-1, len(line)) - 1; i >= 0; i-- {
		if line[i] != ' ' && line[i] != '\t' {
			return line[i]
		}
	}
	return 0
}

// clauseOf reports whether line is the header of an if, for or switch statement whose
// block should start at col, and returns what the compiler adds to "expected {" there
// (" after for clause" for a for).
func clauseOf(line string, col int) (after string, ok bool) {
	if col < 1 || col > len(line)+1 || strings.Contains(line[:col-1], "{") {
		return "", false
	}
	f := strings.Fields(line)
	if len(f) < 2 {
		return "", false
	}
	switch f[0] {
	case "for":
		if strings.Count(line[:col-1], ";") < 2 {
			return "", true // not a three-clause header (for i := 0, i < 3, i++ {)
		}
		return " after for clause", true
	case "if", "switch":
		return "", true
	}
	return "", false
}

// headerWithoutBrace finds, above line n of src, the header of an if or for statement
// whose line does not end with its block's brace, and returns its line and what it is.
func headerWithoutBrace(src string, n int) (line int, after string, ok bool) {
	for i := n - 1; i >= 1; i-- {
		l := strings.TrimSpace(lineOf(src, i))
		f := strings.Fields(strings.TrimPrefix(l, "} else "))
		if len(f) < 2 || strings.Contains(strings.TrimPrefix(l, "} else "), "{") || strings.HasSuffix(l, "&&") || strings.HasSuffix(l, "||") {
			continue // (a block on the line, or a condition going on below)
		}
		switch f[0] {
		case "if", "for":
			return i, f[0], true
		}
	}
	return 0, "", false
}

// inStructType reports whether line n of src is inside a struct type's braces.
func inStructType(src string, n int) bool {
	for i := n - 1; i >= 1; i-- {
		l := strings.TrimSpace(lineOf(src, i))
		if strings.HasSuffix(l, "struct {") || strings.HasSuffix(l, "struct{") {
			return true
		}
		if strings.Contains(l, "}") || strings.Contains(l, "{") {
			return false
		}
	}
	return false
}

// assignOp returns the byte offset of the assignment operator of s ("x = 1", "x += 2",
// "x := 3"), or -1, and whether it is a plain =.
func assignOp(s string) (int, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] != '=' {
			continue
		}
		if i+1 < len(s) && s[i+1] == '=' {
			i++ // ==
			continue
		}
		if i > 0 && strings.IndexByte("!<>", s[i-1]) >= 0 {
			continue // !=, <=, >=
		}
		if i > 0 && strings.IndexByte(":+-*/%&|^", s[i-1]) >= 0 {
			return i - 1, false // x := 1, x += 1
		}
		return i, true
	}
	return -1, false
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
		switch q {
		case ";":
			return "semicolon"
		case ",":
			return "comma"
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

// tokenAt names the token at column col (1-based, in bytes) of line as the compiler does.
func tokenAt(line string, col int) string {
	if col < 1 || col > len(line) {
		return "newline"
	}
	var sc scanner.Scanner
	fs := token.NewFileSet()
	rest := line[col-1:]
	sc.Init(fs.AddFile("", -1, len(rest)), []byte(rest), nil, 0)
	_, tok, lit := sc.Scan()
	switch {
	case tok == token.IDENT:
		return "name " + lit
	case tok.IsLiteral():
		return "literal " + lit
	case tok.IsKeyword():
		return "keyword " + tok.String()
	}
	return tok.String()
}
