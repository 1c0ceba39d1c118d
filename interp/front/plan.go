package front

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Plan is a checked cell, lowered to what the interpreter runs, in order: the imports,
// then one chunk of the cell's package-level declarations (with the instances of generic
// code it needs and its hoisted variables), then its variable declarations and
// statements in the order written, the final expression last.
type Plan struct {
	Imports []Import
	Chunks  []Chunk
	// Main reports that the cell declares func main, renamed MainName: a pasted program,
	// which should run once after the chunks, as go run would.
	Main bool

	k         *check
	instances []string             // instance names the declaration chunk declares
	hidden    []string             // hidden import paths the imports make
	forward   map[string]forwarder // forwarders the declaration chunk declares
	adapters  []string             // adapters the declaration chunk declares
}

// Import is an import the interpreter must make before the cell's chunks.
type Import struct {
	Name, Path string
	Line, Col  int // position in the cell; 0 for imports the lowering adds
}

// ChunkKind is how the interpreter must receive a chunk.
type ChunkKind int

const (
	Decls ChunkKind = iota // package-level declarations
	Stmts                  // statements, run in order at top level
	Expr                   // the final expression statement, whose values are shown
)

// Chunk is source that one interpreter call compiles and runs.
type Chunk struct {
	Kind ChunkKind
	Src  string // with line directives, so that positions are the cell's
	// For an Expr chunk: the expression alone (with its directive), and its values: how
	// many (0 for a call without results), and whether the expression is a conversion.
	Value      string
	Values     int
	Conversion bool
	// ErrorLast reports that the last of several values is an error.
	ErrorLast bool
	// Line and Col are where the chunk starts in the cell.
	Line, Col int

	units []int
}

// Commit records the declarations of the chunks the interpreter accepted (the first ran
// of them, failed at run time or not): later cells are checked against them.
func (c *Checker) Commit(p *Plan, ran int) {
	if p == nil || p.k == nil {
		return
	}
	k := p.k
	for _, imp := range p.Imports {
		if imp.Line > 0 {
			c.imports[imp.Name] = imp.Path
		}
	}
	for _, u := range k.units {
		for _, sp := range u.imports {
			if n := k.importName(sp); n != "_" && n != "." {
				c.imports[n] = sp.path
			}
		}
	}
	units := map[int]bool{}
	for i := 0; i < ran && i < len(p.Chunks); i++ {
		for _, u := range p.Chunks[i].units {
			units[u] = true
		}
	}
	if ran > 0 {
		for _, n := range p.instances {
			c.gen.emitted[n] = true
		}
		for _, h := range p.hidden {
			c.gen.madeHidden[h] = true
		}
		for m, f := range p.forward {
			c.forwarded[m] = f
		}
		for _, a := range p.adapters {
			c.adapted[a] = true
		}
		c.namedLocal = c.namedLocal || k.namesStructs
	}
	k.record(units)
}

