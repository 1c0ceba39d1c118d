package front

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"
)

// Method values. Go evaluates the receiver of a method value where the value is made:
// g := c.Get copies c (or takes &c for a pointer method). The interpreter reads the
// receiver's variable when g is called, so a later c.n = 2, or the next iteration of a
// loop over vs[i].Get, changes what g returns. A method value of a cell's type is made by
// a call that takes the receiver as its parameter instead:
//
//	g := c.Get  →  g := func(ᐅr C) func() int { return ᐅr.Get }(c)

// methodValue lowers s when it is a method value of a cell's type (not the function of a
// call: called is the set of those). It reports whether it did.
func (l *lowerer) methodValue(s *ast.SelectorExpr, called map[ast.Expr]bool, depth int) bool {
	if called[s] || !l.cellMethod(s) {
		return false
	}
	path := ""
	xt, addr, ok := l.receiver(s)
	if !ok {
		xt, addr, path, ok = l.promotedReceiver(s)
	}
	mt := l.typeOf(s)
	if !ok || mt == nil {
		return false
	}
	rt, ft := l.typ(xt), l.typ(mt)
	if rt == "interface{}" && !types.IsInterface(xt) || ft == "interface{}" {
		return false
	}
	r := fmt.Sprintf("ᐅr%d", l.k.uid())
	l.add(l.off(s.Pos()), 0, fmt.Sprintf("func(%s %s) %s { return %s.%s }(%s", r, rt, ft, r, s.Sel.Name, addr), depth)
	l.add(l.off(s.X.End()), l.off(s.End())-l.off(s.X.End()), path+")", closing(depth))
	return true
}

// cellMethod reports whether s is a method value (or the method of a call) of a method a
// cell declared.
func (l *lowerer) cellMethod(s *ast.SelectorExpr) bool {
	sel := l.info().Selections[s]
	if sel == nil || sel.Kind() != types.MethodVal {
		return false
	}
	fn, ok := sel.Obj().(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() == "main"
}

// promotedReceiver is receiver for a method promoted through embedded fields: the
// receiver Go evaluates is the embedded field that has the method, whose selector path
// from sel.X is path (".Base" for w.Log with Log a method of an embedded Base).
func (l *lowerer) promotedReceiver(sel *ast.SelectorExpr) (t types.Type, prefix, path string, ok bool) {
	s := l.info().Selections[sel]
	if s == nil || s.Kind() != types.MethodVal || len(s.Index()) < 2 {
		return nil, "", "", false
	}
	ft := l.applied(l.typeOf(sel.X))
	if ft == nil || types.IsInterface(ft) {
		return nil, "", "", false
	}
	addressable := false // whether the embedded field is: through a pointer, or ...
	if v, ok := l.info().Types[sel.X]; ok && v.Addressable() {
		addressable = true // ... of an addressable operand
	}
	g := &viewGen{l: l}
	for _, i := range s.Index()[:len(s.Index())-1] {
		if p, ok := ft.Underlying().(*types.Pointer); ok {
			ft, addressable = p.Elem(), true
		}
		st, ok := ft.Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return nil, "", "", false
		}
		f := st.Field(i)
		path += "." + g.fieldName(f)
		ft = l.applied(f.Type())
	}
	m := s.Obj().(*types.Func)
	_, recvPtr := m.Type().(*types.Signature).Recv().Type().Underlying().(*types.Pointer)
	p, fieldPtr := ft.Underlying().(*types.Pointer)
	switch {
	case types.IsInterface(ft):
		return nil, "", "", false // an embedded interface: left as it is
	case recvPtr && !fieldPtr:
		if !addressable {
			return nil, "", "", false
		}
		return types.NewPointer(ft), "&", path, true
	case !recvPtr && fieldPtr:
		return p.Elem(), "*", path, true
	}
	return ft, "", path, true
}

