package front

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Assignments of a whole struct to a variable. The interpreter gives the variable new
// storage for the struct assigned, where Go copies it into the variable's own: a pointer
// taken before (ref := &best), a closure or method value that captured the variable, a
// deferred function reading a named result, all kept the old value:
//
//	best = r  →  *&best = r
//
// which copies into the storage, as an assignment through a pointer does.

// structAssign lowers the operands of a that are variables of an interpreted struct type.
func (l *lowerer) structAssign(a *ast.AssignStmt) {
	if a.Tok != token.ASSIGN || l.keptStmts[a] {
		return
	}
	for i, x := range a.Lhs {
		id, ok := ast.Unparen(x).(*ast.Ident)
		if !ok || id.Name == "_" {
			continue
		}
		v, ok := l.info().Uses[id].(*types.Var)
		if !ok {
			continue
		}
		t := l.applied(v.Type())
		if _, isStruct := t.Underlying().(*types.Struct); !isStruct {
			continue
		}
		if compiledNamed(t) {
			// A compiled struct type's variable gets new storage only for a composite
			// literal (s = opt.Settings{MaxIter: 50}).
			if len(a.Rhs) != len(a.Lhs) {
				continue
			}
			if _, lit := ast.Unparen(a.Rhs[i]).(*ast.CompositeLit); !lit {
				continue
			}
		}
		// Innermost at its offset: after what opens there around the statement (the
		// calls that callsFirst moves before it).
		l.add(l.off(id.Pos()), 0, "*&", innermost)
	}
}

// innermost is the rank of an insertion that goes after every construct opened at its
// offset (their ranks are depths), and before those closed there.
const innermost = 1 << 10
