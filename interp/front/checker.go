package front

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// cellFunc is the function whose body holds a cell's statements while it is checked: a
// cell runs top to bottom like a function body, except that its variables outlive it.
const cellFunc = "ᐅcell"

// Checker type-checks and lowers the cells of one interpreter session. It remembers what
// the cells that ran declared, and checks each new cell against that, as if the earlier
// declarations were the package around it.
type Checker struct {
	im        *Importer
	fset      *token.FileSet
	imports   map[string]string    // import name → path, as the interpreter has them
	preloaded map[string]bool      // the paths imported before the first cell
	names     map[string]*entry    // package-level names that cells declared
	methods   map[string]*entry    // "T.M" → method declared by a cell
	forwarded map[string]forwarder // "T.M" → a method declared for a promoted one (see forwarders.go)
	adapted   map[string]bool      // adapters declared (see adapter.go)
	// namedLocal reports that a cell declared a struct type inside a function, whose
	// name FmtOperand looks up (see localtypes.go).
	namedLocal bool
	// hoistedNow names the local types of the cell being planned that are declared at
	// package level (see localtypes.go).
	hoistedNow map[*types.TypeName]string
	hidden     map[string]string // import path → hidden name, for types no import names
	seq        int               // declaration counter, to keep the prelude in order
	gen        *generics
	structs    map[string]int  // cell struct type name → order of its first declaration (see structname.go)
	renamed    map[string]bool // functions and types declared under another name (see importnames.go)

	cells     map[int]lowered         // lowering edits of the cells seen, for Column
	basePkg   *types.Package          // the prelude, checked (see base.go)
	baseDirty bool                    // cells declared types or methods since
	extra     map[string]types.Object // what cells declared since, by name
}

// entry is one declaration of an earlier cell, as the prelude of later checks declares it.
type entry struct {
	name     string
	kind     string // "var", "const", "func", "type" or "method"
	seq      int
	cell     int
	decl     ast.Decl // the prelude declaration: bodies stubbed, var types spelled out
	full     string   // for types and methods: the whole declaration as written
	show     string   // what inspection shows: a func's signature, a var's type
	doc      string   // the doc comment
	recovers bool     // whether a method's body, or a var's function literal, calls recover itself (see lowerer.recovers)
	factory  bool     // whether a func or method returns only literals that recover first (see recoveringFactory)

	quals map[string]bool // the package names decl uses, for the prelude's imports
}

// NewChecker returns a Checker for a fresh interpreter whose packages im describes and
// into which imports (name → path) are already made.
func NewChecker(im *Importer, imports map[string]string) *Checker {
	c := &Checker{
		im:        im,
		fset:      token.NewFileSet(),
		imports:   map[string]string{},
		names:     map[string]*entry{},
		methods:   map[string]*entry{},
		forwarded: map[string]forwarder{},
		adapted:   map[string]bool{},
		hidden:    map[string]string{},
		preloaded: map[string]bool{},
	}
	for n, p := range imports {
		c.imports[n] = p
		c.preloaded[p] = true
	}
	c.gen = newGenerics(c)
	return c
}

// Imports returns the import names the interpreter has, and their paths.
func (c *Checker) Imports() map[string]string { return c.imports }

// Error is a cell that does not compile, with every error found (at most ten, as go build
// shows), each as "cell[N]:line:col: message".
type Error struct {
	// Kind is CompileError, or ImportError for an import that cannot be made, or
	// RedefinitionError for a type or method that the interpreter cannot redefine.
	Kind string
	List []string
}

func (e *Error) Error() string { return e.List[0] }

func errorf(cell, line, col int, format string, args ...any) *Error {
	return &Error{Kind: "ImportError", List: []string{fmt.Sprintf("%s:%d:%d: ", CellName(cell), line, col) + fmt.Sprintf(format, args...)}}
}

