package front

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"
)

// lowerer collects the edits that lower one declaration or top-level statement of src,
// for the cell k.
type lowerer struct {
	k        *check
	src      source
	edits    []edit
	converts map[*ast.Ident]bool // local aliases that convert (see localalias.go)
	plain    ast.Stmt            // the statement being lowered, when ownFrameStmt may wrap it
	shown    ast.Stmt            // a cell's final expression statement, whose value it shows
	wrapped  map[ast.Stmt]bool   // the statements ownFrameStmt wrapped
	errs     []string
	subst    *substitution // for an instance of generic code: its type arguments

	keptStmts         map[ast.Stmt]bool              // the init and post statements of for loops, a select's communications: kept as they are
	okAsserts         map[*ast.TypeAssertExpr]bool   // the assertions made in the comma-ok form
	moved             map[*ast.CallExpr]bool         // recover calls moved before their statement (see printRecover)
	bareRecv          map[*ast.UnaryExpr]bool        // receives that keep their form (see recv.go)
	panicking         bool                           // lowering the operand of panic (see rebox)
	valueLit          bool                           // lowering the body of a function literal kept as a value (see handover.go)
	method            string                         // the name of the method whose body is being lowered (see claims.go)
	body              *ast.BlockStmt                 // the body of the function being lowered
	localStructs      map[string]types.Type          // struct types declared in functions so far (see structname.go)
	later             map[*ast.CallExpr]string       // the calls of defer and go statements, to the keyword
	richer            map[types.Type]bool            // compiled interfaces by richerImplementers
	compiledImpl      map[[2]types.Type][]types.Type // by cell interface and operand type, see compiledImplementers
	registeredStructs *bool                          // hasRegisteredStructs, once known
	unlabeled         map[ast.Stmt]bool              // switches and selects whose label is gone (see unlabel)
	loopHeads         map[ast.Stmt]bool              // the init and post statements of for loops (kept, but see multiAssign)
	branchAs          map[*ast.BranchStmt]string     // branches in range-over-func bodies that loopVars rewrote, as they read now
	bareTypes         map[*ast.Ident]bool            // type parameters declaring a variable's type, spelled without parentheses (see ident)
	laterLits         int                            // function literals being lowered that a defer or go statement in a loop calls (see callsFirst)
	intKeys           map[*ast.RangeStmt]int         // the edits declaring the keys of ranges over integers (see witness.go)
}

// bareType notes t, the type of a declared variable, parameter or field, where it is a
// type parameter's name.
func (l *lowerer) bareType(t ast.Expr) {
	if id, ok := t.(*ast.Ident); ok {
		if l.bareTypes == nil {
			l.bareTypes = map[*ast.Ident]bool{}
		}
		l.bareTypes[id] = true
	}
}

// frame is a function body being lowered: a declared function or literal, or the yield
// function that a range-over-func loop becomes.
type frame struct {
	parent   *frame
	results  *types.Tuple // of the function a return statement returns from
	named    bool         // whether those results are named (a bare return is allowed)
	rf       *rangeFunc   // for a yield function: its loop
	fn       bool         // a function's body, not the top level of a cell
	defers   bool         // the body has defer statements of its own (see ownFrame)
	loops    []ast.Stmt   // the loops around the statement being lowered, in this function
	recovers bool         // the body defers a call that recovers (see checkedindex.go)
	gotoLoop bool         // the body has a goto back to an earlier label: a loop (see ownFrame)
}

// rangeFunc is a range-over-func loop being lowered.
type rangeFunc struct {
	id     int
	stmt   *ast.RangeStmt
	label  string // the user's label on the loop, or ""
	exits  []string
	usesEx bool // whether the loop needs its exit variable
	stops  bool // whether the body can return false
}

func (l *lowerer) add(at int, del int, text string, rank int) {
	if at < 0 {
		return
	}
	l.edits = append(l.edits, edit{at: at, del: del, text: text, rank: rank})
}

func (l *lowerer) off(p token.Pos) int { return l.src.offset(p) }

// editedText returns code[a:b] with the edits made so far that inside picks applied
// (their offsets in code, as l.edits has them).
func (l *lowerer) editedText(code string, a, b int, inside func(edit) bool) string {
	var es []edit
	for _, e := range withoutBlanked(l.edits) {
		if inside(e) {
			e.at -= a
			es = append(es, e)
		}
	}
	return applyEdits(code[a:b], es)
}

// dropEdits forgets the edits made so far that inside picks: a lowering that moves their
// text has taken them along (see editedText).
func (l *lowerer) dropEdits(inside func(edit) bool) {
	kept := l.edits[:0]
	for _, e := range l.edits {
		if !inside(e) {
			kept = append(kept, e)
		}
	}
	l.edits = kept
}

// replace spells e anew as text: edits inside e are dropped, and so is a later
// replacement of the same text (see withoutBlanked). Constants spelled out by their
// value use it, where several lowerings may want the same constant.
func (l *lowerer) replace(e ast.Node, text string, depth int) {
	at := l.off(e.Pos())
	l.edits = append(l.edits, edit{at: at, del: l.off(e.End()) - at, text: text, rank: depth, blank: true})
}

func (l *lowerer) text(from, to token.Pos) string {
	return l.renamedText(textOf(l.src, from, to), from, to)
}

func (l *lowerer) info() *types.Info { return l.src.info() }

func (l *lowerer) errorf(p token.Pos, format string, args ...any) {
	l.errs = append(l.errs, Positions(l.src.fileset().Position(p).String())+": "+fmt.Sprintf(format, args...))
}

// uid returns a fresh number for the names of one lowered construct.
func (k *check) uid() int {
	k.gen.uids++
	return k.gen.uids
}

// lowerFunc lowers a function body with the given signature.
func (l *lowerer) lowerFunc(body *ast.BlockStmt, sig *types.Signature, depth int) {
	if body == nil {
		return
	}
	f := &frame{fn: true, defers: hasDefer(body), recovers: l.recoveringDefers(body.List), gotoLoop: gotoesBack(body.List)}
	if sig != nil {
		f.results = sig.Results()
		f.named = sig.Results().Len() > 0 && sig.Results().At(0).Name() != ""
	}
	if f.named {
		l.zeroResults(body, f.results, depth)
	}
	outerBody := l.body
	l.body = body
	l.stmts(body.List, f, depth)
	l.body = outerBody
}

// zeroResults sets a function's named results to their zero values as it begins. The
// interpreter keeps them in the frame of the call site and starts a second call from
// there with what the first returned, so a sum in a named result grows from call to call:
//
//	func dot(a, b []float64) (s float64) { ... }  →  func dot(...) (s float64) { s = *new(float64); ... }
func (l *lowerer) zeroResults(body *ast.BlockStmt, results *types.Tuple, depth int) {
	var b strings.Builder
	for i := range results.Len() {
		r := results.At(i)
		if r.Name() == "_" || r.Name() == "" {
			continue
		}
		t := l.typ(r.Type())
		if t == "interface{}" && !types.IsInterface(r.Type()) {
			continue // a type lowered code cannot spell; rare, and left as it was
		}
		fmt.Fprintf(&b, " %s = %s;", r.Name(), zeroOf(l.applied(r.Type()), t))
	}
	l.add(l.off(body.Lbrace)+1, 0, b.String(), depth)
}

