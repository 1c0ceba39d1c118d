// Package remote runs a kernel's evaluator in a child process and survives that
// process's death.
//
// Go cannot recover from every fault inside a process: a stack overflow, a panic in a
// goroutine nobody recovers, an allocation the system refuses, or a call of os.Exit in
// compiled code ends the program. So the kernel process Jupyter talks to runs a
// [Supervisor], a jupyter.Evaluator that owns no interpreter, and the interpreter runs in
// a worker process (the same binary, started by a [Starter] such as [Command]) that
// serves its own jupyter.Evaluator with a [Worker]. When the worker dies, the supervisor
// reads why from its standard error (the Go runtime's last words), answers the running
// cell with an error that says what happened in plain words, what was lost and how to
// get it back, and starts a fresh worker at once. The protocol server keeps its sockets,
// execution count and history, so the front end never sees a dead kernel.
//
// # Protocol
//
// Supervisor and worker exchange [Envelope] messages over two pipes (the worker's file
// descriptors 3 and 4, see [Pipes]): a 4-byte length and a JSON object carrying the
// protocol [Version], a kind, and a request id or the id of the request the message
// belongs to. Requests get exactly one reply; events get none; a cell's output travels
// as events of its execute request, and its input request as a nested request. Kinds:
//
//	worker → supervisor   hello (once ready), remember (an Action for later workers)
//	supervisor → worker   execute, complete, inspect, is_complete, cancel (interrupt)
//	within an execute     stream, display, update_display, clear_output, result, input
//
// A later feature adds kinds without changing the version: [Worker.Handle] and
// [Supervisor.Call] carry requests from the supervisor ([Supervisor.CallCode] for one
// that runs code from cells, such as a comm message from a front end to a widget, whose
// callbacks can get stuck like a cell), with [RequestOutput] and [OutputHandler] for
// what such a request shows; [Worker.Send] and [Supervisor.Handle] carry events from the worker
// outside any cell (a widget's message sent from a goroutine). Messages a worker sends
// while a cell runs and that the built-in kinds do not cover reach the Supervisor.Handle
// handler of their kind too. [Config].Restarted is called when a worker dies, to write
// off what lived in it (open comms).
//
// # Setup actions
//
// What a restart loses but the user did not type in a cell, such as plugins loaded from
// files, comes back through [Action]s: steps the supervisor replays on every fresh
// worker before it runs a cell. A worker that performed a step asks for its replay with
// [Worker.Remember]; the worker process serves the step's kind with [Worker.Handle]. A
// step that kills the worker while being replayed is dropped, and the user told so.
// Plugins the worker loads from folders at start-up need no action at all: every fresh
// worker loads them again.
//
// # Faults
//
// A fault is reported as an error named after it (StackOverflow, GoroutinePanic,
// OutOfMemory, MemoryLimitExceeded, OutputClosed, Interrupted, Exited, Killed, Crashed),
// with the cell position where it can be known: the recursive function's call for a
// stack overflow, the innermost interpreted frame for a goroutine panic (see
// interp.MirrorTraceback and [TraceWriter]). [WatchMemory] holds a worker to a memory
// limit. A cell interrupted again once the first interrupt has had [Config].InterruptGrace
// to work, or still running [Config].InterruptTimeout after an interrupt, has its worker
// stopped the same way.
//
// %rerun, served by the supervisor, re-executes in order the cells that succeeded since
// the last %reset and were lost in a restart, stopping at the first error.
package remote
