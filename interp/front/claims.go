package front

import (
	"fmt"
	"go/ast"
	"go/types"
	"strconv"
	"strings"
)

// Methods that recover, called by a literal. A method deferred through an interface, a
// type parameter or a method expression, or in a loop, is called by a function literal
// the lowering defers (see topDefer, methodExpr), where its recover finds no panic: the
// panic went on. The literal hands the panic over to the method instead (see
// handover.go), when the method claims it for sure: its first statement calls recover
// (if r := recover(); r != nil { ... }). A method that recovers only sometimes is called
// as before: a panic handed over and not taken would be raised again inside the deferred
// literal, where the interpreter runs none of the function's other deferred calls, and
// an earlier deferred recover would miss it.
//
//	defer g.Catch(&err)  →  defer func(ᐅp Guard, …) { if ᐅdescent.Holds(ᐅp, "main.Soft") { ᐅt := ᐅdescent.HandOver(recover()); ᐅp.Catch(…); ᐅdescent.Unclaimed(ᐅt) } else { ᐅp.Catch(…) } }(…)

// claimedCall returns call, a call of method m on recv (a variable of type recvT) made by
// a deferred literal, handing a panic over where m, or the method of the type recv holds,
// claims it.
func (l *lowerer) claimedCall(m *types.Func, recvT types.Type, recv string, id int, call string) string {
	if recvT == nil {
		return call
	}
	handed := fmt.Sprintf("ᐅt%d := %s.HandOver(recover()); %s; %s.Unclaimed(ᐅt%d)", id, HookName, call, HookName, id)
	if !types.IsInterface(recvT) {
		// A concrete receiver (a type parameter's, in an instance): its own method.
		obj, _, _ := types.LookupFieldOrMethod(recvT, true, m.Pkg(), m.Name())
		if fn, ok := obj.(*types.Func); ok && l.claims(fn) {
			return handed
		}
		return call
	}
	names := l.claimers(m.Name(), recvT)
	if len(names) == 0 {
		return call
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = strconv.Quote(n)
	}
	return fmt.Sprintf("if %s.Holds(%s, %s) { %s } else { %s }", HookName, recv, strings.Join(quoted, ", "), handed, call)
}

// claims reports whether m, a cell's method, calls recover first thing.
func (l *lowerer) claims(m *types.Func) bool {
	if l.k.file != nil {
		for _, d := range l.k.file.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && l.info().Defs[fd.Name] == m {
				return recoversFirst(l.info(), fd.Body)
			}
		}
	}
	recv := m.Type().(*types.Signature).Recv()
	if recv == nil {
		return false
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && l.k.Checker != nil {
		if e := l.k.methods[n.Obj().Name()+"."+m.Name()]; e != nil {
			return e.claims
		}
	}
	return false
}

// claimers returns the names, as Go spells them, of the cell's types (and pointers to
// them) that implement iface with a method name that claims a panic (see claims).
func (l *lowerer) claimers(name string, iface types.Type) []string {
	var names []string
	for _, n := range l.cellTypes() {
		for _, t := range []types.Type{n, types.NewPointer(n)} {
			if !types.AssignableTo(t, iface) {
				continue
			}
			obj, _, _ := types.LookupFieldOrMethod(t, false, n.Obj().Pkg(), name)
			if fn, ok := obj.(*types.Func); ok && l.claims(fn) {
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
