// Package stdgeneric holds Go source of the generic standard library packages that cells
// use (cmp, iter, maps, slices), with the API of Go 1.26, written for the kernel's front
// end: it type-checks cells against these sources and instantiates their generic
// functions into plain code for the interpreter, which cannot run the originals. Each
// sub-package also compiles as ordinary Go, so its tests hold it to the real standard
// library's results.
package stdgeneric

import "embed"

// Files holds the sources, as "pkg/pkg.go", and in overlay/ those of the generic
// declarations of compiled packages (sync.OnceValue, atomic.Pointer, errors.AsType,
// rand.N, reflect.TypeFor),
// which the front end adds to the compiled packages' own.
//
//go:embed cmp/cmp.go iter/iter.go iter/pull.go maps/maps.go slices/slices.go slices/sort.go
//go:embed overlay/sync/sync.go overlay/atomic/pointer.go overlay/errors/errors.go
//go:embed overlay/randv2/rand.go overlay/reflect/reflect.go
var Files embed.FS
