package front

import (
	"fmt"
	"go/types"
	"strings"
	"sync"
)

// Error methods of later cells. errors.Is, As and Unwrap in a cell find what a cell's
// error wraps, and what its Is method says, by the Unwrap and Is methods of the types the
// cell knows (see cellErrors and cellIs). A helper of an earlier cell (func diverged(err
// error) bool { return errors.Is(err, ErrNaN) }) did not know a later cell's wrapper type:
// errors.Is(&StepErr{3, ErrNaN}, ErrNaN) was false there, silently. So each cell that
// declares Unwrap or Is methods registers them with the session, and those calls try the
// registered ones for a value the cell's own do not know:
//
//	func (e *StepErr) Unwrap() error { … }  →  … func ᐅre1() bool { return ᐅdescent.RegisterErrors(func(ᐅx any) (error, []error, bool) { … }, nil) }; var _ = ᐅre1()

// errorMethods are the Unwrap and Is methods the session's cells registered.
type errorMethods struct {
	mu      sync.Mutex
	unwraps []cellUnwrap
	iss     []cellIs
}

// add registers the methods of one cell's types (either may be nil).
func (m *errorMethods) add(u cellUnwrap, is cellIs) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if u != nil {
		m.unwraps = append(m.unwraps, u)
	}
	if is != nil {
		m.iss = append(m.iss, is)
	}
	return true
}

// unwrap returns a cellUnwrap that tries u, the calling cell's, then the registered ones
// (nil if there are none).
func (m *errorMethods) unwrap(u cellUnwrap) cellUnwrap {
	m.mu.Lock()
	later := m.unwraps
	m.mu.Unlock()
	if len(later) == 0 {
		return u
	}
	return func(x any) (error, []error, bool) {
		if u != nil {
			if next, list, ok := u(x); ok {
				return next, list, ok
			}
		}
		for _, f := range later {
			if next, list, ok := f(x); ok {
				return next, list, ok
			}
		}
		return nil, nil, false
	}
}

// is returns a cellIs that tries is, the calling cell's, then the registered ones.
func (m *errorMethods) is(is cellIs) cellIs {
	m.mu.Lock()
	later := m.iss
	m.mu.Unlock()
	if len(later) == 0 {
		return is
	}
	return func(x any, target error) (bool, bool) {
		if is != nil {
			if match, has := is(x, target); has {
				return match, has
			}
		}
		for _, f := range later {
			if match, has := f(x, target); has {
				return match, has
			}
		}
		return false, false
	}
}

// errorMethodDecls returns the registration of the Unwrap and Is methods the cell
// declares, or "".
func (k *check) errorMethodDecls() string {
	if k.file == nil || k.pkg == nil {
		return ""
	}
	l := &lowerer{k: k, src: k}
	var named []*types.Named
	for _, n := range l.cellTypes() {
		if n.TypeParams().Len() == 0 {
			named = append(named, n)
		}
	}
	return k.registerErrorMethods(l, named, func(t types.Type, n *types.Named, name string) (*types.Func, bool) {
		return declaredMethod(k, t, n, name)
	})
}

// instanceErrorMethods returns the registration of the Unwrap and Is methods of n, an
// instance of a generic type that the cell makes first (in a generic function's body,
// say, where the cell's own errors calls do not see it), or "".
func (k *check) instanceErrorMethods(n *types.Named) string {
	return k.registerErrorMethods(&lowerer{k: k, src: k}, []*types.Named{n}, func(t types.Type, n *types.Named, name string) (*types.Func, bool) {
		obj, _, _ := types.LookupFieldOrMethod(t, false, n.Obj().Pkg(), name)
		fn, ok := obj.(*types.Func)
		return fn, ok
	})
}

// registerErrorMethods returns the registration of the Unwrap and Is methods of ns, and
// pointers to them, that method finds, or "".
func (k *check) registerErrorMethods(l *lowerer, ns []*types.Named, method func(t types.Type, n *types.Named, name string) (*types.Func, bool)) string {
	errType := types.Universe.Lookup("error").Type()
	var unwraps, iss strings.Builder
	for _, n := range ns {
		for _, t := range []types.Type{n, types.NewPointer(n)} {
			if fn, ok := method(t, n, "Unwrap"); ok {
				if ret, ok := unwrapResult(fn.Type().(*types.Signature)); ok {
					fmt.Fprintf(&unwraps, "if %s; ᐅok { return %s }; ", l.heldAssertion(t), ret)
				}
			}
			if fn, ok := method(t, n, "Is"); ok {
				sig := fn.Type().(*types.Signature)
				if sig.Params().Len() == 1 && types.Identical(sig.Params().At(0).Type(), errType) &&
					sig.Results().Len() == 1 && types.Identical(sig.Results().At(0).Type(), types.Typ[types.Bool]) {
					fmt.Fprintf(&iss, "if %s; ᐅok { return ᐅv.Is(ᐅt), true }; ", l.heldAssertion(t))
				}
			}
		}
	}
	if unwraps.Len() == 0 && iss.Len() == 0 {
		return ""
	}
	u, is := "nil", "nil"
	if unwraps.Len() > 0 {
		u = "func(ᐅx any) (error, []error, bool) { ᐅe, _ := ᐅx.(error); _ = ᐅe; " + unwraps.String() + "return nil, nil, false }"
	}
	if iss.Len() > 0 {
		is = "func(ᐅx any, ᐅt error) (bool, bool) { ᐅe, _ := ᐅx.(error); _ = ᐅe; " + iss.String() + "return false, false }"
	}
	// (In a function of its own: see describeFieldsDecls.)
	re := "ᐅre" + itoa(k.uid())
	return "func " + re + "() bool { return " + HookName + ".RegisterErrors(" + u + ", " + is + ") }\nvar _ = " + re + "()\n"
}

// declaredMethod returns the method name of t, one of n's method set, where this cell
// declares it, or declares n, which has it from an embedded field.
func declaredMethod(k *check, t types.Type, n *types.Named, name string) (*types.Func, bool) {
	obj, index, _ := types.LookupFieldOrMethod(t, false, n.Obj().Pkg(), name)
	fn, ok := obj.(*types.Func)
	if !ok || !k.inCell(fn.Pos()) && !(len(index) > 1 && k.inCell(n.Obj().Pos())) {
		return nil, false
	}
	return fn, true
}