// check is the state of one Check call.
type check struct {
	*Checker
	hooks    []string                // forwarder hooks the cell's methods set (see forwarders.go)
	wantFwd  map[string]*types.Named // cell struct types the cell needs forwarders of, by lowered name (ditto)
	adapters map[string]string       // adapters the cell declares, by name (see adapter.go)
	// namesStructs reports that the cell registers names of local struct types.
	namesStructs bool

	localTypes   map[*types.TypeName]string // local types declared at package level (see localtypes.go)
	recovering   string                     // the registrations of the cell's methods that call recover (see claims.go)
	localSpecs   []localSpec
	lowerErr     error // what the lowering refused
	cell         int
	cellText     string
	units        []unit
	tf           *token.File // the check file
	src          string      // its text
	placed       []placed    // where each unit's text sits in it
	file         *ast.File
	pkg          *types.Package
	tinfo        *types.Info
	fn           *ast.FuncDecl // cellFunc
	hoisted      map[string]bool
	carried      map[string]bool // names whose old value the cell reads (see carried.go)
	errs         []types.Error
	labeled      map[ast.Stmt]string   // labeled statements of the check file
	shadow       map[string]bool       // declaredNames, once computed
	stmtOnly     map[string]bool       // those only the cell's top-level := statements declare
	assigned     map[string]bool       // earlier cells' variables a := assigns (see assignonly.go)
	quals        map[string]bool       // cellQualifiers, once computed
	pend         *pending              // instantiation state of the lowering
	inits        []initFunc            // the cell's init functions, renamed (see plan)
	escapes      map[*types.Var]bool   // see escaping
	addrTaken    map[*types.Var]bool   // see escaping
	heapCaptured map[*types.Var]bool   // see escaping
	fnScopes     map[*types.Scope]bool // see funcScopes
}

// placed is a unit's text inside the check file.
type placed struct {
	u   int // index in units
	off int // offset of the unit's first byte in the check file
}

// Check parses, type-checks and lowers cell number cell. The error is a *Error for code
// that does not compile, and a scanner.ErrorList for a syntax error.
func (c *Checker) Check(cell int, code string) (*Plan, error) {
	units, err := splitCell(cell, code)
	if err != nil {
		return nil, err
	}
	k := &check{Checker: c, cell: cell, cellText: code, units: units, hoisted: map[string]bool{}}
	if err := k.checkImports(); err != nil {
		return nil, err
	}
	if err := k.redefinitions(); err != nil {
		return nil, err
	}
	if err := k.initOrder(); err != nil {
		return nil, err
	}
	if err := k.typeCheck(); err != nil {
		return nil, err
	}
	if len(k.assignOnly()) > 0 {
		if err := k.hoistAssigning(); err != nil {
			return nil, err
		}
	}
	if carry := k.needCarry(); len(carry) > 0 && len(k.needHoist()) == 0 && len(k.hoisted) == 0 {
		// Statements that read the old value of a name they redefine (see carried.go).
		k.carried = carry
		if err := k.typeCheck(); err != nil {
			return nil, err
		}
		if k.carryable() {
			if err := k.typeCheck(); err != nil {
				return nil, err
			}
		}
	}
	if need := k.needHoist(); len(need) > 0 {
		k.carried = nil
		// A declaration uses a variable that the cell's statements define: declare the
		// cell's variables ahead, as package variables, and check again.
		for _, n := range need {
			k.hoisted[n] = true
		}
		for n := range k.cellVars() {
			k.hoisted[n] = true
		}
		if err := k.typeCheck(); err != nil {
			return nil, err
		}
	}
	if errs := k.errors(); len(errs) > 0 {
		return nil, &Error{Kind: "CompileError", List: errs}
	}
	return k.plan()
}

// checkImports refuses imports of packages the kernel lacks and imports that would
// rebind a name to another package.
func (k *check) checkImports() error {
	for _, u := range k.units {
		for _, sp := range u.imports {
			if !k.im.Has(sp.path) {
				return errorf(k.cell, sp.line, sp.col, "package %q is not available in this kernel; %%help lists the importable packages", sp.path)
			}
			name := k.importName(sp)
			if p, ok := k.imports[name]; ok && p != sp.path && name != "_" && name != "." {
				return errorf(k.cell, sp.line, sp.col, "%s is already imported as %s; import %s under another name, such as %s2 %q", p, name, sp.path, name, sp.path)
			}
		}
	}
	return nil
}

// importName is the name an import spec binds.
func (c *Checker) importName(sp importSpec) string {
	if sp.name != "" {
		return sp.name
	}
	if pkg, err := c.im.Import(sp.path); err == nil {
		return pkg.Name()
	}
	return sp.path[strings.LastIndexByte(sp.path, '/')+1:]
}

