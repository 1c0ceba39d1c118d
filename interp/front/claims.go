package front

import (
	"fmt"
	"go/types"
	"strconv"
	"strings"
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
//	defer g.Catch(&err)  →  defer func(ᐅp Guard, …) { if ᐅdescent.Holds(ᐅp, "main.Soft") { _ = ᐅdescent.HandOver(recover()); ᐅp.Catch(…) } else { ᐅp.Catch(…) } }(…)
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
	names := l.claimers(m.Name(), recvT)
	if len(names) == 0 {
		return call
	}
	l.handsOver = true
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = strconv.Quote(n)
	}
	return fmt.Sprintf("if %s.Holds(%s, %s) { %s } else { %s }", HookName, recv, strings.Join(quoted, ", "), handed, call)
}

// claimers returns the names, as Go spells them, of the cell's types (and pointers to
// them) that implement iface with a method name that calls recover.
func (l *lowerer) claimers(name string, iface types.Type) []string {
	var names []string
	for _, n := range l.cellTypes() {
		for _, t := range []types.Type{n, types.NewPointer(n)} {
			if !types.AssignableTo(t, iface) {
				continue
			}
			obj, _, _ := types.LookupFieldOrMethod(t, false, n.Obj().Pkg(), name)
			if fn, ok := obj.(*types.Func); ok && l.recovers(fn) {
				names = append(names, fmtTypeName(t))
			}
		}
	}
	return names
}

// holds reports whether x, a value of an interface, holds a value of a cell's type named
// one of names (see claimedCall).
func holds(x any, names ...string) bool {
	n := registeredName(unwrapped(x))
	for _, want := range names {
		if n == want {
			return true
		}
	}
	return false
}
