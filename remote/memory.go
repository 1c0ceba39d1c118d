package remote

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"time"
)

// MinMemoryLimit is the smallest memory limit accepted: below it the interpreter itself
// would not fit.
const MinMemoryLimit = 64 << 20

var sizeUnits = []struct {
	suffix string
	mult   float64
}{
	{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"tib", 1 << 40},
	{"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"tb", 1e12},
	{"k", 1 << 10}, {"m", 1 << 20}, {"g", 1 << 30}, {"t", 1 << 40},
	{"b", 1}, {"", 1},
}

// ParseSize reads a memory size such as "2GiB", "1.5g", "512MiB", "800MB" or a number
// of bytes. K, M, G and T alone are binary units, as in ulimit and Go's GOMEMLIMIT.
// "0", "off" and "none" mean no limit and return 0.
func ParseSize(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	switch t {
	case "0", "off", "none", "unlimited":
		return 0, nil
	}
	for _, u := range sizeUnits {
		num, ok := strings.CutSuffix(t, u.suffix)
		if !ok {
			continue
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
		if err != nil {
			break
		}
		if v < 0 || math.IsInf(v, 0) || math.IsNaN(v) || v*u.mult > math.MaxInt64/2 {
			return 0, fmt.Errorf("memory size %q is out of range", s)
		}
		return int64(v * u.mult), nil
	}
	return 0, fmt.Errorf("memory size %q: want a number with an optional unit, such as 4GiB, 512MiB or 800MB, or off", s)
}

// FormatSize writes n bytes in binary units: "1.5 GiB".
func FormatSize(n int64) string {
	units := []string{"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"}
	v, i := float64(n), 0
	for v >= 1024 && i < len(units)-1 {
		v /= 1024
		i++
	}
	if i == 0 {
		return fmt.Sprintf("%d bytes", n)
	}
	s := strconv.FormatFloat(v, 'f', 1, 64)
	return strings.TrimSuffix(s, ".0") + " " + units[i]
}

// DefaultMemoryLimit is three quarters of the memory this process may use: the
// machine's physical memory or, when smaller, the limit of its control group. The
// rest is left to the system and the front end. It is 0 (no limit) when neither can be
// read.
func DefaultMemoryLimit() int64 {
	avail := physicalMemory()
	if c := cgroupLimit(); c > 0 && (avail == 0 || c < avail) {
		avail = c
	}
	return avail / 4 * 3
}

// physicalMemory reads MemTotal from /proc/meminfo (Linux), or returns 0.
func physicalMemory() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}

// cgroupLimit reads the memory limit of this process's control group (v2, then v1),
// or returns 0 when there is none.
func cgroupLimit() int64 {
	for _, p := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		v, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
		if err == nil && v > 0 && v < 1<<60 { // v1 writes a huge number for "no limit"
			return v
		}
	}
	return 0
}

// memoryInUse is what the Go runtime has taken from the system and not given back: the
// quantity runtime/debug.SetMemoryLimit limits.
func memoryInUse(samples []metrics.Sample) int64 {
	metrics.Read(samples)
	total, released := samples[0].Value.Uint64(), samples[1].Value.Uint64()
	return int64(total - released)
}

// WatchMemory holds the worker process to limit bytes. The garbage collector is told to
// stay below nine tenths of it (runtime/debug.SetMemoryLimit), so that garbage never
// counts against a cell, and a watchdog samples the memory in use every interval: once
// it exceeds limit, the worker ends with Fatal (MemoryLimitExceeded), and the cell that
// was running gets an error naming the limit. Memory that only live data holds cannot
// be collected, so stopping the process is the only way to keep the limit.
//
// The returned check does the same test at once; a worker calls it when a cell ends, so
// that a cell that allocated faster than the watchdog samples is still the one told.
// With limit 0 nothing is watched and check does nothing.
func WatchMemory(limit int64, interval time.Duration, diag io.Writer) (check func()) {
	if limit <= 0 {
		return func() {}
	}
	debug.SetMemoryLimit(limit / 10 * 9)
	var mu sync.Mutex
	samples := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	check = func() {
		mu.Lock()
		used := memoryInUse(samples)
		mu.Unlock()
		if used > limit {
			Fatal(diag, "MemoryLimitExceeded", fmt.Sprintf("memory limit exceeded: the Go interpreter used %s, over the kernel's limit of %s",
				FormatSize(used), FormatSize(limit)))
		}
	}
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for range t.C {
			check()
		}
	}()
	return check
}
