package front

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"unicode"
)

// Index witnesses. The interpreter's index out of range is reflect's, which names neither
// the index nor the length; the session adds them after the fact where it can evaluate the
// operands again (package-level variables, see pureGlobal). A variable that a top-level
// loop declares is gone by then, and checking each index as it runs (checkedIndex) costs
// a loop twelve times its time. A top-level statement runs once, in a literal of its own
// (see plan.go), so a deferred call there costs nothing that matters: it hands the
// session the operands of the statement's indexes as they were when the statement ended,
// by a panic or not, and the session names those of the index that panicked.
//
//	for _, row := range rows { f := strings.Split(row, ","); n += len(f[2]) }
//	→
//	var row string; var f []string; defer func() { ᐅdescent.IndexWitness(3, 2, 57, len(f), 2) }()
//	for _, row = range rows { f = strings.Split(row, ","); n += len(f[2]) }
//
// The deferred literal sees the loop's variables only if they are declared before it, so
// they are: only those that no function literal captures and whose address is never
// taken (nothing can tell the one variable from one per iteration), each declared once
// in the statement under a name nothing else in it uses. The operands are witnessed only
// where evaluating them again cannot panic: names, constants, fields of values, integer
// arithmetic without division or shifts, len and cap, conversions, and one index of a
// map or, guarded, of a slice (grid[i] of grid[i][j]).

// witnessIndexes fills ph, the placeholder edit just inside the literal that runs st at
// a cell's top level, with the declarations and the deferred witness of st's indexes,
// and turns the declarations of the variables it moves there into assignments. edits
// are the statement's own (l.edits[n:] once lowered): a declaration that another
// lowering rewrote stays as it is, and so do the indexes that read its variables.
func (l *lowerer) witnessIndexes(st ast.Stmt, ph int, n int) {
	if _, ok := st.(*ast.GoStmt); ok {
		return
	}
	w := &witness{l: l, info: l.info(), locals: map[*types.Var]*witnessVar{}, keys: map[*types.Var]*ast.RangeStmt{}, st: st}
	w.collect(st)
	if len(w.sites) == 0 && len(w.faults) < 2 {
		return
	}
	w.settle(st, l.edits[n:])
	var args []string
	for _, s := range w.sites {
		a, ok := w.args(s)
		if !ok {
			// The session names the one index out of range among the statement's, and
			// one it cannot see might have been it (out[k] = in[2*k/d]).
			args = nil
			break
		}
		args = append(args, a)
	}
	if !slices.ContainsFunc(w.order, func(v *witnessVar) bool { return v.used }) {
		args = nil // the session evaluates again what reads no variable of the statement
	}
	if fs, ok := w.faultArgs(); ok {
		args = append(args, fs...)
	}
	if len(args) == 0 {
		return
	}
	var decls []string
	moved := map[*witnessVar]bool{}
	declsDone := map[*ast.DeclStmt]bool{}
	tokens := map[int]bool{}
	var move func(u *witnessVar)
	move = func(u *witnessVar) {
		if u == nil || moved[u] {
			return
		}
		moved[u] = true
		decls = append(decls, "var "+u.obj.Name()+" "+u.typ)
		for _, tok := range u.toks {
			tokens[tok] = true
		}
		if u.decl != nil && !declsDone[u.decl] {
			declsDone[u.decl] = true
			l.assignDecl(u.decl)
		}
		if u.intKey > 0 {
			e := &l.edits[u.intKey-1]
			e.text = strings.Replace(e.text, " := ", " = ", 1)
		}
		if u.ranged != nil {
			// The interpreter's range clause with = declares variables of its own
			// (see rangeassign.go): the clause keeps one, which the body assigns.
			fresh := fmt.Sprintf("ᐅw%d", l.k.uid())
			l.add(l.off(u.ident.Pos()), len(u.ident.Name), fresh, 0)
			l.add(l.off(u.ranged.Body.Lbrace)+1, 0, " "+u.ident.Name+" = "+fresh+";", -1)
		} else {
			for _, f := range u.group { // (a range clause's variables move one by one)
				move(f)
			}
		}
		for _, d := range u.deps {
			move(d)
		}
	}
	for _, v := range w.order {
		if v.used {
			move(v)
		}
	}
	for tok := range tokens {
		l.add(tok, 2, "=", 0)
	}
	// Only a statement that does not end (by a panic) hands them over: one that ended
	// may have left an index out of range that did not run again (i after the loop).
	done := fmt.Sprintf("ᐅwd%d", l.k.uid())
	decls = append(decls, "var "+done+" bool", "defer func() { if !"+done+" { "+HookName+".IndexWitness("+strings.Join(args, ", ")+") } }()")
	l.edits[ph].text = strings.Join(decls, "; ") + "; "
	l.add(l.off(st.End()), 0, "; "+done+" = true", closing(0))
}

