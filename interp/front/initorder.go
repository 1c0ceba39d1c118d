package front

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
)

// Initialization order. Go initializes package-level variables in the order of their
// dependencies, not as written: in
//
//	var total = sum()
//	var data = []int{1, 2, 3}
//	func sum() int { ... range data ... }
//
// data is set before total. A cell's variable declarations run in the order written, and
// total would silently be 0. So within each run of declarations (no statement between
// them, as in a pasted program), the variable declarations move so that each comes after
// the variables its initializer uses, directly or through the cell's functions and
// methods, in the order go/types computes for package variables. Positions are the
// units' own, so errors still point where the text is.

// initOrder reorders the variable declarations of the cell's units as above, in place.
// A quick look at the syntax finds the runs where a variable may use a later one (by
// name, through the functions and methods of that name); for those, go/types gives Go's
// order.
func (k *check) initOrder() error {
	units := k.units
	var funcs map[string][]*ast.FuncDecl // the cell's functions and methods by name
	for _, u := range units {
		if g, ok := u.decl.(*ast.GenDecl); ok && g.Tok == token.VAR && len(g.Specs) > 1 {
			if funcs == nil {
				funcs = cellFuncs(units)
			}
			if err := k.groupOrder(u, g, funcs); err != nil {
				return err
			}
		}
	}
	for i := 0; i < len(units); {
		j := i
		for j < len(units) && units[j].kind == kindDecl {
			j++
		}
		if j == i {
			i++
			continue
		}
		if vars := varSlots(units[i:j]); len(vars) > 1 {
			if funcs == nil {
				funcs = cellFuncs(units)
			}
			if forward(units[i:j], vars, funcs) {
				k.sortVars(units[i:j], vars)
			}
		}
		i = j
	}
	return nil
}

// groupOrder refuses g, a var ( ... ) group, where a variable's initializer uses one that
// a later line of the group declares: it moves as one declaration, and its variables are
// set in the order written, so the first would silently get the zero value of the other.
func (k *check) groupOrder(u unit, g *ast.GenDecl, funcs map[string][]*ast.FuncDecl) error {
	declares := map[string]int{}
	for n, spec := range g.Specs {
		for _, name := range spec.(*ast.ValueSpec).Names {
			declares[name.Name] = n
		}
	}
	for n, spec := range g.Specs {
		vs := spec.(*ast.ValueSpec)
		if len(vs.Values) == 0 {
			continue
		}
		used := uses(&ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{spec}}, funcs)
		// The first use in the text is the one Go names; one through a function only
		// if there is none direct.
		var first, indirect *ast.Ident
		for m := n + 1; m < len(g.Specs); m++ {
			for _, later := range g.Specs[m].(*ast.ValueSpec).Names {
				if !used[later.Name] || declares[later.Name] != m {
					continue
				}
				found, at := k.usesVariable(vs.Values, later.Name, funcs)
				switch {
				case !found:
				case at != nil && (first == nil || at.Pos() < first.Pos()):
					first = at
				case at == nil && indirect == nil:
					indirect = later
				}
			}
		}
		// (The unit was parsed on its own: its positions are offsets from g's.)
		where := func(p token.Pos) (line, col int) {
			off := int(p - g.Pos())
			line, col = u.line, u.col+off
			if nl := strings.LastIndexByte(u.src[:off], '\n'); nl >= 0 {
				line, col = u.line+strings.Count(u.src[:off], "\n"), off-nl
			}
			return line, col
		}
		if first != nil {
			// As Go has it for a group of a function's (a cell's statements).
			line, col := where(first.Pos())
			return &Error{Kind: "CompileError", List: []string{fmt.Sprintf("%s:%d:%d: undefined: %s", CellName(k.cell), line, col, first.Name)}}
		}
		if indirect != nil {
			line, col := where(vs.Names[0].Pos())
			return &Error{Kind: "CompileError", List: []string{fmt.Sprintf("%s:%d:%d: %s is initialized with %s, which a later line of this var ( ... ) group declares: this kernel sets a group's variables in the order written; declare %s first, or in a var statement of its own",
				CellName(k.cell), line, col, vs.Names[0].Name, indirect.Name, indirect.Name)}}
		}
	}
	return nil
}