// zeroOf spells the zero value of t (spelled spelled) as cheaply as the interpreter
// evaluates it: a typed constant or nil rather than *new(T), which allocates on every
// call.
func zeroOf(t types.Type, spelled string) string {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsNumeric != 0:
			return "(" + spelled + ")(0)"
		case u.Info()&types.IsString != 0:
			return "(" + spelled + ")(\"\")"
		case u.Info()&types.IsBoolean != 0:
			return "(" + spelled + ")(false)"
		}
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		return "nil"
	}
	// Not T{}: assigned a composite literal, the interpreter's variable may share the
	// literal's storage.
	return "*new(" + spelled + ")"
}

func (l *lowerer) stmts(list []ast.Stmt, f *frame, depth int) {
	for _, st := range list {
		l.stmt(st, f, depth)
	}
}

// stmt lowers one statement and everything inside it.
func (l *lowerer) stmt(st ast.Stmt, f *frame, depth int) {
	l.keepReceives(st)
	switch s := st.(type) {
	case *ast.LabeledStmt:
		if r, ok := s.Stmt.(*ast.RangeStmt); ok && l.isRangeFunc(r) {
			l.rangeFunc(r, s, f, depth)
			return
		}
		if !l.unlabel(s, depth) {
			l.selectBreaks(s, depth)
		}
		if r, ok := s.Stmt.(*ast.ReturnStmt); ok && len(r.Results) == 0 {
			// A goto from inside a block to a label on a bare return sent the
			// interpreter into endless recursion compiling the cell (a stack overflow,
			// which no recover stops); on an empty statement before it, the label works.
			l.add(l.off(s.Colon)+1, 0, " ;", depth)
		}
		l.stmt(s.Stmt, f, depth)
	case *ast.RangeStmt:
		if l.isRangeFunc(s) {
			l.rangeFunc(s, nil, f, depth)
			return
		}
		l.expr(s.X, f, depth+1) // deeper: the loop's own edits close around it (range min(a, b))
		if p, ok := l.applied(l.typeOf(s.X)).Underlying().(*types.Pointer); ok {
			if a, ok := p.Elem().Underlying().(*types.Array); ok {
				if pt := l.typ(p); (s.Value == nil || isBlank(s.Value)) && pt != "interface{}" {
					// With an index alone, Go does not index the array, and a nil
					// pointer has its length: the loop is over as many empty structs,
					// the pointer evaluated (and dropped) first.
					l.add(l.off(s.X.Pos()), 0, fmt.Sprintf("func(%s) (ᐅz [%d]struct{}) { return }(", pt, a.Len()), depth)
					l.add(l.off(s.X.End()), 0, ")", closing(depth))
				} else {
					// Range over a pointer to an array: the interpreter indexes it
					// wrongly (index out of range [-1], or reflect panics); its slice has
					// the same elements.
					l.add(l.off(s.X.Pos()), 0, "(", depth)
					l.add(l.off(s.X.End()), 0, ")[:]", closing(depth))
				}
			}
		}
		switch {
		case l.rangeString(s, depth): // its variables are declared in the body
		case l.isRangeInt(s):
			l.rangeInt(s, depth)
		case l.rangeAssign(s, depth):
		case l.rangeChanElems(s, depth):
		default:
			l.rangeVars(s, depth, s.Key, s.Value)
		}
		f.loops = append(f.loops, s)
		l.stmts(s.Body.List, f, depth+1)
		f.loops = f.loops[:len(f.loops)-1]
	case *ast.ForStmt:
		l.initOnlyLoop(s, depth)
		l.loopVars(s, depth)
		// Their variables are lowered on their own (see loopVars).
		if l.keptStmts == nil {
			l.keptStmts = map[ast.Stmt]bool{}
		}
		l.keptStmts[s.Init], l.keptStmts[s.Post] = true, true
		if l.loopHeads == nil {
			l.loopHeads = map[ast.Stmt]bool{}
		}
		l.loopHeads[s.Init], l.loopHeads[s.Post] = true, true
		for _, n := range []ast.Node{s.Init, s.Cond, s.Post} {
			l.node(n, f, depth)
		}
		f.loops = append(f.loops, s)
		l.stmts(s.Body.List, f, depth+1)
		f.loops = f.loops[:len(f.loops)-1]
	case *ast.BlockStmt:
		l.stmts(s.List, f, depth+1)
	case *ast.IfStmt:
		if !l.commaOkCaptured(s, s.Init, f, depth) {
			l.commaOkIf(s, depth)
		}
		l.node(s.Init, f, depth)
		l.expr(s.Cond, f, depth)
		l.stmts(s.Body.List, f, depth+1)
		if s.Else != nil {
			l.stmt(s.Else, f, depth)
		}
	case *ast.SwitchStmt:
		l.switchInit(s, depth)
		l.switchConstCases(s, depth)
		l.switchTag(s, depth)
		l.commaOkLookup(s.Init, depth)
		l.node(s.Init, f, depth)
		l.node(s.Tag, f, depth)
		for _, c := range s.Body.List {
			cc := c.(*ast.CaseClause)
			for _, e := range cc.List {
				l.expr(e, f, depth)
			}
			l.clauseBlock(cc.Body, cc.Colon, depth)
			l.stmts(cc.Body, f, depth+1)
		}
		l.defaultLast(s, depth)
	case *ast.TypeSwitchStmt:
		l.node(s.Init, f, depth)
		l.node(s.Assign, f, depth)
		if l.defaultOnly(s, depth) {
			cc := s.Body.List[0].(*ast.CaseClause)
			l.clauseBlock(cc.Body, cc.Colon, depth)
			l.stmts(cc.Body, f, depth+1)
			return
		}
		if !l.typeSwitch(s, depth) {
			// The case types as written: a type parameter in them becomes its argument
			// in an instance (case []T), an instance its declaration's name.
			for _, c := range s.Body.List {
				for _, e := range c.(*ast.CaseClause).List {
					l.node(e, f, depth)
				}
				l.clauseVar(c.(*ast.CaseClause), depth)
			}
		}
		for _, c := range s.Body.List {
			cc := c.(*ast.CaseClause)
			l.clauseBlock(cc.Body, cc.Colon, depth)
			l.stmts(cc.Body, f, depth+1)
		}
	case *ast.SelectStmt:
		n := len(l.edits)
		for _, c := range s.Body.List {
			if comm := c.(*ast.CommClause).Comm; comm != nil {
				if l.keptStmts == nil {
					l.keptStmts = map[ast.Stmt]bool{}
				}
				l.keptStmts[comm] = true // a receive the select makes: left as it is (see structAssign)
			}
			l.node(c.(*ast.CommClause).Comm, f, depth)
		}
		h := l.selectOperandsOf(s, n)
		if !l.selectSwitch(s, n, h, depth) {
			l.hoist(s, h, depth)
		}
		for _, c := range s.Body.List {
			cc := c.(*ast.CommClause)
			l.clauseBlock(cc.Body, cc.Colon, depth)
			l.selectCaseCopies(cc, f, depth+1)
			l.stmts(cc.Body, f, depth+1)
		}
	case *ast.GoStmt:
		if _, lit := ast.Unparen(s.Call.Fun).(*ast.FuncLit); lit && len(f.loops) > 0 {
			l.laterLits++
			defer func() { l.laterLits-- }()
		}
		l.callsLater(s.Call, "go")
		l.ownFrameGo(s, f, depth)
		if lit, ok := ast.Unparen(s.Call.Fun).(*ast.FuncLit); ok {
			l.guardBody(lit, s.Go, depth)
			l.goLoopVars(s, lit, f, depth)
		}
		l.goMethod(s, depth)
		l.goValue(s, f, depth)
		l.expr(s.Call, f, depth)
	case *ast.DeferStmt:
		if _, lit := ast.Unparen(s.Call.Fun).(*ast.FuncLit); lit && len(f.loops) > 0 {
			l.laterLits++
			defer func() { l.laterLits-- }()
		}
		l.callsLater(s.Call, "defer")
		if f.rf == nil {
			n := len(l.edits)
			l.node(s.Call, f, depth)
			inner := l.edits[n:len(l.edits):len(l.edits)]
			if f.fn {
				l.deferCall(s, f.loops, inner, depth)
			} else {
				l.topDefer(s, f.loops, inner, depth)
			}
			return
		}
		if f.rf != nil {
			l.branch(st, f, depth)
		}
		l.node(st, f, depth)
	case *ast.BranchStmt, *ast.ReturnStmt:
		n := len(l.edits)
		if r, ok := st.(*ast.ReturnStmt); ok && f.rf == nil { // (a yield function's returns are its loop's: see branch)
			l.namedFuncResults(r, f.results, depth)
		}
		if f.rf != nil {
			l.branch(st, f, depth)
		} else if r, ok := st.(*ast.ReturnStmt); ok && !f.fn {
			l.topReturn(r, depth)
		}
		l.node(st, f, depth)
		l.callsFirst(st, f, n, depth)
	default:
		n := len(l.edits)
		l.markPanic(st, depth)
		if f.fn {
			l.printRecover(st, depth)
		} else if d, ok := st.(*ast.DeclStmt); ok {
			l.importNamedVar(d, depth)
		}
		if !l.commaOkCaptured(st, st, f, depth) {
			l.commaOkStmt(st, depth)
		}
		outer := l.plain
		l.plain = st
		l.node(st, f, depth)
		l.plain = outer
		if a, ok := st.(*ast.AssignStmt); ok {
			l.tupleIntoMap(a, n, depth)
		}
		l.callsFirst(st, f, n, depth)
	}
}