// goMethod lowers s, a go statement calling a method of a cell's type, so that the
// receiver and arguments are evaluated by the statement, as Go does: the interpreter
// reads the receiver when the goroutine calls the method, after later changes (go
// w.Run(out) in a loop over workers ran the last worker each time). A function literal
// takes them as its parameters instead, and like every literal a cell starts as a
// goroutine, it recovers a panic and reports it (see goGuard):
//
//	go w.Run(out)  →  go func(ᐅr1 W, ᐅa0 chan<- int) { …recover…; ᐅr1.Run(ᐅa0) }(w, out)
func (l *lowerer) goMethod(s *ast.GoStmt, depth int) {
	sel, ok := s.Call.Fun.(*ast.SelectorExpr)
	if !ok || !l.cellMethod(sel) {
		return
	}
	path := ""
	xt, prefix, ok := l.receiver(sel)
	if !ok {
		xt, prefix, path, ok = l.promotedReceiver(sel)
	}
	sig, isSig := l.applied(l.typeOf(sel)).(*types.Signature)
	if !ok || !isSig || l.callsRecover(s.Call) {
		return
	}
	r := fmt.Sprintf("ᐅr%d", l.k.uid())
	rt := l.typ(xt)
	if rt == "interface{}" && !types.IsInterface(xt) {
		return // a type declared in a function: no name to give it
	}
	params := []string{r + " " + rt}
	var args []string
	for i := range s.Call.Args {
		var t types.Type
		dots := ""
		switch n := sig.Params().Len(); {
		case i < n-1 || !sig.Variadic() && i < n:
			t = sig.Params().At(i).Type()
		case s.Call.Ellipsis.IsValid():
			t, dots = sig.Params().At(n-1).Type().(*types.Slice).Elem(), "..."
		default:
			t = sig.Params().At(n - 1).Type().(*types.Slice).Elem()
		}
		spelled := l.typ(l.applied(t))
		if spelled == "interface{}" && !types.IsInterface(l.applied(t)) {
			return
		}
		a := fmt.Sprintf("ᐅa%d", i)
		params = append(params, a+" "+dots+spelled)
		args = append(args, a+dots)
	}
	call := r + "." + sel.Sel.Name
	if types.IsInterface(xt) && path == "" {
		// Go finds an interface's method at the go statement (a nil one panics there,
		// not in the goroutine): the literal takes the method value.
		params[0] = r + " " + l.typ(sig)
		call, path = r, "."+sel.Sel.Name
	}
	lit := fmt.Sprintf("func(%s) {%s %s(%s) }(%s", strings.Join(params, ", "), l.goGuard(s.Go), call, strings.Join(args, ", "), prefix)
	l.add(l.off(sel.X.Pos()), 0, lit, depth)
	sep := ""
	if len(s.Call.Args) > 0 {
		sep = ", "
	}
	l.add(l.off(sel.X.End()), l.off(s.Call.Lparen)+1-l.off(sel.X.End()), path+sep, depth)
}

// Method expressions. The interpreter makes T.M a function of the wrong type (reflect.Set
// panics when it is assigned), and panics on one of a compiled type (time.Duration.String,
// error.Error), so a method expression becomes the function literal it stands for:
//
//	f := (*Pt).Set  →  f := func(ᐅr *Pt, ᐅa0 int) { ᐅr.Set(ᐅa0) }