// usesVariable reports whether values, or the cell functions they call, use name as an
// identifier: the quick look of uses finds a field or method selected by it too, which
// go/types would not count. Where any of them declares a local of that name (a
// parameter, a := or a range variable), it answers no: a group is refused only where
// the use is certain.
func (k *check) usesVariable(values []ast.Expr, name string, funcs map[string][]*ast.FuncDecl) (found bool, at *ast.Ident) {
	var nodes []ast.Node
	for _, v := range values {
		nodes = append(nodes, v)
	}
	visited := map[*ast.FuncDecl]bool{}
	for i := 0; i < len(nodes); i++ {
		ast.Inspect(nodes[i], func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				for _, fd := range funcs[n.Sel.Name] {
					if fd.Recv != nil && !visited[fd] {
						visited[fd] = true
						nodes = append(nodes, fd)
					}
				}
			case *ast.Ident:
				for _, fd := range funcs[n.Name] {
					if fd.Recv == nil && !visited[fd] {
						visited[fd] = true
						nodes = append(nodes, fd)
					}
				}
			}
			return true
		})
	}
	for _, n := range nodes {
		if declaresLocal(n, name) {
			return false, nil
		}
	}
	// A use is a name read as such: not the field or method a selector picks, nor a
	// field key of a literal. The first one in the initializer itself is where.
	var walk func(n ast.Node, direct bool)
	walk = func(n ast.Node, direct bool) {
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				walk(n.X, direct)
				return false
			case *ast.KeyValueExpr:
				if _, ok := n.Key.(*ast.Ident); ok {
					walk(n.Value, direct)
					return false
				}
			case *ast.Ident:
				if n.Name == name {
					found = true
					if at == nil && direct {
						at = n
					}
				}
			}
			return !found
		})
	}
	for i, n := range nodes {
		walk(n, i < len(values))
	}
	return found, at
}

// declaresLocal reports whether n declares name inside it: a parameter or result, a
// := or var, a range or type switch variable.
func declaresLocal(n ast.Node, name string) bool {
	found := false
	is := func(e ast.Expr) {
		if id, ok := e.(*ast.Ident); ok && id.Name == name {
			found = true
		}
	}
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Field:
			for _, id := range n.Names {
				is(id)
			}
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE {
				for _, e := range n.Lhs {
					is(e)
				}
			}
		case *ast.ValueSpec:
			for _, id := range n.Names {
				is(id)
			}
		case *ast.RangeStmt:
			if n.Tok == token.DEFINE {
				if n.Key != nil {
					is(n.Key)
				}
				if n.Value != nil {
					is(n.Value)
				}
			}
		}
		return !found
	})
	return found
}

// varSlots returns the indices in run of its variable declarations.
func varSlots(run []unit) []int {
	var vars []int
	for i, u := range run {
		if g, ok := u.decl.(*ast.GenDecl); ok && g.Tok == token.VAR {
			vars = append(vars, i)
		}
	}
	return vars
}

// cellFuncs returns the function and method declarations of units by name.
func cellFuncs(units []unit) map[string][]*ast.FuncDecl {
	funcs := map[string][]*ast.FuncDecl{}
	for _, u := range units {
		if fd, ok := u.decl.(*ast.FuncDecl); ok && fd.Body != nil {
			funcs[fd.Name.Name] = append(funcs[fd.Name.Name], fd)
		}
	}
	return funcs
}

// forward reports whether a variable declaration of run, at the indices vars, may use a
// variable that a later one declares.
func forward(run []unit, vars []int, funcs map[string][]*ast.FuncDecl) bool {
	declares := map[string]int{} // variable name → position in vars
	for n, i := range vars {
		for _, spec := range run[i].decl.(*ast.GenDecl).Specs {
			for _, name := range spec.(*ast.ValueSpec).Names {
				declares[name.Name] = n
			}
		}
	}
	for n, i := range vars {
		for name := range uses(run[i].decl, funcs) {
			if m, ok := declares[name]; ok && m > n {
				return true
			}
		}
	}
	return false
}