// callsLater notes c, the call of a defer or go statement (keyword).
func (l *lowerer) callsLater(c *ast.CallExpr, keyword string) {
	if l.later == nil {
		l.later = map[*ast.CallExpr]string{}
	}
	l.later[c] = keyword
}

// node lowers the expressions inside a simple statement or expression, and the function
// literals among them.
func (l *lowerer) node(n ast.Node, f *frame, depth int) {
	if n == nil || (func() bool { v, ok := n.(ast.Expr); return ok && v == nil })() {
		return
	}
	called := map[ast.Expr]bool{} // the functions of the calls met so far
	ast.Inspect(n, func(n ast.Node) bool {
		if n != nil {
			l.interfaceTargets(n, f.results, depth)
		}
		if e, ok := n.(ast.Expr); ok && (l.bigConstant(e, depth) || l.constFold(e, depth) || l.constBool(e, depth)) {
			return false
		}
		l.placedNils(n, depth)
		switch n := n.(type) {
		case *ast.FuncLit:
			if !called[n] {
				l.ownFrame(n, f, depth)
			}
			l.nameParams(n.Type.Params)
			l.node(n.Type, f, depth)
			sig, _ := l.info().Types[n].Type.(*types.Signature)
			outer, method := l.valueLit, l.method
			l.valueLit, l.method = !called[n], ""
			l.lowerFunc(n.Body, sig, depth+1)
			l.valueLit, l.method = outer, method
			return false
		case *ast.CallExpr:
			if l.builtinCall(n, "complex", "real", "imag") && l.compiledFloat(n, depth) {
				return false
			}
			called[ast.Unparen(n.Fun)] = true
			l.conversion(n)
			l.flagDefinition(n, depth)
			l.loggerFatalCall(n, depth)
			l.bindLiterals(n, f, depth)
			l.fmtArgs(n, depth)
			l.libraryGoroutine(n, depth)
			l.funcFieldMethod(n, depth)
			l.mutexUnlock(n, depth)
			l.emptyConversion(n, depth)
			l.errorsCall(n, depth)
			l.deepEqualCall(n, depth)
			l.variadicSlices(n, depth)
			l.spreadFuncArgs(n, depth)
			l.variadicField(n, depth)
			l.printSpacing(n, depth)
			l.jsonCall(n, depth)
			l.newExpr(n, depth)
			if l.call(n, f, depth) {
				return false
			}
		case *ast.ParenExpr:
			if u, ok := n.X.(*ast.UnaryExpr); ok && u.Op == token.ARROW {
				l.keepReceives(&ast.ExprStmt{X: u}) // already in parentheses
			}
			if !l.dropParens(n, depth) {
				l.plainParens(n, depth)
			}
		case *ast.UnaryExpr:
			l.receive(n, depth)
			l.arrayPointerAddress(n, depth)
			l.freshArrayAddress(n, depth)
		case *ast.Ident:
			l.ident(n)
		case *ast.SelectorExpr:
			if l.selectorInstance(n) || l.methodExpr(n, f, called, depth) {
				return false
			}
			l.embeddedInstance(n)
			l.shadowSelector(n)
			l.ifacePromoted(n)
			l.shallowest(n, called)
			l.methodValue(n, called, depth)
			l.compiledMethodValue(n, called, depth)
			l.fmtFuncValue(n, called, depth)
		case *ast.IndexExpr, *ast.IndexListExpr:
			if l.instanceExpr(n.(ast.Expr)) {
				return false
			}
			if ix, ok := n.(*ast.IndexExpr); ok && f.recovers && len(f.loops) == 0 {
				l.checkedIndex(ix, depth)
			}
		case *ast.CompositeLit:
			l.dotsLength(n, depth)
			l.mapLitOrder(n, depth)
			l.elidedPointers(n, depth)
			l.nilFields(n, depth)
			l.shadowKeys(n)
			l.embeddedInstanceKeys(n)
			l.interfaceElements(n, depth)
			l.litCallElements(n, depth)
			l.bindLiteralElements(n, f, depth)
		case *ast.ArrayType:
			l.floatLength(n, depth)
		case *ast.StructType:
			l.shadowFieldDecls(n)
		case *ast.Field:
			l.bareType(n.Type)
		case *ast.GenDecl:
			l.hoistedLocal(n)
			l.localAliases(n)
			l.constRepeats(n, depth)
			l.constBools(n, depth)
		case *ast.TypeSpec:
			if cellPackageLevel(l.info().Defs[n.Name]) {
				l.declName(n.Name)
			}
			l.selfReference(n)
			l.selfKeyedMap(n)
			l.namedBase(n, depth)
			l.sameNamedEmbeds(n, depth)
			if st, ok := n.Type.(*ast.StructType); ok && !n.Assign.IsValid() && n.TypeParams == nil {
				l.structTwin(n, st)
			} else if !n.Assign.IsValid() && n.TypeParams == nil {
				l.definedStruct(n, n.Name.Name)
			}
		case *ast.AssignStmt, *ast.ValueSpec:
			if vs, ok := n.(*ast.ValueSpec); ok {
				l.bareType(vs.Type)
			}
			l.blankDeref(n, depth)
			l.okAssertions(n)
			l.multiAssign(n, depth)
			l.divisionByZero(n, depth)
			l.freshArrayDefinitions(n, depth)
			l.funcFieldValues(n, depth)
			if a, ok := n.(*ast.AssignStmt); ok && (a.Tok == token.SHL_ASSIGN || a.Tok == token.SHR_ASSIGN) && len(a.Rhs) == 1 {
				l.signedShift(a.Rhs[0], depth)
			}
			if a, ok := n.(*ast.AssignStmt); ok {
				l.blankRecvAssign(a, depth)
				l.structAssign(a)
				l.namedResultAssign(a, depth)
			}
		case *ast.ReturnStmt:
			l.multiReturn(n, f.results, depth)
			if f.named && len(n.Results) == 1 && f.rf == nil {
				l.namedResultCall(n.Results[0], depth)
			}
		case *ast.IncDecStmt:
			l.uintptrIncDec(n, depth)
		case *ast.BinaryExpr:
			if l.constDivision(n, depth) || l.compiledFloat(n, depth) {
				return false
			}
			l.divisionByZero(n, depth)
			l.keyedLeftOperand(n, depth)
			l.comparedConstParens(n, depth)
			l.ifaceEqual(n, depth)
			l.convertedNil(n, depth)
			l.structEqual(n, depth)
			l.namedComparison(n, depth)
			l.shiftedConstant(n, depth)
			if n.Op == token.SHL || n.Op == token.SHR {
				l.signedShift(n.Y, depth)
			}
		case *ast.TypeAssertExpr:
			l.ifaceAssert(n, depth)
		}
		return true
	})
}