// plan lowers the checked cell into chunks.
func (k *check) plan() (*Plan, error) {
	p := &Plan{k: k}
	for _, u := range k.units {
		for _, sp := range u.imports {
			name := k.importName(sp)
			if prev, ok := k.imports[name]; ok && prev == sp.path && name != "_" && name != "." {
				continue
			}
			if _, generic := sourcePaths[sp.path]; generic {
				continue // lowered away: cells never reach these through the interpreter
			}
			p.Imports = append(p.Imports, Import{Name: name, Path: sp.path, Line: sp.line, Col: sp.col})
		}
	}
	k.pend = &pending{local: k.localDecls(), seen: map[string]bool{}}
	k.hoistAll()
	k.hoistLocalTypes()
	k.pend.localTypes = k.localTypes
	k.hoistedNow = k.localTypes
	defer func() { k.hoistedNow = nil }()
	edits := k.lower()
	if k.lowerErr != nil {
		return nil, k.lowerErr
	}
	localTypes := k.localTypeDecls() // before the hidden imports are listed: it may add some
	k.remember(k.cell, k.cellText, edits)
	if k.fn != nil {
		lc := k.cells[k.cell]
		at := func(p token.Pos) pos {
			tp := k.fset.Position(p)
			_, line := decodeLine(tp.Line)
			return pos{line, tp.Column}
		}
		for _, st := range k.fn.Body.List {
			lc.stmts = append(lc.stmts, [2]pos{at(st.Pos()), at(st.End())})
			ast.Inspect(st, func(n ast.Node) bool {
				if lit, ok := n.(*ast.FuncLit); ok {
					lc.lits = append(lc.lits, [2]pos{at(lit.Pos()), at(lit.End())})
				}
				return true
			})
		}
		k.cells[k.cell] = lc
	}
	if k.file != nil {
		lc := k.cells[k.cell]
		k.recordSites(&lc)
		k.cells[k.cell] = lc
	}
	decls, err := k.gen.instancesFor(k, p)
	if err != nil {
		return nil, err
	}
	forwarders := k.forwarders(p)  // before the hidden imports are listed: it may add some
	typeNames := k.typeNameDecls() // likewise (fmt.Stringer in a plugin's registrations)
	for path, name := range k.hidden {
		if !k.gen.madeHidden[path] && !sourcePaths[path] { // the check file's only
			p.Imports = append(p.Imports, Import{Name: name, Path: path})
			p.hidden = append(p.hidden, path)
		}
	}
	run := func(i int) string {
		u := k.units[i]
		var es []edit
		for _, e := range edits {
			if e.at >= u.start && e.at <= u.end {
				e.at -= u.start
				es = append(es, e)
			}
		}
		return applyEdits(u.src, es)
	}
	// The old values the cell's statements read of names they redefine, first.
	p.Chunks = append(p.Chunks, k.carriedChunks()...)
	// The package-level declarations, with the hoisted variables and the instances.
	var b strings.Builder
	b.WriteString(localTypes)
	var declUnits []int
	for i, u := range k.units {
		if isPackageLevel(u) {
			b.WriteString(Directive(k.cell, u.line, u.col))
			b.WriteString(run(i))
			b.WriteString("\n")
			declUnits = append(declUnits, i)
		}
	}
	if len(k.hoisted) > 0 {
		b.WriteString(k.hoistDecls(k.declaredNames(), true))
	}
	b.WriteString(decls)
	b.WriteString(forwarders)
	b.WriteString(k.adapterDecls(p))
	b.WriteString(typeNames)
	b.WriteString(k.recovering)
	if strings.TrimSpace(b.String()) != "" {
		p.Chunks = append(p.Chunks, Chunk{Kind: Decls, Src: b.String(), units: declUnits})
	}
	if len(k.hooks) > 0 {
		p.Chunks = append(p.Chunks, k.hooksChunk())
	}
	// The rest, in order, consecutive units of a kind together; the init functions after
	// the variables declared before the first statement.
	initsRun := len(k.inits) == 0
	for i, u := range k.units {
		if u.kind == kindImport || isPackageLevel(u) {
			continue
		}
		if !initsRun && !(u.kind == kindDecl && u.tok == token.VAR) {
			p.Chunks = append(p.Chunks, k.initChunk())
			initsRun = true
		}
		kind := Stmts
		switch u.kind {
		case kindDecl:
			if len(k.hoisted) == 0 {
				kind = Decls // hoisted, a var declaration became an assignment
			}
		case kindExpr:
			kind = Expr
		}
		text := run(i)
		if n := len(p.Chunks); n > 0 && p.Chunks[n-1].Kind == kind && kind != Expr && i > 0 && lastUnit(p.Chunks[n-1]) == i-1 && !k.importBetween(i) && !k.shadowsImport(u) {
			c := &p.Chunks[n-1]
			c.Src += k.gap(k.units[i-1], u) + text
			c.units = append(c.units, i)
			continue
		}
		src := Directive(k.cell, u.line, u.col)
		if kind != Decls {
			// A chunk of statements that starts with "func" would be taken for a
			// declaration, and run again by every later evaluation.
			src = "\n;" + src
		}
		c := Chunk{Kind: kind, Src: src + text, Line: u.line, Col: u.col, units: []int{i}}
		if kind == Expr {
			c.Value = Directive(k.cell, u.line, u.col) + strings.TrimSpace(text)
			c.Values, c.Conversion = k.exprValues()
			c.ErrorLast = k.errorLast()
		}
		p.Chunks = append(p.Chunks, c)
	}
	if !initsRun {
		p.Chunks = append(p.Chunks, k.initChunk())
	}
	for i := range p.Chunks {
		p.Chunks[i].Src += "\n"
		if us := p.Chunks[i].units; len(us) > 0 {
			u := k.units[us[0]]
			k.cells[k.cell].chunks[[2]int{u.line, u.col}] = true
		}
	}
	p.Main = k.declaresMain()
	return p, nil
}