// typeCheck builds the check file from the cell and the prelude and type-checks both.
func (k *check) typeCheck() error {
	shadowed := k.declaredNames()
	hoists := ""
	if len(k.hoisted) > 0 {
		hoists = k.hoistDecls(shadowed, false)
	}
	var b strings.Builder
	b.WriteString(k.fileHead(shadowed))
	k.placed = k.placed[:0]
	edits := map[int][]edit{} // per unit, length-preserving
	if len(k.hoisted) > 0 {
		for _, e := range k.hoistEdits() {
			for i, u := range k.units {
				if e.at >= u.start && e.at < u.end {
					edits[i] = append(edits[i], edit{at: e.at - u.start, del: e.del, text: e.text})
				}
			}
		}
	}
	put := func(i int) {
		u := k.units[i]
		b.WriteString(Directive(k.cell, u.line, u.col))
		k.placed = append(k.placed, placed{u: i, off: b.Len()})
		b.WriteString(applyEdits(u.src, edits[i]))
		b.WriteString("\n")
	}
	for i, u := range k.units {
		if isPackageLevel(u) {
			put(i)
		}
	}
	b.WriteString(hoists)
	b.WriteString("func " + cellFunc + "() {\n")
	for i, u := range k.units {
		if u.kind != kindImport && !isPackageLevel(u) {
			put(i)
		}
	}
	b.WriteString("\n}\n")
	k.src = b.String()
	f, err := parser.ParseFile(k.fset, "ᐅcell.go", k.src, parser.SkipObjectResolution|parser.ParseComments)
	if err != nil {
		return positioned(err)
	}
	k.tf = k.fset.File(f.Pos())
	k.file = f
	k.fn = nil
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == cellFunc && fd.Recv == nil {
			k.fn = fd
		}
	}
	k.errs = nil
	for _, d := range f.Decls {
		// go/types takes a function without a body for one declared elsewhere; Go's
		// compiler, and the interpreter, refuse it.
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body == nil && k.inCell(fd.Pos()) {
			k.errs = append(k.errs, types.Error{Fset: k.fset, Pos: fd.Name.Pos(), Msg: "missing function body"})
		}
	}
	k.tinfo = &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Implicits:  map[ast.Node]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Scopes:     map[ast.Node]*types.Scope{},
		Instances:  map[*ast.Ident]types.Instance{},
	}
	conf := types.Config{
		Importer:  k.im,
		GoVersion: "go1.26",
		Error:     func(err error) { k.errs = append(k.errs, err.(types.Error)) },
	}
	if k.fastPath() {
		k.checkFast(f, &conf, k.preludeShadow(shadowed))
		return nil
	}
	k.pkg, _ = conf.Check("main", k.fset, []*ast.File{k.prelude(k.preludeShadow(shadowed)), f}, k.tinfo)
	return nil
}

// cellQualifiers returns the identifiers that the cell writes before a dot: the only
// session imports its check needs (fewer imports make a faster check).
func (k *check) cellQualifiers() map[string]bool {
	if k.quals != nil {
		return k.quals
	}
	k.quals = map[string]bool{}
	var s scanner.Scanner
	fset := token.NewFileSet()
	f := fset.AddFile("", -1, len(k.cellText))
	s.Init(f, []byte(k.cellText), nil, 0)
	prev := ""
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.PERIOD && prev != "" {
			k.quals[prev] = true
		}
		prev = ""
		if tok == token.IDENT {
			prev = lit
		}
	}
	return k.quals
}

// isPackageLevel reports whether a unit is checked as a package-level declaration: types,
// functions, methods and constants are; variables run in order with the statements.
func isPackageLevel(u unit) bool { return u.kind == kindDecl && u.tok != token.VAR }

// fileHead returns the package clause and imports of a check file.
func (k *check) fileHead(shadowed map[string]bool) string {
	var b strings.Builder
	b.WriteString("package main\n")
	for _, imp := range k.fileImports(shadowed) {
		fmt.Fprintf(&b, "import %s %q\n", imp[0], imp[1])
	}
	return b.String()
}

