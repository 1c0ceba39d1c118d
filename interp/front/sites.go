package front

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"
)

// The interpreter reports every frame of a panic at the first node its function ran, not
// where the panic started or where the frame called the next one. Sites are the places in
// a cell where a panic of each kind can start and where calls are made; Place uses them to
// put each frame on the line where it really was, when the kind of panic or the function
// called leaves one candidate line.

// SiteKind is what a frame was doing when a panic went through it.
type SiteKind int

const (
	NoSite       SiteKind = iota
	IndexSite             // x[i] on a slice, array or string
	SliceSite             // x[i:j]
	MapWriteSite          // m[k] = v, m[k]++
	DerefSite             // *p, p.f through a pointer, a method of an interface value
	DivideSite            // integer / or % by a value that is not constant
	AssertSite            // x.(T) without comma-ok
	PanicSite             // panic(v)
	CallSite              // a call: into compiled code, or of the function of the frame inside
	CompareSite           // == or != of interfaces, which may hold an uncomparable value
	HashSite              // a map index with an interface key, which may be unhashable
	CloseSite             // close(ch)
	SendSite              // ch <- v
	MakeSite              // make with a size that is not constant
	ShiftSite             // a shift by a signed count that is not constant
	ConvertSite           // a conversion of a slice to an array or a pointer to one
	// SourceCallSite is a call of a library function that runs as cell code (a generic
	// function of slices or maps), whose frames a panic's report leaves out: its panic
	// ("cannot be less than 1" of slices.Chunk) seems to start in the calling frame.
	SourceCallSite
)

// site is one such place.
type site struct {
	at   pos
	kind SiteKind
	// For a call: the name of the cell function it calls ("" for a call into compiled
	// code, "?" for a call of a function value or an interface method, which may be
	// either).
	callee string
	// For an index whose operands read only constants and package-level variables: their
	// source, which can be evaluated again after the panic; for a slice expression, also
	// its bounds ("" for one left out) and whether x is a slice (which has a capacity).
	x, index       string
	low, high, max string
	slice          bool
	// For an assertion to a concrete type: the names of the operand's interface type and
	// of the type, as Go's message names them.
	iface, target string
	// For a panic call: the pattern of its message, where the source tells it (see
	// panicsays.go); for a call of a library function, the pattern its package's
	// panics follow, and the function's name.
	says string
	lib  string
	pkg  string // the library function's package name
	// For a call of a function value, which dereferences it (nil: a DerefSite too).
	funcValue bool
	// For a call into compiled code: whether the function runs as cell code (see
	// SourceCallSite).
	source bool
	// For a dereference of a variable inside an if x != nil block: it did not panic if
	// another one could have.
	guarded bool
}

// body is code that the interpreter runs as one frame: a function declaration, a
// function literal, or a top-level statement (which the lowering wraps in a literal).
type body struct {
	extent [2]pos
	name   string // the frame's name: the function's, "outer.func1" for a literal, "cell"
	sites  []site // sorted by position; not those of nested literals
}

// holds reports whether p, the first node a frame ran, is in b. A function's first node is
// inside its body, never at the func keyword where a literal's extent starts: a frame
// reported there is the enclosing function's, which began by making the literal.
func (b *body) holds(p pos) bool {
	if b.name != "cell" && p == b.extent[0] {
		return false
	}
	return within(p, b.extent)
}

