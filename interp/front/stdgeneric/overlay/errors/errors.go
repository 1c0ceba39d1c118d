// Package errors holds the generic function of package errors (Go 1.26), which the
// interpreter's compiled errors lacks; the front end adds it to it (see Importer).
package errors

import "errors"

// AsType finds the first error in err's tree that has the type E, and if one is found,
// returns that error value and true. Otherwise it returns the zero value of E and false.
// (For E a cell's type, the front end looks through the tree itself, as it does for
// errors.As, which cannot set a target of a cell's type.)
func AsType[E error](err error) (E, bool) {
	var target E
	if errors.As(err, &target) {
		return target, true
	}
	return target, false
}