// fault is a place in the statement where a runtime error other than an index out of
// range can start, of a kind the session places among several: an integer division
// (by operand), a write to a map element (m).
type fault struct {
	at      token.Pos // where the session's sites put it
	operand ast.Expr  // the divisor, or the map
}

// collectFaults notes n's faults, if it has any.
func (w *witness) collectFaults(n ast.Node) {
	k := w.l.k
	switch n := n.(type) {
	case *ast.BinaryExpr:
		if (n.Op == token.QUO || n.Op == token.REM) && k.isInteger(n) && !k.isConst(n.Y) {
			w.faults = append(w.faults, fault{n.Pos(), n.Y})
		}
	case *ast.AssignStmt:
		if (n.Tok == token.QUO_ASSIGN || n.Tok == token.REM_ASSIGN) && k.isInteger(n.Lhs[0]) && !k.isConst(n.Rhs[0]) {
			w.faults = append(w.faults, fault{n.Pos(), n.Rhs[0]})
		}
		for _, l := range n.Lhs {
			if ix, ok := ast.Unparen(l).(*ast.IndexExpr); ok && k.isMapIndex(l) {
				w.faults = append(w.faults, fault{l.Pos(), ix.X})
			}
		}
	case *ast.IncDecStmt:
		if ix, ok := ast.Unparen(n.X).(*ast.IndexExpr); ok && k.isMapIndex(n.X) {
			w.faults = append(w.faults, fault{n.X.Pos(), ix.X})
		}
	}
}

// faultArgs returns the witness's records of the statement's faults: for each, 2, its
// cell, line and column, and 1 where it would fail (a divisor 0, a nil map); where there
// are several of a compound statement, and it can read each again.
func (w *witness) faultArgs() ([]string, bool) {
	switch w.st.(type) {
	case *ast.ForStmt, *ast.RangeStmt, *ast.IfStmt, *ast.SwitchStmt, *ast.BlockStmt, *ast.LabeledStmt:
	default:
		return nil, false
	}
	if len(w.faults) < 2 {
		return nil, false // (one is where the session puts it)
	}
	var used []*witnessVar
	var args []string
	for _, f := range w.faults {
		x, ok := w.operand(f.operand, &used)
		if !ok {
			return nil, false
		}
		zero := "0"
		if _, isMap := w.l.k.under(f.operand).(*types.Map); isMap {
			zero = "nil"
		}
		p := w.l.k.fset.Position(f.at)
		cell, line := decodeLine(p.Line)
		args = append(args, fmt.Sprintf("2, %d, %d, %d, func() int { if %s == %s { return 1 }; return 0 }()", cell, line, p.Column, x, zero))
	}
	for _, v := range used {
		v.used = true
	}
	return args, true
}

// assignDecl turns d, a var declaration whose variables moved, into their assignment:
// var a, b T = x, y  →  a, b = x, y;  var n T  →  n = *new(T).
func (l *lowerer) assignDecl(d *ast.DeclStmt) {
	gd := d.Decl.(*ast.GenDecl)
	spec := gd.Specs[0].(*ast.ValueSpec)
	first, last := spec.Names[0], spec.Names[len(spec.Names)-1]
	l.add(l.off(gd.Pos()), l.off(first.Pos())-l.off(gd.Pos()), "", 0)
	if spec.Type != nil {
		l.add(l.off(last.End()), l.off(spec.Type.End())-l.off(last.End()), "", 0)
	}
	if len(spec.Values) == 0 {
		zero := zeroValue(l.info().TypeOf(spec.Type), l.text(spec.Type.Pos(), spec.Type.End()))
		zeros := make([]string, len(spec.Names))
		for i := range zeros {
			zeros[i] = zero
		}
		l.add(l.off(spec.Type.End()), 0, " = "+strings.Join(zeros, ", "), 0)
	}
}

