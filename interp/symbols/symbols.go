// Package symbols holds the compiled packages that notebook cells can import, as yaegi
// symbol tables, and the doc comments of Descent's own packages for inspection.
//
// Every other file in this directory is generated; regenerate them all with
//
//	go generate ./interp/...
//
// To make one more package importable from cells, add one extract line below (and, for a
// Descent package, add it to the docgen line so that inspect shows its documentation).
package symbols

import "reflect"

// Symbols maps "import/path/name" to the package's exported symbols, in the form that
// (*interp.Interpreter).Use takes. The generated files fill it in their init functions.
var Symbols = map[string]map[string]reflect.Value{}

// Descent's packages for cells.
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/descentlab/descent/interp/display
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/descentlab/descent/interp/kernel
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/descentlab/descent/optimizers
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/descentlab/descent/optimizers/data
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/descentlab/descent/optimizers/loss
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/descentlab/descent/optimizers/model
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/descentlab/descent/optimizers/plots
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/descentlab/descent/optimizers/schedule
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/descentlab/descent/optimizers/testfunc
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/descentlab/descent/optimizers/train
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract github.com/descentlab/descent/optimizers/vec

// gonum.
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/gonum/floats
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/gonum/mat
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/gonum/optimize
//go:generate go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/gonum/stat

// Doc is the documentation of one exported symbol.
type Doc struct {
	Decl string // the declaration, without function bodies
	Text string // the doc comment
}

// Docs maps "import/path" (the package doc), "import/path.Name" and "import/path.Type.Method" to documentation, for
// Descent's own packages.
var Docs = map[string]Doc{}

//go:generate go run ../internal/docgen -o docs_gen.go github.com/descentlab/descent/interp/display github.com/descentlab/descent/interp/kernel github.com/descentlab/descent/optimizers github.com/descentlab/descent/optimizers/data github.com/descentlab/descent/optimizers/loss github.com/descentlab/descent/optimizers/model github.com/descentlab/descent/optimizers/plots github.com/descentlab/descent/optimizers/schedule github.com/descentlab/descent/optimizers/testfunc github.com/descentlab/descent/optimizers/train github.com/descentlab/descent/optimizers/vec
