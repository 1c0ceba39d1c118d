package front

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// Variables of earlier cells on the left of a :=. In Go, lr, epochs := 0.5, 3 declares
// only epochs and assigns the lr that exists; a cell made a new lr, so a closure, method
// value, pointer or goroutine of an earlier cell kept reading the old one, and a value of
// another type (n, err := strconv.ParseFloat(...) with n an int) passed. Where a
// top-level := declares at least one new name, its names that earlier cells declared as
// variables (and nothing else in the cell declares) stay those variables: the cell's
// variables are hoisted (see hoist.go), which makes the := an assignment, without these;
// where the cell declares such a name anew elsewhere (lr := 0.5, var lr), it declares it.
// A cell that only redeclares (lr := 0.5, as when a cell runs again) declares anew.

// assignOnly returns the names described above, by name.
func (k *check) assignOnly() map[string]bool {
	if k.assigned != nil {
		return k.assigned
	}
	k.assigned = map[string]bool{}
	declared := map[string]int{} // how many times the cell declares each name other than beside a new one
	var candidates []string
	k.eachTopLevel(func(d ast.Decl) {
		for _, n := range declNames(d) {
			declared[n]++
		}
	}, func(st ast.Stmt) {
		switch st := st.(type) {
		case *ast.AssignStmt:
			if st.Tok != token.DEFINE {
				return
			}
			var old, all []string
			fresh := false
			for _, l := range st.Lhs {
				id, ok := l.(*ast.Ident)
				if !ok || id.Name == "_" {
					continue
				}
				all = append(all, id.Name)
				if e := k.names[id.Name]; e != nil && e.kind == "var" {
					old = append(old, id.Name)
				} else {
					fresh = true
				}
			}
			if fresh {
				candidates = append(candidates, old...)
			} else {
				for _, n := range all {
					declared[n]++ // lr := 0.5: declared anew
				}
			}
		case *ast.DeclStmt:
			for _, n := range declNames(st.Decl) {
				declared[n]++
			}
		}
	})
	for _, n := range candidates {
		if declared[n] == 0 {
			k.assigned[n] = true
		}
	}
	return k.assigned
}

// hoistAssigning hoists the cell's variables but those of assignOnly, so that its :=
// statements assign these, and checks the cell again; where a variable's type cannot be
// spelled, it gives up assigning, and they are declared anew as before.
func (k *check) hoistAssigning() error {
	shadowed := k.declaredNames()
	vars := k.cellVars()
	ok := true
	for name, v := range vars {
		if k.assigned[name] {
			// (The check declared it anew in the cell's function, with the type of its
			// value: it must be the variable's, as Go's assignment wants.)
			ok = ok && k.assignable(name, v)
			continue
		}
		if _, spelled := k.typeString(v.Type(), shadowed); !spelled || k.imported(name) {
			ok = false
		}
	}
	if !ok {
		k.assigned = map[string]bool{}
		k.shadow = nil
		return k.typeCheck()
	}
	for name := range vars {
		if !k.assigned[name] {
			k.hoisted[name] = true
		}
	}
	k.carried = nil
	return k.typeCheck()
}

// assignable reports whether the value that the cell's := gives name, which the check
// declared as local, goes into the earlier cell's variable of that name as it is: a
// value of its type, or an untyped constant of its kind.
func (k *check) assignable(name string, local *types.Var) bool {
	if k.pkg == nil {
		return false
	}
	old, ok := k.pkg.Scope().Lookup(name).(*types.Var)
	if !ok {
		return false
	}
	if types.Identical(local.Type(), old.Type()) {
		return true
	}
	for _, st := range k.fn.Body.List {
		a, ok := st.(*ast.AssignStmt)
		if !ok || a.Tok != token.DEFINE || len(a.Lhs) != len(a.Rhs) {
			continue
		}
		for i, l := range a.Lhs {
			if id, ok := l.(*ast.Ident); ok && k.tinfo.Defs[id] == types.Object(local) {
				tv := k.tinfo.Types[a.Rhs[i]]
				b, basic := old.Type().Underlying().(*types.Basic)
				if tv.Value == nil || !basic {
					return false
				}
				switch tv.Value.Kind() {
				case constant.Int, constant.Float:
					if b.Info()&types.IsInteger != 0 {
						return constant.ToInt(tv.Value).Kind() == constant.Int // not 2.5
					}
					return b.Info()&types.IsNumeric != 0
				case constant.String:
					return b.Info()&types.IsString != 0
				case constant.Bool:
					return b.Info()&types.IsBoolean != 0
				}
				return false
			}
		}
	}
	return false
}