// gap is what goes between the text of prev and that of u in a chunk: the cell's text
// between them when they are next to each other there, a line directive for u's
// position when initOrder moved one of them.
func (k *check) gap(prev, u unit) string {
	if prev.end > u.start {
		return "\n" + Directive(k.cell, u.line, u.col)
	}
	for _, o := range k.units {
		if o.start >= prev.end && o.start < u.start {
			return "\n" + Directive(k.cell, u.line, u.col)
		}
	}
	return k.cellText[prev.end:u.start]
}

// lastUnit is the index of a chunk's last unit, or -1 for a chunk of instances only.
func lastUnit(c Chunk) int {
	if len(c.units) == 0 {
		return -1
	}
	return c.units[len(c.units)-1]
}

// shadowsImport reports whether u declares a variable named like a package the session
// or the cell imports. The interpreter resolves the name to the variable in all of an
// evaluation (e := errors.New("a"); errors := []error{e}: "undefined selector: New"),
// so such a declaration starts an evaluation of its own, as in a later cell.
func (k *check) shadowsImport(u unit) bool {
	for name, v := range k.cellVars() {
		if !k.imported(name) {
			continue
		}
		if at := k.cellOffset(v.Pos()); at >= u.start && at < u.end {
			return true
		}
	}
	return false
}

// importBetween reports whether an import unit comes right before unit i, whose text must
// not end up inside a chunk.
func (k *check) importBetween(i int) bool { return i > 0 && k.units[i-1].kind == kindImport }

// exprValues returns how many values the final expression has and whether it is a
// conversion.
func (k *check) exprValues() (int, bool) {
	if k.fn == nil || len(k.fn.Body.List) == 0 {
		return 1, false
	}
	es, ok := k.fn.Body.List[len(k.fn.Body.List)-1].(*ast.ExprStmt)
	if !ok {
		return 1, false
	}
	tv, ok := k.tinfo.Types[es.X]
	if !ok {
		return 1, false
	}
	if call, isCall := ast.Unparen(es.X).(*ast.CallExpr); isCall {
		if ftv, ok := k.tinfo.Types[call.Fun]; ok && ftv.IsType() {
			return 1, true
		}
		if printing(k.callee(call)) || printAlias(k.callee(call)) {
			return 0, false // nobody wants the byte count of fmt.Println
		}
	}
	switch t := tv.Type.(type) {
	case *types.Tuple:
		return t.Len(), false
	}
	if tv.IsVoid() {
		return 0, false
	}
	return 1, false
}

// errorLast reports whether the final expression has several values, the last an error.
func (k *check) errorLast() bool {
	if k.fn == nil || len(k.fn.Body.List) == 0 {
		return false
	}
	es, ok := k.fn.Body.List[len(k.fn.Body.List)-1].(*ast.ExprStmt)
	if !ok {
		return false
	}
	t, ok := k.tinfo.Types[es.X].Type.(*types.Tuple)
	if !ok || t.Len() < 2 {
		return false
	}
	return types.Identical(t.At(t.Len()-1).Type(), types.Universe.Lookup("error").Type())
}

// callee returns the function a call calls, when it is a named one.
func (k *check) callee(call *ast.CallExpr) types.Object {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return k.tinfo.Uses[f]
	case *ast.SelectorExpr:
		return k.tinfo.Uses[f.Sel]
	}
	return nil
}

// printing reports whether obj is one of the printing functions of fmt and log.
func printing(obj types.Object) bool {
	f, ok := obj.(*types.Func)
	if !ok || f.Pkg() == nil || (f.Pkg().Path() != "fmt" && f.Pkg().Path() != "log") {
		return false
	}
	return strings.HasPrefix(f.Name(), "Print") || strings.HasPrefix(f.Name(), "Fprint")
}

