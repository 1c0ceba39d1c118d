//go:build !linux

package remote

import "syscall"

// sysProcAttr has nothing to add where there is no parent-death signal: a worker
// still exits when its request pipe closes.
func sysProcAttr() *syscall.SysProcAttr { return nil }
