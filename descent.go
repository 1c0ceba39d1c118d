// Package descent holds what the whole project shares: its version and the kernelspec
// template. The kernel itself lives in cmd/kernel, jupyter and interp; the optimization
// library in optimizers.
package descent

import _ "embed"

// Version is the Descent release, reported by `kernel version` and kernel_info.
const Version = "0.1.0"

// KernelJSON is the kernelspec template (kernel.json). Its argv[0] is replaced by the
// binary's absolute path when the kernel is installed.
//
//go:embed kernel.json
var KernelJSON []byte