// recordSites notes the bodies of the cell and their sites for Place.
func (k *check) recordSites(lc *lowered) {
	at := func(p token.Pos) pos {
		tp := k.fset.Position(p)
		_, line := decodeLine(tp.Line)
		return pos{line, tp.Column}
	}
	// lits counts the function literals met so far directly in a frame's function (for
	// the cell: in all its top-level statements).
	var add func(n ast.Node, extent [2]pos, name string, lits *int)
	add = func(n ast.Node, extent [2]pos, name string, lits *int) {
		b := body{extent: extent, name: name}
		guards := k.nilGuards(n)
		var okAsserts map[ast.Expr]bool             // x.(T) in v, ok := x.(T)
		var selectSends map[*ast.SendStmt]token.Pos // the sends of a select of several cases, at the select
		ast.Inspect(n, func(m ast.Node) bool {
			if m == nil {
				return false
			}
			s := site{at: at(m.Pos()), kind: NoSite}
			switch m := m.(type) {
			case *ast.FuncLit:
				// Named as Go names them: f.func1, f.func2 in order, f.func1.1 nested.
				*lits++
				lit := fmt.Sprintf("%s.func%d", name, *lits)
				switch {
				case name == "cell":
					lit = fmt.Sprintf("func%d", *lits)
				case strings.Contains(name, ".func"):
					lit = fmt.Sprintf("%s.%d", name, *lits)
				}
				add(m.Body, [2]pos{at(m.Pos()), at(m.End())}, lit, new(int))
				return false
			case *ast.AssignStmt:
				if len(m.Lhs) == 2 && len(m.Rhs) == 1 {
					if ta, ok := ast.Unparen(m.Rhs[0]).(*ast.TypeAssertExpr); ok {
						if okAsserts == nil {
							okAsserts = map[ast.Expr]bool{}
						}
						okAsserts[ta] = true
					}
				}
				for _, l := range m.Lhs {
					if k.isMapIndex(l) {
						b.sites = append(b.sites, site{at: at(l.Pos()), kind: MapWriteSite})
					}
				}
				if (m.Tok == token.QUO_ASSIGN || m.Tok == token.REM_ASSIGN) && k.isInteger(m.Lhs[0]) && !k.isConst(m.Rhs[0]) {
					s.kind = DivideSite
				}
				if (m.Tok == token.SHL_ASSIGN || m.Tok == token.SHR_ASSIGN) && k.signedCount(m.Rhs[0]) {
					s.kind = ShiftSite
				}
			case *ast.IncDecStmt:
				if k.isMapIndex(m.X) {
					s.kind = MapWriteSite
				}
			case *ast.IndexExpr:
				if mt, ok := k.under(m.X).(*types.Map); ok && mayHoldInterface(mt.Key()) {
					s.kind = HashSite
				}
				switch u := k.under(m.X).(type) {
				case *types.Slice, *types.Basic:
					s.kind = IndexSite
				case *types.Array:
					if !k.isConst(m.Index) {
						s.kind = IndexSite
					}
				case *types.Pointer:
					s.kind = IndexSite
					if _, ok := u.Elem().Underlying().(*types.Array); !ok {
						s.kind = NoSite
					} else {
						// Through the pointer, which may be nil.
						b.sites = append(b.sites, site{at: s.at, kind: DerefSite, guarded: guards.hold(k.tinfo, m.X, m.Pos())})
					}
				}
				if s.kind == IndexSite && k.pureGlobal(m.X) && k.pureGlobal(m.Index) {
					s.x, s.index = k.span(m.X.Pos(), m.X.End()), k.span(m.Index.Pos(), m.Index.End())
				}
			case *ast.SliceExpr:
				s.kind = SliceSite
				if k.pureGlobal(m.X) && (m.Low == nil || k.pureGlobal(m.Low)) && (m.High == nil || k.pureGlobal(m.High)) && (m.Max == nil || k.pureGlobal(m.Max)) {
					s.x = k.span(m.X.Pos(), m.X.End())
					if m.Low != nil {
						s.low = k.span(m.Low.Pos(), m.Low.End())
					}
					if m.High != nil {
						s.high = k.span(m.High.Pos(), m.High.End())
					}
					if m.Max != nil {
						s.max = k.span(m.Max.Pos(), m.Max.End())
					}
					_, s.slice = k.under(m.X).(*types.Slice)
				}
			case *ast.StarExpr:
				if tv, ok := k.tinfo.Types[m]; ok && tv.IsValue() {
					s.kind = DerefSite
				}
			case *ast.SelectorExpr:
				if sel := k.tinfo.Selections[m]; sel != nil {
					_, iface := sel.Recv().Underlying().(*types.Interface)
					if sel.Indirect() || iface {
						s.kind = DerefSite
						s.guarded = guards.hold(k.tinfo, m.X, m.Pos())
					}
				}
			case *ast.RangeStmt:
				if _, ok := k.under(m.X).(*types.Signature); ok {
					// Over a function, which the loop calls (a nil one dereferenced).
					s.kind, s.callee = k.callSite(&ast.CallExpr{Fun: m.X})
					s.funcValue = s.callee == "?"
				}
				if p, ok := k.under(m.X).(*types.Pointer); ok && m.Value != nil && !isBlank(m.Value) {
					if _, array := p.Elem().Underlying().(*types.Array); array {
						s.kind = DerefSite // the elements, through a pointer that may be nil
					}
				}
			case *ast.BinaryExpr:
				if (m.Op == token.QUO || m.Op == token.REM) && k.isInteger(m) && !k.isConst(m.Y) {
					s.kind = DivideSite
				}
				if (m.Op == token.SHL || m.Op == token.SHR) && k.signedCount(m.Y) {
					s.kind = ShiftSite
				}
				if (m.Op == token.EQL || m.Op == token.NEQ) && !isNilExpr(k, m.X) && !isNilExpr(k, m.Y) &&
					(k.holdsInterface(m.X) || k.holdsInterface(m.Y)) {
					s.kind = CompareSite // (one with nil cannot panic)
				}
			case *ast.TypeAssertExpr:
				if m.Type != nil && !okAsserts[m] {
					s.kind = AssertSite
					if xt, tt := k.tinfo.TypeOf(m.X), k.tinfo.TypeOf(m.Type); xt != nil && tt != nil && !types.IsInterface(tt) {
						s.iface, s.target = fmtTypeName(xt), fmtTypeName(tt)
					}
				}
			case *ast.SelectStmt:
				// Of two cases or more (a default aside), the runtime's select panics,
				// at the select statement (one case is its send, at the case).
				var sends []*ast.SendStmt
				cases := 0
				for _, c := range m.Body.List {
					if cc, ok := c.(*ast.CommClause); ok && cc.Comm != nil {
						cases++
						if send, ok := cc.Comm.(*ast.SendStmt); ok {
							sends = append(sends, send)
						}
					}
				}
				if cases >= 2 {
					if selectSends == nil {
						selectSends = map[*ast.SendStmt]token.Pos{}
					}
					for _, send := range sends {
						selectSends[send] = m.Select
					}
				}
			case *ast.SendStmt:
				s.kind = SendSite
				if p, ok := selectSends[m]; ok {
					s.at = at(p)
				}
			case *ast.CallExpr:
				if k.sliceToArray(m) {
					s.kind = ConvertSite
					break
				}
				s.kind, s.callee = k.callSite(m)
				switch {
				case s.kind == PanicSite:
					s.says = k.panicSays(m)
				case s.kind == CallSite && s.callee == "":
					s.says, s.lib, s.pkg = k.librarySays(m)
					s.source = k.sourceCall(m)
				}
				s.funcValue = k.funcValueCall(m)
				if id, ok := ast.Unparen(m.Fun).(*ast.Ident); ok {
					if b, ok := k.tinfo.Uses[id].(*types.Builtin); ok {
						switch {
						case b.Name() == "close":
							s.kind = CloseSite
						case b.Name() == "make" && len(m.Args) > 1 && !(k.isConst(m.Args[1]) && (len(m.Args) < 3 || k.isConst(m.Args[2]))):
							s.kind = MakeSite
						}
					}
				}
			}
			if s.kind != NoSite {
				b.sites = append(b.sites, s)
			}
			return true
		})
		sort.SliceStable(b.sites, func(i, j int) bool { return b.sites[i].at.before(b.sites[j].at) })
		lc.bodies = append(lc.bodies, b)
	}
	for _, d := range k.file.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil || !k.inCell(fd.Pos()) {
			continue
		}
		if fd == k.fn {
			lits := new(int)
			if list := fd.Body.List; len(list) > 0 && topLevelGoto(list) {
				// All in one literal (see lower): one frame, which the interpreter
				// reports at the first statement.
				add(fd.Body, [2]pos{at(list[0].Pos()), at(list[len(list)-1].End())}, "cell", lits)
				continue
			}
			for _, st := range fd.Body.List {
				add(st, [2]pos{at(st.Pos()), at(st.End())}, "cell", lits)
			}
			continue
		}
		add(fd.Body, [2]pos{at(fd.Pos()), at(fd.End())}, fd.Name.Name, new(int))
	}
}

