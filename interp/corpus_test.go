package interp

// The corpus: notebooks of a few cells each (testdata/corpus/*.txt), with what the same
// code prints when compiled by Go. Each case runs through the evaluator, which must print
// exactly that. The expected output comes from the Go toolchain, never from the code under
// test: go test -run TestCorpus -update compiles every case as a program and records what
// it printed; TestCorpusMatchesGo re-verifies the committed outputs whenever a Go
// toolchain is at hand (as in CI).
//
// A case file holds cells and the expected transcript:
//
//	# what the case shows
//	-- cell --
//	...
//	-- want --
//	...
//
// The transcript is the standard output of all cells, then, for a cell that fails at run
// time, "panic: MESSAGE" and "\tat cell[N]:LINE" for the innermost frame in a cell; a case
// that does not compile transcribes as "compile error: cell[N]:L:C: MESSAGE" alone (a
// compiled program prints nothing then). Cells are checked and run as a notebook would,
// so cases avoid what a notebook allows and a program does not: variables of one cell used
// by functions of another, and final expressions (use fmt.Println).

import (
	"context"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/descentlab/descent/interp/front"
)

var (
	update     = flag.Bool("update", false, "rewrite the want sections of testdata/corpus from go run")
	corpusGlob = flag.String("corpus", "testdata/corpus/*.txt", "the case files to run; another folder's cases are checked the same way")
)

type corpusCase struct {
	file  string
	title string
	cells []string
	want  string
}

func loadCorpus(t *testing.T) []*corpusCase {
	t.Helper()
	files, err := filepath.Glob(*corpusGlob)
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	var cases []*corpusCase
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c := &corpusCase{file: f}
		var sect string
		var cur []string
		flush := func() {
			text := strings.Join(cur, "\n")
			switch sect {
			case "cell":
				c.cells = append(c.cells, text)
			case "want":
				c.want = text
				if c.want != "" {
					c.want += "\n"
				}
			}
			cur = nil
		}
		for _, l := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
			switch {
			case sect == "" && strings.HasPrefix(l, "#"):
				c.title += strings.TrimSpace(strings.TrimPrefix(l, "#")) + " "
			case l == "-- cell --" || l == "-- want --":
				flush()
				sect = strings.Trim(l, "- ")
			default:
				cur = append(cur, l)
			}
		}
		flush()
		cases = append(cases, c)
	}
	return cases
}

// transcript runs the cells of c through a fresh session.
func (c *corpusCase) transcript(t *testing.T) string {
	s := newSession(t)
	var out strings.Builder
	for i, cell := range c.cells {
		rec := &recorder{}
		res := s.Execute(context.Background(), cell, i+1, rec)
		if e := res.Err; e != nil {
			switch e.Name {
			case "CompileError", "ImportError", "RedefinitionError":
				first, _, _ := strings.Cut(e.Value, "\n") // go build adds "have/want" lines the same way
				return "compile error: " + first + "\n"
			}
			out.WriteString(rec.stream("stdout"))
			out.WriteString("panic: " + e.Value + "\n")
			for _, l := range e.Traceback {
				if m := ourFrame.FindStringSubmatch(l); m != nil {
					out.WriteString("\tat " + m[1] + "\n")
					break
				}
			}
			return out.String()
		}
		if res.Data != nil {
			t.Errorf("%s: cell %d shows a value; corpus cells print instead", c.file, i+1)
		}
		out.WriteString(rec.stream("stdout"))
	}
	return out.String()
}

// programPlace matches the program's own place after a cell's in a compiler message.
var programPlace = regexp.MustCompile(`\[[^\]]*main\.go:\d+:\d+\]`)

var ourFrame = regexp.MustCompile(`^(cell\[\d+\]:\d+)(?::\d+)?: in `)