// printAlias reports whether obj is a variable of the type of fmt.Println or fmt.Printf
// (p := fmt.Println, as Go by Example writes).
func printAlias(obj types.Object) bool {
	v, ok := obj.(*types.Var)
	if !ok {
		return false
	}
	sig, ok := v.Type().Underlying().(*types.Signature)
	if !ok || !sig.Variadic() || sig.Results().Len() != 2 || sig.Params().Len() > 2 {
		return false
	}
	ps, rs := sig.Params(), sig.Results()
	last, _ := ps.At(ps.Len() - 1).Type().(*types.Slice)
	if last == nil || !isAny(last.Elem()) || ps.Len() == 2 && !types.Identical(ps.At(0).Type(), types.Typ[types.String]) {
		return false
	}
	return types.Identical(rs.At(0).Type(), types.Typ[types.Int]) && types.Identical(rs.At(1).Type(), types.Universe.Lookup("error").Type())
}

// declaresMain reports whether the cell declares func main.
func (k *check) declaresMain() bool {
	for _, d := range k.file.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" && k.inCell(fd.Pos()) {
			return true
		}
	}
	return false
}

// lower returns the edits, at cell offsets, that turn the checked cell into what the
// interpreter runs correctly.
func (k *check) lower() []edit {
	l := &lowerer{k: k, src: k}
	if len(k.hoisted) > 0 {
		l.edits = append(l.edits, k.hoistEdits()...)
	}
	k.noteImportNames()
	l.renameLabels()
	for _, d := range k.file.Decls {
		if !k.inCell(d.Pos()) || d == ast.Decl(k.fn) {
			continue
		}
		if fd, ok := d.(*ast.FuncDecl); ok {
			k.recovering += k.recoveringMethod(fd)
		}
		if k.isGenericDecl(d) {
			// Only its instances reach the interpreter.
			l.edits = append(l.edits, k.blank(d.Pos(), d.End())...)
			continue
		}
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.Name == "main" {
				l.add(k.cellOffset(d.Name.Pos()), len("main"), MainName, 0)
			}
			if d.Recv == nil && d.Name.Name == "init" {
				k.renameInit(l, d)
			}
			if d.Recv == nil {
				l.declName(d.Name)
			}
			if d.Recv != nil {
				if err := k.overrideForwarder(l, d); err != nil && k.lowerErr == nil {
					k.lowerErr = err
				}
				l.node(d.Recv, &frame{}, 0)
				l.registerBoxMethod(d)
			}
			l.nameParams(d.Type.Params)
			l.node(d.Type, &frame{}, 0)
			sig, _ := k.tinfo.Defs[d.Name].Type().(*types.Signature)
			// A method's recover takes a panic handed over to it too: deferred through
			// an interface or a method expression, it is called by a literal.
			if l.claimPrologue(d) {
				l.method = d.Name.Name
			}
			l.lowerFunc(d.Body, sig, 1)
			l.method = ""
		case *ast.GenDecl:
			l.node(d, &frame{}, 0)
			l.registerBoxView(d)
		default:
			l.node(d, &frame{}, 0)
		}
	}
	if k.fn != nil {
		top := &frame{recovers: l.recoveringDefers(k.fn.Body.List), gotoLoop: gotoesBack(k.fn.Body.List)}
		list := k.fn.Body.List
		whole := topLevelGoto(list) // all in one literal, where the labels are in scope
		if whole {
			last := list[len(list)-1]
			if len(k.units) > 0 && k.units[len(k.units)-1].kind == kindExpr && len(list) > 1 {
				last = list[len(list)-2]
			}
			from, to := k.cellOffset(list[0].Pos()), k.cellOffset(last.End())
			for _, u := range k.units {
				if isPackageLevel(u) && u.start > from && u.start < to {
					// A declaration among the statements splits them into two chunks,
					// which one literal cannot span: the goto stays refused.
					whole = false
				}
			}
			if whole {
				l.add(from, 0, "func() { ", 0)
				l.add(to, 0, " }()", closing(0))
			}
		}
		for i, st := range list {
			depth, witness := 0, -1
			final := i == len(list)-1 && len(k.units) > 0 && k.units[len(k.units)-1].kind == kindExpr
			if whole {
				if !final {
					depth = 1
				}
			} else if wrapped(st) || (len(k.hoisted) > 0 && simple(st) && !final) {
				// Compound statements at top level run inside a function literal: the
				// interpreter's global scope gets their block scoping wrong.
				at, end := k.cellOffset(st.Pos()), k.cellOffset(st.End())
				if at >= 0 && end >= at {
					l.add(at, 0, "func() { ", 0)
					l.add(end, 0, " }()", closing(0))
					depth = 1
					witness = len(l.edits)
					l.add(at, 0, "", 0) // filled by witnessIndexes
				}
			}
			if final {
				l.shown = st
			}
			n := len(l.edits)
			l.stmt(st, top, depth)
			if witness >= 0 {
				l.witnessIndexes(st, witness, n)
			}
			if es, ok := st.(*ast.ExprStmt); ok && final {
				l.resultView(es.X, depth)
			}
		}
	}
	k.pend.errs = append(k.pend.errs, l.errs...)
	return withoutBlanked(l.edits)
}