// methodExpr lowers s when it is a method expression, and reports whether it did.
//
// Kept as a value where the frame defers calls or loops, the literal is made in a call of
// its own (see ownFrame): c := L.Note; defer c(l) never returned.
func (l *lowerer) methodExpr(s *ast.SelectorExpr, f *frame, called map[ast.Expr]bool, depth int) bool {
	sel := l.info().Selections[s]
	if sel == nil || sel.Kind() != types.MethodExpr {
		return false
	}
	fn, ok := sel.Obj().(*types.Func)
	if !ok || fn.Pkg() == nil && !types.IsInterface(sel.Recv()) {
		return false // (error.Error has no package, and is made as the others are)
	}
	sig, ok := l.applied(l.typeOf(s)).(*types.Signature)
	if !ok || sig.Params().Len() == 0 || hasTypeParams(sig.Params().At(0).Type()) {
		return false
	}
	var params, args []string
	for i := range sig.Params().Len() {
		t := sig.Params().At(i).Type()
		name := fmt.Sprintf("ᐅa%d", i-1)
		if i == 0 {
			name = "ᐅr"
		}
		spelled := l.typ(t)
		if spelled == "interface{}" && !types.IsInterface(t) {
			return false
		}
		if sig.Variadic() && i == sig.Params().Len()-1 {
			spelled = "..." + l.typ(t.(*types.Slice).Elem())
			args = append(args, name+"...")
		} else if i > 0 {
			args = append(args, name)
		}
		params = append(params, name+" "+spelled)
	}
	var results []string
	for i := range sig.Results().Len() {
		results = append(results, l.typ(sig.Results().At(i).Type()))
	}
	recv := "ᐅr"
	if len(sel.Index()) > 1 {
		// A method promoted from an embedded interface: called by its path (see
		// ifacePromoted).
		if path, holder, t, ok := l.embeddedPath(sel); ok && cellValue(holder) && types.IsInterface(t) {
			recv += path
		} else if ok && occurrences(l.applied(sel.Recv()), s.Sel.Name, 0, map[types.Type]bool{}) > 1 {
			recv += path // the shallowest of several (see shallowest.go)
		}
	}
	call := recv + "." + s.Sel.Name + "(" + strings.Join(args, ", ") + ")"
	res := strings.Join(results, ", ")
	switch {
	case len(results) == 0:
	case len(results) == 1:
		res, call = " "+res, "return "+call
	default:
		res, call = " ("+res+")", "return "+call
	}
	if len(results) == 0 {
		// Deferred, the literal is the deferred function: it hands a panic over to a
		// method that recovers (see claims.go).
		d := l.deferOf(s)
		call = l.claimedCall(fn, l.applied(sel.Recv()), "ᐅr", l.k.uid(), call, d == nil || f == nil || len(f.loops) > 0 || l.deferredBefore(d))
	}
	lit := "func(" + strings.Join(params, ", ") + ")" + res + " { " + call + " }"
	if f != nil && (f.defers || f.inLoop()) && !called[s] {
		lit = "func() func(" + strings.Join(params, ", ") + ")" + res + " { return " + lit + " }()"
	}
	l.add(l.off(s.Pos()), l.off(s.End())-l.off(s.Pos()), lit, depth)
	return true
}

// A method value of a compiled type reached through a pointer (r.Float64 with r a
// *rand.Rand, l.Printf with l a *log.Logger) is refused by the interpreter, which takes
// it for the method expression ("cannot use type func(*rand.Rand) float64 as type func()
// float64"). It is made by a call that takes the receiver and returns a closure calling
// the method:
//
//	sample(r.Float64)  →  sample(func(ᐅr *rand.Rand) func() float64 { return func() float64 { return ᐅr.Float64() } }(r))
//
// So is one of an interface or of a compiled value (o.Name with o an opt.Optimizer,
// d.String with d a time.Duration), which the interpreter binds to the variable rather
// than to its value then: name := o.Name; o = opt.NewAdam() made name() say "Adam".

