package front

import (
	"go/ast"
	"maps"
)

// Labels named like another identifier of their function. Go keeps labels apart from
// other names; the interpreter looks a label up among the function's variables, so a
// label named like a variable or function the function uses before it was refused
// (label rows not defined, for a loop labelled like the parameter rows), or crashed the
// compiler (CFG post-order panic). Such a label gets a name of its own, as long, so that
// no column moves:
//
//	func f(rows int) { rows: for { … break rows } }  →  func f(rows int) { rowa: for { … break rowa } }
//
// The new name is set in the syntax tree too, where the lowerings that write a label
// (or compare one) read it.

// renameLabels renames the labels of the cell's functions, function literals and top
// level as above.
func (l *lowerer) renameLabels() {
	k := l.k
	for _, d := range k.file.Decls {
		if !k.inCell(d.Pos()) {
			continue
		}
		ast.Inspect(d, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				if n.Body != nil {
					renameLabelsIn(n, n.Body)
				}
			case *ast.FuncLit:
				renameLabelsIn(n, n.Body)
			}
			return true
		})
	}
	for _, d := range k.file.Decls {
		if !k.inCell(d.Pos()) {
			continue
		}
		ast.Inspect(d, func(n ast.Node) bool {
			var id *ast.Ident
			switch n := n.(type) {
			case *ast.LabeledStmt:
				id = n.Label
			case *ast.BranchStmt:
				id = n.Label
			}
			if id != nil && l.text(id.Pos(), id.End()) != id.Name {
				l.edits = append(l.edits, edit{at: l.off(id.Pos()), del: len(id.Name), text: id.Name, weak: true})
			}
			return true
		})
	}
}

// renameLabelsIn renames the labels of body, the body of fn, that share their name with
// another identifier in fn.
func renameLabelsIn(fn ast.Node, body *ast.BlockStmt) {
	labels := map[*ast.Ident]bool{}
	ast.Inspect(fn, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.LabeledStmt:
			labels[n.Label] = true
		case *ast.BranchStmt:
			if n.Label != nil {
				labels[n.Label] = true
			}
		}
		return true
	})
	others := map[string]bool{} // the names of fn that are not labels
	ast.Inspect(fn, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && !labels[id] {
			others[id.Name] = true
		}
		return true
	})
	// The labels of this function and the branches that name them, not those of the
	// function literals inside it (labels of their own).
	var decls []*ast.Ident
	uses := map[string][]*ast.Ident{}
	taken := maps.Clone(others)
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.LabeledStmt:
			decls = append(decls, n.Label)
			taken[n.Label.Name] = true
		case *ast.BranchStmt:
			if n.Label != nil {
				uses[n.Label.Name] = append(uses[n.Label.Name], n.Label)
			}
		}
		return true
	})
	for _, d := range decls {
		if !others[d.Name] {
			continue
		}
		to := freeName(d.Name, taken)
		if to == "" {
			continue
		}
		taken[to] = true
		for _, u := range uses[d.Name] {
			u.Name = to
		}
		d.Name = to
	}
}

// freeName returns a name as long as name that taken does not hold, or "" if every
// change of one character is taken.
func freeName(name string, taken map[string]bool) string {
	const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := []byte(name)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] >= 0x80 {
			continue // inside a letter of several bytes
		}
		orig := b[i]
		for _, c := range []byte(chars) {
			if i == 0 && c >= '0' && c <= '9' {
				continue
			}
			b[i] = c
			if !taken[string(b)] {
				return string(b)
			}
		}
		b[i] = orig
	}
	return ""
}