// nilGuard is the block of an if statement whose condition tests that a variable is not
// nil (if p != nil { ... }, also as an operand of &&).
type nilGuard struct {
	v        types.Object
	from, to token.Pos
}

type nilGuards []nilGuard

// nilGuards returns the nil guards in n.
func (k *check) nilGuards(n ast.Node) nilGuards {
	var gs nilGuards
	ast.Inspect(n, func(m ast.Node) bool {
		ifs, ok := m.(*ast.IfStmt)
		if !ok {
			return true
		}
		var conds func(e ast.Expr)
		conds = func(e ast.Expr) {
			b, ok := ast.Unparen(e).(*ast.BinaryExpr)
			if !ok {
				return
			}
			switch {
			case b.Op == token.LAND:
				before := len(gs)
				conds(b.X)
				// What follows && is guarded by what comes before it.
				for _, g := range gs[before:] {
					gs = append(gs, nilGuard{g.v, b.Y.Pos(), b.Y.End()})
				}
				conds(b.Y)
			case b.Op == token.NEQ && isNilExpr(k, b.Y):
				if id, ok := ast.Unparen(b.X).(*ast.Ident); ok && k.tinfo.Uses[id] != nil {
					gs = append(gs, nilGuard{k.tinfo.Uses[id], ifs.Body.Pos(), ifs.Body.End()})
				}
			case b.Op == token.NEQ && isNilExpr(k, b.X):
				if id, ok := ast.Unparen(b.Y).(*ast.Ident); ok && k.tinfo.Uses[id] != nil {
					gs = append(gs, nilGuard{k.tinfo.Uses[id], ifs.Body.Pos(), ifs.Body.End()})
				}
			}
		}
		before := len(gs)
		conds(ifs.Cond)
		// A variable set again inside the block may be nil there after all.
		kept := gs[:before]
		for _, g := range gs[before:] {
			if !assigns(k.tinfo, ifs.Body, g.v) {
				kept = append(kept, g)
			}
		}
		gs = kept
		return true
	})
	return gs
}

