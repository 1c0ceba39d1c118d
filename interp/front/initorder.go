package front

import (
	"go/ast"
	"go/token"
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
// methods. Positions are the units' own, so errors still point where the text is. A
// cycle, which Go refuses, is left as written.

// initOrder reorders the variable declarations of units as above, in place.
func initOrder(units []unit) {
	var funcs map[string][]*ast.FuncDecl // the cell's functions and methods by name
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
			sortVars(units[i:j], vars, funcs)
		}
		i = j
	}
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

// sortVars reorders the variable declarations of run, at the indices vars, so that each
// follows those it depends on, keeping the written order otherwise.
func sortVars(run []unit, vars []int, funcs map[string][]*ast.FuncDecl) {
	declares := map[string]int{} // variable name → position in vars
	for n, i := range vars {
		for _, spec := range run[i].decl.(*ast.GenDecl).Specs {
			for _, name := range spec.(*ast.ValueSpec).Names {
				declares[name.Name] = n
			}
		}
	}
	deps := make([]map[int]bool, len(vars))
	moved := false
	for n, i := range vars {
		deps[n] = map[int]bool{}
		for name := range uses(run[i].decl, funcs) {
			if m, ok := declares[name]; ok && m != n {
				deps[n][m] = true
				moved = moved || m > n
			}
		}
	}
	if !moved {
		return
	}
	// Go's rule: repeatedly take the earliest declaration whose dependencies are done.
	order := make([]int, 0, len(vars))
	done := make([]bool, len(vars))
	for len(order) < len(vars) {
		next := -1
		for n := range vars {
			if done[n] {
				continue
			}
			ready := true
			for m := range deps[n] {
				ready = ready && done[m]
			}
			if ready {
				next = n
				break
			}
		}
		if next < 0 {
			return // a cycle: the checker reports it
		}
		done[next] = true
		order = append(order, next)
	}
	sorted := make([]unit, len(vars))
	for n, m := range order {
		sorted[n] = run[vars[m]]
	}
	for n, i := range vars {
		run[i] = sorted[n]
	}
}

// uses returns the identifiers that decl's initializers use, and those used by the
// bodies of the cell's functions they reach, by name; a selector's name reaches the
// methods of that name. A local variable named like a package one counts as a use: the
// order then moves a declaration Go would not, which matters only when initializers
// have side effects.
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