// compiledMethodValue lowers s as described above, when it is such a method value (not
// the function of a call: called is the set of those).
func (l *lowerer) compiledMethodValue(s *ast.SelectorExpr, called map[ast.Expr]bool, depth int) {
	sel := l.info().Selections[s]
	if called[s] || sel == nil || sel.Kind() != types.MethodVal || len(sel.Index()) != 1 {
		return
	}
	fn, ok := sel.Obj().(*types.Func)
	// error's Error has no package: the interpreter binds it late too (g := err.Error).
	if !ok || fn.Pkg() != nil && (fn.Pkg().Path() == "main" || l.isSourcePackage(fn.Pkg())) {
		return
	}
	if l.loggerValue(s, fn) {
		return // fmtFuncValue binds it, and views its operands
	}
	xt := l.applied(l.typeOf(s.X))
	// A method of the value (d.Minutes through pd): Go copies *pd where the method value
	// is made, and panics there if pd is nil. An interface (o.Name, o an opt.Optimizer)
	// or a compiled value (d.String) is copied as it is.
	deref, addr := false, false
	recv := fn.Type().(*types.Signature).Recv()
	pointerMethod := recv != nil && isPointer(types.Unalias(recv.Type()))
	if p, ptr := xt.(*types.Pointer); ptr {
		if !pointerMethod {
			xt, deref = p.Elem(), true
		}
	} else if pointerMethod && !types.IsInterface(xt) {
		xt, addr = types.NewPointer(xt), true // w := sb.WriteString takes &sb
	}
	sig, ok := l.applied(l.typeOf(s)).(*types.Signature)
	if !ok {
		return
	}
	rt, ft := l.typ(xt), l.typ(sig)
	if rt == "interface{}" || ft == "interface{}" {
		return
	}
	var params, args []string
	for i := range sig.Params().Len() {
		p := fmt.Sprintf("ᐅa%d", i)
		t := sig.Params().At(i).Type()
		if sig.Variadic() && i == sig.Params().Len()-1 {
			ts := l.typ(t.(*types.Slice).Elem())
			if ts == "interface{}" && !types.IsInterface(t.(*types.Slice).Elem()) {
				return
			}
			params, args = append(params, p+" ..."+ts), append(args, p+"...")
			continue
		}
		ts := l.typ(t)
		if ts == "interface{}" && !types.IsInterface(t) {
			return
		}
		params, args = append(params, p+" "+ts), append(args, p)
	}
	var rs []string
	for i := range sig.Results().Len() {
		rs = append(rs, l.typ(sig.Results().At(i).Type()))
	}
	results, ret := "", ""
	switch len(rs) {
	case 0:
	case 1:
		results, ret = " "+rs[0], "return "
	default:
		results, ret = " ("+strings.Join(rs, ", ")+")", "return "
	}
	r := fmt.Sprintf("ᐅr%d", l.k.uid())
	closure := "func(" + strings.Join(params, ", ") + ")" + results + " { " + ret + r + "." + s.Sel.Name + "(" + strings.Join(args, ", ") + ") }"
	open, close := "", ")"
	if deref {
		open, close = "*(", "))"
	}
	if addr {
		open, close = "&(", "))"
	}
	check := ""
	if types.IsInterface(xt) {
		// Go evaluates a nil interface's method value where it is made, and panics there.
		check = fmt.Sprintf("if %s == nil { panic(%s.NilDereference()) }; ", r, HookName)
	}
	l.add(l.off(s.Pos()), 0, fmt.Sprintf("func(%s %s) %s { %sreturn %s }(%s", r, rt, ft, check, closure, open), depth)
	l.add(l.off(s.X.End()), l.off(s.End())-l.off(s.X.End()), close, closing(depth))
}

