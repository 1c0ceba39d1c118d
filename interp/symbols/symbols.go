// Package symbols holds the compiled packages that notebook cells can import, as yaegi
// symbol tables, and the doc comments of Descent's own packages for inspection.
//
// Every other file in this directory is generated; regenerate them all with
//
//	go generate ./interp/...
//
// To make one more package importable from cells, add it to the extract line below (and,
// for a Descent package, to the docgen line so that inspect shows its documentation).
package symbols

import "reflect"

// Symbols maps "import/path/name" to the package's exported symbols, in the form that
// (*interp.Interpreter).Use takes. The generated files fill it in their init functions.
var Symbols = map[string]map[string]reflect.Value{}

// The packages cells can import besides the standard library: Descent's own, then gonum.
// One extract run for all of them, since each run builds the extractor.
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/descentlab/descent/interp/display github.com/descentlab/descent/interp/kernel github.com/descentlab/descent/interp/widgets github.com/descentlab/descent/optimizers github.com/descentlab/descent/optimizers/data github.com/descentlab/descent/optimizers/explore github.com/descentlab/descent/optimizers/gradcheck github.com/descentlab/descent/optimizers/loss github.com/descentlab/descent/optimizers/model github.com/descentlab/descent/optimizers/plots github.com/descentlab/descent/optimizers/schedule github.com/descentlab/descent/optimizers/testfunc github.com/descentlab/descent/optimizers/train github.com/descentlab/descent/optimizers/vec gonum.org/v1/gonum/floats gonum.org/v1/gonum/mat gonum.org/v1/gonum/optimize gonum.org/v1/gonum/stat

// Doc is the documentation of one exported symbol.
type Doc struct {
	Decl string // the declaration, without function bodies
	Text string // the doc comment
}

// Docs maps "import/path" (the package doc), "import/path.Name" and "import/path.Type.Method" to documentation, for
// Descent's own packages.
var Docs = map[string]Doc{}

//go:generate go run ../internal/docgen -o docs_gen.go github.com/descentlab/descent/interp/display github.com/descentlab/descent/interp/kernel github.com/descentlab/descent/interp/widgets github.com/descentlab/descent/optimizers github.com/descentlab/descent/optimizers/data github.com/descentlab/descent/optimizers/explore github.com/descentlab/descent/optimizers/gradcheck github.com/descentlab/descent/optimizers/loss github.com/descentlab/descent/optimizers/model github.com/descentlab/descent/optimizers/plots github.com/descentlab/descent/optimizers/schedule github.com/descentlab/descent/optimizers/testfunc github.com/descentlab/descent/optimizers/train github.com/descentlab/descent/optimizers/vec