// assigns reports whether n assigns to v.
func assigns(info *types.Info, n ast.Node, v types.Object) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if a, ok := m.(*ast.AssignStmt); ok {
			for _, l := range a.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok && info.ObjectOf(id) == v {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// hold reports whether x, the operand of a dereference at p, is a variable that a guard
// around p tests.
func (gs nilGuards) hold(info *types.Info, x ast.Expr, p token.Pos) bool {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return false
	}
	obj := info.Uses[id]
	for _, g := range gs {
		if g.v == obj && p >= g.from && p < g.to {
			return true
		}
	}
	return false
}

// funcValueCall reports whether call calls a function value held in a variable or a
// field, which may be nil.
func (k *check) funcValueCall(call *ast.CallExpr) bool {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		_, v := k.tinfo.Uses[f].(*types.Var)
		return v
	case *ast.SelectorExpr:
		sel := k.tinfo.Selections[f]
		return sel != nil && sel.Kind() == types.FieldVal
	}
	return false
}

// signedCount reports whether e, a shift's count, is of a signed integer type and not
// constant: it may be negative, which panics.
func (k *check) signedCount(e ast.Expr) bool {
	if k.isConst(e) {
		return false
	}
	b, ok := k.under(e).(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0 && b.Info()&types.IsUnsigned == 0
}

// sliceToArray reports whether c converts a slice to an array or to a pointer to an
// array, which panics when the slice is too short.
func (k *check) sliceToArray(c *ast.CallExpr) bool {
	tv, ok := k.tinfo.Types[ast.Unparen(c.Fun)]
	if !ok || !tv.IsType() || len(c.Args) != 1 {
		return false
	}
	if _, slice := k.under(c.Args[0]).(*types.Slice); !slice {
		return false
	}
	t := tv.Type.Underlying()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem().Underlying()
	}
	_, array := t.(*types.Array)
	return array
}

// sourceCall reports whether call calls a function of a package lowered from source,
// which runs as cell code (see SourceCallSite).
func (k *check) sourceCall(call *ast.CallExpr) bool {
	id := nameOf(call.Fun)
	if ix, ok := ast.Unparen(call.Fun).(*ast.IndexExpr); ok {
		id = nameOf(ix.X)
	} else if ix, ok := ast.Unparen(call.Fun).(*ast.IndexListExpr); ok {
		id = nameOf(ix.X)
	}
	if id == nil {
		return false
	}
	fn, ok := k.tinfo.Uses[id].(*types.Func)
	return ok && fn.Pkg() != nil && sourcePaths[fn.Pkg().Path()]
}

