package front

import (
	"cmp"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/types"
	"os"
	"reflect"
	"runtime"
	"strings"
	"sync"

	"github.com/descentlab/descent/interp/front/boxed"
	"github.com/descentlab/descent/interp/front/fmtview"
	"github.com/descentlab/descent/interp/front/jsonview"
	"github.com/descentlab/descent/interp/front/stdgeneric/iter"
)

// The built-ins min, max (Go 1.21) and clear are missing from the interpreter. A
// constant min or max becomes its value; any other becomes a call of a compiled helper
// on the widest type of its kind, converted back (exact for every integer, float and
// string type); clear becomes a helper that clears the map or zeroes the slice by
// reflection. print and println become helpers that write as the runtime's do.

// call lowers a call of a missing built-in, and reports whether it replaced the whole
// call (so that its arguments need no more lowering).
func (l *lowerer) call(c *ast.CallExpr, f *frame, depth int) bool {
	id, ok := ast.Unparen(c.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := l.info().Uses[id].(*types.Builtin)
	if !ok {
		return false
	}
	switch b.Name() {
	case "recover":
		if !f.fn {
			// Called by no deferred function: nil, as in Go (the interpreter's crashed
			// at a cell's top level, where it has no frame to look in).
			l.add(l.off(c.Pos()), l.off(c.End())-l.off(c.Pos()), "any(nil)", depth)
			return true
		}
		// What recover returns is the interpreter's panic value, which needs unwrapping;
		// in a literal kept as a value or a method, or else a panic handed over to it (see
		// handover.go, claims.go).
		if l.valueLit || l.method != "" {
			l.add(l.off(c.Pos()), 0, HookName+".Recovered("+l.takeOver(), depth)
			l.add(l.off(c.End()), 0, "))", closing(depth))
			return true
		}
		l.add(l.off(c.Pos()), 0, HookName+".Recovered(", depth)
		l.add(l.off(c.End()), 0, ")", closing(depth))
		return true
	case "panic":
		l.repanic(c, depth)
		// panic(nil), or of a nil interface, panics with a *runtime.PanicNilError (Go
		// 1.21): recover gives that, not nil, which the interpreter's gave.
		if len(c.Args) == 1 && !l.callsRecover(c.Args[0]) {
			if tv := l.info().Types[c.Args[0]]; tv.IsNil() || tv.Type != nil && types.IsInterface(tv.Type) {
				// (Around what the operand's conversion to any made of it.)
				l.add(l.off(c.Args[0].Pos()), 0, HookName+".PanicValue(", depth-1)
				l.add(l.off(c.Args[0].End()), 0, ")", closing(depth-1))
			}
		}
		return false
	case "print", "println":
		// The runtime's, to standard error: the interpreter's print to standard output,
		// and print puts spaces between operands. (Not deferred or started as a
		// goroutine, whose call the defer lowering spells out itself.)
		if _, deferred := l.later[c]; deferred {
			return false
		}
		name := "Print"
		if b.Name() == "println" {
			name = "Println"
		}
		l.add(l.off(c.Fun.Pos()), l.off(c.Fun.End())-l.off(c.Fun.Pos()), HookName+"."+name, depth)
		return false
	case "make":
		// Of a directional channel type: the interpreter's reflect.MakeChan refuses one,
		// so a two-way channel is made and converted.
		if ch, ok := l.applied(l.typeOf(c)).(*types.Chan); ok && ch.Dir() != types.SendRecv && len(c.Args) > 0 {
			t := l.typ(ch)
			if t == "interface{}" {
				return false
			}
			l.add(l.off(c.Pos()), 0, "("+t+")(", depth)
			et := l.typ(ch.Elem())
			if strings.HasPrefix(et, "<-") {
				et = "(" + et + ")" // chan <-chan int would be chan<- chan int
			}
			l.replace(c.Args[0], "chan "+et, depth)
			l.add(l.off(c.End()), 0, ")", closing(depth))
		}
		return false
	case "len", "cap":
		// Of an array, or a pointer to one: Go never reads the array, so a nil pointer
		// has its length; the interpreter dereferenced it. Without calls or receives in
		// it, the length is a constant (go/types has its value); with them, the pointer
		// is evaluated and dropped.
		if l.info().Types[c].Value != nil {
			return l.constCall(c, depth)
		}
		if tv := l.info().Types[c.Args[0]]; tv.Type != nil {
			if p, ok := l.applied(tv.Type).Underlying().(*types.Pointer); ok {
				if a, ok := p.Elem().Underlying().(*types.Array); ok {
					if pt := l.typ(p); pt != "interface{}" {
						l.add(l.off(c.Pos()), l.off(c.Args[0].Pos())-l.off(c.Pos()), fmt.Sprintf("func(%s) int { return %d }(", pt, a.Len()), depth)
						l.add(l.off(c.Args[0].End()), l.off(c.End())-l.off(c.Args[0].End()), ")", closing(depth))
						return true
					}
				}
			}
		}
		return false
	case "real", "imag", "complex":
		// Of constants, a constant: the interpreter panics computing it ("reflect: call
		// of reflect.Value.Complex on interface Value").
		return l.constCall(c, depth)
	case "min", "max":
		tv := l.info().Types[c]
		if l.constCall(c, depth) {
			return true
		}
		t := tv.Type
		if l.subst != nil {
			t = l.subst.apply(t)
		}
		bt, ok := t.Underlying().(*types.Basic)
		if !ok {
			return false
		}
		var helper, wide string
		switch {
		case bt.Info()&types.IsUnsigned != 0:
			helper, wide = "U64", "uint64"
		case bt.Info()&types.IsInteger != 0:
			helper, wide = "I64", "int64"
		case bt.Info()&types.IsFloat != 0:
			helper, wide = "F64", "float64"
		case bt.Info()&types.IsString != 0:
			helper, wide = "Str", "string"
		default:
			return false
		}
		name := "Min"
		if b.Name() == "max" {
			name = "Max"
		}
		l.add(l.off(id.Pos()), len(id.Name), l.spellType(t)+"("+HookName+"."+name+helper, depth)
		for _, a := range c.Args {
			l.add(l.off(a.Pos()), 0, wide+"(", depth+1)
			l.add(l.off(a.End()), 0, ")", closing(depth+1))
		}
		l.add(l.off(c.End()), 0, ")", closing(depth))
	case "clear":
		l.add(l.off(id.Pos()), len(id.Name), HookName+".Clear", depth)
	}
	return false
}

// compiledLib maps functions of the generic library that run compiled (as hooks) rather
// than interpreted to their hook names.
var compiledLib = map[string]string{"iter.PullAny": "IterPullAny"}

// Mark is the field that keeps apart two cell struct types without fields (see
// structname.go). It prints as nothing, so that the struct prints as {}.
type Mark struct{}

// String returns "".
func (Mark) String() string { return "" }

// Format prints nothing, whatever the verb, width or precision: fmt calls it before
// String, and prints a struct holding a Mark as {} under %5v, %q or %.2f too.
func (Mark) Format(fmt.State, rune) {}

// Hooks returns the compiled helpers that lowered cells call, as the symbols of the
// package HookPath.
func Hooks() map[string]reflect.Value {
	r := new(registrar)      // the session's, whose registrations count for it (see typenames.go)
	bm := new(boxed.Methods) // and its boxes' methods
	hooks := map[string]reflect.Value{
		"MinI64":      reflect.ValueOf(least[int64]),
		"MaxI64":      reflect.ValueOf(greatest[int64]),
		"MinU64":      reflect.ValueOf(least[uint64]),
		"MaxU64":      reflect.ValueOf(greatest[uint64]),
		"MinF64":      reflect.ValueOf(least[float64]),
		"MaxF64":      reflect.ValueOf(greatest[float64]),
		"MinStr":      reflect.ValueOf(least[string]),
		"MaxStr":      reflect.ValueOf(greatest[string]),
		"IterPullAny": reflect.ValueOf(iter.PullAny),
		"Runes":       reflect.ValueOf(runes),
		// Recovered is what recover() returns in lowered code; the session replaces it
		// with one that puts the interpreter's panics in Go's terms (see interp).
		"Recovered": reflect.ValueOf(func(v any) any { return v }),
		// Repanicked is what panic(r) raises, r from recover (see repanic); the session
		// replaces it with one that notes r.
		"Repanicked": reflect.ValueOf(func(v any) any { return v }),
		// IsNil is x == nil, which the interpreter gets wrong (a panic) for some nil interfaces.
		"IsNil": reflect.ValueOf(func(x any) bool { return x == nil }),
		// PanicText keeps what a panic value's Error or String method says (see
		// ifacevalue.go), for the message of a panic nobody recovers.
		"PanicText": reflect.ValueOf(func(v any, text func() string) any { panicTexts.keep(r, v, text); return v }),
		// Inner is the value a compiled interface holds, out of the interpreter's wrapper
		// (see promoted.go).
		"Inner": reflect.ValueOf(inner),
		// Zero is a zero the interpreter cannot see as a constant (see floatzero.go).
		"Zero": reflect.ValueOf(func() float64 { return 0 }),
		// Mark is the type of the field that tells struct types without fields apart (see
		// structname.go).
		"Mark": reflect.ValueOf((*Mark)(nil)),
		// Index is an index checked as Go checks it, with Go's message (see checkedindex.go).
		"Index": reflect.ValueOf(func(i, n int) int {
			if i < 0 {
				panic(RuntimeError(fmt.Sprintf("runtime error: index out of range [%d]", i))) // as Go: no length
			}
			if i >= n {
				panic(RuntimeError(fmt.Sprintf("runtime error: index out of range [%d] with length %d", i, n)))
			}
			return i
		}),
		// IndexWitness hands over the operands of a top-level statement's indexes (see
		// witness.go); the session replaces it with one that keeps them.
		"IndexWitness": reflect.ValueOf(func(args ...any) {}),
		// IndexU is Index for an unsigned index, which Go prints as it is.
		"IndexU": reflect.ValueOf(func(i uint64, n int) int {
			if i >= uint64(n) {
				panic(RuntimeError(fmt.Sprintf("runtime error: index out of range [%d] with length %d", i, n)))
			}
			return int(i)
		}),
		// A panic handed over to a deferred function value (see handover.go).
		"HandOver":      reflect.ValueOf(handOver),
		"TakeOver":      reflect.ValueOf(takeOver),
		"Unclaimed":     reflect.ValueOf(unclaimed),
		"HandOverTo":    reflect.ValueOf(handOverTo),
		"Claim":         reflect.ValueOf(claim),
		"TakeOverToken": reflect.ValueOf(takeOverToken),
		"Drop":          reflect.ValueOf(func(t int) { drop(t) }),
		// The views of values that printing functions get (see fmtargs.go).
		"FmtNamed": reflect.ValueOf(func(typ string, under any, str, err, goStr func() string, format func(fmt.State, rune), nilPointer bool) any {
			return &fmtview.Named{Type: typ, Under: under, String: str, Error: err, GoString: goStr, Formatter: format, NilPointer: nilPointer}
		}),
		// FmtLateNamed views a value of a named non-struct type that had no String or
		// Error where the view was compiled, through those a later cell declared (see
		// box.go), if any.
		"FmtLateNamed": reflect.ValueOf(func(typ string, under any) any {
			return &fmtview.Named{Type: typ, Under: under, String: bm.Bound(typ, "String", under), Error: bm.Bound(typ, "Error", under)}
		}),
		// DescribeLateFields registers the views of a struct's fields of named numbers
		// that a later cell's String or Error prints (see describeFieldsDecls).
		"DescribeLateFields": reflect.ValueOf(func(v any, late []int, types []string, views func(any) []any) bool {
			return r.describeLateFields(v, late, func() bool {
				for _, t := range types {
					if bm.Has(t) {
						return true
					}
				}
				return false
			}, views)
		}),
		// The views of values that encoding/json gets (see json.go).
		"JSONView": reflect.ValueOf(func(v any, samples []any, fields []string) any {
			return jsonview.Parse(samples, fields).View(v)
		}),
		"JSONUnmarshal": reflect.ValueOf(func(data []byte, v any, samples []any, fields []string) error {
			return jsonview.Parse(samples, fields).Decode(func(x any) error { return json.Unmarshal(data, x) }, v)
		}),
		"JSONDecode": reflect.ValueOf(func(dec *json.Decoder, v any, samples []any, fields []string) error {
			return jsonview.Parse(samples, fields).Decode(dec.Decode, v)
		}),
		"ErrorsUnwrap":   reflect.ValueOf(func(err error, u cellUnwrap) error { return errorsUnwrap(err, r.errs.unwrap(u)) }),
		"RegisterErrors": reflect.ValueOf(r.errs.add),
		"IfaceEqual":     reflect.ValueOf(ifaceEqual),
		"FmtError":       reflect.ValueOf(fmtError),
		"ErrorsIs": reflect.ValueOf(func(err, target error, u cellUnwrap, is cellIs) bool {
			return errorsIs(err, target, r.errs.unwrap(u), r.errs.is(is))
		}),
		"ErrorChain":  reflect.ValueOf(func(err error, u cellUnwrap) []any { return errorChain(err, r.errs.unwrap(u)) }),
		"ErrorsAsAny": reflect.ValueOf(func(err error, target any, u cellUnwrap) bool { return errorsAsAny(err, target, r.errs.unwrap(u)) }),
		"DeepEqual":   reflect.ValueOf(deepEqual),
		"FmtOperand":  reflect.ValueOf(fmtOperand),
		"FmtLate":     reflect.ValueOf(fmtLate),
		// A flag's name, once an earlier flag of that name is gone (see flags.go).
		"FreeFlag": reflect.ValueOf(freeFlag),
		// The built-ins print and println (see call).
		"Print":   reflect.ValueOf(func(args ...any) { fmt.Fprint(os.Stderr, runtimePrint(args, false)) }),
		"Println": reflect.ValueOf(func(args ...any) { fmt.Fprint(os.Stderr, runtimePrint(args, true)) }),
		// AsAny hands back an error as compiled code holds it: the interpreter's wrapper
		// of a cell's error value, which fmt.Errorf's %w takes for one (see fmtargs.go).
		"AsAny": reflect.ValueOf(func(e error) any { return e }),
		// NilSafeError is a %w operand of fmt.Errorf (see fmtargs.go).
		"NilSafeError": reflect.ValueOf(func(e error) any {
			if v, ok := nilReceiverView(e); ok {
				return &errorView{e, v}
			}
			return e
		}),
		// ErrorView is an error among fmt.Errorf's args... (see fmtargs.go).
		"ErrorView": reflect.ValueOf(func(e error, view any) any {
			if v, ok := view.(error); ok && v == e {
				return e // a library's error, which prints as it is
			}
			return &errorView{e, view}
		}),
		"AssertionError": reflect.ValueOf(func(concrete, iface, missing string) error {
			msg := "interface conversion: " + concrete + " is not " + iface
			if missing != "" {
				msg += ": missing method " + missing
			}
			return RuntimeError(msg)
		}),
		"AssertionFailed":  reflect.ValueOf(assertionFailed),
		"Recovers":         reflect.ValueOf(r.recovers),
		"RecoveringMethod": reflect.ValueOf(r.recoveringMethod),
		// BoxFailed is assertionFailed's error for x when it is a box (a cell's named
		// slice, map, func or number in an any), which the interpreter's own failed
		// assertion names boxed.Value; nil otherwise.
		"BoxFailed": reflect.ValueOf(func(x any, iface string, methods []string, missing ...string) error {
			if _, ok := boxed.Open(x); !ok {
				return nil
			}
			return assertionFailed(x, iface, methods, missing...)
		}),
		// NilAssertion is the error of an assertion of a nil interface value to a
		// concrete type (see concreteAssertion).
		"NilAssertion": reflect.ValueOf(func(iface, target string) error {
			return RuntimeError("interface conversion: " + iface + " is nil, not " + target)
		}),
		// AssertionMismatch is that of one holding another type's value.
		"AssertionMismatch": reflect.ValueOf(func(iface, held, target string) error {
			return RuntimeError("interface conversion: " + iface + " is " + held + ", not " + target)
		}),
		// RangeContinued is the runtime error of an iterator that called the loop body
		// again after it returned false (see rangefunc.go).
		"RangeContinued": reflect.ValueOf(func() error { return RuntimeError(continuedIteration) }),
		// log's Fatal, Fatalf and Fatalln, and a *log.Logger's (see exit.go).
		"Fatal":         reflect.ValueOf(fatalHook),
		"Fatalf":        reflect.ValueOf(fatalfHook),
		"Fatalln":       reflect.ValueOf(fatallnHook),
		"LoggerFatal":   reflect.ValueOf(loggerFatalHook),
		"LoggerFatalf":  reflect.ValueOf(loggerFatalfHook),
		"LoggerFatalln": reflect.ValueOf(loggerFatallnHook),
		// Return ends a cell at a return at its top level (see cellreturn.go).
		"Return": reflect.ValueOf(func() { panic(returned{}) }),
		"FmtSpread": reflect.ValueOf(func(n int, at func(int) any) []any {
			views := make([]any, n)
			for i := range views {
				views[i] = at(i)
			}
			return views
		}),
		"FmtTypeName": reflect.ValueOf(fmtTypeNameOf),
		"MutexUnlock": reflect.ValueOf(mutexUnlock),
		// Compiled values in a cell's interface (see adapter.go).
		"Adapt":        reflect.ValueOf(adapt),
		"CallMethod":   reflect.ValueOf(callMethod),
		"FormatAs":     reflect.ValueOf(formatAs),
		"RWUnlock":     reflect.ValueOf(rwUnlock),
		"LockerUnlock": reflect.ValueOf(lockerUnlock),
		"CondWait":     reflect.ValueOf(condWait),
		"RWRUnlock":    reflect.ValueOf(rwRUnlock),
		"NilDereference": reflect.ValueOf(func() error {
			return RuntimeError("runtime error: invalid memory address or nil pointer dereference")
		}),
		"ShiftCount": reflect.ValueOf(func(n int64) uint64 {
			if n < 0 {
				panic(RuntimeError("runtime error: negative shift amount"))
			}
			return uint64(n)
		}),
		"PanicValue": reflect.ValueOf(func(v any) any {
			if v == nil {
				return new(runtime.PanicNilError)
			}
			return v
		}),
		"FmtTyped": reflect.ValueOf(fmtTyped),
		// The names of a cell's struct types in runtime errors (see typenames.go).
		"SameAnswers":     reflect.ValueOf(sameAnswers),
		"NameType":        reflect.ValueOf(r.nameType),
		"DescribeType":    reflect.ValueOf(r.describeType),
		"DescribePointer": reflect.ValueOf(r.describePointer),
		"DescribeFields":  reflect.ValueOf(r.describeFields),
		"RegisterAs":      reflect.ValueOf(r.registerAs),
		"LateAs":          reflect.ValueOf(r.lateAs),
		"RegisterNotAs":   reflect.ValueOf(r.registerNotAs),
		"NotAs":           reflect.ValueOf(r.notAs),
		// Values of a cell's named non-struct types in an any (see box.go).
		"Box":            reflect.ValueOf(bm.New),
		"Unbox":          reflect.ValueOf(boxed.Unbox),
		"Register":       reflect.ValueOf(bm.Register),
		"RegisterFormat": reflect.ValueOf(bm.RegisterFormat),
		"RegisterJSON":   reflect.ValueOf(bm.RegisterJSON),
		"RegisterView":   reflect.ValueOf(bm.RegisterView),
		"BoxViewed":      reflect.ValueOf(bm.NewViewed),
		"Unboxed":        reflect.ValueOf(boxed.Unboxed),
		"UnboxedDeep":    reflect.ValueOf(boxed.UnboxedDeep),
		// ConversionPanic panics as a failed assertion of a value of type concrete, held in
		// an iface, to typ does.
		"ConversionPanic": reflect.ValueOf(func(iface, concrete, typ string) any {
			return panicking(RuntimeError("interface conversion: " + iface + " is " + concrete + ", not " + typ))
		}),
		"UnboxMust": reflect.ValueOf(func(x any, typ, iface string) any {
			if v, ok := boxed.Unbox(x, typ); ok {
				return v
			}
			concrete := "nil"
			if x != nil {
				concrete = boxed.TypeName(x)
			}
			return panicking(RuntimeError("interface conversion: " + iface + " is " + concrete + ", not " + typ))
		}),
		"FmtNil":    reflect.ValueOf(func(typ string) any { return &fmtview.NilInterface{Type: typ} }),
		"FmtHidden": reflect.ValueOf(fmtHidden),
		"PanicAt":   reflect.ValueOf(setPanicMark),
		"FmtNilOr": reflect.ValueOf(func(v any, typ string) any {
			if v == nil {
				return &fmtview.NilInterface{Type: typ}
			}
			return v
		}),
		"FmtStruct": reflect.ValueOf(func(typ string, names []string, fields ...any) any {
			return &fmtview.Struct{Type: typ, Names: names, Fields: fields}
		}),
		"FmtSeq": reflect.ValueOf(func(typ string, isNil, array bool, n int, at func(int) any) any {
			return &fmtview.Seq{Type: typ, Nil: isNil, Array: array, Len: n, At: at}
		}),
		"FmtMap": reflect.ValueOf(func(typ string, isNil bool, rng func(add func(k, e any))) any {
			return &fmtview.Map{Type: typ, Nil: isNil, Range: rng}
		}),
		"FmtPointer": reflect.ValueOf(func(typ string, isNil bool, addr any, elem func() any) any {
			return &fmtview.Pointer{Type: typ, Nil: isNil, Addr: addr, Elem: elem}
		}),
		"Clear": reflect.ValueOf(func(x any) {
			v := reflect.ValueOf(x)
			if v.Kind() == reflect.Map || v.Kind() == reflect.Slice {
				v.Clear()
			}
		}),
	}
	for name, h := range printHooks {
		hooks[name] = h
	}
	return hooks
}

// least and greatest are the built-ins min and max of their arguments, for the
// interpreter, which lacks them. Folding pairwise keeps the built-ins' rules: a NaN wins,
// and -0 is less than +0.
func least[T cmp.Ordered](x T, ys ...T) T {
	for _, y := range ys {
		x = min(x, y)
	}
	return x
}

func greatest[T cmp.Ordered](x T, ys ...T) T {
	for _, y := range ys {
		x = max(x, y)
	}
	return x
}

// RuntimeError is a runtime panic that lowered code or the interpreter makes, in the
// Go runtime's words (its whole message), a runtime.Error as the runtime's own are.
type RuntimeError string

func (e RuntimeError) Error() string { return string(e) }

// RuntimeError marks it a runtime.Error.
func (RuntimeError) RuntimeError() {}

// FatalError is a panic that stands for a fatal error of the Go runtime, which ends a Go
// program and cannot be recovered (sync: unlock of unlocked mutex); the kernel ends the
// cell with it instead.
type FatalError string

func (e FatalError) Error() string { return string(e) }

// mutexUnlock unlocks m, or panics with the fatal error Go stops with if m is not
// locked: the runtime's throw would end the kernel's process, with every variable.
func mutexUnlock(m *sync.Mutex) {
	if m.TryLock() {
		m.Unlock()
		panic(FatalError("sync: unlock of unlocked mutex"))
	}
	m.Unlock()
}

// rwUnlock is mutexUnlock for a sync.RWMutex's Unlock: not write-locked, it would throw.
func rwUnlock(m *sync.RWMutex) {
	if m.TryRLock() {
		m.RUnlock()
		panic(FatalError("sync: Unlock of unlocked RWMutex"))
	}
	m.Unlock()
}

// rwRUnlock is mutexUnlock for a sync.RWMutex's RUnlock: with no reader, it would throw.
func rwRUnlock(m *sync.RWMutex) {
	if m.TryLock() {
		m.Unlock()
		panic(FatalError("sync: RUnlock of unlocked RWMutex"))
	}
	m.RUnlock()
}

// lockerUnlock is mutexUnlock for a sync.Locker holding one of sync's mutexes.
func lockerUnlock(l sync.Locker) {
	switch m := l.(type) {
	case *sync.Mutex:
		mutexUnlock(m)
	case *sync.RWMutex:
		rwUnlock(m)
	default:
		l.Unlock()
	}
}

// condWait is c.Wait, failing as mutexUnlock does where c.L is one of sync's mutexes
// and not locked (Wait unlocks it first).
func condWait(c *sync.Cond) {
	switch m := c.L.(type) {
	case *sync.Mutex:
		if m.TryLock() {
			m.Unlock()
			panic(FatalError("sync: unlock of unlocked mutex"))
		}
	case *sync.RWMutex:
		if m.TryRLock() {
			m.RUnlock()
			panic(FatalError("sync: Unlock of unlocked RWMutex"))
		}
	}
	c.Wait()
}

// panicking panics with err; its result makes it usable where a value is wanted.
func panicking(err error) any { panic(err) }

// assertionFailed is the runtime error of a failed assertion of x, of a compiled type
// (or nil), to the interface named iface with the methods named methods (sorted).
func assertionFailed(x any, iface string, methods []string, missing ...string) error {
	if x == nil {
		return RuntimeError("interface conversion: interface is nil, not " + iface)
	}
	msg := "interface conversion: " + GoTypeNames(boxed.TypeName(x)) + " is not " + iface // (a cell struct by its name)
	if b, ok := boxed.Open(x); ok {
		// A box has none of its type's methods: missing pairs each of the cell's named
		// types with the method of iface it lacks.
		for i := 0; i+1 < len(missing); i += 2 {
			if missing[i] == b.Type {
				return RuntimeError(msg + ": missing method " + missing[i+1])
			}
		}
		return RuntimeError(msg)
	}
	t := reflect.TypeOf(x)
	for _, m := range methods {
		if _, ok := t.MethodByName(m); !ok {
			msg += ": missing method " + m
			break
		}
	}
	return RuntimeError(msg)
}

// panicTexts holds the Error or String methods of panic values of cell types, bound to
// the values, by value (see PanicText).
var panicTexts texts

type texts struct {
	mu   sync.Mutex
	kept []keptText // the last ones, latest last
}

type keptText struct {
	v    any
	text func() string
	by   *registrar // the session whose cell raised it
}

func (t *texts) keep(by *registrar, v any, text func() string) {
	if v == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.kept) >= 64 {
		t.kept = append(t.kept[:0], t.kept[32:]...) // only the last panics matter
	}
	t.kept = append(t.kept, keptText{v, text, by})
}