func TestCorpus(t *testing.T) {
	for _, c := range loadCorpus(t) {
		c := c
		t.Run(strings.TrimSuffix(filepath.Base(c.file), ".txt"), func(t *testing.T) {
			if *update {
				t.Skip("updating from go run")
			}
			if got := c.transcript(t); got != c.want {
				t.Errorf("%s (%s)\n got: %q\nwant: %q", c.file, strings.TrimSpace(c.title), got, c.want)
			}
		})
	}
}

// TestCorpusMatchesGo compiles every case as a Go program and checks that the committed
// transcript is what it prints; with -update, it rewrites the transcripts instead.
func TestCorpusMatchesGo(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no Go toolchain to compare with")
	}
	if testing.Short() && !*update {
		t.Skip("compiles every case; skipped in -short")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	mod := "module corpus\n\ngo 1.26\n\nrequire github.com/descentlab/descent v0.0.0\n\nreplace github.com/descentlab/descent => " + root + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		t.Fatal(err)
	}
	cases := loadCorpus(t)
	// Write every program first and settle the module's requirements once: builds that
	// run side by side must not each rewrite go.mod.
	for i, c := range cases {
		if err := c.writeProgram(dir, fmt.Sprintf("case%d", i)); err != nil {
			t.Fatalf("%s: %v", c.file, err)
		}
	}
	tidy := exec.Command(goTool, "mod", "tidy")
	tidy.Dir = dir
	tidy.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	if out, err := tidy.CombinedOutput(); err != nil {
		t.Fatalf("go mod tidy: %v\n%s", err, out)
	}
	results := make([]string, len(cases))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i, c := range cases {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i] = c.runAsProgram(t, goTool, dir, fmt.Sprintf("case%d", i))
		}()
	}
	wg.Wait()
	for i, c := range cases {
		got := results[i]
		if *update {
			if err := c.rewrite(got); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if got != c.want {
			t.Errorf("%s: the committed transcript is not what the compiled program prints\n go: %q\nwant: %q", c.file, got, c.want)
		}
	}
}

// writeProgram writes the cells as one program, with line directives that give Go's
// messages the cells' positions, in the package dir/name.
func (c *corpusCase) writeProgram(dir, name string) error {
	pkgDir := filepath.Join(dir, name)
	if err := os.MkdirAll(pkgDir, 0o755); err != nil {
		return err
	}
	src, err := c.program()
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(pkgDir, "main.go"), []byte(src), 0o644)
}

// runAsProgram builds and runs the program writeProgram wrote, and returns its
// transcript.
func (c *corpusCase) runAsProgram(t *testing.T, goTool, dir, name string) string {
	bin := filepath.Join(dir, name+".bin")
	build := exec.Command(goTool, "build", "-o", bin, "./"+name)
	build.Dir = dir
	build.Env = append(os.Environ(), "GOFLAGS=-mod=readonly", "GOPROXY=off", "GOWORK=off")
	if out, err := build.CombinedOutput(); err != nil {
		for _, l := range strings.Split(string(out), "\n") {
			if strings.HasPrefix(l, "cell[") {
				// A place the message names is the cell's, as the directive says, which
				// the compiler follows by the program's own ("cell[1]:6:29[…/main.go:12:29]").
				return "compile error: " + programPlace.ReplaceAllString(l, "") + "\n"
			}
		}
		t.Errorf("%s: go build: %v\n%s", c.file, err, out)
		return ""
	}
	var stdout, stderr strings.Builder
	run := exec.Command(bin)
	run.Stdout, run.Stderr = &stdout, &stderr
	if err := run.Run(); err == nil {
		return stdout.String()
	}
	out := stdout.String()
	lines := strings.Split(stderr.String(), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "panic: ") {
			// With the value's further lines, which the runtime indents, up to one
			// that ends the value of a recovered panic (the next one follows).
			for j, more := range lines[i:] {
				if j > 0 && !strings.HasPrefix(more, "\t") {
					break
				}
				if strings.HasSuffix(more, " [recovered]") {
					out += strings.TrimSuffix(more, " [recovered]") + "\n"
					break
				}
				out += more + "\n"
			}
			break
		}
	}
	for i := 0; i+1 < len(lines); i++ {
		if strings.HasPrefix(lines[i], "main.") && strings.HasPrefix(lines[i+1], "\tcell[") {
			loc := strings.Fields(lines[i+1])[0]
			out += "\tat " + loc + "\n"
			break
		}
	}
	return out
}

