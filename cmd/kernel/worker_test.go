package main

import (
	"os"
	"testing"
)

// TestMain lets the test binary serve as the kernel's worker process: kernel -f and
// kernel run start os.Executable() with the worker command, which under go test is this
// binary.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "worker" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}