// fileImports returns the imports of the check file, as name and path pairs: the
// session's (less those the cell's or earlier cells' declarations shadow), the cell's
// own, and the hidden ones that spelled-out types need.
func (k *check) fileImports(shadowed map[string]bool) [][2]string {
	used := k.cellQualifiers()
	imports := map[string]string{}
	k.declaredNames() // (for stmtOnly)
	if len(k.hoisted) > 0 {
		// The hoisted declarations spell their types with the session's imports, which
		// the cell itself may not name (small, _ := trainSet.Subset(…) is a *data.Dataset).
		paths := map[string]bool{}
		vars := k.cellVars()
		for n := range k.hoisted {
			if v := vars[n]; v != nil {
				walkTypes(v.Type(), func(t types.Type) bool {
					if nt, ok := types.Unalias(t).(*types.Named); ok && nt.Obj().Pkg() != nil {
						paths[nt.Obj().Pkg().Path()] = true
					}
					return true
				})
			}
		}
		for n, p := range k.imports {
			if paths[p] {
				used[n] = true
			}
		}
	}
	for n, p := range k.imports {
		// A variable the cell's statements declare is local to them in the check file,
		// and may be set from the package it shadows (strings := strings.Fields(s)).
		if used[n] && (!shadowed[n] || k.stmtOnly[n]) && k.names[n] == nil {
			imports[n] = p
		}
	}
	for _, u := range k.units {
		for _, sp := range u.imports {
			imports[k.importName(sp)] = sp.path
		}
	}
	for p, n := range k.hidden {
		imports[n] = p // hoisted declarations may spell types with them
	}
	var out [][2]string
	for _, n := range sortedKeys(imports) {
		if n != "_" && n != "." {
			out = append(out, [2]string{n, imports[n]})
		}
	}
	return out
}

// positioned converts a parse error of the check file, which syntax checking of each
// unit makes unlikely, to an Error.
func positioned(err error) error {
	if l, ok := err.(scanner.ErrorList); ok && len(l) > 0 {
		var out []string
		for _, e := range l {
			out = append(out, Positions(e.Error()))
		}
		return &Error{Kind: "CompileError", List: out}
	}
	return err
}

// declaredNames returns the names the cell declares at package level or with := at its
// top level.
func (k *check) declaredNames() map[string]bool {
	if k.shadow != nil {
		return k.shadow
	}
	names := map[string]bool{}
	decls, stmts := map[string]bool{}, map[string]bool{}
	defer func() {
		k.shadow = names
		k.stmtOnly = map[string]bool{}
		for n := range stmts {
			if !decls[n] {
				k.stmtOnly[n] = true
			}
		}
	}()
	k.eachTopLevel(func(d ast.Decl) {
		for _, n := range declNames(d) {
			names[n], decls[n] = true, true
		}
	}, func(st ast.Stmt) {
		if as, ok := st.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
			for _, l := range as.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name != "_" && !k.assignOnly()[id.Name] {
					names[id.Name], stmts[id.Name] = true, true
				}
			}
		}
	})
	return names
}

// eachTopLevel calls decl with each declaration of the cell's declaration units, and
// stmt with each statement of its other units, parsed on their own (their positions are
// not the check file's).
func (k *check) eachTopLevel(decl func(ast.Decl), stmt func(ast.Stmt)) {
	fset := token.NewFileSet()
	for _, u := range k.units {
		switch u.kind {
		case kindDecl:
			f, err := parser.ParseFile(fset, "", "package p;"+u.src, parser.SkipObjectResolution)
			if err != nil {
				continue
			}
			for _, d := range f.Decls {
				decl(d)
			}
		case kindStmt, kindExpr:
			f, err := parser.ParseFile(fset, "", "package p; func _() {"+u.src+"\n}", parser.SkipObjectResolution)
			if err != nil {
				continue
			}
			for _, st := range f.Decls[0].(*ast.FuncDecl).Body.List {
				stmt(st)
			}
		}
	}
}

// declNames lists the package-level names a declaration binds (none for a method).
func declNames(d ast.Decl) []string {
	var out []string
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil {
			out = append(out, d.Name.Name)
		}
	case *ast.GenDecl:
		for _, sp := range d.Specs {
			switch sp := sp.(type) {
			case *ast.TypeSpec:
				out = append(out, sp.Name.Name)
			case *ast.ValueSpec:
				for _, n := range sp.Names {
					if n.Name != "_" {
						out = append(out, n.Name)
					}
				}
			}
		}
	}
	return out
}

// inCell reports whether pos lies in the check file (not in the prelude).
func (k *check) inCell(pos token.Pos) bool {
	return pos.IsValid() && k.tf != nil && k.fset.File(pos) == k.tf
}