// gcSizes are the sizes of types as gc lays them out on a 64-bit machine.
var gcSizes = types.SizesFor("gc", "amd64")

// zeroValue returns the zero value of t, spelled text, as a literal where there is one
// (*new(T) allocates each time, which a loop pays).
func zeroValue(t types.Type, text string) string {
	if t == nil {
		return "*new(" + text + ")"
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsNumeric != 0:
			return text + "(0)"
		case u.Info()&types.IsString != 0:
			return text + `("")`
		case u.Info()&types.IsBoolean != 0:
			return text + "(false)"
		}
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		return "(" + text + ")(nil)"
	case *types.Struct, *types.Array:
		return text + "{}"
	}
	return "*new(" + text + ")"
}

// witness is the analysis of one top-level statement.
type witness struct {
	l      *lowerer
	info   *types.Info
	locals map[*types.Var]*witnessVar    // the variables the statement declares
	order  []*witnessVar                 // in the order declared
	sites  []ast.Expr                    // index and slice expressions
	faults []fault                       // divisions and map writes
	keys   map[*types.Var]*ast.RangeStmt // the keys of the statement's range loops
	st     ast.Stmt
}

// witnessVar is a variable the statement declares, which may move before the deferred
// literal.
type witnessVar struct {
	obj   *types.Var
	ok    bool   // it may move
	used  bool   // a witnessed operand reads it
	typ   string // its type as the cell spells it
	toks  []int  // the offsets of the := that declare it and its fellows, or assign it again
	group []*witnessVar
	deps  []*witnessVar // those a := declares that assigns it again (i, err := f()): they move with it
	// For a range clause's key or value: the loop, and the name in the clause.
	ranged *ast.RangeStmt
	ident  *ast.Ident
	// For the key of a range over an integer: 1 + the edit that declares it (else 0).
	intKey int
	// For a variable of a var declaration: the declaration.
	decl *ast.DeclStmt
}