// text returns the function kept for v, if any: the latest kept for a value equal to
// it, where a NaN equals a NaN and slices of the same elements are equal (a value
// holding either is still the one that was raised). A struct type of the same fields
// that another session (or the same after %reset) named since is another type: its
// values have no text of the old one's methods.
func (t *texts) text(v any) (f func() string, found bool) {
	if v == nil {
		return nil, false
	}
	s := reflect.TypeOf(v).String()
	typeNames.Lock()
	owner, named := typeNames.owner[s]
	typeNames.Unlock()
	t.mu.Lock()
	defer t.mu.Unlock()
	for i := len(t.kept) - 1; i >= 0; i-- {
		if k := t.kept[i]; reflect.TypeOf(k.v) == reflect.TypeOf(v) && (!named || k.by == owner) && sameRaised(k.v, v) {
			return k.text, true
		}
	}
	return nil, false
}

// sameRaised reports whether a and b, of one type, are the same panic value: equal,
// or, where == cannot tell (a NaN, a slice), printed alike in Go syntax.
func sameRaised(a, b any) (same bool) {
	defer func() {
		if recover() != nil {
			same = fmt.Sprintf("%#v", a) == fmt.Sprintf("%#v", b)
		}
	}()
	if a == b {
		return true
	}
	return fmt.Sprintf("%#v", a) == fmt.Sprintf("%#v", b)
}

