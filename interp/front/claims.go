package front

import (
	"fmt"
	"go/ast"
	"go/types"
	"reflect"
	"strconv"
	"strings"

	"github.com/descentlab/descent/interp/front/boxed"
)

// Methods that recover, called by a literal. A method deferred through an interface, a
// type parameter or a method expression, or in a loop, is called by a function literal
// the lowering defers (see deferCall, methodExpr), where its recover finds no panic: the
// panic went on. The literal hands the panic over to the method instead (see
// handover.go), and raises it again if the method did not take it; but only where the
// function deferred nothing before it: raised inside the literal, the panic skips the
// function's other deferred calls, which the interpreter runs no more of after one
// panics (an earlier deferred recover would miss it). There the method is called as it
// was, and recovers nothing.
//
//	defer g.Catch(&err)  →  defer func(ᐅp Guard, …) { if ᐅdescent.Recovers(ᐅp, "Catch") { ᐅt1 := ᐅdescent.HandOverTo(recover(), "Catch"); defer ᐅdescent.Drop(ᐅt1); ᐅp.Catch(…); ᐅdescent.Unclaimed(ᐅt1) } else { ᐅp.Catch(…) } }(…)
//	func (s Soft) Catch(…) {  →  func (s Soft) Catch(…) { ᐅclaim := ᐅdescent.Claim("Catch"); _ = ᐅclaim; …
//	recover()                 →  ᐅdescent.Recovered(ᐅdescent.TakeOverToken(ᐅclaim, recover()))
//
// The method the literal calls claims the panic as it begins, before any it calls (of the
// same name too), which then find it claimed.

// claimedCall returns call, a call of method m on recv (a variable of type recvT) made by
// a deferred literal, handing a panic over where m, or the method of the type recv holds,
// calls recover; others is whether the function may have deferred other calls before.
func (l *lowerer) claimedCall(m *types.Func, recvT types.Type, recv string, id int, call string, others bool) string {
	if recvT == nil {
		return call
	}
	if others {
		return call // (see above)
	}
	// To the method alone, and forgotten if it panics anew.
	handed := fmt.Sprintf("ᐅt%d := %s.HandOverTo(recover(), %q); defer %s.Drop(ᐅt%d); %s; %s.Unclaimed(ᐅt%d)",
		id, HookName, m.Name(), HookName, id, call, HookName, id)
	if !types.IsInterface(recvT) {
		// A concrete receiver (a type parameter's, in an instance): its own method.
		obj, _, _ := types.LookupFieldOrMethod(recvT, true, m.Pkg(), m.Name())
		if fn, ok := obj.(*types.Func); ok && l.recovers(fn) {
			return handed
		}
		return call
	}
	// Through an interface: when the type of the value it holds (of a later cell too)
	// has a method of that name that calls recover (see recoveringMethod).
	return fmt.Sprintf("if %s.Recovers(%s, %q) { %s } else { %s }", HookName, recv, m.Name(), handed, call)
}

// recoveringMethod returns the registration of a method d declares that calls recover,
// by its receiver type's name (for a generic type, its name without type arguments):
// through an interface, a literal that defers it hands a panic over (see claimedCall).
func (k *check) recoveringMethod(d *ast.FuncDecl) string {
	if d.Recv == nil || len(d.Recv.List) != 1 || d.Body == nil || !callsRecoverIn(k.tinfo, d.Body) {
		return ""
	}
	name := recvTypeName(d)
	if name == "" {
		return ""
	}
	zero := "*new(" + name + ")" // (a local type of the same name is told apart by it)
	if isGenericRecv(d) {
		zero = "nil"
	}
	return "var _ = " + HookName + ".RecoveringMethod(" + strconv.Quote("main."+name+"."+d.Name.Name) + ", " + zero + ")\n"
}

// recovers reports whether x, the value an interface holds, is of a cell type that has a
// method name that calls recover, as r registered it.
func (r *registrar) recovers(x any, name string) bool {
	if r.nrec.Load() == 0 {
		return false // (no cell declared one: the common case, at no cost)
	}
	t := ""
	if b, ok := boxed.Open(x); ok {
		t = b.Type
	} else {
		v := unwrapped(x)
		rt := reflect.TypeOf(v)
		if rt != nil && rt.Kind() == reflect.Pointer {
			rt = rt.Elem()
		}
		if rt != nil && rt.Kind() == reflect.Struct {
			if _, ok := r.recTypes.Load(recType{rt, name}); ok {
				return true
			}
		}
		t = registeredName(v)
		if !strings.Contains(t, "[") {
			return false // a struct not registered by its type (a local type named like one that is)
		}
	}
	t = strings.TrimPrefix(t, "*")
	if i := strings.IndexByte(t, '['); i >= 0 {
		t = t[:i]
	}
	_, ok := r.recs.Load(t + "." + name)
	return t != "" && ok
}

// recType is a struct type and the name of a method of it that calls recover.
type recType struct {
	t    reflect.Type
	name string
}

// recoveringMethod registers key ("main.T.M"), a method that calls recover, and the
// struct type of zero, a value of T, where T is no generic type.
func (r *registrar) recoveringMethod(key string, zero any) bool {
	if _, had := r.recs.LoadOrStore(key, true); !had {
		r.nrec.Add(1)
	}
	if t := reflect.TypeOf(zero); t != nil && t.Kind() == reflect.Struct {
		r.recTypes.Store(recType{t, key[strings.LastIndexByte(key, '.')+1:]}, true)
	}
	return true
}

// deferredBefore reports whether the function being lowered has a defer statement before
// s (not in a function literal).
func (l *lowerer) deferredBefore(s ast.Stmt) bool {
	if l.body == nil {
		return true
	}
	found := false
	ast.Inspect(l.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			if n.Pos() < s.Pos() {
				found = true
			}
		}
		return !found
	})
	return found
}

// deferOf returns the defer statement of the function being lowered that calls fun, or
// nil.
func (l *lowerer) deferOf(fun ast.Expr) *ast.DeferStmt {
	var d *ast.DeferStmt
	if l.body == nil {
		return nil
	}
	ast.Inspect(l.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			if ast.Unparen(n.Call.Fun) == fun {
				d = n
			}
		}
		return d == nil
	})
	return d
}

// takeOver returns the start of the call that gives recover, in the body being lowered,
// a panic handed over to it: to a literal kept as a value, or to the method that claimed
// it (see claimPrologue).
func (l *lowerer) takeOver() string {
	if l.method != "" && !l.valueLit {
		return HookName + ".TakeOverToken(ᐅclaim, "
	}
	return HookName + ".TakeOver("
}

// claimPrologue begins the body of d, a method that calls recover, by claiming a panic
// handed over to it; its recover takes that one alone (see takeOver).
func (l *lowerer) claimPrologue(d *ast.FuncDecl) bool {
	if d.Recv == nil || d.Body == nil || !callsRecoverIn(l.info(), d.Body) {
		return false
	}
	l.add(l.off(d.Body.Lbrace)+1, 0, " ᐅclaim := "+HookName+".Claim("+strconv.Quote(d.Name.Name)+"); _ = ᐅclaim;", 0)
	return true
}
