package front

import (
	"go/ast"
	"go/types"
	"reflect"
)

// errors.Is and errors.As on values of a cell's error types. The interpreter hands
// compiled code such a value in a wrapper struct with a function field, which == cannot
// compare: errors.Is(err, target) is false when target is one (and err == target
// panics), and errors.As(err, &target) panics when target is of a cell's type, whose
// pointer compiled code sees without its Error method. So errors.Is becomes a version
// that compares what the wrappers hold, and errors.As with a target of a pointer to a
// cell's type becomes an assertion, made by the interpreter, on each error of the chain:
//
//	errors.As(err, &me)  →  func(ᐅt **MyErr) bool { for _, ᐅe := range ᐅdescent.ErrorChain(err) { if ᐅv, ᐅok := ᐅe.(*MyErr); ᐅok { *ᐅt = ᐅv; return true } }; return false }(&me)
//
// A %w operand of a cell's error type is made an error first, so that fmt.Errorf wraps
// it (it saw a bare pointer and printed %!w(...)).

// errorsCall lowers c if it calls errors.Is or errors.As, and reports whether it replaced
// the whole call.
func (l *lowerer) errorsCall(c *ast.CallExpr, depth int) bool {
	if _, lib := l.src.(*sourcePackage); lib || len(c.Args) != 2 {
		return false
	}
	id := nameOf(c.Fun)
	if id == nil {
		return false
	}
	fn, ok := l.info().Uses[id].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "errors" {
		return false
	}
	switch fn.Name() {
	case "Is":
		l.add(l.off(c.Fun.Pos()), l.off(c.Fun.End())-l.off(c.Fun.Pos()), HookName+".ErrorsIs", depth)
	case "As":
		// Only for a pointer type: the interpreter's wrapper of a value of a cell's
		// struct type does not hold the struct (errors.As there still panics, as before).
		pt, ok := l.applied(l.typeOf(c.Args[1])).(*types.Pointer)
		if !ok || !isPointer(pt.Elem()) || !cellValue(pt.Elem()) {
			return false
		}
		target, elem := l.typ(pt), l.typ(pt.Elem())
		if target == "interface{}" || elem == "interface{}" {
			return false
		}
		id := l.k.uid()
		n := itoa(id)
		t, e, v, okv := "ᐅt"+n, "ᐅe"+n, "ᐅv"+n, "ᐅok"+n
		l.add(l.off(c.Pos()), l.off(c.Args[0].Pos())-l.off(c.Pos()),
			"func("+t+" "+target+") bool { for _, "+e+" := range "+HookName+".ErrorChain(", depth)
		l.add(l.off(c.Args[0].End()), l.off(c.Args[1].Pos())-l.off(c.Args[0].End()),
			") { if "+v+", "+okv+" := "+e+".("+elem+"); "+okv+" { *"+t+" = "+v+"; return true } }; return false }(", depth)
		return false
	}
	return false
}

// errorsIs is errors.Is, comparing the values that the interpreter's error wrappers
// hold rather than the wrappers (which == cannot compare).
func errorsIs(err, target error) bool {
	if err == nil || target == nil {
		return err == target
	}
	return isIn(err, target, unwrapped(target))
}

func isIn(err, target error, key any) bool {
	for {
		if sameValue(unwrapped(err), key) {
			return true
		}
		if x, ok := err.(interface{ Is(error) bool }); ok && x.Is(target) {
			return true
		}
		switch x := err.(type) {
		case interface{ Unwrap() error }:
			if err = x.Unwrap(); err == nil {
				return false
			}
		case interface{ Unwrap() []error }:
			for _, e := range x.Unwrap() {
				if e != nil && isIn(e, target, key) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
}

// errorChain returns err and the errors it wraps, in the order errors.As visits them,
// each as the value the interpreter's wrapper holds (an assertion on the wrapper to a
// cell's value type fails).
func errorChain(err error) []any {
	var chain []any
	var walk func(error)
	walk = func(err error) {
		for err != nil {
			chain = append(chain, unwrapped(err))
			switch x := err.(type) {
			case interface{ Unwrap() error }:
				err = x.Unwrap()
			case interface{ Unwrap() []error }:
				for _, e := range x.Unwrap() {
					walk(e)
				}
				return
			default:
				return
			}
		}
	}
	walk(err)
	return chain
}

// unwrapped returns what err holds if it is the interpreter's wrapper of an error value
// (a struct with the value in a field IValue and the method in a func field), else err.
func unwrapped(err any) any {
	v := reflect.ValueOf(err)
	if v.Kind() == reflect.Struct && v.Type().PkgPath() == "github.com/traefik/yaegi/interp" {
		if f := v.FieldByName("IValue"); f.IsValid() && f.CanInterface() {
			return f.Interface()
		}
	}
	return err
}

// sameValue is a == b, false where == would panic.
func sameValue(a, b any) (eq bool) {
	defer func() {
		if recover() != nil {
			eq = false
		}
	}()
	if a == nil || b == nil || !reflect.TypeOf(a).Comparable() || !reflect.TypeOf(b).Comparable() {
		return false
	}
	return a == b
}