// cellOffset maps a position of the check file to a byte offset in the cell, or -1 when
// the position is not inside any unit's text.
func (k *check) cellOffset(pos token.Pos) int {
	if !k.inCell(pos) {
		return -1
	}
	off := k.tf.Offset(pos)
	for _, p := range k.placed {
		u := k.units[p.u]
		if off >= p.off && off <= p.off+len(u.src) {
			return u.start + off - p.off
		}
	}
	return -1
}

// cellVars returns the variables declared at the top level of the cell's statements.
func (k *check) cellVars() map[string]*types.Var {
	vars := map[string]*types.Var{}
	if k.fn == nil {
		return vars
	}
	scope := k.tinfo.Scopes[k.fn.Type]
	if scope == nil {
		return vars
	}
	for _, n := range scope.Names() {
		if v, ok := scope.Lookup(n).(*types.Var); ok && n != "_" {
			vars[n] = v
		}
	}
	return vars
}

// needHoist returns the names of cell variables that package-level declarations of the
// same cell use (reported as undefined, since the check declares them in cellFunc).
func (k *check) needHoist() []string {
	if len(k.hoisted) > 0 {
		return nil
	}
	vars := k.cellVars()
	var need []string
	for _, e := range k.errs {
		name, ok := strings.CutPrefix(e.Msg, "undefined: ")
		if !ok || vars[name] == nil || !k.inCell(e.Pos) {
			continue
		}
		if k.fn != nil && e.Pos >= k.fn.Pos() && e.Pos < k.fn.End() {
			continue
		}
		need = append(need, name)
	}
	return need
}

// errors returns the compile errors of the cell, as the Go compiler would word them,
// leaving out those that a notebook makes moot: unused imports (a later cell may use
// them), unused top-level variables (they outlive the cell) and the unused value of the
// final expression (it is shown).
func (k *check) errors() []string {
	vars := k.cellVars()
	var out []string
	seen := map[string]bool{}
	// In the order of their positions, as the compiler reports them; a note ("\tother
	// declaration of f") stays after its error.
	var groups [][]types.Error
	for _, e := range k.errs {
		if strings.HasPrefix(e.Msg, "\t") && len(groups) > 0 {
			groups[len(groups)-1] = append(groups[len(groups)-1], e)
			continue
		}
		groups = append(groups, []types.Error{e})
	}
	sort.SliceStable(groups, func(i, j int) bool { return k.compilerPos(groups[i][0]) < k.compilerPos(groups[j][0]) })
	var errs []types.Error
	for _, g := range groups {
		errs = append(errs, g...)
	}
	// A label that exists but does not enclose the break or continue naming it: go/types
	// also says it is not used, which the compiler does not, and the compiler calls the
	// label invalid (not undefined).
	unused, invalid := map[string]bool{}, map[string]bool{}
	for _, e := range errs {
		if m := unusedLabel.FindStringSubmatch(e.Msg); m != nil {
			unused[m[1]] = true
		}
		if m := invalidLabel.FindStringSubmatch(e.Msg); m != nil {
			invalid[m[2]] = true
		}
	}
	for _, e := range errs {
		if !k.inCell(e.Pos) {
			continue
		}
		msg := e.Msg
		if m := unusedLabel.FindStringSubmatch(msg); m != nil && invalid[m[1]] {
			continue
		}
		if m := invalidLabel.FindStringSubmatch(msg); m != nil && unused[m[2]] {
			line := Positions(k.fset.Position(k.compilerPos(e)).String()) + ": " + msg
			if !seen[line] {
				seen[line] = true
				out = append(out, line)
			}
			continue
		}
		switch {
		case strings.Contains(msg, " imported and not used") || strings.Contains(msg, "\" imported as "):
			continue
		case strings.HasPrefix(msg, "declared and not used: "):
			if v := vars[strings.TrimPrefix(msg, "declared and not used: ")]; v != nil && v.Pos() == e.Pos {
				continue
			}
		case strings.HasSuffix(msg, " is not used") && k.isFinalExpr(e.Pos):
			continue
		case k.unexportedMissing(msg):
			continue
		case strings.HasPrefix(msg, "implicit assignment to unexported field ") && (strings.Contains(msg, " of type main.") || strings.Contains(msg, " of type struct{")):
			// A cell's own type from an earlier cell (or a struct type literal there,
			// type rows []struct{ name string }): go/types compares package objects
			// here, and the fast path checks each cell in a package object of its own.
			continue
		}
		// Types of earlier cells live in another package object of path "main", which
		// go/types then qualifies; cells write them unqualified.
		msg = mainQualified.ReplaceAllString(msg, "$1")
		msg = compilerWords(msg)
		msg = k.caseHint(e.Pos, msg)
		line := Positions(k.fset.Position(k.compilerPos(e)).String()) + ": " + msg
		if msg == "missing function body" {
			// A body whose brace is on a line of its own: the compiler meets the newline.
			at := k.fset.Position(e.Pos)
			if l, c, ok := braceBelow(k.cellText, at.Line%lineBase); ok {
				line = fmt.Sprintf("%s:%d:%d: syntax error: unexpected semicolon or newline before {", CellName(k.cell), l, c)
			}
		}
		if !seen[line] {
			seen[line] = true
			out = append(out, line)
		}
		if len(out) == 10 {
			break
		}
	}
	return out
}