// PanicText returns what the Error or String method of v, a panic value of a cell's type
// handed over without its methods, says: called only now, when the panic's message is
// printed, as Go calls it (a recovered panic never calls it). A method that panics
// itself gives no text.
func PanicText(v any) (text string, ok bool) {
	f, found := panicTexts.text(v)
	if !found {
		f, found = lateText(v)
	}
	if !found {
		return "", false
	}
	defer func() {
		if recover() != nil {
			text, ok = "", false
		}
	}()
	return f(), true
}

// constCall replaces c, a call of a built-in, by its value if it is a constant, and
// reports whether it did.
func (l *lowerer) constCall(c *ast.CallExpr, depth int) bool {
	tv := l.info().Types[c]
	if tv.Value == nil {
		return false
	}
	text := constLiteral(tv.Value, tv.Type)
	if bt, ok := tv.Type.(*types.Basic); !ok || bt.Info()&types.IsUntyped == 0 {
		text = l.spellType(tv.Type) + "(" + text + ")"
	}
	if strings.HasPrefix(text, "-") {
		text = " " + text // not "--" after a minus
	}
	l.replace(c, text, depth)
	return true
}

// errorView is an error that fmt.Errorf's %w wraps as it is, and that prints as the view
// of the cell's value it holds under any other verb.
type errorView struct {
	err  error
	view any
}

