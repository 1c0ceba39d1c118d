// Package interp evaluates notebook cells: one yaegi interpreter per kernel session, with
// the standard library (restricted: os.Exit and log.Fatal end the cell, not the process) and
// Descent's compiled packages preloaded. The kernel binary adapts a Session to the
// Jupyter protocol; this package knows nothing of the protocol.
//
// # Cells
//
// A cell is a script: imports, declarations and statements in any order. Before anything
// runs, the front end (package front) type-checks the cell with go/types against what
// earlier cells declared and the packages cells can import, as the Go 1.26 compiler
// would: errors have the compiler's words and positions, cell[N]:line:col, N being the
// execution count. It then lowers the cell to the Go that yaegi runs with Go 1.26's
// meaning: per-iteration loop variables, range over integers and functions, min, max and
// clear, monomorphized generics (the generic standard library slices, maps, cmp and iter
// included), and compound statements at top level run inside a function literal, where
// the interpreter scopes correctly. Declarations run first, then variables and statements
// in the order written. Variables, constants, functions and types persist across cells;
// importing a package that is already imported is harmless, and using a package that is
// not imported yet gives an error naming the import. A pasted program's package clause
// is ignored and its func main runs once, after the cell's declarations.
//
// The value of a final expression statement becomes the execute_result: text/plain (see
// display.Text) plus richer MIME types for values with a MIMEBundle method, images and
// the display package's HTML, Markdown, SVG, Latex, PNG and JSON values. A call with
// several results shows them all, separated by commas; a call without results, and
// fmt.Print* and log.Print* calls, show nothing.
//
// Preimported packages (DefaultPreimports) need no import in cells: fmt, math, opt
// (github.com/descentlab/descent/optimizers), schedule, vec, display, kernel, floats and
// mat. Other packages, including optimizers/data, loss, model, train and plots, and
// gonum's stat, are one import away; %help lists them all.
//
// # Restrictions of the interpreter, and what the session does about them
//
// Types and methods cannot be redefined: the interpreter would silently keep the first
// definition. The front end rejects a different redefinition with a RedefinitionError
// that points to %reset; running the same definition again (a re-run cell) is fine.
// Functions and variables can be redefined, but code compiled earlier keeps calling the
// function it was compiled against.
//
// Runtime errors read as the Go runtime's ("panic: runtime error: index out of range [5]
// with length 0"), innermost frame first, with the compiled function where a panic in
// library code started. The index and length of an index out of range are known when the
// operands are the cell's own globals; inside functions the interpreter does not tell them.
//
// Interrupts: cancelling Execute's context stops interpreted code at once, and a loop of
// compiled calls between two of them, but not one long compiled call, which keeps running
// in the background. The interrupted cell reports an Error named "Interrupted" and the
// session stays usable with its globals intact. However, objects created inside
// functions that were running when the cell stopped may keep returning zero values
// when compiled code calls back into them, so compiled loops should instead stop
// cooperatively: kernel.Context() is the cell's context.
//
// Output: while a cell runs, the process's os.Stdout and os.Stderr and the standard
// logger are pipes of the session, so output from interpreted code, compiled code and
// goroutines is captured, and it is all published before Execute returns. Output from a
// cell's goroutines after it ended goes to the next cell. Each stream keeps its order,
// and displays come after everything printed before them, but stdout and stderr text
// printed close together may arrive in either order. Only one cell executes at a time in
// a process.
//
// Standard input: fmt.Scan* and reads of os.Stdin (an io.Reader in cells, not an
// *os.File) ask the frontend for a line through Output.Input; when the frontend refuses
// input, the read fails with the frontend's reason.
//
// Goroutines: a panic in a goroutine that a cell starts from a function literal
// (go func() { ... }()) is recovered and reported on stderr, since an unrecovered one
// would kill the kernel process; one started by naming a function (go work(x)) is not,
// so wrap such calls in a literal. A goroutine may keep running after its cell ends (its
// output then goes to the next cell), but interpreted code running while the next cell
// compiles is a data race inside yaegi: a cell should wait for the goroutines it starts.
//
// Faults Go cannot recover from in-process (a panic in a goroutine started as go work(x),
// infinite recursion, running out of memory) end the process the session runs in; the
// kernel runs sessions in a worker process that its supervisor replaces (package remote),
// so they end the cell with an error and a fresh interpreter instead of killing the
// kernel. New lowers the maximum stack so that runaway recursion dies in well under a
// second (see Options.MaxStack). Each cell also keeps a few kilobytes of interpreter
// memory until %reset.
//
// # Magics
//
// Lines starting with % at the top of a cell: %help, %reset (a fresh interpreter: all
// state and imports cleared, execution count kept), %who (the cells' declarations with
// their types) and %time (wall time of the rest of the cell).
//
// # Generated files
//
// interp/symbols holds the yaegi symbol tables of the preloaded packages and their doc
// comments, all generated: run go generate ./interp/... after changing the exported API
// of a preloaded package. See interp/symbols/symbols.go to add a package.
package interp