// statementPos returns where the compiler reports e when it is one it places at the start
// of the call or statement that go/types places inside: a built-in's argument count
// (len(xs, 2)), a conversion without its argument, ... to a non-variadic function, a
// send to what is no channel, defer or go of what is no call.
func (k *check) statementPos(e types.Error) (token.Pos, bool) {
	var want func(ast.Node) (token.Pos, bool)
	switch msg := e.Msg; {
	case strings.HasPrefix(msg, "invalid operation: too many arguments for "),
		strings.HasPrefix(msg, "invalid operation: not enough arguments for "),
		strings.HasPrefix(msg, "missing argument in conversion to "),
		strings.HasPrefix(msg, "cannot use ... in call to non-variadic "):
		want = func(n ast.Node) (token.Pos, bool) {
			if c, ok := n.(*ast.CallExpr); ok {
				return c.Pos(), true
			}
			return token.NoPos, false
		}
	case strings.HasPrefix(msg, "invalid operation: cannot send to "):
		want = func(n ast.Node) (token.Pos, bool) {
			if s, ok := n.(*ast.SendStmt); ok {
				return s.Pos(), true
			}
			return token.NoPos, false
		}
	case strings.HasPrefix(msg, "expression in defer must be function call"):
		want = func(n ast.Node) (token.Pos, bool) {
			if s, ok := n.(*ast.DeferStmt); ok {
				return s.Call.Pos(), true
			}
			return token.NoPos, false
		}
	case strings.HasPrefix(msg, "expression in go must be function call"):
		want = func(n ast.Node) (token.Pos, bool) {
			if s, ok := n.(*ast.GoStmt); ok {
				return s.Call.Pos(), true
			}
			return token.NoPos, false
		}
	default:
		return token.NoPos, false
	}
	at, found := token.NoPos, false
	ast.Inspect(k.file, func(n ast.Node) bool {
		if n == nil || e.Pos < n.Pos() || e.Pos > n.End() {
			return false
		}
		if p, ok := want(n); ok {
			at, found = p, true // the innermost wins
		}
		return true
	})
	return at, found
}

// compilerPos returns where the Go compiler reports an error, where go/types reports it
// elsewhere: "not enough arguments" at the last argument (or the call) rather than the
// parenthesis, "cannot infer" and an unsatisfied constraint at the call's parenthesis
// rather than the function.
func (k *check) compilerPos(e types.Error) token.Pos {
	if (strings.Contains(e.Msg, "cannot infer ") || strings.Contains(e.Msg, " does not satisfy ")) && !strings.Contains(e.Msg, " does not match ") {
		// At the call's parenthesis, where go/types puts it at the function (an
		// argument whose type does not match stays where go/types puts it).
		pos := e.Pos
		ast.Inspect(k.file, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok && c.Fun.Pos() <= e.Pos && e.Pos < c.Lparen && !inTypeArgs(c.Fun, e.Pos) {
				pos = c.Lparen
			}
			return true
		})
		return pos
	}
	if at, ok := k.statementPos(e); ok {
		return at
	}
	if strings.HasPrefix(e.Msg, "cannot index ") {
		// At the bracket, where go/types puts it at the operand (of m["a"][0], the
		// index whose operand cannot be indexed).
		pos := e.Pos
		ast.Inspect(k.file, func(n ast.Node) bool {
			if ix, ok := n.(*ast.IndexExpr); ok && ix.X.Pos() == e.Pos && !indexable(k.tinfo.TypeOf(ix.X)) {
				pos = ix.Lbrack
			}
			return true
		})
		return pos
	}
	if !strings.HasPrefix(e.Msg, "not enough arguments in call") {
		return e.Pos
	}
	pos := e.Pos
	ast.Inspect(k.file, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && c.Rparen == e.Pos {
			pos = c.Pos() // without arguments, at the call
			if len(c.Args) > 0 {
				pos = c.Args[len(c.Args)-1].Pos()
			}
			return false
		}
		return true
	})
	return pos
}