// callSite classifies a call.
func (k *check) callSite(call *ast.CallExpr) (SiteKind, string) {
	fun := ast.Unparen(call.Fun)
	if tv, ok := k.tinfo.Types[fun]; ok && tv.IsType() {
		return NoSite, "" // a conversion
	}
	if ix, ok := fun.(*ast.IndexExpr); ok {
		fun = ix.X // explicit instantiation
	} else if ix, ok := fun.(*ast.IndexListExpr); ok {
		fun = ix.X
	}
	switch f := fun.(type) {
	case *ast.FuncLit:
		return CallSite, "func"
	case *ast.Ident:
		switch o := k.tinfo.Uses[f].(type) {
		case *types.Builtin:
			if o.Name() == "panic" {
				return PanicSite, ""
			}
			return NoSite, ""
		case *types.Func:
			if o.Pkg() != nil && o.Pkg().Path() == "main" {
				return CallSite, o.Name()
			}
			return CallSite, ""
		}
		return CallSite, "?"
	case *ast.SelectorExpr:
		if _, pkg := k.tinfo.Uses[identOf(f.X)].(*types.PkgName); pkg {
			return CallSite, ""
		}
		sel := k.tinfo.Selections[f]
		if sel == nil {
			return CallSite, "?"
		}
		if _, iface := sel.Recv().Underlying().(*types.Interface); iface || sel.Kind() == types.FieldVal {
			return CallSite, "?"
		}
		if o := sel.Obj(); o.Pkg() != nil && o.Pkg().Path() == "main" {
			return CallSite, o.Name()
		}
		return CallSite, ""
	}
	return CallSite, "?"
}

func identOf(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	return id
}

func (k *check) under(e ast.Expr) types.Type {
	t := k.tinfo.TypeOf(e)
	if t == nil {
		return nil
	}
	return t.Underlying()
}

func (k *check) isMapIndex(e ast.Expr) bool {
	ix, ok := ast.Unparen(e).(*ast.IndexExpr)
	if !ok {
		return false
	}
	_, isMap := k.under(ix.X).(*types.Map)
	return isMap
}

func (k *check) isInteger(e ast.Expr) bool {
	tv, ok := k.tinfo.Types[e]
	if !ok || tv.Type == nil {
		return false
	}
	if tp, ok := types.Unalias(tv.Type).(*types.TypeParam); ok {
		// Of a type parameter: integer if one of its type set's terms is.
		it, _ := tp.Constraint().Underlying().(*types.Interface)
		for i := range it.NumEmbeddeds() {
			if u, ok := it.EmbeddedType(i).(*types.Union); ok {
				for t := range u.Terms() {
					if b, ok := t.Type().Underlying().(*types.Basic); ok && b.Info()&types.IsInteger != 0 {
						return true
					}
				}
			} else if b, ok := it.EmbeddedType(i).Underlying().(*types.Basic); ok && b.Info()&types.IsInteger != 0 {
				return true
			}
		}
		return false
	}
	b, ok := k.under(e).(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

// holdsInterface reports whether e is of an interface type, or a struct or array type
// with interface fields or elements: comparing one may panic.
func (k *check) holdsInterface(e ast.Expr) bool {
	tv, ok := k.tinfo.Types[e]
	return ok && tv.Type != nil && !tv.IsNil() && mayHoldInterface(tv.Type)
}

// mayHoldInterface reports whether t is an interface type, or a struct or array type
// that holds one.
func mayHoldInterface(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Interface:
		return true
	case *types.Array:
		return mayHoldInterface(u.Elem())
	case *types.Struct:
		for i := range u.NumFields() {
			if mayHoldInterface(u.Field(i).Type()) {
				return true
			}
		}
	}
	return false
}

// isNilExpr reports whether e is the untyped nil.
func isNilExpr(k *check, e ast.Expr) bool {
	tv, ok := k.tinfo.Types[e]
	return ok && tv.IsNil()
}

func (k *check) isConst(e ast.Expr) bool {
	tv, ok := k.tinfo.Types[e]
	return ok && tv.Value != nil
}

// pureGlobal reports whether e can be evaluated again after a panic, anywhere in the cell,
// with the same result and no effect: it reads only constants and package-level variables
// (the cell's top-level variables are hoisted to package level).
func (k *check) pureGlobal(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.BasicLit:
		return true
	case *ast.ParenExpr:
		return k.pureGlobal(e.X)
	case *ast.UnaryExpr:
		return e.Op != token.ARROW && k.pureGlobal(e.X)
	case *ast.BinaryExpr:
		return k.pureGlobal(e.X) && k.pureGlobal(e.Y)
	case *ast.Ident:
		switch o := k.tinfo.Uses[e].(type) {
		case *types.Const, *types.Nil:
			return true
		case *types.Var:
			return k.pkg.Scope().Lookup(e.Name) == o || (k.fn != nil && o.Parent() == k.tinfo.Scopes[k.fn.Type])
		}
	case *ast.StarExpr:
		// Through a pointer (*p, h.L with h a pointer): read again after the panic, a nil
		// one fails that evaluation, which then tells nothing.
		return k.pureGlobal(e.X)
	case *ast.SelectorExpr:
		if sel := k.tinfo.Selections[e]; sel != nil {
			return sel.Kind() == types.FieldVal && k.pureGlobal(e.X)
		}
		_, isConst := k.tinfo.Uses[e.Sel].(*types.Const)
		return isConst
	case *ast.IndexExpr:
		return k.pureGlobal(e.X) && k.pureGlobal(e.Index) // dp[0] of dp[0][j]
	case *ast.CallExpr:
		// len and cap of what can be evaluated again (xs[len(xs)-k:]).
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok && len(e.Args) == 1 {
			if b, ok := k.tinfo.Uses[id].(*types.Builtin); ok && (b.Name() == "len" || b.Name() == "cap") {
				return k.pureGlobal(e.Args[0])
			}
		}
		// A conversion to an integer type (hist[int(x/w)]).
		if tv, ok := k.tinfo.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			if b, ok := tv.Type.Underlying().(*types.Basic); ok && b.Info()&types.IsInteger != 0 {
				return k.pureGlobal(e.Args[0])
			}
		}
	}
	return false
}

