package front

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"path"
	"reflect"
	"runtime"
	"strings"
	"sync"
)

// Symbols is a table of compiled packages in the interpreter's form: "import/path/name"
// maps each exported name of the package to its value (see yaegi's interp.Exports).
type Symbols map[string]map[string]reflect.Value

// Importer builds go/types packages from symbol tables, by reflection, so that cells can
// be type-checked against exactly what the interpreter can run, without package sources
// or the Go toolchain. It is safe for concurrent use, and packages are built once, when
// first imported.
//
// Reflection sees less than source does. Parameters have no names; methods of concrete
// types are only the exported ones (with promoted methods declared on the type itself);
// fields with unexported names get an opaque type of the same comparability. None of that
// changes what a cell may write, except that a library type cannot be found to implement
// an interface with unexported methods; checks report such cases as assumed fine (see
// Checker).
type Importer struct {
	mu      sync.Mutex
	keys    map[string]string // import path → symbol table key
	tables  []Symbols
	pkgs    map[string]*types.Package
	filled  map[string]bool                  // packages whose scope holds every symbol
	named   map[reflect.Type]*types.TypeName // every named type made so far
	sources map[string]*sourcePackage        // packages given as Go source (generic ones)
	merged  map[string]bool                  // overlays added to their compiled packages
}

// NewImporter returns an Importer for the packages of the given tables, later tables
// winning when two hold the same package.
func NewImporter(tables ...Symbols) *Importer {
	im := &Importer{
		keys:    map[string]string{},
		tables:  tables,
		pkgs:    map[string]*types.Package{},
		filled:  map[string]bool{},
		named:   map[reflect.Type]*types.TypeName{},
		sources: map[string]*sourcePackage{},
		merged:  map[string]bool{},
	}
	for _, t := range tables {
		for k := range t {
			im.keys[path.Dir(k)] = k
		}
	}
	return im
}

// Add makes the packages of t importable too (a test's own compiled packages, say).
func (im *Importer) Add(t Symbols) {
	im.mu.Lock()
	defer im.mu.Unlock()
	im.tables = append(im.tables, t)
	for k := range t {
		p := path.Dir(k)
		im.keys[p] = k
		delete(im.filled, p)
	}
}

// Has reports whether path can be imported.
func (im *Importer) Has(path string) bool {
	if _, ok := sourcePaths[path]; ok {
		return true
	}
	im.mu.Lock()
	defer im.mu.Unlock()
	_, ok := im.keys[path]
	return ok
}

// Exports reports whether the symbol tables hold name for the package of path: a type
// the importer made for a field or a parameter (http.Protocols, reached through
// Transport) may be missing from them, and the interpreter cannot name it.
func (im *Importer) Exports(path, name string) bool {
	im.mu.Lock()
	defer im.mu.Unlock()
	key, ok := im.keys[path]
	if !ok {
		return false
	}
	for i := len(im.tables) - 1; i >= 0; i-- {
		if syms, ok := im.tables[i][key]; ok {
			_, has := syms[name]
			return has
		}
	}
	return false
}

// Import returns the package of path, building it on first use.
func (im *Importer) Import(path string) (*types.Package, error) {
	if _, ok := sourcePaths[path]; ok {
		sp, err := im.source(path)
		if err != nil {
			return nil, err
		}
		return sp.pkg, nil
	}
	im.mu.Lock()
	pkg, err := im.importLocked(path)
	merge := false
	if ov, ok := overlays[path]; ok && err == nil && !im.merged[ov] {
		im.merged[ov], merge = true, true // before the overlay, which imports path itself
	}
	im.mu.Unlock()
	if merge {
		sp, err := im.source(overlays[path])
		if err != nil {
			return nil, err
		}
		for _, name := range sp.pkg.Scope().Names() {
			if obj := sp.pkg.Scope().Lookup(name); obj.Exported() && pkg.Scope().Lookup(name) == nil {
				pkg.Scope().Insert(obj)
			}
		}
	}
	return pkg, err
}

