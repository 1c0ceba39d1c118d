//go:build unix

package remote

import (
	"io"
	"os"
	"syscall"
)

// Pipes returns the ends of the protocol a worker process started by Command reads
// requests from and writes replies to: file descriptors 3 and 4. Standard input and
// output stay free for the code the worker runs.
//
// The descriptors arrive in blocking mode. They are switched to non-blocking, so that
// reads park in Go's network poller instead of holding a thread and its scheduler slot:
// otherwise the goroutine that serves a request could wait for the runtime to notice the
// blocked reader, for up to milliseconds per request.
func Pipes() (io.Reader, io.Writer) {
	for _, fd := range []int{3, 4} {
		_ = syscall.SetNonblock(fd, true)
	}
	return os.NewFile(3, "remote-requests"), os.NewFile(4, "remote-replies")
}
