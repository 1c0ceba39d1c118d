package front

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"github.com/descentlab/descent/interp/front/stdgeneric"
)

// sourcePaths are the packages that cells get as Go source rather than compiled symbols:
// the generic standard library (see package stdgeneric), whose functions the interpreter
// cannot run as they are.
var sourcePaths = map[string]bool{"cmp": true, "iter": true, "maps": true, "slices": true,
	overlayPrefix + "sync": true, overlayPrefix + "sync/atomic": true, overlayPrefix + "errors": true,
	overlayPrefix + "math/rand/v2": true, overlayPrefix + "reflect": true}

// Overlays are the generic declarations of compiled packages, which the interpreter's
// symbol tables lack (sync.OnceValue, atomic.Pointer, errors.AsType, rand.N,
// reflect.TypeFor): packages given as
// source under a path of their own, whose exported names the importer adds to the
// compiled package's scope, so that cells name them as the package's.
const overlayPrefix = "descent.internal/overlay/"

// overlays maps a compiled package to the path of its overlay.
var overlays = map[string]string{"sync": overlayPrefix + "sync", "sync/atomic": overlayPrefix + "sync/atomic",
	"errors": overlayPrefix + "errors", "math/rand/v2": overlayPrefix + "math/rand/v2", "reflect": overlayPrefix + "reflect"}

// overlayDirs are the directories in package stdgeneric of the overlays, by package.
var overlayDirs = map[string]string{"sync": "overlay/sync", "sync/atomic": "overlay/atomic", "errors": "overlay/errors",
	"math/rand/v2": "overlay/randv2", "reflect": "overlay/reflect"}

// sourceDir is the directory in package stdgeneric that holds the source of path.
func sourceDir(path string) string {
	if p, ok := strings.CutPrefix(path, overlayPrefix); ok {
		return overlayDirs[p]
	}
	return path
}

// sourcePackage is a package type-checked from source, whose generic declarations
// instantiate like those of cells.
type sourcePackage struct {
	path  string
	pkg   *types.Package
	fset  *token.FileSet
	files []*libFile
	tinfo *types.Info
	decls map[string]*genericDecl

	once    sync.Once
	labeled map[ast.Stmt]string
}

// libFile is one source file of a library package.
type libFile struct {
	name string // "slices.go"
	text string
	base int // its first line in the encoding of library positions (see libLine)
	file *ast.File
	tf   *token.File
}

// Library positions are cell libCell of the position encoding: its line base+L is line L
// of the library file whose lines start at base.
var (
	libMu    sync.Mutex
	libFiles []*libFile
	libNext  = 1
)

// libPosition names an encoded line of cell 0, or "" if no library file holds it.
func libPosition(line int) string {
	libMu.Lock()
	defer libMu.Unlock()
	for _, f := range libFiles {
		if n := strings.Count(f.text, "\n") + 1; line >= f.base && line < f.base+n {
			return fmt.Sprintf("%s:%d", f.name, line-f.base+1)
		}
	}
	return ""
}

// source returns the source package of path, type-checking it on first use.
func (im *Importer) source(path string) (*sourcePackage, error) {
	if !sourcePaths[path] {
		return nil, nil
	}
	im.mu.Lock()
	sp, ok := im.sources[path]
	im.mu.Unlock()
	if ok {
		return sp, nil
	}
	sp = &sourcePackage{path: path, fset: token.NewFileSet(), decls: map[string]*genericDecl{}}
	names, err := fs.Glob(stdgeneric.Files, sourceDir(path)+"/*.go")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var files []*ast.File
	for _, name := range names {
		b, err := stdgeneric.Files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		lf := &libFile{name: name, text: string(b)}
		libMu.Lock()
		lf.base = libNext
		libNext += strings.Count(lf.text, "\n") + 2
		libFiles = append(libFiles, lf)
		libMu.Unlock()
		f, err := parser.ParseFile(sp.fset, name, lf.text, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("front: library %s: %w", name, err)
		}
		lf.file = f
		lf.tf = sp.fset.File(f.Pos())
		sp.files = append(sp.files, lf)
		files = append(files, f)
	}
	sp.tinfo = &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Implicits:  map[ast.Node]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Scopes:     map[ast.Node]*types.Scope{},
		Instances:  map[*ast.Ident]types.Instance{},
	}
	conf := types.Config{Importer: im, GoVersion: "go1.26"}
	sp.pkg, err = conf.Check(path, sp.fset, files, sp.tinfo)
	if err != nil {
		return nil, fmt.Errorf("front: library %s: %w", path, err)
	}
	var methods []*ast.FuncDecl // of generic types
	for _, f := range sp.files {
		for _, d := range f.file.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					sp.decls[d.Name.Name] = &genericDecl{key: path + "." + d.Name.Name, pkg: sp.pkg.Name(), src: sp, fn: d}
				} else if isGenericRecv(d) {
					methods = append(methods, d)
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if ts, ok := s.(*ast.TypeSpec); ok && isGenericSpec(ts) {
						sp.decls[ts.Name.Name] = &genericDecl{key: path + "." + ts.Name.Name, pkg: sp.pkg.Name(), src: sp, spec: ts}
					}
				}
			}
		}
	}
	for _, d := range methods {
		if gd := sp.decls[recvTypeName(d)]; gd != nil {
			gd.methods = append(gd.methods, genericMethod{src: sp, fd: d})
		}
	}
	im.mu.Lock()
	if prev, ok := im.sources[path]; ok {
		sp = prev // another goroutine was first
	} else {
		im.sources[path] = sp
	}
	im.mu.Unlock()
	return sp, nil
}

// generic returns the generic declaration called name, or nil.
func (sp *sourcePackage) generic(name string) *genericDecl { return sp.decls[name] }

func (sp *sourcePackage) file(p token.Pos) *libFile {
	tf := sp.fset.File(p)
	for _, f := range sp.files {
		if f.tf == tf {
			return f
		}
	}
	return nil
}

// The sourcePackage is a source of lowering; its text is that of the file a position is
// in, which is all one declaration needs.
func (sp *sourcePackage) offset(p token.Pos) int {
	if f := sp.file(p); f != nil {
		return f.tf.Offset(p)
	}
	return -1
}

func (sp *sourcePackage) code(p token.Pos) string {
	if f := sp.file(p); f != nil {
		return f.text
	}
	return ""
}

func (sp *sourcePackage) info() *types.Info       { return sp.tinfo }
func (sp *sourcePackage) fileset() *token.FileSet { return sp.fset }
func (sp *sourcePackage) labels() map[ast.Stmt]string {
	sp.once.Do(func() {
		sp.labeled = map[ast.Stmt]string{}
		for _, f := range sp.files {
			for k, v := range labelsOf(f.file) {
				sp.labeled[k] = v
			}
		}
	})
	return sp.labeled
}

func (sp *sourcePackage) directive(p token.Pos) string {
	f := sp.file(p)
	if f == nil {
		return ""
	}
	pos := sp.fset.Position(p)
	return Directive(libCell, f.base+pos.Line-1, pos.Column)
}
