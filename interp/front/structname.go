package front

import (
	"go/ast"
	"go/types"
	"strconv"
	"strings"
)

// Struct types by name. The interpreter builds a struct type from its fields alone, so
// two cell types with the same fields are one type to it: an any holding a Vec passed
// .(Point), a type switch took the first of the two cases, and a map[any]int kept a
// Point{1, 1} and a Vec{1, 1} as one key. A tag on the first field, which names the type,
// keeps such twins apart; Go's conversion between them ignores tags, as does every
// package that reads tags by key (encoding/json reads only "json"):
//
//	type Vec struct{ X, Y float64 }  →  type Vec struct{ X, Y float64 `descent:"Vec"` }
//
// Only a twin gets the tag, because it costs something: the interpreter no longer lets
// a value of the unnamed type struct{ X, Y float64 } stand for one of the tagged type. Of
// two package-level twins the one first declared later is tagged, so that running a
// cell again declares its types as before. An instance of a generic type is tagged, with
// its lowered name, when a cell's named type has its fields. A struct without fields, twin
// or not, gets a field to tag, of a compiled type that prints as nothing:
//
//	type Tick struct{}  →  type Tick struct{_ ᐅdescent.Mark `json:"-" descent:"Tick"`}
//
// (%+v, which would print the field's name, gets a view; see fmtargs.go).

// tagKey is the struct tag key that names a cell's struct type.
const tagKey = "descent"

// structTwin tags ts, a struct type declaration, if an earlier type has the same fields.
func (l *lowerer) structTwin(ts *ast.TypeSpec, st *ast.StructType) {
	if _, lib := l.src.(*sourcePackage); lib || l.k.Checker == nil {
		return
	}
	tn, ok := l.info().Defs[ts.Name].(*types.TypeName)
	if !ok {
		return
	}
	under := tn.Type().Underlying()
	if u, ok := under.(*types.Struct); ok && u.NumFields() == 0 {
		// Every struct type without fields gets its tagged field: the interpreter's
		// assertion of such a value that compiled code handed back (recover(), an
		// atomic.Value's Load, an error) panics when the struct has none ("reflect: Field
		// index out of bounds").
		l.nameStruct(st, ts.Name.Name)
		return
	}
	if tn.Parent() != nil && tn.Parent() != l.k.pkg.Scope() {
		// A type declared in a function: tagged if it has a twin anywhere, as it is made
		// again each time the function runs.
		for _, n := range l.cellTypes() {
			if types.Identical(n.Underlying(), under) {
				l.nameStruct(st, ts.Name.Name)
				return
			}
		}
		if l.localStructs == nil {
			l.localStructs = map[string]types.Type{}
		}
		for _, t := range l.localStructs {
			if types.Identical(t, under) {
				l.nameStruct(st, ts.Name.Name)
				return
			}
		}
		l.localStructs[ts.Name.Name] = under
		return
	}
	if l.k.structs == nil {
		l.k.structs = map[string]int{}
	}
	order, ok := l.k.structs[ts.Name.Name]
	if !ok {
		order = len(l.k.structs) + 1
		l.k.structs[ts.Name.Name] = order
	}
	for _, n := range l.cellTypes() {
		o, seen := l.k.structs[n.Obj().Name()]
		if seen && o < order && types.Identical(n.Underlying(), under) {
			l.nameStruct(st, ts.Name.Name)
			return
		}
	}
}

// definedStruct lowers ts, a type defined from a cell's struct type (type B A), which is
// A's twin: it is declared with A's fields, spelled out, the first tagged with its name
// (name: ts's, or that of the instance of ts being lowered).
//
//	type B A  →  type B struct{ N int `descent:"B"` }
func (l *lowerer) definedStruct(ts *ast.TypeSpec, name string) {
	if _, lib := l.src.(*sourcePackage); lib {
		return
	}
	from := cellNamed(l.typeOf(ts.Type))
	if from == nil {
		return
	}
	st, ok := from.Underlying().(*types.Struct)
	if !ok || st.NumFields() == 0 {
		return
	}
	fields := make([]*types.Var, st.NumFields())
	tags := make([]string, st.NumFields())
	for i := range fields {
		fields[i], tags[i] = st.Field(i), st.Tag(i)
	}
	tags[0] = strings.TrimSpace(tags[0] + " " + tagKey + ":" + strconv.Quote(name))
	text := l.typ(types.NewStruct(fields, tags))
	if text == "interface{}" {
		return
	}
	l.replace(ts.Type, text, 0) // (blanking the edits inside: Pair[float64]'s instance name)
}

// instanceTwin reports whether st, the struct type of a generic type's instance being
// lowered, has the fields of a cell's named struct type.
func (l *lowerer) instanceTwin(st *ast.StructType) bool {
	t := l.applied(l.typeOf(st))
	if t == nil {
		return false
	}
	for _, c := range l.cellTypes() {
		if types.Identical(c.Underlying(), t.Underlying()) {
			return true
		}
	}
	return false
}

// nameStruct tags the first field of st, the struct type declared with the name name; a
// struct without fields gets one, of a compiled type that prints as nothing, tagged.
func (l *lowerer) nameStruct(st *ast.StructType, name string) {
	if st.Fields == nil {
		return
	}
	if len(st.Fields.List) == 0 {
		tag := `json:"-" ` + tagKey + ":" + strconv.Quote(name)
		l.add(l.off(st.Fields.Opening)+1, 0, "_ "+HookName+".Mark "+quoteTag(tag), 0)
		return
	}
	f := st.Fields.List[0]
	tag := tagKey + ":" + strconv.Quote(name)
	if f.Tag == nil {
		l.add(l.off(f.Type.End()), 0, " "+quoteTag(tag), 0)
		return
	}
	old, err := strconv.Unquote(f.Tag.Value)
	if err != nil {
		return
	}
	l.add(l.off(f.Tag.Pos()), len(f.Tag.Value), quoteTag(strings.TrimSpace(old+" "+tag)), 0)
}

// quoteTag spells tag as a raw string literal where it can.
func quoteTag(tag string) string {
	if strings.ContainsAny(tag, "`\n\r") {
		return strconv.Quote(tag)
	}
	return "`" + tag + "`"
}

// emptyStruct reports whether n is a struct type without fields, which may carry a Mark
// field in the interpreter (see nameStruct).
func emptyStruct(n *types.Named) bool {
	st, ok := n.Underlying().(*types.Struct)
	return ok && st.NumFields() == 0
}

// emptyConversion lowers c, a conversion between two struct types without fields (one
// of them a cell's, which has its marker field, see nameStruct, and so is no longer
// convertible): the result is the target's zero value, which is every value of it.
//
//	struct{}(e)  →  func(_ Empty) struct{} { return struct{}{} }(e)
func (l *lowerer) emptyConversion(c *ast.CallExpr, depth int) {
	if len(c.Args) != 1 || !l.isConversion(c) {
		return
	}
	to, from := l.applied(l.typeOf(c.Fun)), l.typeOf(c.Args[0])
	if from == nil || types.Identical(to, l.applied(from)) {
		return
	}
	ts, ok := to.Underlying().(*types.Struct)
	fs, ok2 := l.applied(from).Underlying().(*types.Struct)
	if !ok || !ok2 || ts.NumFields() > 0 || fs.NumFields() > 0 {
		return
	}
	t, f := l.typ(to), l.typ(from)
	if t == "interface{}" || f == "interface{}" {
		return
	}
	l.add(l.off(c.Pos()), l.off(c.Args[0].Pos())-l.off(c.Pos()), "func(_ "+f+") "+t+" { return "+t+"{} }(", depth)
}