// topLevelGoto reports whether a goto among the top-level statements list (or inside
// them, outside function literals) jumps to a label of the cell's top level: those run in
// one function literal, as a program's main, rather than each in one of its own.
func topLevelGoto(list []ast.Stmt) bool {
	labels := map[string]bool{}
	for _, st := range list {
		if ls, ok := st.(*ast.LabeledStmt); ok {
			labels[ls.Label.Name] = true
		}
	}
	found := false
	for _, st := range list {
		ast.Inspect(st, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.BranchStmt:
				if n.Tok == token.GOTO && n.Label != nil && labels[n.Label.Name] {
					found = true
				}
			}
			return !found
		})
	}
	return found
}

// withoutBlanked drops the edits that fall inside text another edit blanks out (the type
// of a hoisted variable, say), which would otherwise overlap it.
func withoutBlanked(edits []edit) []edit {
	var out []edit
	for i, e := range edits {
		inside := false
		for j, b := range edits {
			if b.blank && !e.blank && e.at < b.at+b.del && (e.at > b.at || e.at == b.at && e.del > 0) {
				inside = true
				break
			}
			// A blank inside another, or over the same text and made later (a constant
			// spelled out inside a constant list spelled out): the outer one has its text.
			if b.blank && e.blank && i != j && e.at >= b.at && e.at+e.del <= b.at+b.del && (e.del < b.del || i > j) {
				inside = true
				break
			}
			if e.weak && !b.weak && b.del > 0 && e.at >= b.at && e.at+e.del <= b.at+b.del {
				inside = true // the text it renames is spelled anew
				break
			}
		}
		if !inside {
			out = append(out, e)
		}
	}
	return out
}

// simple reports whether a top-level statement can run inside a function literal once
// the cell's variables are hoisted: assignments (and hoisted declarations), calls, sends
// and increments. Running each in a literal of its own makes the interpreter report a
// panic at the statement's own line, not at its chunk's first.
func simple(st ast.Stmt) bool {
	switch st := st.(type) {
	case *ast.AssignStmt, *ast.ExprStmt, *ast.IncDecStmt, *ast.SendStmt:
		return true
	case *ast.DeclStmt:
		return st.Decl.(*ast.GenDecl).Tok == token.VAR
	}
	return false
}

// wrapped reports whether a top-level statement must run inside a function literal.
func wrapped(st ast.Stmt) bool {
	switch st := st.(type) {
	case *ast.ForStmt, *ast.RangeStmt, *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt,
		*ast.SelectStmt, *ast.BlockStmt, *ast.LabeledStmt:
		return true
	case *ast.GoStmt:
		// Its operands are evaluated in a frame of their own, where a panic of theirs is
		// placed on its line (the cell's frame is reported at its first line).
		return true
	case *ast.AssignStmt:
		// _ = f() at top level: the interpreter makes _ a global variable of the first
		// such value's type, and the next (_ = len(s) after _ = strconv.Itoa(1)) panics
		// assigning another type to it.
		for _, e := range st.Lhs {
			if !isBlank(e) {
				return false
			}
		}
		return st.Tok == token.ASSIGN
	}
	return false
}

// isGenericDecl reports whether d declares a generic function, type or method.
func (k *check) isGenericDecl(d ast.Decl) bool {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv != nil && len(d.Recv.List) > 0 {
			return isGenericRecv(d)
		}
		return d.Type.TypeParams != nil && len(d.Type.TypeParams.List) > 0
	case *ast.GenDecl:
		if d.Tok != token.TYPE {
			return false
		}
		for _, sp := range d.Specs {
			if isGenericSpec(sp.(*ast.TypeSpec)) {
				return true
			}
		}
	}
	return false
}
