package front

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"strings"
)

// A whole Go file, such as a plugin, goes through the front end too: it is checked as
// the Go compiler would check a package of that one file, then lowered as a cell would
// be, so that the interpreter runs it with Go 1.26's meaning.

// fileCell is the cell number a file is lowered as. No execution count reaches it in
// practice (see encodeCell), so its positions are never taken for a real cell's.
const fileCell = maxCell

// File is a Go source file checked and lowered for the interpreter.
type File struct {
	// Name is the file's name as its positions show it, such as "plugins/yogi.go".
	Name string
	// Plan is what the interpreter runs, in order: Plan.Imports, then Plan.Chunks.
	Plan *Plan
	// Inits are the file's init functions, renamed (the interpreter would run them as
	// soon as the declarations compile, before the package's variables are assigned).
	// Call them in order after the chunks, as Go runs init after variable
	// initialization.
	Inits []string
}

// CheckFile parses and type-checks the Go file name, whose text is src, as a package of
// its own, against the packages im describes, and lowers it for the interpreter. A file
// that does not compile gives an *Error whose messages are the Go compiler's, at
// name:line:col (at most ten, as go build shows).
func CheckFile(im *Importer, name, src string) (*File, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		var list []string
		if l, ok := err.(scanner.ErrorList); ok {
			for _, e := range l {
				list = append(list, e.Error())
				if len(list) == 10 {
					break
				}
			}
		} else {
			list = append(list, fmt.Sprintf("%s: %v", name, err))
		}
		return nil, &Error{Kind: "CompileError", List: list}
	}
	if errs := typeCheckFile(im, fset, f); len(errs) > 0 {
		return nil, &Error{Kind: "CompileError", List: errs}
	}
	lowered, inits := renameInits(fset, f, src)
	// The checker's prelude needs one import to be well formed; unsafe is known to
	// go/types without an importer and never reaches the interpreter.
	plan, err := NewChecker(im, map[string]string{"ᐅunsafe": "unsafe"}).Check(fileCell, lowered)
	if err != nil {
		return nil, fileError(name, err)
	}
	return &File{Name: name, Plan: plan, Inits: inits}, nil
}

// typeCheckFile returns the errors go/types finds in f, as "name:line:col: message".
func typeCheckFile(im *Importer, fset *token.FileSet, f *ast.File) []string {
	var out []string
	conf := types.Config{
		Importer:  im,
		GoVersion: "go1.26",
		Error: func(err error) {
			if te, ok := err.(types.Error); ok && len(out) < 10 {
				out = append(out, fset.Position(te.Pos).String()+": "+te.Msg)
			}
		},
	}
	conf.Check(f.Name.Name, fset, []*ast.File{f}, nil)
	return out
}

// renameInits gives each init function of f a name of its own, of the same length in
// bytes where it can so that columns stay the same, and returns the edited source and
// the names in order.
func renameInits(fset *token.FileSet, f *ast.File, src string) (string, []string) {
	var b strings.Builder
	var names []string
	last := 0
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv != nil || fd.Name.Name != "init" {
			continue
		}
		name := fmt.Sprintf("ᐅ%d", len(names)+1) // 'ᐅ' takes three bytes: as long as "init"
		at := fset.Position(fd.Name.Pos()).Offset
		b.WriteString(src[last:at])
		b.WriteString(name)
		last = at + len("init")
		names = append(names, name)
	}
	b.WriteString(src[last:])
	return b.String(), names
}

// fileError names the file in the positions of a lowering error.
func fileError(name string, err error) error {
	switch e := err.(type) {
	case *Error:
		out := &Error{Kind: e.Kind}
		for _, m := range e.List {
			out.List = append(out.List, renameCell(name, m))
		}
		return out
	case scanner.ErrorList:
		var list []string
		for _, x := range e {
			list = append(list, renameCell(name, x.Error()))
		}
		return &Error{Kind: "CompileError", List: list}
	}
	return fmt.Errorf("%s: %w", name, err)
}

// Positions rewrites the interpreter's encoded positions in msg as the file's,
// name:line:col.
func (f *File) Positions(msg string) string { return renameCell(f.Name, Positions(msg)) }

// renameCell replaces the cell name of fileCell with the file's name.
func renameCell(name, msg string) string {
	return strings.ReplaceAll(msg, CellName(fileCell), name)
}
