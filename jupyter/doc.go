// Package jupyter implements the kernel side of the Jupyter messaging protocol
// (version 5.3 and later) over ZeroMQ.
//
// A kernel is a [Server] bound to the five sockets a connection file names
// (shell, control, stdin, iopub, heartbeat). The server speaks the wire protocol,
// signs and verifies messages, frames every request with busy/idle status,
// coalesces stream output and routes input requests; the language itself is
// supplied by an [Evaluator]. The package knows nothing about any interpreter.
//
// Untrusted input never stops the kernel: a message that is unsigned, badly
// signed, truncated, not JSON or of an unknown type is logged and dropped, or
// answered with an error reply when the client would otherwise wait forever. A
// signed message sent again (a replay) is refused: the server remembers the last
// 65536 signatures, as ipykernel does. Each iopub subscriber has its own bounded
// queue, so one that stops reading neither delays the others nor grows the
// kernel's memory; what it misses is counted and logged.
//
// Comms, the channel widgets use, are kept by the server: it lists open comms for
// comm_info_request, hands front ends' comm messages to an Evaluator that is a
// [CommHandler] (others have every comm refused), publishes the kernel's with
// [Server.SendComm], and closes them all with [Server.CloseComms]. Widget state updates
// that queue up while a callback runs are merged when the evaluator is a [CommMerger].
//
// Cursor positions in complete and inspect requests are offsets in Unicode code
// points, as the messaging specification defines them since version 5.2, not byte
// offsets.
package jupyter
