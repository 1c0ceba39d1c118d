package front

import (
	"go/ast"
	"go/types"
	"strings"
)

// Redefinitions that read the old value. A cell's top-level variable may take the name
// of an earlier cell's variable, constant or function, as a redefinition; where its
// statements read the old one (lr := lr / 2, total := total(xs), c := c + 1), the check
// reported "undefined: lr", since the cell's name hides the earlier declaration from
// it. Such a name stays in the check's prelude, the cell's statements read it under a
// name of its own, and the plan takes a snapshot of the old value under that name before
// the cell's variable replaces it:
//
//	lr := lr / 2  →  var ᐅold_lr *float64; ᐅold_lr = &lr  (first)  …  lr = (*ᐅold_lr) / 2
//
// Not when a declaration of the cell uses the name (it would have to mean the new
// variable, which the check then declares at package level, see needHoist), nor for
// types and imports.

// needCarry returns the names that the cell's statements redefine and read as an earlier
// cell's variable, constant or function (reported undefined inside the cell's function).
func (k *check) needCarry() map[string]bool {
	if len(k.hoisted) > 0 || k.fn == nil {
		return nil
	}
	vars := k.cellVars()
	declared := k.packageLevelNames()
	var need map[string]bool
	for _, e := range k.errs {
		name, ok := strings.CutPrefix(e.Msg, "undefined: ")
		if !ok || vars[name] == nil || declared[name] || !k.inCell(e.Pos) || e.Pos < k.fn.Pos() || e.Pos >= k.fn.End() {
			continue
		}
		if old := k.names[name]; old == nil || old.kind != "var" && old.kind != "const" && old.kind != "func" || k.renamed[name] {
			continue // (a function named like an import is another name in the interpreter)
		}
		if need == nil {
			need = map[string]bool{}
		}
		need[name] = true
	}
	return need
}

// carryable keeps, of the carried names, once the check has seen their old
// declarations, those that the lowering can take a snapshot of and that only the cell's
// statements read: not a generic function (it has no value), nor a variable of a type no
// name reaches, nor a name a declaration of the cell reads (as the new variable, which
// needs it at package level). It reports whether it dropped any.
func (k *check) carryable() bool {
	dropped := false
	keep := func(n string) bool {
		switch o := k.pkg.Scope().Lookup(n).(type) {
		case *types.Func:
			return o.Type().(*types.Signature).TypeParams().Len() == 0
		case *types.Var:
			_, ok := k.typeString(o.Type(), k.declaredNames())
			return ok
		case *types.Const:
			return true
		}
		return false
	}
	for n := range k.carried {
		if !keep(n) {
			delete(k.carried, n)
			dropped = true
		}
	}
	for id, obj := range k.tinfo.Uses {
		if k.carriedUse(obj) && k.inCell(id.Pos()) && (k.fn == nil || id.Pos() < k.fn.Pos() || id.Pos() >= k.fn.End()) {
			k.carried = nil // read by a declaration: none carried
			return true
		}
	}
	return dropped
}

// packageLevelNames returns the names the cell's package-level declarations (constants,
// types, functions) bind.
func (k *check) packageLevelNames() map[string]bool {
	out := map[string]bool{}
	for _, d := range k.file.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd == k.fn {
			continue
		}
		if !k.inCell(d.Pos()) {
			continue
		}
		for _, n := range declNames(d) {
			out[n] = true
		}
	}
	return out
}

// preludeShadow returns the names the check's prelude leaves out: those the cell
// declares, but the carried ones.
func (k *check) preludeShadow(shadowed map[string]bool) map[string]bool {
	if len(k.carried) == 0 {
		return shadowed
	}
	out := make(map[string]bool, len(shadowed))
	for n := range shadowed {
		if !k.carried[n] {
			out[n] = true
		}
	}
	return out
}

// carriedUse reports whether obj, used in the cell, is an earlier cell's declaration of
// a carried name, which the lowered cell reads through its snapshot.
func (k *check) carriedUse(obj types.Object) bool {
	if obj == nil || !k.carried[obj.Name()] || k.inCell(obj.Pos()) {
		return false
	}
	switch obj.(type) {
	case *types.Var, *types.Const, *types.Func:
		// (An earlier cell's variable, in the fast check, is the object its own check
		// made, in that cell's function scope: see checkFast.)
		return k.pkg != nil && k.pkg.Scope().Lookup(obj.Name()) == obj
	}
	return false
}

// carriedName is the name the lowered cell reads the old value of name by.
func carriedName(name string) string { return "ᐅold_" + name }

// carriedRef is what the lowered cell writes for a use of the old declaration of name:
// a variable through a pointer to it, so that what the cell and earlier cells' functions
// do to it before the cell's variable replaces it is seen (losses := len(losses) after
// record(l) appended to it); a constant or function by its copy.
func (k *check) carriedRef(name string) string {
	if _, isVar := k.pkg.Scope().Lookup(name).(*types.Var); isVar {
		return "(*" + carriedName(name) + ")"
	}
	return carriedName(name)
}

// carriedChunks returns the chunks that take the snapshots, run before the cell's
// declarations replace the old ones: the declarations, then the assignments of the
// variables' values (the interpreter refuses var ᐅold_lr = lr: "variable definition
// loop").
func (k *check) carriedChunks() []Chunk {
	if len(k.carried) == 0 || k.pkg == nil {
		return nil
	}
	var decls, sets strings.Builder
	for _, n := range sortedKeys(k.carried) {
		switch obj := k.pkg.Scope().Lookup(n).(type) {
		case *types.Const, *types.Func:
			kw := "var"
			if _, c := obj.(*types.Const); c {
				kw = "const"
			}
			decls.WriteString(kw + " " + carriedName(n) + " = " + n + "\n")
		case *types.Var:
			t, ok := k.typeString(obj.Type(), k.declaredNames())
			if !ok {
				continue // (needCarry keeps only names whose type it can write)
			}
			decls.WriteString("var " + carriedName(n) + " *" + t + "\n")
			sets.WriteString(carriedName(n) + " = &" + n + "\n")
		}
	}
	chunks := []Chunk{{Kind: Decls, Src: decls.String()}}
	if sets.Len() > 0 {
		chunks = append(chunks, Chunk{Kind: Stmts, Src: "\n;" + sets.String()})
	}
	return chunks
}