// Site is where Place puts a frame.
type Site struct {
	Line, Col int
	// Name is the frame's function, as the interpreter would name it.
	Name string
	// Also lists the other lines where the frame may have been, when the sites left more
	// than one candidate line; Line:Col is then the first.
	Also []int
	// X and Index are the source of an index's operands when they can be evaluated again
	// (see pureGlobal); empty otherwise. For a slice expression, Low and High are its
	// bounds ("" where left out; Max for three), and Slice whether X is a slice rather
	// than an array or string.
	X, Index       string
	Low, High, Max string
	Slice          bool
	// Iface and Target name the operand's interface type and the concrete type of an
	// assertion, where the site is one; empty otherwise.
	Iface, Target string
	// Indexes are the operands (X, Index) of the indexes the frame may have failed at,
	// where there are several that can be evaluated again, and IndexAt where each is
	// (line, column).
	Indexes [][2]string
	IndexAt [][2]int
	// Candidates are where each index (or slice expression) the frame may have failed
	// at is (line, column), for one out of range.
	Candidates [][2]int
}

// Place finds where a frame that the interpreter reports at line:col of cell (the first
// node its function ran, with the column as written, see Column) really was: at a site of
// kind for the innermost frame, or, with callee set, at a call of callee (the name the
// interpreter gives the frame inside: a function or method name, "func" for a literal).
// msg is the panic's message, which tells apart panic calls of the innermost frame; lib,
// for a panic that started in compiled code, the package and name of the function it
// started in ("regexp.MustCompile", "mat.Mul"), which tell apart calls.
// ok is false when no site of the frame's body fits, and the report should stand.
func (c *Checker) Place(cell, line, col int, kind SiteKind, callee, msg, lib string) (s Site, ok bool) {
	lc, found := c.cells[cell]
	if !found || kind == NoSite {
		return Site{}, false
	}
	p := pos{line, col}
	var in *body
	for i := range lc.bodies {
		b := &lc.bodies[i]
		if b.holds(p) && (in == nil || !b.extent[0].before(in.extent[0])) {
			in = b // the innermost body holding p
		}
	}
	if in == nil {
		return Site{}, false
	}
	var fits []site
	for _, st := range in.sites {
		if st.kind == kind && (kind != CallSite || calls(st.callee, callee)) || kind == DerefSite && st.funcValue ||
			kind == SourceCallSite && st.kind == CallSite && st.source {
			fits = append(fits, st)
		}
	}
	if len(fits) == 0 && kind == CallSite && callee != "" {
		// Called from compiled code that this frame called (a library function given a
		// cell function), or through a function value.
		for _, st := range in.sites {
			if st.kind == CallSite && (st.callee == "" || st.callee == "?") {
				fits = append(fits, st)
			}
		}
	}
	if len(fits) == 0 {
		return Site{}, false
	}
	if kind == PanicSite {
		if f, ok := markedPanic(cell, fits); ok {
			fits = []site{f}
		}
	}
	if kind == PanicSite || kind == CallSite && callee == "" {
		fits = saysMatch(fits, msg)
	}
	if kind == CallSite && callee == "" || kind == SourceCallSite {
		// Of calls into one package, the one whose function the message names
		// ("strings: negative Repeat count"), first.
		sort.SliceStable(fits, func(i, j int) bool { return namesLib(msg, fits[i].lib) && !namesLib(msg, fits[j].lib) })
		if lib != "" {
			// The calls into the package the panic started in, where there are any
			// (sort.Slice, for a panic in sort's insertionSort_func), the function's own
			// first.
			pkg, name, _ := strings.Cut(lib, ".")
			var into []site
			for _, f := range fits {
				if f.pkg == pkg {
					into = append(into, f)
				}
			}
			if len(into) > 0 {
				fits = into // (a call into another package reaches this one through it)
			}
			sort.SliceStable(fits, func(i, j int) bool { return sameLib(fits[i].lib, name) && !sameLib(fits[j].lib, name) })
		}
	}
	if kind == DerefSite {
		// One inside if p != nil { ... } did not dereference a nil p, if another could;
		// a call of a function value is nil less often than a pointer is.
		for _, keep := range []func(site) bool{
			func(f site) bool { return !f.guarded },
			func(f site) bool { return f.kind == DerefSite },
		} {
			var kept []site
			for _, f := range fits {
				if keep(f) {
					kept = append(kept, f)
				}
			}
			if len(kept) > 0 {
				fits = kept
			}
		}
	}
	f0 := fits[0]
	s = Site{Line: f0.at.line, Col: f0.at.col, Name: in.name, X: f0.x, Index: f0.index, Low: f0.low, High: f0.high, Max: f0.max, Slice: f0.slice,
		Iface: f0.iface, Target: f0.target}
	for _, f := range fits[1:] {
		if f.at.line != s.Line && (len(s.Also) == 0 || s.Also[len(s.Also)-1] != f.at.line) {
			s.Also = append(s.Also, f.at.line)
		}
	}
	if kind == IndexSite || kind == SliceSite || kind == DivideSite || kind == MapWriteSite {
		for _, f := range fits {
			s.Candidates = append(s.Candidates, [2]int{f.at.line, f.at.col})
		}
	}
	if len(s.Also) > 0 || len(fits) > 1 {
		if kind == IndexSite {
			// Which index it was is not known: when each can be evaluated again, each
			// is a candidate, the first out of range the one (dp[0][j] has two). One
			// that cannot (xs[pick()]) may have been it.
			for _, f := range fits {
				if f.x == "" || f.index == "" {
					s.Indexes, s.IndexAt = nil, nil
					break
				}
				s.Indexes = append(s.Indexes, [2]string{f.x, f.index})
				s.IndexAt = append(s.IndexAt, [2]int{f.at.line, f.at.col})
			}
		}
		s.X, s.Index, s.Low, s.High, s.Max = "", "", "", "", "" // which index it was is not known
		for _, f := range fits[1:] {
			if f.iface != s.Iface || f.target != s.Target {
				s.Iface, s.Target = "", "" // nor which assertion
			}
		}
	}
	return s, true
}

// calls reports whether a call site of callee name site may be a call of the function the
// interpreter names frame: the same name (a generic one's instances carry it between "ᐅ"
// and a hash), or a function value that may hold anything.
func calls(site, frame string) bool {
	if site == "?" {
		return true
	}
	if site == "" {
		return frame == ""
	}
	if site == frame {
		return true
	}
	return strings.HasPrefix(frame, "ᐅ"+site+"_")
}

// sameLib reports whether site, the function (or "T.M" method) a call site calls, is the
// compiled function named lib.
func sameLib(site, lib string) bool {
	return site == lib || strings.HasSuffix(site, "."+lib)
}
