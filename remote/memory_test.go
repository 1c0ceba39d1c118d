package remote

import (
	"strings"
	"testing"
)

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		err  string
	}{
		{"2GiB", 2 << 30, ""},
		{"1.5g", 3 << 29, ""},
		{"512MiB", 512 << 20, ""},
		{"512m", 512 << 20, ""},
		{"800MB", 800e6, ""},
		{"1048576", 1 << 20, ""},
		{"64 KiB", 64 << 10, ""},
		{" 4 GiB ", 4 << 30, ""},
		{"off", 0, ""},
		{"0", 0, ""},
		{"none", 0, ""},
		{"lots", 0, "want a number"},
		{"-1GiB", 0, "out of range"},
		{"1e30TiB", 0, "out of range"},
		{"", 0, "want a number"},
	}
	for _, tc := range tests {
		got, err := ParseSize(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseSize(%q) = %d, %v; want an error with %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
}

func TestFormatSize(t *testing.T) {
	tests := map[int64]string{
		512: "512 bytes", 1 << 10: "1 KiB", 1536 << 20: "1.5 GiB", 8 << 40: "8 TiB", 64 << 20: "64 MiB", 274622054: "261.9 MiB",
	}
	for n, want := range tests {
		if got := FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestDefaultMemoryLimit(t *testing.T) {
	phys := physicalMemory()
	if phys == 0 {
		t.Skip("no /proc/meminfo here")
	}
	got := DefaultMemoryLimit()
	if got <= 0 || got > phys/4*3 {
		t.Errorf("DefaultMemoryLimit() = %s with %s of memory, want at most three quarters", FormatSize(got), FormatSize(phys))
	}
	if c := cgroupLimit(); c == 0 && got != phys/4*3 {
		t.Errorf("without a cgroup limit: %s, want three quarters of %s", FormatSize(got), FormatSize(phys))
	}
}