// switchInit moves the init statement of a switch with a tag out into a block around
// it: switch p := [2]int{1, 2}; p[0] { ... } ran no case in the interpreter.
//
//	switch init; tag { ... }  →  { init; switch tag { ... } }
func (l *lowerer) switchInit(s *ast.SwitchStmt, depth int) {
	if s.Init == nil || l.labelOf(s) != "" {
		return
	}
	l.add(l.off(s.Switch), len("switch"), "{", depth)
	if s.Tag != nil {
		l.add(l.off(s.Tag.Pos()), 0, "switch ", depth)
	} else {
		l.add(l.off(s.Body.Lbrace), 0, "switch ", depth)
	}
	l.add(l.off(s.End()), 0, " }", closing(depth))
}

// embeddedInstance renames the selector of an embedded field of a generic type's
// instance (x.Base for a struct embedding Base[int]) to the field's lowered name, the
// name of the type the instance was lowered to.
func (l *lowerer) embeddedInstance(s *ast.SelectorExpr) {
	sel := l.info().Selections[s]
	if sel == nil || sel.Kind() != types.FieldVal {
		return
	}
	f, ok := sel.Obj().(*types.Var)
	if !ok || !f.Embedded() || !isInstance(f.Type()) {
		return
	}
	name := (&viewGen{l: l}).fieldName(f)
	if name != s.Sel.Name {
		l.add(l.off(s.Sel.Pos()), len(s.Sel.Name), name, 0)
	}
}

// embeddedInstanceKeys renames the keys of lit, a struct literal, that name an embedded
// field of a generic type's instance (History{Stack: …} with Stack[float64] embedded):
// the field has the instance's name in the lowered struct, as selectors of it do (see
// embeddedInstance).
func (l *lowerer) embeddedInstanceKeys(lit *ast.CompositeLit) {
	t := l.typeOf(lit)
	if t == nil {
		return
	}
	st, ok := l.applied(t).Underlying().(*types.Struct)
	if !ok {
		return
	}
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		id, ok := kv.Key.(*ast.Ident)
		if !ok {
			continue
		}
		for i := range st.NumFields() {
			f := st.Field(i)
			if f.Name() != id.Name || !f.Embedded() || !isInstance(f.Type()) {
				continue
			}
			if name := (&viewGen{l: l}).fieldName(f); name != id.Name {
				l.add(l.off(id.Pos()), len(id.Name), name, 0)
			}
		}
	}
}

// constDivision replaces a constant division or remainder by its value, and reports
// whether it did. Go divides untyped integer constants as integers (10 / 3 is 3 even
// where a float64 is wanted); the interpreter divides them in the type the context
// wants, so var f float64 = 10 / 3 gave 3.3333333333333335.
func (l *lowerer) constDivision(b *ast.BinaryExpr, depth int) bool {
	if b.Op != token.QUO && b.Op != token.REM {
		return false
	}
	tv, ok := l.info().Types[b]
	if !ok || tv.Value == nil || tv.Type == nil || !l.untypedInt(b.X) || !l.untypedInt(b.Y) {
		return false // a typed or a float division, which the interpreter gets right
	}
	v := constant.ToInt(tv.Value)
	if v.Kind() != constant.Int {
		return false
	}
	text := v.ExactString()
	if bt, ok := tv.Type.(*types.Basic); !ok || bt.Info()&types.IsUntyped == 0 {
		text = l.spellType(tv.Type) + "(" + text + ")"
	}
	if constant.Sign(v) < 0 {
		text = " " + text // not "--" after a minus
	}
	// Without parentheses: the interpreter panics on a parenthesized constant left of a
	// comparison inside && or || (if 8%2 == 0 || 7%2 == 0).
	l.replace(b, text, depth)
	return true
}

// floatLength spells the length of a, an array type, as an integer where it is a
// constant of a float type (const two = 0.5 * 4; [two]int), which the interpreter takes
// for an incomplete type, or an expression of a constant of a sized integer type (const
// W int32 = 8; [W / 2]float64{…}), which it took for a length of 0 in a literal.
func (l *lowerer) floatLength(a *ast.ArrayType, depth int) {
	if a.Len == nil {
		return
	}
	tv, ok := l.info().Types[a.Len]
	if !ok || tv.Value == nil {
		return
	}
	b, ok := underBasic(tv.Type)
	if !ok {
		return
	}
	if b.Info()&types.IsInteger != 0 {
		if _, lit := ast.Unparen(a.Len).(*ast.BasicLit); lit || b.Kind() == types.Int || b.Kind() == types.UntypedInt {
			return
		}
	}
	if v := constant.ToInt(tv.Value); v.Kind() == constant.Int {
		l.add(l.off(a.Len.Pos()), l.off(a.Len.End())-l.off(a.Len.Pos()), v.ExactString(), depth)
	}
}

// dotsLength spells the length of c's array type [...]T as the number the type checker
// found, where its elements have keys: the interpreter counted one element too many
// when a positional element followed a key lower than an earlier one ([...]int{2: 10,
// 0: 20, 30} had four, and did not compile as a [3]int).
func (l *lowerer) dotsLength(c *ast.CompositeLit, depth int) {
	at, ok := c.Type.(*ast.ArrayType)
	if !ok || at.Len == nil {
		return
	}
	if _, dots := at.Len.(*ast.Ellipsis); !dots {
		return
	}
	arr, ok := l.applied(l.typeOf(c)).Underlying().(*types.Array)
	if !ok || !slices.ContainsFunc(c.Elts, func(e ast.Expr) bool { _, kv := e.(*ast.KeyValueExpr); return kv }) {
		return
	}
	l.add(l.off(at.Len.Pos()), l.off(at.Len.End())-l.off(at.Len.Pos()), strconv.FormatInt(arr.Len(), 10), depth)
}