func (im *Importer) importLocked(path string) (*types.Package, error) {
	key, ok := im.keys[path]
	if !ok {
		return nil, fmt.Errorf("package %q is not available in this kernel", path)
	}
	pkg := im.pkg(path)
	if im.filled[path] {
		return pkg, nil
	}
	im.filled[path] = true
	syms := map[string]reflect.Value{}
	for _, t := range im.tables {
		for name, v := range t[key] {
			syms[name] = v
		}
	}
	for name, v := range syms {
		if strings.HasPrefix(name, "_") || !v.IsValid() || pkg.Scope().Lookup(name) != nil {
			continue // interface wrappers of the interpreter, or a type made earlier
		}
		if obj := im.object(pkg, name, v); obj != nil {
			pkg.Scope().Insert(obj)
		}
	}
	pkg.MarkComplete()
	return pkg, nil
}

// pkg returns the package object of path, with an empty scope if it was never imported.
func (im *Importer) pkg(p string) *types.Package {
	if pkg, ok := im.pkgs[p]; ok {
		return pkg
	}
	name := path.Base(p)
	if key, ok := im.keys[p]; ok {
		name = path.Base(key)
	} else if strings.HasPrefix(name, "v") && strings.Trim(name[1:], "0123456789") == "" && p != name {
		name = path.Base(path.Dir(p)) // math/rand/v2 is package rand
	}
	pkg := types.NewPackage(p, name)
	im.pkgs[p] = pkg
	return pkg
}

var constantValue = reflect.TypeOf((*constant.Value)(nil)).Elem()

// object turns one symbol into a types object of pkg.
func (im *Importer) object(pkg *types.Package, name string, v reflect.Value) types.Object {
	t := v.Type()
	switch {
	case t.Kind() == reflect.Pointer && v.IsNil() && !v.CanAddr():
		// A type, given as a nil pointer to it.
		typ := im.typ(t.Elem())
		if tn, ok := im.named[t.Elem()]; ok && tn.Name() == name && tn.Pkg() == pkg {
			return tn
		}
		return types.NewTypeName(token.NoPos, pkg, name, typ) // an alias
	case t.Implements(constantValue) && !v.CanAddr():
		c := v.Interface().(constant.Value)
		var k types.BasicKind
		switch c.Kind() {
		case constant.Bool:
			k = types.UntypedBool
		case constant.String:
			k = types.UntypedString
		case constant.Int:
			k = types.UntypedInt
		case constant.Float:
			k = types.UntypedFloat
		case constant.Complex:
			k = types.UntypedComplex
		default:
			return nil
		}
		return types.NewConst(token.NoPos, pkg, name, types.Typ[k], c)
	case v.CanAddr():
		return types.NewVar(token.NoPos, pkg, name, im.typ(t))
	case t.Kind() == reflect.Func:
		return types.NewFunc(token.NoPos, pkg, name, im.typ(t).(*types.Signature))
	default:
		// A typed constant.
		var c constant.Value
		switch t.Kind() {
		case reflect.Bool:
			c = constant.MakeBool(v.Bool())
		case reflect.String:
			c = constant.MakeString(v.String())
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			c = constant.MakeInt64(v.Int())
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			c = constant.MakeUint64(v.Uint())
		case reflect.Float32, reflect.Float64:
			c = constant.MakeFloat64(v.Float())
		case reflect.Complex64, reflect.Complex128:
			x := v.Complex()
			c = constant.BinaryOp(constant.MakeFloat64(real(x)), token.ADD, constant.MakeImag(constant.MakeFloat64(imag(x))))
		default:
			return types.NewVar(token.NoPos, pkg, name, im.typ(t))
		}
		return types.NewConst(token.NoPos, pkg, name, im.typ(t), c)
	}
}