// indexable reports whether a value of type t can be indexed (false for an unknown type).
func indexable(t types.Type) bool {
	if t == nil {
		return true
	}
	switch u := t.Underlying().(type) {
	case *types.Slice, *types.Array, *types.Map, *types.TypeParam:
		return true
	case *types.Pointer:
		_, array := u.Elem().Underlying().(*types.Array)
		return array
	case *types.Basic:
		return u.Info()&types.IsString != 0
	}
	return false
}

// compilerWords words msg, a go/types error, as the Go compiler (types2) does where the
// two differ, and gives the positions in it as the cell's.
func compilerWords(msg string) string {
	for _, w := range compilerWording {
		if m := w.from.FindStringSubmatch(msg); m != nil {
			msg = w.from.ReplaceAllString(msg, w.to)
			break
		}
	}
	if m := jumpsOver.FindStringSubmatch(msg); m != nil {
		at := strings.TrimSuffix(Positions("_.go:"+m[1]+":1"), ":1")
		msg = strings.Replace(msg, m[0], "jumps over variable declaration at "+at, 1)
	}
	msg = declaredAtHidden.ReplaceAllString(msg, "")
	return Positions(msg)
}

// braceBelow finds a "{" that starts the first non-blank line of src after line n, and
// returns its line and column.
func braceBelow(src string, n int) (line, col int, ok bool) {
	for m := n + 1; m <= strings.Count(src, "\n")+1; m++ {
		l := lineOf(src, m)
		if strings.TrimSpace(l) == "" {
			continue
		}
		t := strings.TrimLeft(l, " \t")
		return m, len(l) - len(t) + 1, strings.HasPrefix(t, "{")
	}
	return 0, 0, false
}

// compilerWording maps go/types messages to the compiler's.
var compilerWording = []struct {
	from *regexp.Regexp
	to   string
}{
	{regexp.MustCompile(`^break not in for, switch, or select statement$`), "break is not in a loop, switch, or select"},
	{regexp.MustCompile(`^continue not in for statement$`), "continue is not in a loop"},
	{regexp.MustCompile(`^invalid (break|continue) label (\S+)$`), "$1 label not defined: $2"},
	{regexp.MustCompile(`^label (\S+) declared and not used$`), "label $1 defined and not used"},
	{regexp.MustCompile(`^label (\S+) not declared$`), "label $1 not defined"},
	{regexp.MustCompile(`^label (\S+) already declared$`), "label $1 already defined"},
	{regexp.MustCompile(`\((func\(.*?\).*?) literal\)`), "$1 {…}"},
}

// unusedLabel and invalidLabel match go/types' messages of a label without a jump and a
// jump to a label that does not enclose it.
var (
	unusedLabel  = regexp.MustCompile(`^label (\S+) declared and not used$`)
	invalidLabel = regexp.MustCompile(`^invalid (break|continue) label (\S+)$`)
)

// jumpsOver matches the line of go/types' goto error, which names no file.
var jumpsOver = regexp.MustCompile(`jumps over variable declaration at line (\d+)`)

// declaredAtHidden matches where a message says a generic parameter was declared, when
// that is in no file the user has (an earlier cell's prelude, a library).
var declaredAtHidden = regexp.MustCompile(` \(declared at (?:ᐅprelude[^)]*|-)\)`)

// mainQualified matches "main." before a name in a message.
var mainQualified = regexp.MustCompile(`(^|[^\w.])main\.`)

// unexportedMissing reports an error that reflection cannot decide: a compiled type
// "missing" an unexported method, which reflection does not show.
func (k *check) unexportedMissing(msg string) bool {
	i := strings.Index(msg, "(missing method ")
	if i < 0 {
		return false
	}
	m := msg[i+len("(missing method "):]
	return m != "" && m[0] >= 'a' && m[0] <= 'z'
}