// program turns the cells into one Go program: the declarations of every cell at package
// level, and the statements of every cell, in order, in func main. Cells that hold only
// declarations, func main among them, are a pasted program: their variables are the
// package's too.
func (c *corpusCase) program() (string, error) {
	imports := map[string]string{}
	var decls, body strings.Builder
	var cells [][]front.Unit
	pasted, hasMain := true, false
	for i, cell := range c.cells {
		units, err := front.Units(i+1, cell)
		if err != nil {
			return "", err
		}
		cells = append(cells, units)
		for _, u := range units {
			pasted = pasted && (u.Kind == "import" || u.Kind == "decl" || u.Kind == "var")
			hasMain = hasMain || u.Kind == "decl" && strings.HasPrefix(u.Text, "func main()")
		}
	}
	pasted = pasted && hasMain
	for i, units := range cells {
		for _, u := range units {
			dir := fmt.Sprintf("\n//line cell[%d]:%d:%d\n", i+1, u.Line, u.Col)
			switch u.Kind {
			case "import":
				f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+u.Text, parser.ImportsOnly)
				if err != nil {
					return "", err
				}
				for _, is := range f.Imports {
					p, _ := strconv.Unquote(is.Path.Value)
					name := ""
					if is.Name != nil {
						name = is.Name.Name
					}
					imports[p] = name
				}
			case "decl":
				decls.WriteString(dir + u.Text + "\n")
			case "var":
				if pasted {
					decls.WriteString(dir + u.Text + "\n")
					break
				}
				body.WriteString(dir + u.Text + "\n")
			default:
				body.WriteString(dir + u.Text + "\n")
			}
		}
	}
	// The preimported packages a notebook has without importing them, when used.
	all := decls.String() + body.String()
	for name, path := range map[string]string{"fmt": "fmt", "math": "math", "opt": "github.com/descentlab/descent/optimizers",
		"schedule": "github.com/descentlab/descent/optimizers/schedule", "vec": "github.com/descentlab/descent/optimizers/vec",
		"floats": "gonum.org/v1/gonum/floats", "mat": "gonum.org/v1/gonum/mat"} {
		if _, done := imports[path]; !done && usesPackage(all, name) {
			if name == "opt" {
				imports[path] = "opt"
			} else {
				imports[path] = ""
			}
		}
	}
	var b strings.Builder
	b.WriteString("package main\n\n")
	var paths []string
	for p := range imports {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		fmt.Fprintf(&b, "import %s %q\n", imports[p], p)
	}
	b.WriteString(decls.String())
	if !pasted {
		b.WriteString("\nfunc main() {\n" + body.String() + "\n}\n")
	}
	return b.String(), nil
}

// usesPackage reports whether src refers to name.X.
func usesPackage(src, name string) bool {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p; func _() {\n"+src+"\n}", parser.SkipObjectResolution)
	found := false
	if err == nil {
		ast.Inspect(f, func(n ast.Node) bool {
			if s, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := s.X.(*ast.Ident); ok && id.Name == name {
					found = true
				}
			}
			return !found
		})
		return found
	}
	return strings.Contains(src, name+".")
}

// rewrite replaces the want section of the case's file.
func (c *corpusCase) rewrite(want string) error {
	b, err := os.ReadFile(c.file)
	if err != nil {
		return err
	}
	s := string(b)
	i := strings.Index(s, "\n-- want --\n")
	if i < 0 {
		s = strings.TrimRight(s, "\n")
	} else {
		s = s[:i]
	}
	return os.WriteFile(c.file, []byte(s+"\n-- want --\n"+want), 0o644)
}