// builtinCall reports whether c calls one of the built-in functions names.
func (l *lowerer) builtinCall(c *ast.CallExpr, names ...string) bool {
	id, ok := ast.Unparen(c.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := l.info().Uses[id].(*types.Builtin)
	return ok && slices.Contains(names, b.Name())
}

// compiledFloat replaces b, a constant operation on an untyped float constant of a
// compiled package, by its value, and reports whether it did. The interpreter takes
// math.Pi for a constant of a type of its own, "untyped float64", which no literal
// matches: 2.0 * math.Pi, math.Pi + 0.5 and 1.5 < math.Pi did not compile ("mismatched
// types untyped float and untyped float64"). The value is exact, as Go's constants are:
//
//	2.0 * math.Pi  →  (7074237752028440.0 / 1125899906842624)
//
// b is such an operation, or a call of complex, real or imag (complex(0, math.Pi)).
func (l *lowerer) compiledFloat(b ast.Expr, depth int) bool {
	tv, ok := l.info().Types[b]
	if !ok || tv.Value == nil || tv.Type == nil {
		return false
	}
	found := false
	ast.Inspect(b, func(n ast.Node) bool {
		if s, ok := n.(*ast.SelectorExpr); ok {
			c, ok := l.info().Uses[s.Sel].(*types.Const)
			if ok && c.Pkg() != nil && c.Pkg().Path() != "main" {
				if bt, ok := c.Type().(*types.Basic); ok && bt.Kind() == types.UntypedFloat {
					found = true
				}
			}
		}
		return !found
	})
	if !found {
		return false
	}
	text := constLiteral(tv.Value, tv.Type)
	if n := strings.Count(l.text(b.Pos(), b.End()), "\n"); n > 0 {
		// Lines stay where they were, broken after an operator (no semicolon there).
		if tv.Value.Kind() == constant.Bool {
			text += " ||" + strings.Repeat("\n", n) + "false"
		} else {
			text += " +" + strings.Repeat("\n", n) + "0"
		}
	}
	if bt, ok := tv.Type.(*types.Basic); !ok || bt.Info()&types.IsUntyped == 0 {
		text = l.spellType(tv.Type) + "(" + text + ")"
	}
	l.replace(b, "("+text+")", depth)
	return true
}

// untypedInt reports whether e is an untyped integer (or rune) constant as written: a
// literal, a constant declared without a type from one, or an operation on those.
func (l *lowerer) untypedInt(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.BasicLit:
		return e.Kind == token.INT || e.Kind == token.CHAR
	case *ast.Ident:
		c, ok := l.info().Uses[e].(*types.Const)
		if !ok {
			return false
		}
		b, ok := c.Type().(*types.Basic)
		return ok && (b.Kind() == types.UntypedInt || b.Kind() == types.UntypedRune)
	case *ast.UnaryExpr:
		return l.untypedInt(e.X)
	case *ast.BinaryExpr:
		switch e.Op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ, token.LAND, token.LOR:
			return false
		case token.SHL, token.SHR:
			return l.untypedInt(e.X)
		}
		return l.untypedInt(e.X) && l.untypedInt(e.Y)
	}
	return false
}

// constRepeats spells out the implicit repetition of a constant declaration's last
// expression list (const (A, B = iota, -iota; C, D)), which the interpreter rejects for
// more than one name ("constant definition loop"). The interpreter also counts iota per
// name rather than per spec, so in a declaration with a spec of several names each iota
// becomes the number of its spec.
func (l *lowerer) constRepeats(d *ast.GenDecl, depth int) {
	if d.Tok != token.CONST {
		return
	}
	several := false
	for _, s := range d.Specs {
		if vs, ok := s.(*ast.ValueSpec); ok && len(vs.Names) > 1 {
			several = true
		}
	}
	iota := types.Universe.Lookup("iota")
	// values returns the text of vs's values for the constants names, with iota as n
	// if several. An untyped boolean or integer constant's value is spelled out (see
	// constBools; the interpreter's constant division is lowered in place, which the
	// spelled-out text replaces).
	values := func(vs *ast.ValueSpec, names []*ast.Ident, n int) string {
		var out []string
		for i, v := range vs.Values {
			if i < len(names) {
				if lit, ok := l.untypedLiteral(names[i]); ok {
					out = append(out, lit)
					continue
				}
			}
			text := l.text(v.Pos(), v.End())
			if several {
				var ids []*ast.Ident
				ast.Inspect(v, func(x ast.Node) bool {
					if id, ok := x.(*ast.Ident); ok && l.info().Uses[id] == iota {
						ids = append(ids, id)
					}
					return true
				})
				for j := len(ids) - 1; j >= 0; j-- {
					at := int(ids[j].Pos() - v.Pos())
					text = text[:at] + strconv.Itoa(n) + text[at+len("iota"):]
				}
			}
			out = append(out, text)
		}
		return strings.Join(out, ", ")
	}
	// The specs whose values a later spec repeats: go/types leaves the value of the last
	// repetition on their expressions, so the lowerings that read it (constant division,
	// boolean constants) would give the first spec the last one's value. Their values
	// are spelled out from their names instead.
	repeated := map[*ast.ValueSpec]bool{}
	var last *ast.ValueSpec
	for _, s := range d.Specs {
		if vs, ok := s.(*ast.ValueSpec); ok && len(vs.Values) > 0 {
			last = vs
		} else if ok && last != nil {
			repeated[last] = true
		}
	}
	last = nil
	for n, s := range d.Specs {
		vs, ok := s.(*ast.ValueSpec)
		if !ok {
			continue
		}
		if l.typedConsts(vs, depth) {
			if len(vs.Values) > 0 {
				last = vs
			}
			continue
		}
		if len(vs.Values) > 0 {
			last = vs
			if several || repeated[vs] || l.untypedBools(vs) {
				// (A boolean one in a group constBools leaves to this function.)
				from, to := l.off(vs.Values[0].Pos()), l.off(vs.Values[len(vs.Values)-1].End())
				l.edits = append(l.edits, edit{at: from, del: to - from, text: values(vs, vs.Names, n), rank: depth, blank: true})
			}
			continue
		}
		if last == nil || vs.Type != nil || len(vs.Names) == 0 {
			continue
		}
		text := " = " + values(last, vs.Names, n)
		if last.Type != nil {
			text = " " + l.text(last.Type.Pos(), last.Type.End()) + text
		}
		l.add(l.off(vs.Names[len(vs.Names)-1].End()), 0, text, depth)
	}
}

// untypedBools reports whether vs declares an untyped boolean constant.
func (l *lowerer) untypedBools(vs *ast.ValueSpec) bool {
	for _, n := range vs.Names {
		if c, ok := l.info().Defs[n].(*types.Const); ok && c.Type() == types.Typ[types.UntypedBool] {
			return true
		}
	}
	return false
}