// collect finds the statement's variables and indexes, outside function literals.
func (w *witness) collect(st ast.Stmt) {
	declare := func(id *ast.Ident, tok token.Pos, movable bool) *witnessVar {
		v, _ := w.info.Defs[id].(*types.Var)
		if v == nil || id.Name == "_" {
			return nil // (a blank one is assigned as well)
		}
		wv := &witnessVar{obj: v, ok: movable, ident: id}
		if tok.IsValid() {
			wv.toks = []int{w.l.off(tok)}
		}
		w.locals[v] = wv
		w.order = append(w.order, wv)
		return wv
	}
	group := func(vs []*witnessVar) {
		for _, v := range vs {
			if v != nil {
				v.group = vs
			}
		}
	}
	ast.Inspect(st, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.RangeStmt:
			if id, ok := n.Key.(*ast.Ident); ok && n.Tok == token.DEFINE {
				if v, ok := w.info.Defs[id].(*types.Var); ok {
					w.keys[v] = n
				}
			}
		}
		return true
	})
	specs := map[*ast.ValueSpec]bool{} // those of the declarations that may move
	ast.Inspect(st, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE {
				break
			}
			var vs, again []*witnessVar
			for _, e := range n.Lhs {
				id, ok := e.(*ast.Ident)
				if !ok {
					continue
				}
				if v, ok := w.info.Uses[id].(*types.Var); ok && w.locals[v] != nil {
					again = append(again, w.locals[v]) // declared before in the statement
					continue
				}
				vs = append(vs, declare(id, n.TokPos, true))
			}
			group(vs)
			for _, v := range again {
				// Moved, it is assigned here, and the := becomes an = (else the
				// interpreter would declare another in the block).
				v.toks = append(v.toks, w.l.off(n.TokPos))
				for _, u := range vs {
					if u != nil {
						v.deps = append(v.deps, u)
					}
				}
			}
		case *ast.RangeStmt:
			if n.Tok != token.DEFINE {
				break
			}
			if at, ok := w.l.intKeys[n]; ok {
				// Over an integer, the lowering declares the key in the body (see
				// rangeInt): that declaration becomes the assignment.
				if id, ok := n.Key.(*ast.Ident); ok {
					if v := declare(id, token.NoPos, true); v != nil {
						v.intKey = at + 1
					}
				}
				break
			}
			movable := false
			switch u := w.l.k.under(n.X).(type) {
			case *types.Slice, *types.Array, *types.Map:
				movable = true
			case *types.Pointer:
				_, movable = u.Elem().Underlying().(*types.Array)
			}
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, ok := e.(*ast.Ident); ok {
					// (Not a large struct or array value, whose copy into the variable
					// each iteration costs a third of a minimal loop's time.)
					ok := movable
					if e == n.Value {
						switch w.l.k.under(e).(type) {
						case *types.Array, *types.Struct:
							ok = ok && gcSizes.Sizeof(w.l.k.under(e)) <= 64
						}
					}
					if v := declare(id, token.NoPos, ok); v != nil {
						v.ranged = n
					}
				}
			}
		case *ast.DeclStmt:
			// var n int, var a, b = f(): moved, and assigned where they were declared.
			gd, ok := n.Decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR || len(gd.Specs) != 1 || gd.Lparen.IsValid() {
				break
			}
			spec := gd.Specs[0].(*ast.ValueSpec)
			if spec.Type == nil && len(spec.Values) == 0 {
				break
			}
			specs[spec] = true
			var vs []*witnessVar
			for _, id := range spec.Names {
				v := declare(id, token.NoPos, true)
				if v != nil {
					v.decl = n
				}
				vs = append(vs, v)
			}
			group(vs)
		case *ast.ValueSpec:
			if specs[n] {
				break
			}
			for _, id := range n.Names {
				declare(id, token.NoPos, false)
			}
		case *ast.TypeSwitchStmt, *ast.CommClause:
			// (their variables are found by Defs below, and stay)
		case *ast.IndexExpr:
			if w.ownKey(n) {
				break
			}
			switch u := w.l.k.under(n.X).(type) {
			case *types.Slice:
				w.sites = append(w.sites, n)
			case *types.Basic:
				if u.Info()&types.IsString != 0 {
					w.sites = append(w.sites, n)
				}
			case *types.Array:
				if !w.l.k.isConst(n.Index) {
					w.sites = append(w.sites, n)
				}
			case *types.Pointer:
				if _, ok := u.Elem().Underlying().(*types.Array); ok {
					w.sites = append(w.sites, n)
				}
			}
		case *ast.SliceExpr:
			w.sites = append(w.sites, n)
		}
		w.collectFaults(n)
		return true
	})
	// Any other variable the statement declares (a type switch's, a select case's) stays.
	ast.Inspect(st, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := w.info.Defs[id].(*types.Var); ok && w.locals[v] == nil {
				w.locals[v] = &witnessVar{obj: v}
			}
		}
		return true
	})
}

// ownKey reports whether x is xs[i] in the body of for i := range xs (or for i, v),
// with xs a variable the body does not assign: in range, and not worth the assignment
// the body would make (for j := range block { block[j] = 1 } is no slower).
func (w *witness) ownKey(x *ast.IndexExpr) bool {
	id, ok := ast.Unparen(x.Index).(*ast.Ident)
	xs, ok2 := ast.Unparen(x.X).(*ast.Ident)
	if !ok || !ok2 {
		return false
	}
	key, _ := w.info.Uses[id].(*types.Var)
	rs := w.keys[key]
	if rs == nil {
		return false
	}
	over, ok := ast.Unparen(rs.X).(*ast.Ident)
	if !ok || w.info.Uses[over] != w.info.Uses[xs] {
		return false
	}
	assigned := false
	ast.Inspect(rs.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, e := range n.Lhs {
				if e, ok := ast.Unparen(e).(*ast.Ident); ok && w.info.Uses[e] == w.info.Uses[xs] {
					assigned = true
				}
			}
		case *ast.UnaryExpr:
			if e, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND && w.info.Uses[e] == w.info.Uses[xs] {
				assigned = true
			}
		}
		return !assigned
	})
	return !assigned
}

