// Package plugin loads optimizers, schedules and losses written as Go files: each file
// runs in an interpreter of its own, is type-checked before it runs and tried out after,
// and registers its names in the library's registries, where loading the file again
// replaces them.
//
// A plugin file is an ordinary Go file that registers in init (or in a package-level
// variable's initializer) with optimizers.Register, schedule.Register or loss.Register,
// the calls a notebook cell makes. Loading one:
//
//   - checks it as the Go compiler would (front.CheckFile), so that a missing method or an
//     undefined name is reported at FILE:LINE:COL in Go's words;
//   - runs it in a fresh interpreter, so that a changed file, with changed types, can be
//     loaded again in the same process (one interpreter cannot redefine a type). Objects
//     made from the old version keep its interpreter alive and keep working;
//   - tries every registration before it enters the registry: an optimizer must build
//     with its defaults and move the parameters of a small quadratic without an error or
//     a panic, a schedule must give finite positive rates for its first steps, and a
//     loss's gradient must pass a finite-difference check. A registration that fails is
//     reported at the Register call's FILE:LINE and left out; the others load.
//
// Cells register through the same checks (see CellExports); what they register is also
// guarded against the interpreter's hard interrupts, after which objects it made before
// would silently return zeros. Plugins lists every registered name with where it came
// from, for the kernel's %plugins.
package plugin