// typedConsts gives the constants of vs that are typed and computed (const A St = 1 + 1;
// Red Color = iota + 1; R Perm = 1 << iota, and those repeating it) their values: the
// interpreter keeps such a constant as an untyped value of its own kind, which == with a
// value of its type never matches (s := A; s == A was false) and which a map index of
// its type panics on. It reports whether it gave vs values, in place of its own or
// after its names.
func (l *lowerer) typedConsts(vs *ast.ValueSpec, depth int) bool {
	if len(vs.Names) == 0 {
		return false
	}
	var lits, plain []string
	var typ types.Type // the type of all the constants, where they have one
	computed := false
	for i, name := range vs.Names {
		c, ok := l.info().Defs[name].(*types.Const)
		if !ok {
			return false
		}
		if b, ok := c.Type().(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
			return false
		}
		lit, ok := typedLiteral(c.Val(), c.Type())
		if !ok {
			return false
		}
		if i >= len(vs.Values) {
			computed = true // repeating an earlier list
		} else if _, isLit := ast.Unparen(vs.Values[i]).(*ast.BasicLit); !isLit {
			computed = true
		}
		plain = append(plain, lit)
		if i == 0 || typ != nil && types.Identical(typ, c.Type()) {
			typ = c.Type()
		} else {
			typ = nil
		}
		if vs.Type == nil {
			t := l.spellType(c.Type())
			if t == "interface{}" {
				return false
			}
			lit = t + "(" + lit + ")"
		}
		lits = append(lits, lit)
	}
	if !computed {
		return false
	}
	if len(vs.Values) == 0 && vs.Type == nil && typ != nil {
		// Repeating a typed list: the type goes after the names, as a declared one. The
		// interpreter cannot convert to a type declared further down (Slow = Mode(1)
		// above type Mode int: "incomplete type Mode"), but it can declare one.
		if t := l.spellType(typ); t != "interface{}" {
			l.add(l.off(vs.Names[len(vs.Names)-1].End()), 0, " "+t+" = "+strings.Join(plain, ", "), depth)
			return true
		}
	}
	text := strings.Join(lits, ", ")
	if len(vs.Values) > 0 {
		from, to := l.off(vs.Values[0].Pos()), l.off(vs.Values[len(vs.Values)-1].End())
		if strings.Contains(l.text(vs.Values[0].Pos(), vs.Values[len(vs.Values)-1].End()), "\n") {
			return false // lines would move
		}
		l.edits = append(l.edits, edit{at: from, del: to - from, text: text, rank: depth, blank: true})
		return true
	}
	l.add(l.off(vs.Names[len(vs.Names)-1].End()), 0, " = "+text, depth)
	return true
}

// typedLiteral spells v, a constant of the typed basic type t, as a literal that means
// the same value of t.
func typedLiteral(v constant.Value, t types.Type) (string, bool) {
	b, ok := t.Underlying().(*types.Basic)
	if !ok {
		return "", false
	}
	switch {
	case b.Info()&types.IsBoolean != 0, b.Info()&types.IsString != 0, b.Info()&types.IsInteger != 0:
		return constLiteral(v, t), v.Kind() != constant.Float && v.Kind() != constant.Complex
	case b.Kind() == types.Float64:
		f, _ := constant.Float64Val(v)
		return strconv.FormatFloat(f, 'g', -1, 64), true
	case b.Kind() == types.Float32:
		f, _ := constant.Float32Val(v)
		return strconv.FormatFloat(float64(f), 'g', -1, 32), true
	}
	return "", false
}

// interfaceElements makes a composite literal of compiled types accept values of cell
// types in its interface-typed elements. The interpreter sets such an element by
// reflection without the wrapper that makes a cell value a compiled interface, and
// panics ("value of type *struct{...} is not assignable to type train.Scheduler"),
// whereas returning the value from a function of the interface's result type wraps it:
//
//	train.Options{Schedule: &Mine{}}  →  train.Options{Schedule: func(ᐅv *Mine) train.Scheduler { return ᐅv }(&Mine{})}
func (l *lowerer) interfaceElements(lit *ast.CompositeLit, depth int) {
	t := l.typeOf(lit)
	if t == nil {
		return
	}
	if l.subst != nil {
		t = l.subst.apply(t)
	}
	target := func(i int, key ast.Expr) types.Type {
		switch u := t.Underlying().(type) {
		case *types.Struct:
			if id, ok := key.(*ast.Ident); ok {
				for j := 0; j < u.NumFields(); j++ {
					if u.Field(j).Name() == id.Name {
						return u.Field(j).Type()
					}
				}
				return nil
			}
			if key == nil && i < u.NumFields() {
				return u.Field(i).Type()
			}
		case *types.Slice:
			return u.Elem()
		case *types.Array:
			return u.Elem()
		case *types.Map:
			return u.Elem()
		}
		return nil
	}
	for i, e := range lit.Elts {
		var key ast.Expr
		val := e
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			key, val = kv.Key, kv.Value
			if _, isStruct := t.Underlying().(*types.Struct); !isStruct {
				key = nil // a map key or an array index, not a field name
			}
		}
		ft := target(i, key)
		if ft == nil || !compiledInterface(ft) || !cellValue(l.typeOf(val)) {
			continue
		}
		// With the methods it gets from an embedded compiled type (see forwarders.go).
		l.wantForwarders(l.typeOf(val), ft)
		// The value as a parameter: converted in the call, it is a copy (see toInterface).
		if l.typ(l.typeOf(val)) != "interface{}" {
			l.convertIn(val, l.typeOf(val), ft, depth)
			continue
		}
		l.add(l.off(val.Pos()), 0, "func() "+l.spellType(ft)+" { return ", depth)
		l.add(l.off(val.End()), 0, " }()", closing(depth))
	}
}

// compiledInterface reports whether t is a named interface with methods from a compiled
// package.
func compiledInterface(t types.Type) bool {
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() == "main" {
		return false
	}
	it, ok := n.Underlying().(*types.Interface)
	return ok && it.NumMethods() > 0
}

// cellValue reports whether values of type t are of a type a cell declared (or a pointer
// to one), which compiled code sees only through an interface wrapper.
func cellValue(t types.Type) bool {
	if t == nil {
		return false
	}
	t = types.Unalias(t) // (type PE = PlainErr is PlainErr)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	_, isIface := n.Underlying().(*types.Interface)
	return n.Obj().Pkg().Path() == "main" && !isIface
}

func (l *lowerer) expr(e ast.Expr, f *frame, depth int) {
	if e != nil {
		l.node(e, f, depth)
	}
}

// typ spells a type for lowered code.
func (l *lowerer) typ(t types.Type) string {
	if l.subst != nil {
		t = l.subst.apply(t)
	}
	if b, ok := t.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
		t = types.Default(t)
	}
	if _, ok := l.k.typeString(t, l.k.declaredNames()); !ok {
		return "interface{}"
	}
	return spell(t, l.k.qualifier(l.k.declaredNames()), l.k.instanceOf)
}

// typeOf returns the type of e as checked.
func (l *lowerer) typeOf(e ast.Expr) types.Type {
	if tv, ok := l.info().Types[e]; ok {
		return tv.Type
	}
	if id, ok := e.(*ast.Ident); ok {
		if obj := l.info().ObjectOf(id); obj != nil {
			return obj.Type()
		}
	}
	return nil
}

// Loop variables. Since Go 1.22 each iteration of a loop has its own variables, which
// matters when a closure captures one or its address is taken; the interpreter shares
// one variable across iterations. A captured 3-clause loop
//
//	for i := 0; i < n; i++ { body }
//
// becomes
//
//	for ᐅi := 0; ᐅi < n; ᐅi++ { i := ᐅi; ᐅc: switch { default: body }; ᐅi = i }
//
// with continue in body turned into break ᐅc and break into a break of the loop (labeled
// for that). Range loops only need the copy: their variables are fresh each iteration.

