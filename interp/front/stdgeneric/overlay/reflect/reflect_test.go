package reflect

import (
	"io"
	stdreflect "reflect"
	"testing"
)

type point struct{ X, Y float64 }

func TestTypeForAsStd(t *testing.T) {
	for _, c := range []struct{ got, want stdreflect.Type }{
		{TypeFor[int](), stdreflect.TypeFor[int]()},
		{TypeFor[[]string](), stdreflect.TypeFor[[]string]()},
		{TypeFor[point](), stdreflect.TypeFor[point]()},
		{TypeFor[io.Reader](), stdreflect.TypeFor[io.Reader]()},
		{TypeFor[any](), stdreflect.TypeFor[any]()},
	} {
		if c.got != c.want {
			t.Errorf("TypeFor gives %v, std %v", c.got, c.want)
		}
	}
}