// settle decides which variables may move: see witnessIndexes. edits are the statement's.
func (w *witness) settle(st ast.Stmt, edits []edit) {
	names := map[string][]types.Object{} // every object each name means in the statement
	labels := map[string]bool{}
	note := func(id *ast.Ident, o types.Object) {
		for _, x := range names[id.Name] {
			if x == o {
				return
			}
		}
		names[id.Name] = append(names[id.Name], o)
	}
	var stack []ast.Node
	ast.Inspect(st, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		stack = append(stack, n)
		switch n := n.(type) {
		case *ast.LabeledStmt:
			labels[n.Label.Name] = true
		case *ast.Ident:
			if o := w.info.Defs[n]; o != nil {
				note(n, o)
			}
			o := w.info.Uses[n]
			if o == nil {
				break
			}
			note(n, o)
			v, _ := o.(*types.Var)
			wv := w.locals[v]
			if wv == nil {
				break
			}
			for _, m := range stack[:len(stack)-1] {
				if _, lit := m.(*ast.FuncLit); lit {
					wv.ok = false // captured
				}
			}
			if w.addressed(stack) {
				wv.ok = false
			}
		}
		return true
	})
	touched := func(at int) bool {
		for _, e := range edits {
			if e.at <= at+2 && e.at+e.del >= at && (e.del > 0 || e.at == at || e.at == at+2) {
				return true
			}
		}
		return false
	}
	names0 := w.l.k.declaredNames()
	for _, v := range w.order {
		if !v.ok {
			continue
		}
		if name := v.obj.Name(); len(names[name]) != 1 || labels[name] || name == "_" || types.Universe.Lookup(name) != nil ||
			w.l.k.imports[name] != "" || strings.HasPrefix(name, "ᐅ") {
			v.ok = false
			continue
		}
		switch v.obj.Type().Underlying().(type) {
		case *types.Interface:
			if cellInterface(v.obj.Type()) {
				v.ok = false // (whose values the lowering converts where they are declared)
				continue
			}
		}
		if _, ok := w.l.k.typeString(v.obj.Type(), names0); !ok {
			v.ok = false
			continue
		}
		v.typ = w.l.typ(v.obj.Type())
		for _, tok := range v.toks {
			if touched(tok) {
				v.ok = false
			}
		}
		if v.ranged != nil && (touched(w.l.off(v.ident.Pos())) || touched(w.l.off(v.ranged.Body.Lbrace))) {
			v.ok = false
		}
		if v.decl != nil {
			for at := w.l.off(v.decl.Pos()); at < w.l.off(v.decl.End()); at++ {
				if touched(at) {
					v.ok = false
					break
				}
			}
		}
	}
	// A declaration moves with all its variables or none. A type spelled with a name
	// that a moved variable takes would mean the variable.
	for changed := true; changed; {
		changed = false
		for _, v := range w.order {
			if !v.ok {
				continue
			}
			for _, u := range append(v.group, v.deps...) {
				if u != nil && !u.ok {
					v.ok, changed = false, true
				}
			}
			for _, u := range w.order {
				if u.ok && spelledWith(v.typ, u.obj.Name()) {
					v.ok, changed = false, true
				}
			}
		}
	}
}