// captured reports whether any of vars is captured by a function literal inside n or has
// its address taken there.
func (l *lowerer) captured(n ast.Node, vars map[types.Object]bool) bool {
	found := false
	var visit func(n ast.Node, inLit bool)
	visit = func(n ast.Node, inLit bool) {
		ast.Inspect(n, func(c ast.Node) bool {
			if found {
				return false
			}
			switch c := c.(type) {
			case *ast.FuncLit:
				visit(c.Body, true)
				return false
			case *ast.Ident:
				if inLit && vars[l.info().Uses[c]] {
					found = true
				}
			case *ast.UnaryExpr:
				if id := l.storageRoot(c.X); id != nil && c.Op == token.AND && vars[l.info().Uses[id]] {
					found = true // &v, &v.Field, &v[i] of an array v
				}
			case *ast.SelectorExpr:
				if id, ok := ast.Unparen(c.X).(*ast.Ident); ok && vars[l.info().Uses[id]] {
					if sel := l.info().Selections[c]; sel != nil && sel.Kind() != types.FieldVal {
						if sig, ok := sel.Obj().Type().(*types.Signature); ok && sig.Recv() != nil {
							if _, ptr := sig.Recv().Type().(*types.Pointer); ptr {
								if _, isPtr := l.info().Uses[id].Type().Underlying().(*types.Pointer); !isPtr {
									found = true // v.M() with a pointer receiver takes &v
								}
							}
						}
					}
				}
			case *ast.SliceExpr:
				if id, ok := ast.Unparen(c.X).(*ast.Ident); ok && vars[l.info().Uses[id]] {
					if _, arr := l.info().Uses[id].Type().Underlying().(*types.Array); arr {
						found = true
					}
				}
			}
			return true
		})
	}
	visit(n, false)
	return found
}

// storageRoot returns the variable whose own storage e is: v itself, a field of it
// (v.F, not through a pointer) or an element of it (v[i], v an array); nil otherwise.
func (l *lowerer) storageRoot(e ast.Expr) *ast.Ident {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			return x
		case *ast.SelectorExpr:
			sel := l.info().Selections[x]
			if sel == nil || sel.Kind() != types.FieldVal || sel.Indirect() {
				return nil
			}
			e = x.X
		case *ast.IndexExpr:
			t := l.typeOf(x.X)
			if t == nil {
				return nil
			}
			if _, arr := t.Underlying().(*types.Array); !arr {
				return nil
			}
			e = x.X
		default:
			return nil
		}
	}
}

// assignedIn reports whether n assigns to any of vars. The interpreter steps a range
// loop by its key variable, so for i := range xs { i++ } skipped elements (and i--
// looped forever) where Go's next iteration takes the next index whatever the body did;
// the body gets a copy of its own (see rangeVars).
func (l *lowerer) assignedIn(n ast.Node, vars map[types.Object]bool) bool {
	found := false
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && vars[l.info().Uses[id]]
	}
	ast.Inspect(n, func(c ast.Node) bool {
		switch c := c.(type) {
		case *ast.AssignStmt:
			for _, e := range c.Lhs {
				found = found || c.Tok != token.DEFINE && is(e)
			}
		case *ast.IncDecStmt:
			found = found || is(c.X)
		case *ast.RangeStmt:
			found = found || c.Tok == token.ASSIGN && (is(c.Key) || c.Value != nil && is(c.Value))
		}
		return !found
	})
	return found
}

// loopVars gives a 3-clause loop per-iteration variables where it matters.
func (l *lowerer) loopVars(s *ast.ForStmt, depth int) {
	init, ok := s.Init.(*ast.AssignStmt)
	if !ok || init.Tok != token.DEFINE {
		return
	}
	vars := map[types.Object]bool{}
	var names []string
	for _, lhs := range init.Lhs {
		if id, ok := lhs.(*ast.Ident); ok && id.Name != "_" {
			if obj := l.info().Defs[id]; obj != nil {
				vars[obj] = true
				names = append(names, id.Name)
			}
		}
	}
	if len(vars) == 0 || !l.captured(s, vars) {
		return
	}
	n := l.k.uid()
	outer := make([]string, len(names))
	for i, name := range names {
		// (ᐅiᐅ4, which no label the loop gets, ᐅc4 or ᐅl4, can be: a loop variable c
		// made the interpreter take the variable for the label.)
		outer[i] = fmt.Sprintf("ᐅ%sᐅ%d", name, n)
	}
	rename := map[string]string{}
	for i, name := range names {
		rename[name] = outer[i]
	}
	// The header works on the outer variables.
	for _, part := range []ast.Node{s.Init, s.Cond, s.Post} {
		if part == nil {
			continue
		}
		called := map[*ast.FuncLit]bool{}
		ast.Inspect(part, func(c ast.Node) bool {
			if call, ok := c.(*ast.CallExpr); ok {
				if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
					called[lit] = true
				}
			}
			return true
		})
		ast.Inspect(part, func(c ast.Node) bool {
			// Also in a function literal called there (i = func() int { return i + 3 }()),
			// not in one kept, which would share the variable of all iterations.
			if lit, ok := c.(*ast.FuncLit); ok && !called[lit] {
				return false
			}
			if id, ok := c.(*ast.Ident); ok {
				if obj := l.info().ObjectOf(id); obj != nil && vars[obj] {
					l.add(l.off(id.Pos()), len(id.Name), rename[id.Name], depth)
				}
			}
			return true
		})
	}
	sw := fmt.Sprintf("ᐅc%d", n)
	loopLabel := ""
	needLabel := false
	if lab := l.labelOf(s); lab != "" {
		loopLabel = lab
	} else {
		loopLabel = fmt.Sprintf("ᐅl%d", n)
	}
	l.branches(s.Body, s, func(b *ast.BranchStmt, inRangeFunc bool) {
		as := ""
		switch b.Tok {
		case token.CONTINUE:
			as = "break " + sw
		case token.BREAK:
			if b.Label == nil {
				needLabel = loopLabel != l.labelOf(s) || needLabel
				as = "break " + loopLabel
			}
		}
		switch {
		case as == "":
		case inRangeFunc:
			// The body of a range-over-func loop becomes a function literal; its
			// lowering carries the branch out after the call, as it reads now.
			if l.branchAs == nil {
				l.branchAs = map[*ast.BranchStmt]string{}
			}
			l.branchAs[b] = as
		default:
			l.add(l.off(b.Pos()), l.off(b.End())-l.off(b.Pos()), as, depth)
		}
	})
	if needLabel && l.labelOf(s) == "" {
		l.add(l.off(s.For), 0, loopLabel+": ", depth)
	}
	body := l.off(s.Body.Lbrace) + 1
	// (The body in a block of its own: the interpreter finds no label declared right in
	// a case clause; see clauseBlock.)
	l.add(body, 0, fmt.Sprintf(" %s := %s; %s: switch { default: { ", strings.Join(names, ", "), strings.Join(outer, ", "), sw), depth)
	l.add(l.off(s.Body.Rbrace), 0, fmt.Sprintf("} }; %s = %s ", strings.Join(outer, ", "), strings.Join(names, ", ")), closing(depth))
}

