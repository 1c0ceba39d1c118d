//go:build !unix

package remote

import (
	"io"
	"os"
)

// Pipes returns the ends of the protocol a worker process started by Command reads
// requests from and writes replies to: file descriptors 3 and 4.
func Pipes() (io.Reader, io.Writer) {
	return os.NewFile(3, "remote-requests"), os.NewFile(4, "remote-replies")
}
