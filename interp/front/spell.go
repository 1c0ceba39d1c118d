package front

import (
	"fmt"
	"go/types"
	"strconv"
	"strings"
)

// spell writes t as Go source in lowered code: packages by the names qual gives, and
// instances of generic types by the name of their monomorphized declaration, which
// inst returns (the interpreter never sees generic code).
func spell(t types.Type, qual types.Qualifier, inst func(*types.Named) string) string {
	var b strings.Builder
	sp := &speller{b: &b, qual: qual, inst: inst}
	sp.typ(t)
	return b.String()
}

type speller struct {
	b    *strings.Builder
	qual types.Qualifier
	inst func(*types.Named) string
}

func (s *speller) w(str string) { s.b.WriteString(str) }

func (s *speller) typ(t types.Type) {
	switch t := t.(type) {
	case nil:
		s.w("interface{}")
	case *types.Basic:
		if t.Info()&types.IsUntyped != 0 {
			t = types.Default(t).(*types.Basic)
		}
		if t.Kind() == types.UnsafePointer {
			s.w("unsafe.Pointer")
			return
		}
		s.w(t.Name())
	case *types.Alias:
		s.typ(types.Unalias(t))
	case *types.Named:
		if p := t.Obj().Pkg(); p != nil && sourcePaths[p.Path()] && t.NumMethods() == 0 {
			// iter.Seq[T] and the like: the interpreter has no such package, and the
			// type is its underlying func type, to which values convert implicitly. (A
			// type with methods, atomic.Pointer[T], is instantiated like a cell's.)
			s.typ(t.Underlying())
			return
		}
		ta := t.TypeArgs()
		if ta != nil && ta.Len() > 0 && s.inst != nil {
			s.w(s.inst(t))
			return
		}
		obj := t.Obj()
		if s.inst != nil && (cellPackageLevel(obj) || cellLocal(obj)) {
			s.w(s.inst(t)) // its name in lowered code (see importnames.go)
			return
		}
		if obj.Pkg() != nil {
			if q := s.qual(obj.Pkg()); q != "" {
				s.w(q + ".")
			}
		}
		s.w(obj.Name())
		if ta != nil && ta.Len() > 0 {
			s.w("[")
			for i := 0; i < ta.Len(); i++ {
				if i > 0 {
					s.w(", ")
				}
				s.typ(ta.At(i))
			}
			s.w("]")
		}
	case *types.Pointer:
		s.w("*")
		s.typ(t.Elem())
	case *types.Slice:
		s.w("[]")
		s.typ(t.Elem())
	case *types.Array:
		s.w("[" + strconv.FormatInt(t.Len(), 10) + "]")
		s.typ(t.Elem())
	case *types.Map:
		s.w("map[")
		s.typ(t.Key())
		s.w("]")
		s.typ(t.Elem())
	case *types.Chan:
		switch t.Dir() {
		case types.SendOnly:
			s.w("chan<- ")
		case types.RecvOnly:
			s.w("<-chan ")
		default:
			s.w("chan ")
			if c, ok := t.Elem().(*types.Chan); ok && c.Dir() == types.RecvOnly {
				s.w("(")
				s.typ(t.Elem())
				s.w(")")
				return
			}
		}
		s.typ(t.Elem())
	case *types.Signature:
		s.w("func")
		s.signature(t)
	case *types.Struct:
		s.w("struct{")
		for i := 0; i < t.NumFields(); i++ {
			if i > 0 {
				s.w("; ")
			}
			f := t.Field(i)
			if !f.Embedded() {
				s.w(f.Name() + " ")
			}
			s.typ(f.Type())
			if tag := t.Tag(i); tag != "" {
				s.w(" " + strconv.Quote(tag))
			}
		}
		s.w("}")
	case *types.Interface:
		s.w("interface{")
		n := 0
		for i := 0; i < t.NumEmbeddeds(); i++ {
			if n > 0 {
				s.w("; ")
			}
			s.typ(t.EmbeddedType(i))
			n++
		}
		for i := 0; i < t.NumExplicitMethods(); i++ {
			if n > 0 {
				s.w("; ")
			}
			m := t.ExplicitMethod(i)
			s.w(m.Name())
			s.signature(m.Type().(*types.Signature))
			n++
		}
		s.w("}")
	case *types.Union:
		for i := 0; i < t.Len(); i++ {
			if i > 0 {
				s.w(" | ")
			}
			if t.Term(i).Tilde() {
				s.w("~")
			}
			s.typ(t.Term(i).Type())
		}
	case *types.TypeParam:
		s.w(t.Obj().Name()) // only in generic code, which is never spelled for the interpreter
	case *types.Tuple:
		s.tuple(t, false)
	default:
		s.w(fmt.Sprint(t))
	}
}

func (s *speller) signature(sig *types.Signature) {
	s.tuple(sig.Params(), sig.Variadic())
	switch r := sig.Results(); r.Len() {
	case 0:
	case 1:
		if r.At(0).Name() == "" {
			s.w(" ")
			s.typ(r.At(0).Type())
			return
		}
		fallthrough
	default:
		s.w(" ")
		s.tuple(r, false)
	}
}

func (s *speller) tuple(t *types.Tuple, variadic bool) {
	s.w("(")
	for i := 0; i < t.Len(); i++ {
		if i > 0 {
			s.w(", ")
		}
		v := t.At(i)
		if v.Name() != "" {
			s.w(v.Name() + " ")
		}
		if variadic && i == t.Len()-1 {
			s.w("...")
			if sl, ok := v.Type().(*types.Slice); ok {
				s.typ(sl.Elem())
				continue
			}
		}
		s.typ(v.Type())
	}
	s.w(")")
}

// cellLocal reports whether obj is declared inside a function of a cell (see
// localtypes.go: inst names such a type where it is declared at package level).
func cellLocal(obj types.Object) bool {
	return obj.Pkg() != nil && obj.Pkg().Path() == "main" && obj.Parent() != nil && obj.Parent() != obj.Pkg().Scope()
}
