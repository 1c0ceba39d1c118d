package front

import "go/types"

// sourcePaths are the packages given as Go source rather than compiled symbols: the
// generic standard library.
var sourcePaths = map[string]bool{}

// sourcePackage is a package type-checked from source.
type sourcePackage struct {
	pkg *types.Package
}

func (im *Importer) source(path string) (*sourcePackage, error) { return nil, nil }