// addressed reports whether the identifier at the top of stack, a variable, has its
// address taken there: &v, or a method with a pointer receiver called on v.
func (w *witness) addressed(stack []ast.Node) bool {
	// Up through the fields and array elements of a struct or array value (h.L, a[i].x):
	// the address of a part is the variable's too.
	i := len(stack) - 1
	for i > 0 {
		child, parent := stack[i], stack[i-1]
		switch p := parent.(type) {
		case *ast.ParenExpr:
			i--
			continue
		case *ast.SelectorExpr:
			if sel := w.info.Selections[p]; p.X == child && sel != nil && sel.Kind() == types.FieldVal && !sel.Indirect() {
				i--
				continue
			}
		case *ast.IndexExpr:
			if _, array := w.l.k.under(p.X).(*types.Array); p.X == child && array {
				i--
				continue
			}
		}
		break
	}
	if i < 1 {
		return false
	}
	child := stack[i]
	switch p := stack[i-1].(type) {
	case *ast.UnaryExpr:
		return p.Op == token.AND
	case *ast.SliceExpr:
		_, array := w.l.k.under(p.X).(*types.Array)
		return p.X == child && array // (slicing an array takes its address)
	case *ast.SelectorExpr:
		if sel := w.info.Selections[p]; sel != nil && sel.Kind() == types.MethodVal {
			if sig, ok := sel.Obj().Type().(*types.Signature); ok && sig.Recv() != nil {
				_, ptr := sig.Recv().Type().(*types.Pointer)
				_, isPtr := sel.Recv().Underlying().(*types.Pointer)
				return ptr && !isPtr
			}
		}
	}
	return false
}