// labelOf returns the label a user gave a loop, or "".
func (l *lowerer) labelOf(s ast.Stmt) string {
	if l.unlabeled[s] {
		return ""
	}
	return l.src.labels()[s]
}

// labels returns the labeled statements of the check file, by statement.
func (k *check) labels() map[ast.Stmt]string {
	if k.labeled == nil {
		k.labeled = labelsOf(k.file)
	}
	return k.labeled
}

// branches calls fn for each break and continue statement in body that targets loop: an
// unlabeled one outside nested loops (and, for break, switches and selects), or one with
// the loop's label; and whether it sits in the body of a range-over-func loop. Function
// literals are not entered.
func (l *lowerer) branches(body *ast.BlockStmt, loop ast.Stmt, fn func(b *ast.BranchStmt, inRangeFunc bool)) {
	label := l.labelOf(loop)
	inRangeFunc := 0
	var walk func(n ast.Node, inLoop, inSwitch bool)
	walk = func(n ast.Node, inLoop, inSwitch bool) {
		ast.Inspect(n, func(c ast.Node) bool {
			switch c := c.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt:
				walk(c.Body, true, inSwitch)
				return false
			case *ast.RangeStmt:
				rf := l.isRangeFunc(c)
				if rf {
					inRangeFunc++
				}
				walk(c.Body, true, inSwitch)
				if rf {
					inRangeFunc--
				}
				return false
			case *ast.SwitchStmt:
				walk(c.Body, inLoop, true)
				return false
			case *ast.TypeSwitchStmt:
				walk(c.Body, inLoop, true)
				return false
			case *ast.SelectStmt:
				walk(c.Body, inLoop, true)
				return false
			case *ast.BranchStmt:
				switch {
				case c.Label != nil && c.Label.Name == label && label != "":
					fn(c, inRangeFunc > 0)
				case c.Label == nil && c.Tok == token.CONTINUE && !inLoop:
					fn(c, inRangeFunc > 0)
				case c.Label == nil && c.Tok == token.BREAK && !inLoop && !inSwitch:
					fn(c, inRangeFunc > 0)
				}
			}
			return true
		})
	}
	walk(body, false, false)
}

// rangeVars gives a range loop's variables among vs a fresh copy per iteration where it
// matters.
func (l *lowerer) rangeVars(s *ast.RangeStmt, depth int, vs ...ast.Expr) {
	if s.Tok != token.DEFINE {
		return
	}
	vars := map[types.Object]bool{}
	var names []string
	for _, e := range vs {
		if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
			if obj := l.info().Defs[id]; obj != nil {
				vars[obj] = true
				names = append(names, id.Name)
			}
		}
	}
	if len(vars) == 0 || !l.captured(s.Body, vars) && !l.assignedIn(s.Body, vars) {
		return
	}
	list := strings.Join(names, ", ")
	l.declareInBody(s.Body, " "+list+" := "+list+";", depth)
}

// declareInBody declares decl (statements, each ending in ';') at the start of body, a
// loop's, and makes the rest of the body a block of its own: in Go a loop's variables are
// in a scope around its body, which may declare the same names again (for i := range n {
// i := i * 2 }).
func (l *lowerer) declareInBody(body *ast.BlockStmt, decl string, depth int) {
	l.add(l.off(body.Lbrace)+1, 0, decl+" {", depth)
	l.add(l.off(body.Rbrace), 0, "}", closing(depth))
}

// Range over an integer (Go 1.22):
//
//	for i := range n { body }  →  for ᐅi, ᐅn := T(0), (n); ᐅi < ᐅn; ᐅi++ { i := ᐅi; body }
//
// with T the type of n (int for an untyped constant); n is evaluated once, and each
// iteration has its own i.

func (l *lowerer) isRangeInt(s *ast.RangeStmt) bool {
	t := l.typeOf(s.X)
	if t == nil {
		return false
	}
	if l.subst != nil {
		t = l.subst.apply(t)
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

func (l *lowerer) rangeInt(s *ast.RangeStmt, depth int) {
	n := l.k.uid()
	iv, nv := fmt.Sprintf("ᐅi%d", n), fmt.Sprintf("ᐅn%d", n)
	start := s.Range
	if s.Key != nil {
		start = s.Key.Pos()
	}
	xt, bound := l.typeOf(s.X), "("
	if tv := l.info().Types[s.X]; tv.Value != nil {
		// A constant takes the type of the variable it is assigned to (for i64 = range 10),
		// which the bound is converted to as well.
		if kt := l.typeOf(s.Key); s.Tok == token.ASSIGN && kt != nil && !isBlank(s.Key) {
			xt = kt
		}
		bound = l.typ(xt) + "("
	}
	t := l.typ(xt)
	l.add(l.off(start), l.off(s.X.Pos())-l.off(start), fmt.Sprintf("%s, %s := %s(0), %s", iv, nv, t, bound), depth)
	inc := iv + "++"
	if b, ok := l.applied(xt).Underlying().(*types.Basic); ok && b.Kind() == types.Uintptr {
		inc = iv + " += 1" // see uintptrIncDec
	}
	l.add(l.off(s.X.End()), 0, fmt.Sprintf("); %s < %s; %s", iv, nv, inc), closing(depth))
	if id, ok := s.Key.(*ast.Ident); ok && id.Name != "_" {
		op := ":="
		if s.Tok == token.ASSIGN {
			op = "="
		}
		if op == ":=" {
			if l.intKeys == nil {
				l.intKeys = map[*ast.RangeStmt]int{}
			}
			l.intKeys[s] = len(l.edits)
			l.declareInBody(s.Body, fmt.Sprintf(" %s := %s;", id.Name, iv), depth)
		} else {
			l.add(l.off(s.Body.Lbrace)+1, 0, fmt.Sprintf(" %s = %s;", id.Name, iv), depth)
		}
	} else if s.Key != nil && s.Tok == token.ASSIGN {
		l.add(l.off(s.Body.Lbrace)+1, 0, fmt.Sprintf(" %s = %s;", l.text(s.Key.Pos(), s.Key.End()), iv), depth)
	}
}

// initOnlyLoop gives s, a for loop with an init statement but neither a condition nor a
// post statement (for i, j := m, n; ; { … }), the condition true: the interpreter runs
// the init statement again before each iteration of such a loop, which then never ends.
func (l *lowerer) initOnlyLoop(s *ast.ForStmt, depth int) {
	if s.Init == nil || s.Cond != nil || s.Post != nil {
		return
	}
	from := l.off(s.Init.End())
	text := l.text(s.Init.End(), s.Body.Lbrace)
	if i := strings.IndexByte(text, ';'); i >= 0 {
		l.add(from+i+1, 0, " true", depth)
	}
}

// nameParams names the parameters of a function, method or function literal that has
// them unnamed: the interpreter's method func (c Const) LR(int) float64 stores the
// argument where its result goes, and the call panics (reflect.Set: int is not
// assignable to float64); a function's body panicked likewise at its first call or
// composite literal (func tick(int) { fmt.Println("tick") }).
//
//	func (c Const) LR(int) float64  →  func (c Const) LR(ᐅp0 int) float64
func (l *lowerer) nameParams(params *ast.FieldList) {
	if params == nil {
		return
	}
	for i, p := range params.List {
		if len(p.Names) > 0 {
			return // named, all of them
		}
		l.add(l.off(p.Type.Pos()), 0, "ᐅp"+itoa(i)+" ", 0)
	}
}
