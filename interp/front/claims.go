package front

import (
	"fmt"
	"go/ast"
	"go/types"
	"strconv"
	"strings"

	"github.com/descentlab/descent/interp/front/boxed"
)

// Methods that recover, called by a literal. A method deferred through an interface, a
// type parameter or a method expression, or in a loop, is called by a function literal
// the lowering defers (see topDefer, methodExpr), where its recover finds no panic: the
// panic went on. The literal hands the panic over to the method instead (see
// handover.go). A method that does not take it leaves it for a recover in a call the
// function deferred before (which takes panics handed over too), or for the function's
// last deferred call, which raises it again: raised inside the literal, it would skip the
// function's other deferred calls, which the interpreter runs no more of after a panic.
//
//	defer g.Catch(&err)  →  defer func(ᐅp Guard, …) { if ᐅdescent.Recovers(ᐅp, "Catch") { _ = ᐅdescent.HandOver(recover()); ᐅp.Catch(…) } else { ᐅp.Catch(…) } }(…)
//	func f() { …        →  func f() { defer ᐅdescent.Reraise(); …

// claimedCall returns call, a call of method m on recv (a variable of type recvT) made by
// a deferred literal, handing a panic over where m, or the method of the type recv holds,
// calls recover.
func (l *lowerer) claimedCall(m *types.Func, recvT types.Type, recv string, id int, call string) string {
	if recvT == nil {
		return call
	}
	handed := fmt.Sprintf("_ = %s.HandOver(recover()); %s", HookName, call)
	if !types.IsInterface(recvT) {
		// A concrete receiver (a type parameter's, in an instance): its own method.
		obj, _, _ := types.LookupFieldOrMethod(recvT, true, m.Pkg(), m.Name())
		if fn, ok := obj.(*types.Func); ok && l.recovers(fn) {
			l.handsOver = true
			return handed
		}
		return call
	}
	// Through an interface: when the type of the value it holds (of a later cell too)
	// has a method of that name that calls recover (see recoveringMethod).
	l.handsOver = true
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
	return "var _ = " + HookName + ".RecoveringMethod(" + strconv.Quote("main."+name+"."+d.Name.Name) + ")\n"
}

// recovers reports whether x, the value an interface holds, is of a cell type that has a
// method name that calls recover, as r registered it.
func (r *registrar) recovers(x any, name string) bool {
	t := ""
	if b, ok := boxed.Open(x); ok {
		t = b.Type
	} else {
		t = registeredName(unwrapped(x))
	}
	t = strings.TrimPrefix(t, "*")
	if i := strings.IndexByte(t, '['); i >= 0 {
		t = t[:i]
	}
	_, ok := r.recs.Load(t + "." + name)
	return t != "" && ok
}