func (e *errorView) Error() string { return fmt.Sprint(e.view) }
func (e *errorView) Unwrap() error { return e.err }
func (e *errorView) Format(f fmt.State, verb rune) {
	fmt.Fprintf(f, fmt.FormatString(f, verb), e.view)
}

// runtimePrint formats args as the built-in print (or println, with spaces between
// them and a newline) does since Go 1.26: numbers and strings as fmt's %v, a nil
// pointer as 0x0.
func runtimePrint(args []any, ln bool) string {
	var b strings.Builder
	for i, a := range args {
		if ln && i > 0 {
			b.WriteByte(' ')
		}
		v := reflect.ValueOf(a)
		switch v.Kind() {
		case reflect.Invalid:
			b.WriteString("(0x0,0x0)") // a nil interface
		case reflect.Bool:
			fmt.Fprint(&b, v.Bool()) // the value, not a String method's
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			fmt.Fprint(&b, v.Int())
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			fmt.Fprint(&b, v.Uint())
		case reflect.Float32:
			fmt.Fprint(&b, float32(v.Float()))
		case reflect.Float64:
			fmt.Fprint(&b, v.Float())
		case reflect.Complex64:
			fmt.Fprint(&b, complex64(v.Complex()))
		case reflect.Complex128:
			fmt.Fprint(&b, v.Complex())
		case reflect.String:
			b.WriteString(v.String())
		case reflect.Slice:
			fmt.Fprintf(&b, "[%d/%d]%#x", v.Len(), v.Cap(), v.Pointer())
		case reflect.Pointer, reflect.UnsafePointer, reflect.Map, reflect.Chan, reflect.Func:
			fmt.Fprintf(&b, "%#x", v.Pointer())
		default:
			fmt.Fprint(&b, a)
		}
	}
	if ln {
		b.WriteByte('\n')
	}
	return b.String()
}