// isFinalExpr reports whether pos starts the cell's final expression.
func (k *check) isFinalExpr(pos token.Pos) bool {
	if len(k.units) == 0 || k.units[len(k.units)-1].kind != kindExpr {
		return false
	}
	return k.cellOffset(pos) == k.units[len(k.units)-1].start
}

// redefinitions refuses a type or method that the cell declares differently from an
// earlier cell: the interpreter cannot redefine either and would keep the old one.
func (k *check) redefinitions() error {
	fset := token.NewFileSet()
	for _, u := range k.units {
		if u.kind != kindDecl {
			continue
		}
		f, err := parser.ParseFile(fset, "", "package p;"+Directive(k.cell, u.line, u.col)+u.src, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				if d.Tok != token.TYPE {
					continue
				}
				for _, sp := range d.Specs {
					ts := sp.(*ast.TypeSpec)
					if e := k.names[ts.Name.Name]; e != nil && e.kind == "type" && e.full != render(ts) && !isGenericSpec(ts) {
						return redefined(fset, ts.Name.Pos(), "type "+ts.Name.Name)
					}
				}
			case *ast.FuncDecl:
				if d.Recv == nil || len(d.Recv.List) == 0 {
					continue
				}
				key := recvTypeName(d) + "." + d.Name.Name
				if e := k.methods[key]; e != nil && e.full != render(d) && !isGenericRecv(d) {
					return redefined(fset, d.Name.Pos(), "method "+key)
				}
			}
		}
	}
	return nil
}

func redefined(fset *token.FileSet, pos token.Pos, what string) *Error {
	return &Error{Kind: "RedefinitionError", List: []string{fmt.Sprintf(
		"%s: %s is already defined differently by an earlier cell, and the interpreter cannot redefine types or methods: it would keep running the old definition. Give the new one another name, or run %%reset to clear all state (then re-run the cells you need)",
		Positions(fset.Position(pos).String()), what)}}
}

// recvTypeName is the name of a method's receiver base type.
func recvTypeName(fd *ast.FuncDecl) string {
	t := fd.Recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		case *ast.ParenExpr:
			t = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

func isGenericSpec(ts *ast.TypeSpec) bool { return ts.TypeParams != nil && len(ts.TypeParams.List) > 0 }

func isGenericRecv(fd *ast.FuncDecl) bool {
	t := fd.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	switch t.(type) {
	case *ast.IndexExpr, *ast.IndexListExpr:
		return true
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// quote is strconv.Quote, named for what it is used for here.
func quote(s string) string { return strconv.Quote(s) }

// Global is a name that cells declared, as inspection and %who show it.
type Global struct {
	Name string
	Kind string // "var", "const", "func" or "type"
	Decl string // a func's signature, a type's declaration, a var's or const's type or value
	Doc  string
}

// Globals returns the names cells declared, sorted.
func (c *Checker) Globals() []Global {
	var out []Global
	for _, n := range sortedKeys(c.names) {
		e := c.names[n]
		out = append(out, Global{Name: n, Kind: e.kind, Decl: e.show, Doc: e.doc})
	}
	return out
}

// Lookup returns the global called name.
func (c *Checker) Lookup(name string) (Global, bool) {
	e, ok := c.names[name]
	if !ok {
		return Global{}, false
	}
	return Global{Name: name, Kind: e.kind, Decl: e.show, Doc: e.doc}, true
}

// Methods returns the methods cells declared on the named type (T or *T), as name →
// signature.
func (c *Checker) Methods(typ string) map[string]string {
	typ = strings.TrimPrefix(typ, "*")
	out := map[string]string{}
	for key, e := range c.methods {
		if recv, name, ok := strings.Cut(key, "."); ok && recv == typ {
			out[name] = e.show
		}
	}
	return out
}

// inTypeArgs reports whether pos is among explicit type arguments inside fun (F[int],
// NewVec[string]().Len), where go/types and the compiler both put an error of one.
func inTypeArgs(fun ast.Expr, pos token.Pos) bool {
	found := false
	ast.Inspect(fun, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.IndexExpr:
			found = found || x.Lbrack < pos && pos < x.Rbrack
		case *ast.IndexListExpr:
			found = found || x.Lbrack < pos && pos < x.Rbrack
		}
		return !found
	})
	return found
}
