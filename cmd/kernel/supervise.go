package main

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"time"

	"github.com/descentlab/descent/remote"
)

// Environment variables that set the protection flags when the flags are not given, for
// kernelspecs and front ends that cannot pass arguments.
const (
	envMemoryLimit      = "DESCENT_MEMORY_LIMIT"
	envInterruptTimeout = "DESCENT_INTERRUPT_TIMEOUT"
)

// protection holds the flags shared by kernel -f and kernel run that bound what a cell
// may do to the interpreter process.
type protection struct {
	memoryLimit      string
	interruptTimeout string
}

func (p *protection) register(fs *flag.FlagSet, defaultTimeout string) {
	fs.StringVar(&p.memoryLimit, "memory-limit", "", "stop a cell once the interpreter uses more memory than `SIZE` "+
		"(such as 4GiB or off; default $"+envMemoryLimit+", else three quarters of the machine's memory)")
	fs.StringVar(&p.interruptTimeout, "interrupt-timeout", "", "restart the interpreter when an interrupted cell is still "+
		"running after `D` (0: only on a second interrupt; default $"+envInterruptTimeout+", else "+defaultTimeout+")")
}

// resolve reads the flags, then the environment, then the defaults.
func (p *protection) resolve(defaultTimeout time.Duration) (limit int64, timeout time.Duration, err error) {
	limit = remote.DefaultMemoryLimit()
	if s := firstSet(p.memoryLimit, os.Getenv(envMemoryLimit)); s != "" {
		if limit, err = remote.ParseSize(s); err != nil {
			return 0, 0, fmt.Errorf("-memory-limit: %w", err)
		}
		if limit != 0 && limit < remote.MinMemoryLimit {
			return 0, 0, fmt.Errorf("-memory-limit %s is below the %s the interpreter needs", s, remote.FormatSize(remote.MinMemoryLimit))
		}
	}
	timeout = defaultTimeout
	if s := firstSet(p.interruptTimeout, os.Getenv(envInterruptTimeout)); s != "" {
		if timeout, err = time.ParseDuration(s); err != nil || timeout < 0 {
			return 0, 0, fmt.Errorf("-interrupt-timeout %q: want a duration such as 10s, or 0", s)
		}
	}
	return limit, timeout, nil
}

func firstSet(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// newSupervisor returns a supervisor whose workers are this binary's worker command.
func newSupervisor(log *slog.Logger, limit int64, timeout time.Duration) *remote.Supervisor {
	exe, err := os.Executable()
	if err != nil {
		exe = os.Args[0]
	}
	return remote.New(remote.Config{
		Start:            remote.Command(exe, []string{"worker", "-memory-limit", strconv.FormatInt(limit, 10)}, nil),
		Info:             kernelInfo(),
		Log:              log,
		InterruptTimeout: timeout,
		MemoryLimit:      limit,
		MemoryLimitHelp: "keep less data alive, or raise the limit with the kernel's -memory-limit flag or the " +
			envMemoryLimit + " environment variable (in the kernelspec's env), such as 16GiB or off",
	})
}