// sameAnswers reports whether a and b, two String or Error methods' calls, answer alike,
// a panic being an answer too (see twinAnswers).
func sameAnswers(a, b func() string) bool {
	ra, pa := answer(a)
	rb, pb := answer(b)
	return ra == rb && pa == pb
}

// answer calls m, returning what it returns or, if it panics, what it panics with.
func answer(m func() string) (s, panicked string) {
	defer func() {
		if r := recover(); r != nil {
			s, panicked = "", fmt.Sprint(r)
		}
	}()
	return m(), ""
}

// RunePos is a rune of a string and the offset of its first byte, as a range over the
// string gives them (see rangestring.go).
type RunePos struct {
	Pos  int
	Rune rune
}

// runes decodes s as a range over it does: a byte that does not start valid UTF-8 is
// U+FFFD one byte wide.
func runes(s string) []RunePos {
	rs := make([]RunePos, 0, len(s))
	for i, r := range s {
		rs = append(rs, RunePos{i, r})
	}
	return rs
}

// repanic marks c, a call of panic, where it raises again what the deferred function
// literal it is in recovered: its operand is a variable of that literal set once, from
// recover (if r := recover(); r != nil { log(r); panic(r) }). The session tells Go's
// message for such a panic ("[recovered, repanicked]") by the value it noted.
//
//	panic(r)  →  panic(ᐅdescent.Repanicked(r))
func (l *lowerer) repanic(c *ast.CallExpr, depth int) {
	if len(c.Args) != 1 {
		return
	}
	id, ok := ast.Unparen(c.Args[0]).(*ast.Ident)
	if !ok {
		return
	}
	obj, ok := l.info().Uses[id].(*types.Var)
	if !ok || obj.Parent() == nil {
		return
	}
	fn, _ := l.enclosing(c)
	lit, ok := fn.(*ast.FuncLit)
	if !ok || !l.deferredLiteral(lit) {
		return
	}
	if l.recoveredIn(lit, obj, 3) {
		closer := ")"
		if t := obj.Type(); !isAny(t) {
			// (Of its type, for the lowerings of panic's operand: err of r.(error).)
			spelled := l.typ(t)
			if spelled == "interface{}" {
				return
			}
			closer = ").(" + spelled + ")"
		}
		l.add(l.off(c.Args[0].Pos()), 0, HookName+".Repanicked(", depth)
		l.add(l.off(c.Args[0].End()), 0, closer, closing(depth))
	}
}

