package front

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Names of a cell's struct types in runtime messages. The interpreter makes a cell's
// struct type with reflect, so its failed assertion reads "interface conversion:
// interface {} is struct { X int }, not int" where Go's names main.Pt. The cell that
// declares such a type registers its name under the type's reflect string,
//
//	var _ = ᐅdescent.NameType(Pt{}, "main.Pt")
//
// and GoTypeNames puts the names back into a message.

// typeNames holds the registered names by reflect string. The last registration wins: in
// a session two cell types never share one (structname.go tags twins), and a session
// after %reset, or another in the process, declares its types again.
var typeNames = struct {
	sync.Mutex
	m map[string]string
}{m: map[string]string{}}

// nameType registers name for the type of v.
func nameType(v any, name string) bool {
	if v == nil {
		return true
	}
	s := reflect.TypeOf(v).String()
	typeNames.Lock()
	defer typeNames.Unlock()
	typeNames.m[s] = name
	return true
}

// GoTypeNames replaces the reflect strings of a cell's struct types in msg, a runtime
// error's message, by the types' names.
func GoTypeNames(msg string) string {
	typeNames.Lock()
	var strs []string
	for s, n := range typeNames.m {
		if n != "" && strings.Contains(msg, s) {
			strs = append(strs, s)
		}
	}
	names := make(map[string]string, len(strs))
	for _, s := range strs {
		names[s] = typeNames.m[s]
	}
	typeNames.Unlock()
	sort.Slice(strs, func(i, j int) bool { return len(strs[i]) > len(strs[j]) }) // a struct holding another first
	for _, s := range strs {
		msg = strings.ReplaceAll(msg, s, names[s])
	}
	return msg
}

// typeNameDecls returns the registrations of the struct types the cell declares.
func (k *check) typeNameDecls() string {
	if k.file == nil {
		return ""
	}
	var b strings.Builder
	for _, d := range k.file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE || !k.inCell(gd.Pos()) {
			continue
		}
		for _, sp := range gd.Specs {
			ts := sp.(*ast.TypeSpec)
			tn, ok := k.tinfo.Defs[ts.Name].(*types.TypeName)
			if !ok || tn.IsAlias() || ts.TypeParams != nil {
				continue
			}
			n, ok := tn.Type().(*types.Named)
			if !ok {
				continue
			}
			if _, ok := n.Underlying().(*types.Struct); !ok {
				continue
			}
			spelled := spell(n, k.qualifier(k.declaredNames()), k.instanceOf)
			b.WriteString("var _ = " + HookName + ".NameType(" + spelled + "{}, " + strconv.Quote(fmtTypeName(n)) + ")\n")
		}
	}
	return b.String()
}
