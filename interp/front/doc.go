// Package front is the compiler front end of notebook cells: it type-checks a cell with
// go/types against the declarations of the cells run before it and the packages cells can
// import, reports errors in the Go compiler's words at cell[N]:line:col, and lowers the
// cell to the Go that the interpreter (yaegi v0.16.1, a Go 1.21 interpreter with gaps)
// runs with the meaning Go 1.26 gives it.
//
// The lowering is a set of text edits on the cell, each local to the construct it
// replaces, so that every line of the cell stays where it was and runtime errors keep
// pointing at the user's lines. It covers:
//
//   - top-level compound statements (for, if, switch, select, blocks), which the
//     interpreter runs in its global scope, where `:=` of two values and shadowing go
//     wrong: they run inside a function literal, where its scoping is right;
//   - per-iteration loop variables (Go 1.22) for loops whose variables a closure
//     captures or whose address is taken;
//   - range over integers (Go 1.22) and over functions (Go 1.23);
//   - the built-ins min, max and clear (Go 1.21);
//   - generics: every instantiation, of the cells' own generic functions and types and of
//     the generic standard library (slices, maps, cmp, iter), is monomorphized into a
//     plain declaration, since the interpreter's own instantiation infers wrong types and
//     crashes on common generic code;
//   - the interpreter's own departures from Go, each in the file named for it: named
//     results not reset between calls (lower.go), deferred calls that read their
//     arguments at exit (defer.go), type switches that miss their case (typeswitch.go),
//     closures handed to compiled code in loops (callbacks.go), method values and
//     expressions (methodvalue.go), values put in interfaces (ifacevalue.go), failed
//     comma-ok lookups (mapindex.go), recover (builtins.go), values of cell types
//     printed by fmt (fmtargs.go, with package fmtview), repeated constant lists,
//     constant divisions, switch init statements and ranges over array pointers
//     (lower.go), errors.Is/As/Unwrap and == on cell values in interfaces (errors.go),
//     assertions to a cell's interface (ifaceassert.go), assignments and returns
//     of several values (multiassign.go), encoding/json on a cell's structs
//     (json.go, with package jsonview), receives used as values (recv.go), branches
//     in select cases (select.go), case lists and switches on interfaces
//     (switchtag.go), new with an expression (newexpr.go), closures called from
//     deferred calls (defer.go), init functions (init.go), ranges over containers of
//     channels (rangechan.go), values of named non-struct types in an any
//     (box.go, with package boxed), goroutines started in loops (goloop.go), typed
//     constants computed from expressions (lower.go), struct types with the same
//     fields (structname.go) and named types over one underlying type in an error
//     or fmt.Stringer (box.go), recover in deferred methods and function variables
//     (defer.go, handover.go), range and select clauses that assign with =
//     (rangeassign.go, select.go), functions and types named like an import
//     (importnames.go), package variables initialized in dependency order
//     (initorder.go), functions called in parentheses (parens.go), untyped constants
//     shifted by a variable (shift.go), assertions to types whose methods come through
//     an embedded pointer (promoted.go), returns at a cell's top level (cellreturn.go),
//     fallthrough into a default that is not last (fallthrough.go), boolean constants
//     (constbool.go), methods promoted from embedded interface fields
//     (embeddediface.go) and from embedded compiled types (forwarders.go), types and
//     aliases declared inside functions (localtypes.go, localalias.go), constants beyond
//     int64 (bigconst.go), ranges over strings (rangestring.go), flags
//     defined again (flags.go), composite literal elements that select from an indexed
//     call (complitcall.go), os.Exit, log.Fatal and log.New (exit.go), parentheses
//     around names and literals (parens.go), method values of compiled types
//     (methodvalue.go), %T of values that reach fmt through a format known only at
//     run time (fmttyped.go), compiled values of unexported types asserted to a cell's
//     interface (adapter.go), the address of an element of an array through a pointer
//     (arrayptr.go), values of a cell's interfaces put in compiled ones (celliface.go),
//     comma-ok variables a loop captures (commaokloop.go), types, methods and
//     instances that earlier cells' assertions and prints meet later (lateassert.go,
//     typenames.go), elided &T of pointers to arrays, slices and maps (elidedptr.go),
//     redefinitions that read the old value (carried.go), types referring to
//     themselves without a struct (selfref.go), array literals in loops (arraylit.go),
//     keyed literals left of && and || (logicstart.go), ++ and -- on a uintptr
//     (incdec.go), the operands of a select's communications (selectoperands.go),
//     types defined over named func types (funcbase.go), comparisons of a named type
//     with its unnamed one and of directional channels (namedcompare.go), and the
//     generic declarations of compiled packages
//     (sync.OnceValue, atomic.Pointer, errors.AsType, rand.N, reflect.TypeFor:
//     overlays, see sources.go and stdgeneric/overlay).
//
// Tracebacks point at the cell: the interpreter reports a frame at its function's first
// node, which the sites of the function place where it failed (sites.go), telling apart
// panic calls by their messages (panicsays.go).
//
// Types of compiled packages come from the interpreter's symbol tables by reflection
// (see Importer), so the kernel needs neither the Go toolchain nor package sources at run
// time.
package front
