package remote

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"time"
)

// Proc is a started worker process as the supervisor sees it.
type Proc struct {
	In  io.WriteCloser // requests to the worker
	Out io.ReadCloser  // replies and events from the worker
	// Wait waits for the process to end and for its diagnostic output to be read,
	// and returns its exit status (an *exec.ExitError for a real process).
	Wait func() error
	// Kill ends the process at once.
	Kill func() error
	PID  int
}

// Starter starts a worker whose diagnostic output (its standard error, where the Go
// runtime writes why a program died) goes to diag.
type Starter func(diag io.Writer) (*Proc, error)

// waitDelay bounds how long Wait reads a dead worker's diagnostic output, which a
// grandchild process may keep open.
const waitDelay = 2 * time.Second

// Command returns a Starter that runs the program at path with args and env (nil: this
// process's environment) as a worker: the protocol runs on its file descriptors 3 and 4
// (see Pipes), its standard input is empty, and its standard output and error go to
// diag. The worker is killed if this process dies (on Linux), and it should ignore
// SIGINT: a terminal's Ctrl-C reaches the whole process group, and interrupts are the
// supervisor's to deliver.
func Command(path string, args, env []string) Starter {
	return func(diag io.Writer) (*Proc, error) {
		reqR, reqW, err := os.Pipe()
		if err != nil {
			return nil, fmt.Errorf("remote: creating the request pipe: %w", err)
		}
		repR, repW, err := os.Pipe()
		if err != nil {
			reqR.Close()
			reqW.Close()
			return nil, fmt.Errorf("remote: creating the reply pipe: %w", err)
		}
		cmd := exec.Command(path, args...)
		cmd.Env = env
		cmd.Stdout, cmd.Stderr = diag, diag
		cmd.ExtraFiles = []*os.File{reqR, repW}
		cmd.SysProcAttr = sysProcAttr()
		cmd.WaitDelay = waitDelay
		err = cmd.Start()
		// The child has its own copies of its ends.
		reqR.Close()
		repW.Close()
		if err != nil {
			reqW.Close()
			repR.Close()
			return nil, fmt.Errorf("remote: starting the worker %s: %w", path, err)
		}
		return &Proc{
			In: reqW, Out: repR, PID: cmd.Process.Pid,
			Wait: func() error {
				err := cmd.Wait()
				repR.Close()
				reqW.Close()
				return err
			},
			Kill: cmd.Process.Kill,
		}, nil
	}
}
