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

// resolve reads the flags, then the environment, then the defaults. A bad flag is an
// error; a bad environment variable is reported to warn and ignored, so that a typo in
// a kernelspec does not keep the kernel from starting.
func (p *protection) resolve(defaultTimeout time.Duration, warn func(string)) (limit int64, timeout time.Duration, err error) {
	limit, timeout = remote.DefaultMemoryLimit(), defaultTimeout
	if p.memoryLimit != "" {
		if limit, err = parseLimit(p.memoryLimit); err != nil {
			return 0, 0, fmt.Errorf("-memory-limit: %w", err)
		}
	} else if s := os.Getenv(envMemoryLimit); s != "" {
		if l, err := parseLimit(s); err != nil {
			warn(fmt.Sprintf("ignoring %s: %v; using %s", envMemoryLimit, err, remote.FormatSize(limit)))
		} else {
			limit = l
		}
	}
	if p.interruptTimeout != "" {
		if timeout, err = parseTimeout(p.interruptTimeout); err != nil {
			return 0, 0, fmt.Errorf("-interrupt-timeout: %w", err)
		}
	} else if s := os.Getenv(envInterruptTimeout); s != "" {
		if d, err := parseTimeout(s); err != nil {
			warn(fmt.Sprintf("ignoring %s: %v; using %v", envInterruptTimeout, err, timeout))
		} else {
			timeout = d
		}
	}
	return limit, timeout, nil
}

func parseLimit(s string) (int64, error) {
	limit, err := remote.ParseSize(s)
	if err != nil {
		return 0, err
	}
	if limit != 0 && limit < remote.MinMemoryLimit {
		return 0, fmt.Errorf("%s is below the %s the interpreter needs", s, remote.FormatSize(remote.MinMemoryLimit))
	}
	return limit, nil
}

func parseTimeout(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%q: want a duration such as 10s, or 0", s)
	}
	return d, nil
}

// workerDir is the folder workers run cells in, when not the kernel's own (kernel run
// sets the notebook's, as Jupyter does).
var workerDir string

// newSupervisor returns a supervisor whose workers are this binary's worker command,
// loading the plugin folders plugins at start.
func newSupervisor(log *slog.Logger, limit int64, timeout time.Duration, plugins pluginDirs) *remote.Supervisor {
	return remote.New(supervisorConfig(log, limit, timeout, plugins))
}

// supervisorConfig is the configuration of newSupervisor.
func supervisorConfig(log *slog.Logger, limit int64, timeout time.Duration, plugins pluginDirs) remote.Config {
	exe, err := os.Executable()
	if err != nil {
		exe = os.Args[0]
	}
	args := []string{"worker", "-memory-limit", strconv.FormatInt(limit, 10)}
	if workerDir != "" {
		args = append(args, "-dir", workerDir)
	}
	for _, d := range plugins.absolute() {
		args = append(args, "-plugins", d)
	}
	return remote.Config{
		Start:            remote.Command(exe, args, nil),
		Info:             kernelInfo(),
		Log:              log,
		InterruptTimeout: timeout,
		MemoryLimit:      limit,
		MemoryLimitHelp: "keep less data alive, or raise the limit with the kernel's -memory-limit flag or the " +
			envMemoryLimit + " environment variable (in the kernelspec's env), such as 16GiB or off",
	}
}
