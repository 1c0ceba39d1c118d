package plugin

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"strconv"
	"strings"

	yaegi "github.com/traefik/yaegi/interp"

	"github.com/descentlab/descent/interp/front"
	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/schedule"
)

// Session is what cell registrations need to know of the session whose cells make them.
type Session interface {
	// Cell returns the number and the source of the executing cell.
	Cell() (n int, src string)
	// Imports maps the names the session's imports bind to their paths.
	Imports() map[string]string
	// Doc returns the doc comment of a type cells declared, or "".
	Doc(typ string) string
	// Interrupts counts the hard interrupts of the session's interpreter so far: the
	// objects a cell's code made before one may be dead (see Guard).
	Interrupts() uint64
}

// cellOwner marks names registered by cells, in state.owner.
const cellOwner = "\x00cell"

// CellExports returns the symbols that replace the three Register functions in a
// session's interpreter, so that a cell's registration is tried out like a file's (a
// failure is an error at cell[N]:LINE, also written to stderr, and registers nothing),
// recorded for Plugins with its cell, and guarded against hard interrupts: objects its
// factory made before one refuse to run, with a message saying to make them again,
// rather than silently returning zeros.
func CellExports(s Session) yaegi.Exports {
	return yaegi.Exports{
		"github.com/descentlab/descent/optimizers/optimizers": {"Register": reflect.ValueOf(func(name string, f optimizers.Factory) error {
			if f == nil {
				return optimizers.Register(name, nil)
			}
			return cellRegister(s, Optimizer, name, f, guardOptimizers(s, name, f))
		})},
		"github.com/descentlab/descent/optimizers/schedule/schedule": {"Register": reflect.ValueOf(func(name string, f schedule.Factory) error {
			if f == nil {
				return schedule.Register(name, nil)
			}
			return cellRegister(s, Schedule, name, f, guardSchedules(s, name, f))
		})},
		"github.com/descentlab/descent/optimizers/loss/loss": {"Register": reflect.ValueOf(func(name string, f loss.Factory) error {
			if f == nil {
				return loss.Register(name, nil)
			}
			return cellRegister(s, Loss, name, f, guardLosses(s, name, f))
		})},
	}
}

// cellRegister tries out a cell's factory and registers its guarded version.
func cellRegister(s Session, k Kind, name string, factory, guarded any) error {
	n, src := s.Cell()
	at, doc := cellSite(s, n, src, k, name)
	if err := try(k, factory); err != nil && !isUnchecked(err) {
		err = fmt.Errorf("%s: %s %q not registered: %v", at, k, name, err)
		fmt.Fprintln(os.Stderr, err)
		return err
	}
	if err := registerReal(k, name, guarded); err != nil {
		return err
	}
	state.Lock()
	state.origins[key(k, name)] = Plugin{Kind: k, Name: name, Origin: at, Doc: doc}
	state.owner[key(k, name)] = cellOwner
	state.Unlock()
	return nil
}

// cellSite returns cell[N]:LINE of the cell's Register call of name (or cell[N]) and the
// doc of what it registers.
func cellSite(s Session, n int, src string, k Kind, name string) (at, doc string) {
	at = front.CellName(n)
	units, err := front.Units(n, src)
	if err != nil {
		return at, ""
	}
	fset := token.NewFileSet()
	imports := map[string]string{}
	for n, p := range s.Imports() {
		imports[n] = p
	}
	var files []*ast.File
	var offsets []int
	own := map[string]string{} // types the cell declares → doc
	for _, u := range units {
		text := "package p;" + u.Text + "\n"
		if u.Kind == "stmt" || u.Kind == "expr" {
			text = "package p; func _() {" + u.Text + "\n}"
		}
		f, err := parser.ParseFile(fset, "", text, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		for _, is := range f.Imports {
			if p, err := strconv.Unquote(is.Path.Value); err == nil {
				name := p[strings.LastIndexByte(p, '/')+1:]
				if is.Name != nil {
					name = is.Name.Name
				}
				imports[name] = p
			}
		}
		for _, d := range f.Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
				for _, sp := range gd.Specs {
					ts := sp.(*ast.TypeSpec)
					own[ts.Name.Name] = firstLine(docText(ts.Doc, gd.Doc))
				}
			}
		}
		files = append(files, f)
		offsets = append(offsets, u.Line-1)
	}
	docOf := func(typ string) string {
		if d, ok := own[typ]; ok {
			return d
		}
		return firstLine(s.Doc(typ))
	}
	for i, f := range files {
		for _, c := range findCalls(fset, f, imports, docOf) {
			if c.kind == k && (c.name == name || c.name == "") {
				return fmt.Sprintf("%s:%d", at, c.line+offsets[i]), c.doc
			}
		}
	}
	return at, ""
}
