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
//	lr := lr / 2  →  var ᐅlr = lr  (first)  …  lr = ᐅlr / 2
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
				t = "interface{}"
			}
			decls.WriteString("var " + carriedName(n) + " " + t + "\n")
			sets.WriteString(carriedName(n) + " = " + n + "\n")
		}
	}
	chunks := []Chunk{{Kind: Decls, Src: decls.String()}}
	if sets.Len() > 0 {
		chunks = append(chunks, Chunk{Kind: Stmts, Src: "\n;" + sets.String()})
	}
	return chunks
}