// funcFieldMethod lowers c when it calls a method of a cell's named func type on a struct
// field (e.L.Mean(xs), L of type LossFn), which the interpreter does not find ("undefined
// method"): the field's value is the result of a call first, whose methods it finds.
//
//	e.L.Mean(xs)  →  func(ᐅf LossFn) LossFn { return ᐅf }(e.L).Mean(xs)
func (l *lowerer) funcFieldMethod(c *ast.CallExpr, depth int) {
	s, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	sel := l.info().Selections[s]
	if sel == nil || sel.Kind() != types.MethodVal || len(sel.Index()) != 1 {
		return
	}
	field, ok := ast.Unparen(s.X).(*ast.SelectorExpr)
	if !ok {
		return
	}
	if fs := l.info().Selections[field]; fs == nil || fs.Kind() != types.FieldVal {
		return
	}
	t := l.applied(sel.Recv())
	n := cellNamed(t)
	if n == nil {
		return
	}
	if _, isFunc := n.Underlying().(*types.Signature); !isFunc {
		return
	}
	ts := l.typ(n)
	if ts == "interface{}" {
		return
	}
	if recv := sel.Obj().(*types.Func).Type().(*types.Signature).Recv(); recv != nil && isPointer(types.Unalias(recv.Type())) {
		// A pointer method changes the field itself: the call gets its address.
		l.add(l.off(s.X.Pos()), 0, "func(ᐅf *"+ts+") *"+ts+" { return ᐅf }(&", depth)
		l.add(l.off(s.X.End()), 0, ")", closing(depth))
		return
	}
	l.add(l.off(s.X.Pos()), 0, "func(ᐅf "+ts+") "+ts+" { return ᐅf }(", depth)
	l.add(l.off(s.X.End()), 0, ")", closing(depth))
}

// unlockHooks are the hooks that replace the unlocking methods of package sync's mutexes,
// by types.Func.FullName (see mutexUnlock).
var unlockHooks = map[string]string{"(*sync.Mutex).Unlock": "MutexUnlock", "(*sync.RWMutex).Unlock": "RWUnlock",
	"(*sync.RWMutex).RUnlock": "RWRUnlock", "(*sync.Cond).Wait": "CondWait"}

// unlockHook returns the hook of unlockHooks for the method sel selects, and reports
// whether it has one; sync.Locker's Unlock has LockerUnlock.
func unlockHook(sel *types.Selection) (string, bool) {
	fn, ok := sel.Obj().(*types.Func)
	if !ok {
		return "", false
	}
	if n, ok := types.Unalias(sel.Recv()).(*types.Named); ok && fn.Name() == "Unlock" &&
		n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" && n.Obj().Name() == "Locker" {
		return "LockerUnlock", true // (its method's full name is "(interface).Unlock")
	}
	hook, ok := unlockHooks[fn.FullName()]
	return hook, ok
}

// mutexUnlock lowers c, a call of a sync mutex's Unlock or RUnlock, to a hook that fails
// the cell, as Go's fatal error ends a program, where the mutex is not locked: the
// runtime's own throw cannot be recovered, and would end the kernel's process.
//
//	mu.Unlock()  →  ᐅdescent.MutexUnlock(&mu)
func (l *lowerer) mutexUnlock(c *ast.CallExpr, depth int) {
	s, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
	if _, later := l.later[c]; !ok || len(c.Args) != 0 || later {
		return // (deferred: see unlockCall)
	}
	sel := l.info().Selections[s]
	if sel == nil || sel.Kind() != types.MethodVal {
		return
	}
	hook, ok := unlockHook(sel)
	if !ok {
		return
	}
	path, _, field, ok := l.embeddedPath(sel)
	if !ok {
		return
	}
	recv := "&"
	if isPointer(field) || types.IsInterface(field) {
		recv = ""
	}
	l.add(l.off(c.Pos()), l.off(s.X.Pos())-l.off(c.Pos()), HookName+"."+hook+"("+recv+"(", depth)
	l.add(l.off(s.X.End()), l.off(c.End())-l.off(s.X.End()), path+"))", closing(depth))
}

// unlockCall returns the text of a call, through its hook, of the unlocking method of a
// sync mutex that sel selects, on recv, a variable of type recvType that holds the mutex
// or a pointer to it (a deferred call's receiver, promoted fields selected, see
// defer.go); "" for another method.
func (l *lowerer) unlockCall(sel *types.Selection, recv string, recvType types.Type) string {
	hook, ok := unlockHook(sel)
	if !ok {
		return ""
	}
	if isPointer(recvType) || types.IsInterface(recvType) {
		return HookName + "." + hook + "(" + recv + ")"
	}
	return HookName + "." + hook + "(&" + recv + ")"
}
