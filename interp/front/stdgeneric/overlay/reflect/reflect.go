// Package reflect holds the generic function of package reflect, which the
// interpreter's compiled reflect lacks; the front end adds it to it (see Importer).
package reflect

import "reflect"

// TypeFor returns the Type that represents the type argument T.
func TypeFor[T any]() reflect.Type {
	return reflect.TypeOf((*T)(nil)).Elem()
}
