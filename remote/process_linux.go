package remote

import "syscall"

// sysProcAttr makes the kernel kill the worker when its parent dies, so that a
// supervisor killed with SIGKILL leaves no interpreter behind.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