var (
	errorType  = reflect.TypeOf((*error)(nil)).Elem()
	basicKinds = map[reflect.Kind]types.BasicKind{
		reflect.Bool: types.Bool, reflect.Int: types.Int, reflect.Int8: types.Int8, reflect.Int16: types.Int16,
		reflect.Int32: types.Int32, reflect.Int64: types.Int64, reflect.Uint: types.Uint, reflect.Uint8: types.Uint8,
		reflect.Uint16: types.Uint16, reflect.Uint32: types.Uint32, reflect.Uint64: types.Uint64,
		reflect.Uintptr: types.Uintptr, reflect.Float32: types.Float32, reflect.Float64: types.Float64,
		reflect.Complex64: types.Complex64, reflect.Complex128: types.Complex128, reflect.String: types.String,
		reflect.UnsafePointer: types.UnsafePointer,
	}
)

// typ converts a reflect type; im.mu is held.
func (im *Importer) typ(t reflect.Type) types.Type {
	if t == errorType {
		return types.Universe.Lookup("error").Type()
	}
	if t.Name() != "" && sourcePaths[t.PkgPath()] {
		// An instance of a generic type of a package that cells get as source
		// (iter.Seq[string], which strings.SplitSeq returns): its structure, which
		// converts to the source's instance implicitly and infers its type arguments.
		return im.literal(t, nil)
	}
	if t.Name() != "" && t.PkgPath() != "" {
		return im.namedType(t)
	}
	if k, ok := basicKinds[t.Kind()]; ok && t.PkgPath() == "" {
		return basicType(k)
	}
	return im.literal(t, nil)
}

// byteType is byte, which reflection cannot tell from uint8.
var byteType = types.Universe.Lookup("byte").Type()

// basicType is the basic type of kind k, as compiled packages name it: uint8 is byte,
// which their signatures say far more often ([]byte, ReadByte, IndexByte) and which is
// the same type; compile errors then read "[]byte" as Go's do.
func basicType(k types.BasicKind) types.Type {
	if k == types.Uint8 {
		return byteType
	}
	return types.Typ[k]
}

// literal converts the structure of t (its underlying type); pkg is the package of the
// named type it underlies, for unexported field names, or nil.
func (im *Importer) literal(t reflect.Type, pkg *types.Package) types.Type {
	switch t.Kind() {
	case reflect.Pointer:
		return types.NewPointer(im.typ(t.Elem()))
	case reflect.Slice:
		return types.NewSlice(im.typ(t.Elem()))
	case reflect.Array:
		return types.NewArray(im.typ(t.Elem()), int64(t.Len()))
	case reflect.Map:
		return types.NewMap(im.typ(t.Key()), im.typ(t.Elem()))
	case reflect.Chan:
		dir := types.SendRecv
		switch t.ChanDir() {
		case reflect.SendDir:
			dir = types.SendOnly
		case reflect.RecvDir:
			dir = types.RecvOnly
		}
		return types.NewChan(dir, im.typ(t.Elem()))
	case reflect.Func:
		return im.signature(t, nil, 0)
	case reflect.Interface:
		var methods []*types.Func
		for i := 0; i < t.NumMethod(); i++ {
			m := t.Method(i)
			mpkg := pkg
			if m.PkgPath != "" {
				mpkg = im.pkg(m.PkgPath)
			}
			methods = append(methods, types.NewFunc(token.NoPos, mpkg, m.Name, im.signature(m.Type, nil, 0)))
		}
		return types.NewInterfaceType(methods, nil).Complete()
	case reflect.Struct:
		fields := make([]*types.Var, t.NumField())
		tags := make([]string, t.NumField())
		for i := range fields {
			f := t.Field(i)
			tags[i] = string(f.Tag)
			if f.PkgPath != "" {
				// Cells cannot reach an unexported field; only its comparability shows.
				ft := types.Type(types.NewStruct(nil, nil))
				if !f.Type.Comparable() {
					ft = types.NewSlice(ft)
				}
				fields[i] = types.NewField(token.NoPos, im.pkg(f.PkgPath), f.Name, ft, false)
				continue
			}
			fields[i] = types.NewField(token.NoPos, pkg, f.Name, im.typ(f.Type), f.Anonymous)
		}
		return types.NewStruct(fields, tags)
	}
	if k, ok := basicKinds[t.Kind()]; ok {
		return basicType(k)
	}
	return types.Typ[types.Invalid]
}

