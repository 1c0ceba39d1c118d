package front

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// encoding/json on values of a cell's struct types. The interpreter's struct types
// rename unexported fields (seed is Xseed, which json writes) and do not embed (json
// nests an embedded struct's fields instead of promoting them), so the values that
// json.Marshal, MarshalIndent and an Encoder's Encode get, and the targets of
// json.Unmarshal and a Decoder's Decode, go through a view whose types are made the way
// json sees the declared ones (package jsonview):
//
//	json.Marshal(r)      →  json.Marshal(ᐅdescent.JSONView(r, []any{any(Run{})}, []string{"Name,LR,seed"}))
//	json.Unmarshal(b, &r) →  ᐅdescent.JSONUnmarshal(b, &r, []any{any(Run{})}, []string{"Name,LR,seed"})
//	dec.Decode(&r)       →  ᐅdescent.JSONDecode(dec, &r, []any{any(Run{})}, []string{"Name,LR,seed"})
//
// Each call lists the struct types its value can hold (all the cell's through an any);
// only calls where one of them has an unexported or embedded field are lowered.

// jsonCall lowers c if it is one of the calls above on a value that needs a view.
func (l *lowerer) jsonCall(c *ast.CallExpr, depth int) {
	if _, lib := l.src.(*sourcePackage); lib || c.Ellipsis.IsValid() {
		return
	}
	id := nameOf(c.Fun)
	if id == nil {
		return
	}
	fn, ok := l.info().Uses[id].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "encoding/json" {
		return
	}
	recv := ""
	if r := fn.Type().(*types.Signature).Recv(); r != nil {
		if p, ok := r.Type().(*types.Pointer); ok {
			if n, ok := p.Elem().(*types.Named); ok {
				recv = n.Obj().Name()
			}
		}
	}
	var arg int // the value's argument
	switch {
	case recv == "" && (fn.Name() == "Marshal" || fn.Name() == "MarshalIndent"):
	case recv == "Encoder" && fn.Name() == "Encode":
	case recv == "" && fn.Name() == "Unmarshal" && len(c.Args) == 2:
		arg = 1
	case recv == "Decoder" && fn.Name() == "Decode":
	default:
		return
	}
	if arg >= len(c.Args) || l.callsRecover(c) {
		return
	}
	a := c.Args[arg]
	t := l.typeOf(a)
	if t == nil {
		return
	}
	t = l.applied(t)
	if arg == 1 || recv == "Decoder" {
		p, ok := t.Underlying().(*types.Pointer)
		if !ok {
			return
		}
		t = p.Elem()
	}
	shapes, ok := l.jsonShapes(t, c.Pos())
	if !ok {
		return
	}
	switch {
	case fn.Name() == "Unmarshal":
		l.add(l.off(c.Fun.Pos()), l.off(c.Fun.End())-l.off(c.Fun.Pos()), HookName+".JSONUnmarshal", depth)
		l.add(l.off(c.Rparen), 0, ", "+shapes, closing(depth-1))
	case recv == "Decoder":
		sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
		if !ok {
			return
		}
		l.add(l.off(c.Fun.Pos()), 0, HookName+".JSONDecode(", depth)
		l.add(l.off(sel.X.End()), l.off(c.Lparen)+1-l.off(sel.X.End()), ", ", depth)
		l.add(l.off(c.Rparen), 0, ", "+shapes, closing(depth-1))
	default:
		l.add(l.off(a.Pos()), 0, HookName+".JSONView(", depth)
		l.add(l.off(a.End()), 0, ", "+shapes+")", closing(depth))
	}
}

// jsonShapes returns the samples and fields (see jsonview.Parse) of the struct types a
// value of type t can hold, as two arguments, and whether one of them needs a view; not
// when one of those types is hidden at pos by a local name.
func (l *lowerer) jsonShapes(t types.Type, pos token.Pos) (string, bool) {
	visible := map[*types.Named]bool{}
	for _, n := range l.visibleCellTypes(pos) {
		visible[n] = true
	}
	var structs []types.Type
	seen := map[types.Type]bool{}
	anyDone, holdsRecords := false, false
	var walk func(t types.Type)
	walk = func(t types.Type) {
		t = types.Unalias(t)
		if seen[t] {
			return
		}
		seen[t] = true
		if n, ok := t.(*types.Named); ok && (n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "main") {
			return // a compiled type: json sees it as Go does
		}
		switch u := t.Underlying().(type) {
		case *types.Pointer:
			walk(u.Elem())
		case *types.Slice:
			walk(u.Elem())
		case *types.Array:
			walk(u.Elem())
		case *types.Map:
			walk(u.Elem())
		case *types.Interface:
			if !u.Empty() && !compiledNamed(t) {
				// A cell's interface, whose values a slice, map or struct holds as the
				// interpreter's records (see ifacerecord), which json would see.
				holdsRecords = true
			}
			if !anyDone {
				anyDone = true
				for _, n := range l.visibleCellTypes(pos) {
					walk(n)
				}
			}
		case *types.Struct:
			structs = append(structs, t)
			for i := range u.NumFields() {
				walk(u.Field(i).Type())
			}
		}
	}
	walk(t)
	need := holdsRecords && !types.IsInterface(t) // (one passed itself gives what it holds)
	var samples, fields []string
	for _, s := range structs {
		spelled := l.typ(s)
		if spelled == "interface{}" || hasTypeParams(s) {
			continue
		}
		if n, ok := types.Unalias(s).(*types.Named); ok && !visible[n] && n.TypeArgs().Len() == 0 {
			if n.Obj().Parent() == l.k.pkg.Scope() {
				return "", false // hidden by a local name here
			}
		}
		u := s.Underlying().(*types.Struct)
		names := make([]string, u.NumFields())
		for i := range names {
			f := u.Field(i)
			names[i] = f.Name()
			if f.Embedded() {
				names[i] = "^" + names[i]
				need = true
			} else if !f.Exported() || shadowsMethod(u, f) {
				need = true
			}
		}
		samples = append(samples, "any("+spelled+"{})") // (any: in a []any literal in a function, the interpreter would keep its own wrapper)
		fields = append(fields, strconv.Quote(strings.Join(names, ",")))
	}
	if !need {
		return "", false
	}
	return "[]any{" + strings.Join(samples, ", ") + "}, []string{" + strings.Join(fields, ", ") + "}", true
}