// recoveredIn reports whether obj, a variable of lit, holds what recover returned there:
// set once from recover(), or from an assertion of such a variable (err, ok := r.(error);
// a type switch's case variable on it), looking through depth such steps.
func (l *lowerer) recoveredIn(lit *ast.FuncLit, obj types.Object, depth int) bool {
	if depth == 0 {
		return false
	}
	set, value := onlySet(l.info(), lit.Body, obj)
	if a, ok := set.(*ast.AssignStmt); ok && len(a.Lhs) == 2 && len(a.Rhs) == 1 {
		if id, ok := a.Lhs[0].(*ast.Ident); ok && l.info().ObjectOf(id) == obj {
			value = a.Rhs[0] // v, ok := r.(T)
		}
	}
	if set == nil {
		// A type switch's case variable: switch e := r.(type) { case error: panic(e) }.
		ast.Inspect(lit.Body, func(n ast.Node) bool {
			if ts, ok := n.(*ast.TypeSwitchStmt); ok && value == nil {
				for _, c := range ts.Body.List {
					if l.info().Implicits[c] == obj {
						if a, ok := ts.Assign.(*ast.AssignStmt); ok && len(a.Rhs) == 1 {
							value = a.Rhs[0]
						}
					}
				}
			}
			return value == nil
		})
		if value == nil {
			return false
		}
	}
	switch v := ast.Unparen(value).(type) {
	case *ast.CallExpr:
		return l.builtinCall(v, "recover")
	case *ast.TypeAssertExpr:
		if rc, ok := ast.Unparen(v.X).(*ast.CallExpr); ok {
			return l.builtinCall(rc, "recover") // switch e := recover().(type)
		}
		if id, ok := ast.Unparen(v.X).(*ast.Ident); ok {
			if x, ok := l.info().Uses[id].(*types.Var); ok && x != obj {
				return l.recoveredIn(lit, x, depth-1)
			}
		}
	}
	return false
}

// deferredLiteral reports whether lit is the function of a defer statement.
func (l *lowerer) deferredLiteral(lit *ast.FuncLit) bool {
	found := false
	for _, f := range l.files() {
		ast.Inspect(f, func(n ast.Node) bool {
			if d, ok := n.(*ast.DeferStmt); ok && ast.Unparen(d.Call.Fun) == lit {
				found = true
			}
			return !found
		})
	}
	return found
}