// spelledWith reports whether the spelled type t uses the name n: alone, or as the
// package of a qualified name (n.T), not as the name a package qualifies (p.n).
func spelledWith(t, n string) bool {
	for _, f := range strings.FieldsFunc(t, func(r rune) bool {
		return r != '_' && r != '.' && !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if head, _, _ := strings.Cut(f, "."); head == n {
			return true
		}
	}
	return false
}

// args returns the arguments of the witness for index x: its position in the cell, the
// length of its operand and its index.
func (w *witness) args(e ast.Expr) (string, bool) {
	var used []*witnessVar
	p := w.l.k.fset.Position(e.Pos())
	cell, line := decodeLine(p.Line)
	var text string
	switch x := e.(type) {
	case *ast.IndexExpr:
		n, ok := w.length(x.X, &used)
		if !ok {
			return "", false
		}
		i, ok := w.indexOperand(x.Index, &used)
		if !ok {
			return "", false
		}
		text = fmt.Sprintf("0, %d, %d, %d, %s, %s", cell, line, p.Column, n, i)
	case *ast.SliceExpr:
		args, ok := w.sliceArgs(x, &used)
		if !ok {
			return "", false
		}
		text = fmt.Sprintf("1, %d, %d, %d, %s", cell, line, p.Column, args)
	}
	for _, v := range used {
		v.used = true
	}
	return text, true
}

// sliceArgs returns the witness's operands of x, a slice expression: which bounds it
// has and whether it slices a slice (flags: 1 high, 2 slice, 4 max), its bounds (low 0
// and high the length where left out), and its operand's length and capacity.
func (w *witness) sliceArgs(x *ast.SliceExpr, used *[]*witnessVar) (string, bool) {
	flags := 0
	switch u := w.l.k.under(x.X).(type) {
	case *types.Slice:
		flags |= 2
	case *types.Basic:
		if u.Info()&types.IsString == 0 {
			return "", false
		}
	case *types.Array:
	default:
		return "", false // (through a pointer, which may be nil)
	}
	if _, ok := ast.Unparen(x.X).(*ast.IndexExpr); ok {
		return "", false
	}
	xs, ok := w.operand(x.X, used)
	if !ok {
		return "", false
	}
	bound := func(e ast.Expr, def string, flag int) (string, bool) {
		if e == nil {
			return def, true
		}
		flags |= flag
		return w.operand(e, used)
	}
	lo, ok1 := bound(x.Low, "0", 0)
	hi, ok2 := bound(x.High, "len("+xs+")", 1)
	mx, ok3 := bound(x.Max, "0", 4)
	if !ok1 || !ok2 || !ok3 {
		return "", false
	}
	capacity := "cap(" + xs + ")"
	if flags&2 == 0 {
		if _, str := w.l.k.under(x.X).(*types.Basic); str {
			capacity = "len(" + xs + ")" // (a string has no cap)
		}
	}
	return fmt.Sprintf("%d, %s, %s, %s, len(%s), %s", flags, lo, hi, mx, xs, capacity), true
}

// length returns what evaluates len(x) without panicking: -1 where it cannot tell.
func (w *witness) length(x ast.Expr, used *[]*witnessVar) (string, bool) {
	if _, isPtr := w.l.k.under(x).(*types.Pointer); isPtr {
		return "", false // the interpreter's len of a nil pointer to an array panics
	}
	if ix, ok := ast.Unparen(x).(*ast.IndexExpr); ok {
		// grid[i] of grid[i][j]: guarded, or m[k] of a map.
		if _, isMap := w.l.k.under(ix.X).(*types.Map); isMap {
			if mt := w.l.k.under(ix.X).(*types.Map); mayHoldInterface(mt.Key()) {
				return "", false
			}
			inner, ok := w.operand(ix.X, used)
			key, ok2 := w.operand(ix.Index, used)
			if !ok || !ok2 {
				return "", false
			}
			return "len(" + inner + "[" + key + "])", true
		}
		if _, isPtr := w.l.k.under(ix.X).(*types.Pointer); isPtr {
			return "", false
		}
		inner, ok := w.operand(ix.X, used)
		i, ok2 := w.operand(ix.Index, used)
		if ok2 {
			i = "int64(" + i + ")"
		} else if jx, isIndex := ast.Unparen(ix.Index).(*ast.IndexExpr); isIndex {
			// conf[labels[k]] of conf[labels[k]][preds[k]]: -1 where labels[k] is out
			// of range, which makes the length not known.
			xs, ok3 := w.operand(jx.X, used)
			k, ok4 := w.operand(jx.Index, used)
			switch w.l.k.under(jx.X).(type) {
			case *types.Slice, *types.Array:
				ok2 = ok3 && ok4
			}
			i = fmt.Sprintf("func() int64 { if ᐅj := int64(%s); 0 <= ᐅj && ᐅj < int64(len(%s)) { return int64(%s[ᐅj]) }; return -1 }()", k, xs, xs)
		}
		if !ok || !ok2 {
			return "", false
		}
		return fmt.Sprintf("func() int { if ᐅi := %s; 0 <= ᐅi && ᐅi < int64(len(%s)) { return len(%s[ᐅi]) }; return -1 }()", i, inner, inner), true
	}
	if e, ok := w.operand(x, used); ok {
		return "len(" + e + ")", true
	}
	// m.W with m a pointer (or a chain of them): guarded.
	if guards, ok := w.pointerGuards(x, used); ok && len(guards) > 0 {
		return "func() int { if " + strings.Join(guards, " && ") + " { return len(" + w.l.text(x.Pos(), x.End()) + ") }; return -1 }()", true
	}
	return "", false
}

// pointerGuards returns, for x, a chain of field selectors through pointers from a
// variable it may read (m.W, m.cfg.Hist), the tests that its pointers are not nil, in
// order, where reading x again cannot panic once they hold.
func (w *witness) pointerGuards(x ast.Expr, used *[]*witnessVar) ([]string, bool) {
	switch e := ast.Unparen(x).(type) {
	case *ast.SelectorExpr:
		sel := w.info.Selections[e]
		if sel == nil || sel.Kind() != types.FieldVal {
			return nil, false
		}
		var guards []string
		if !w.safe(e.X, used) {
			var ok bool
			if guards, ok = w.pointerGuards(e.X, used); !ok {
				return nil, false
			}
		}
		if sel.Indirect() {
			if _, ptr := w.l.k.under(e.X).(*types.Pointer); !ptr || len(sel.Index()) != 1 {
				return nil, false // (through an embedded pointer, which may be nil too: not spelled here)
			}
			guards = append(guards, w.l.text(e.X.Pos(), e.X.End())+" != nil")
		}
		return guards, true
	case *ast.Ident:
		return nil, w.safe(e, used)
	}
	return nil, false
}

// operand returns the source of e when evaluating it again cannot panic.
func (w *witness) operand(e ast.Expr, used *[]*witnessVar) (string, bool) {
	if !w.safe(e, used) {
		return "", false
	}
	return w.l.text(e.Pos(), e.End()), true
}

// indexOperand is operand for an index, which may itself be an element (labels[k] of
// conf[labels[k]]): guarded, nil where it is out of range (the session then takes the
// statement's operands for not known).
func (w *witness) indexOperand(e ast.Expr, used *[]*witnessVar) (string, bool) {
	if s, ok := w.operand(e, used); ok {
		return s, true
	}
	if ix, ok := ast.Unparen(e).(*ast.IndexExpr); ok {
		switch w.l.k.under(ix.X).(type) {
		case *types.Slice, *types.Array:
			xs, ok1 := w.operand(ix.X, used)
			k, ok2 := w.operand(ix.Index, used)
			if ok1 && ok2 {
				return fmt.Sprintf("func() any { if ᐅj := int64(%s); 0 <= ᐅj && ᐅj < int64(len(%s)) { return %s[ᐅj] }; return nil }()", k, xs, xs), true
			}
		}
	}
	return "", false
}

// inside reports whether o is declared in the statement.
func (w *witness) inside(o types.Object) bool {
	return o.Pos() >= w.st.Pos() && o.Pos() < w.st.End()
}

// safe reports whether evaluating e cannot panic, nor do anything; it notes the moved
// variables e reads.
func (w *witness) safe(e ast.Expr, used *[]*witnessVar) bool {
	switch e := e.(type) {
	case *ast.BasicLit:
		return true
	case *ast.ParenExpr:
		return w.safe(e.X, used)
	case *ast.UnaryExpr:
		return (e.Op == token.SUB || e.Op == token.ADD || e.Op == token.XOR) && w.safe(e.X, used)
	case *ast.BinaryExpr:
		switch e.Op {
		case token.ADD, token.SUB, token.MUL, token.AND, token.OR, token.XOR, token.AND_NOT:
			return w.safe(e.X, used) && w.safe(e.Y, used)
		case token.QUO, token.REM, token.SHL, token.SHR:
			if b, ok := underBasic(w.info.TypeOf(e)); ok && e.Op == token.QUO && b.Info()&types.IsFloat != 0 {
				return w.safe(e.X, used) && w.safe(e.Y, used) // (hist[int(x/w)]: a float division cannot panic)
			}
			// By a constant, which cannot be 0 (the compiler refuses it) or negative
			// for a shift: data[i%n] with const n, xs[i/2], k>>1.
			tv, ok := w.info.Types[e.Y]
			return ok && tv.Value != nil && constant.Sign(tv.Value) > 0 && w.safe(e.X, used)
		}
	case *ast.Ident:
		switch o := w.info.Uses[e].(type) {
		case *types.Const:
			return !w.inside(o) // (one the statement declares is not there before it)
		case *types.Var:
			if v := w.locals[o]; v != nil {
				if !v.ok {
					return false
				}
				*used = append(*used, v)
				return true
			}
			k := w.l.k
			return k.pkg.Scope().Lookup(e.Name) == o || (k.fn != nil && o.Parent() == k.tinfo.Scopes[k.fn.Type])
		}
	case *ast.SelectorExpr:
		if sel := w.info.Selections[e]; sel != nil {
			return sel.Kind() == types.FieldVal && !sel.Indirect() && w.safe(e.X, used)
		}
		_, isConst := w.info.Uses[e.Sel].(*types.Const)
		return isConst
	case *ast.CallExpr:
		if len(e.Args) != 1 {
			return false
		}
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok {
			if b, ok := w.info.Uses[id].(*types.Builtin); ok {
				return (b.Name() == "len" || b.Name() == "cap") && w.safe(e.Args[0], used)
			}
		}
		if tv, ok := w.info.Types[e.Fun]; ok && tv.IsType() {
			if n, ok := types.Unalias(tv.Type).(*types.Named); ok && w.inside(n.Obj()) {
				return false
			}
			b, ok := tv.Type.Underlying().(*types.Basic)
			return ok && b.Info()&types.IsInteger != 0 && w.safe(e.Args[0], used)
		}
	}
	return false
}
