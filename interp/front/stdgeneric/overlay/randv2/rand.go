// Package rand holds the generic function of package math/rand/v2, which the
// interpreter's compiled math/rand/v2 lacks; the front end adds it to it (see Importer).
package rand

import "math/rand/v2"

// intType is the type set of N's type parameter, as math/rand/v2 declares it.
type intType interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr
}

// N returns a pseudo-random number in the half-open interval [0,n) from the default
// Source. The type parameter Int can be any integer type. It panics if n <= 0.
// (As math/rand/v2's N, which draws from the default Source's Uint64N.)
func N[Int intType](n Int) Int {
	if n <= 0 {
		panic("invalid argument to N")
	}
	return Int(rand.Uint64N(uint64(n)))
}