// sortVars reorders the variable declarations of run, at the indices vars, into the
// order go/types gives for them as package variables next to the cell's other
// package-level declarations: those without initializers first, then in the order of
// their first initializer. A declaration of several (var ( ... )) moves as one.
func (k *check) sortVars(run []unit, vars []int) {
	shadowed := k.declaredNames()
	var b strings.Builder
	b.WriteString(k.fileHead(shadowed))
	for _, u := range k.units {
		if isPackageLevel(u) {
			b.WriteString(u.src + "\n")
		}
	}
	starts := make([]int, len(vars))
	for n, i := range vars {
		starts[n] = b.Len()
		b.WriteString(run[i].src + "\n")
	}
	f, err := parser.ParseFile(k.fset, "ᐅinit.go", b.String(), parser.SkipObjectResolution)
	if err != nil {
		return
	}
	info := &types.Info{}
	conf := types.Config{Importer: k.im, GoVersion: "go1.26", Error: func(error) {}}
	_, _ = conf.Check("main", k.fset, []*ast.File{k.prelude(shadowed), f}, info)
	tf := k.fset.File(f.Pos())
	unitOf := func(p token.Pos) int {
		if !p.IsValid() || k.fset.File(p) != tf {
			return -1
		}
		off := tf.Offset(p)
		for n := len(starts) - 1; n >= 0; n-- {
			if off >= starts[n] {
				return n
			}
		}
		return -1
	}
	initialized := map[int]bool{}
	var inits []int
	for _, in := range info.InitOrder {
		for _, v := range in.Lhs {
			if n := unitOf(v.Pos()); n >= 0 && !initialized[n] {
				initialized[n] = true
				inits = append(inits, n)
			}
		}
	}
	var order []int
	for n, i := range vars {
		if !initialized[n] && !hasValues(run[i].decl) {
			order = append(order, n)
		}
	}
	order = append(order, inits...)
	for n, i := range vars {
		if !initialized[n] && hasValues(run[i].decl) {
			order = append(order, n) // not checked: as written
		}
	}
	sorted := make([]unit, len(vars))
	for n, m := range order {
		sorted[n] = run[vars[m]]
	}
	for n, i := range vars {
		run[i] = sorted[n]
	}
}

// hasValues reports whether a variable declaration initializes any of its variables.
func hasValues(d ast.Decl) bool {
	for _, spec := range d.(*ast.GenDecl).Specs {
		if len(spec.(*ast.ValueSpec).Values) > 0 {
			return true
		}
	}
	return false
}

// uses returns the identifiers that decl's initializers use, and those used by the
// bodies of the cell's functions they reach, by name; a selector's name reaches the
// methods of that name. It finds more than the variables used (a local variable named
// like a package one counts): that costs only a check by go/types, which decides.
func uses(decl ast.Decl, funcs map[string][]*ast.FuncDecl) map[string]bool {
	seen := map[string]bool{}
	visited := map[*ast.FuncDecl]bool{}
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		ast.Inspect(n, func(n ast.Node) bool {
			var name string
			method := false
			switch n := n.(type) {
			case *ast.Ident:
				name = n.Name
				seen[name] = true
			case *ast.SelectorExpr:
				walk(n.X)
				name, method = n.Sel.Name, true
			default:
				return true
			}
			for _, fd := range funcs[name] {
				if (fd.Recv != nil) == method && !visited[fd] {
					visited[fd] = true
					walk(fd.Body)
				}
			}
			return false
		})
	}
	for _, spec := range decl.(*ast.GenDecl).Specs {
		for _, v := range spec.(*ast.ValueSpec).Values {
			walk(v)
		}
	}
	return seen
}