// signature converts a function type, skipping its first skip parameters (the receiver
// of a method expression's type).
func (im *Importer) signature(t reflect.Type, recv *types.Var, skip int) *types.Signature {
	var params, results []*types.Var
	for i := skip; i < t.NumIn(); i++ {
		params = append(params, types.NewParam(token.NoPos, nil, "", im.typ(t.In(i))))
	}
	for i := 0; i < t.NumOut(); i++ {
		results = append(results, types.NewParam(token.NoPos, nil, "", im.typ(t.Out(i))))
	}
	return types.NewSignatureType(recv, nil, nil, types.NewTuple(params...), types.NewTuple(results...), t.IsVariadic())
}

// namedType returns the named type of t, making it (and its methods) on first use.
func (im *Importer) namedType(t reflect.Type) types.Type {
	if tn, ok := im.named[t]; ok {
		return tn.Type()
	}
	pkg := im.pkg(t.PkgPath())
	tn := types.NewTypeName(token.NoPos, pkg, t.Name(), nil)
	named := types.NewNamed(tn, nil, nil)
	im.named[t] = tn
	if pkg.Scope().Lookup(t.Name()) == nil {
		pkg.Scope().Insert(tn)
	}
	named.SetUnderlying(im.literal(t, pkg).Underlying())
	if t.Kind() == reflect.Interface {
		return named
	}
	pt := reflect.PointerTo(t)
	for i := 0; i < pt.NumMethod(); i++ {
		m := pt.Method(i)
		if promotedMethod(t, m.Name) {
			continue // the checker promotes it from the embedded field, at its depth
		}
		var rt types.Type = types.NewPointer(named)
		if _, byValue := t.MethodByName(m.Name); byValue {
			rt = named
		}
		recv := types.NewVar(token.NoPos, pkg, "", rt)
		named.AddMethod(types.NewFunc(token.NoPos, pkg, m.Name, im.signature(m.Type, recv, 1)))
	}
	return named
}

// promotedMethod reports whether the method name of *t comes from one of the fields t, a
// struct type, embeds rather than from t itself. reflect lists both alike, and taken for
// t's own, a promoted method stood at the wrong depth: a cell struct embedding *opt.SGD
// and a type with its own Name was refused as ambiguous. The compiler's wrapper of a
// promoted method is autogenerated, where t's own method (or the value method a
// pointer's wrapper calls) has its source file.
func promotedMethod(t reflect.Type, name string) bool {
	if t.Kind() != reflect.Struct {
		return false
	}
	embedded := false
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.Anonymous || f.PkgPath != "" {
			continue // (an unexported field is not embedded in the checker's struct: see literal)
		}
		if _, ok := f.Type.MethodByName(name); ok {
			embedded = true
		} else if f.Type.Kind() != reflect.Pointer && f.Type.Kind() != reflect.Interface {
			_, embedded = reflect.PointerTo(f.Type).MethodByName(name)
		}
		if embedded {
			break
		}
	}
	if !embedded {
		return false
	}
	for _, rt := range []reflect.Type{t, reflect.PointerTo(t)} {
		m, ok := rt.MethodByName(name)
		if !ok {
			continue
		}
		pc := m.Func.Pointer()
		if fn := runtime.FuncForPC(pc); fn == nil {
			return false
		} else if file, _ := fn.FileLine(pc); file != "<autogenerated>" {
			return false
		}
	}
	return true
}
