package main

import (
	"strings"
	"testing"
	"time"

	"github.com/descentlab/descent/remote"
)

func TestProtectionResolve(t *testing.T) {
	def := remote.DefaultMemoryLimit()
	tests := []struct {
		name        string
		flags       protection
		env         map[string]string
		wantLimit   int64
		wantTimeout time.Duration
		wantErr     string
		wantWarn    string
	}{
		{"defaults", protection{}, nil, def, 2 * time.Second, "", ""},
		{"flags", protection{"1GiB", "5s"}, nil, 1 << 30, 5 * time.Second, "", ""},
		{"off", protection{"off", "0"}, nil, 0, 0, "", ""},
		{"environment", protection{}, map[string]string{envMemoryLimit: "2g", envInterruptTimeout: "1m"}, 2 << 30, time.Minute, "", ""},
		{"flags win over the environment", protection{"1GiB", ""}, map[string]string{envMemoryLimit: "2g"}, 1 << 30, 2 * time.Second, "", ""},
		{"bad environment is ignored with a warning", protection{}, map[string]string{envMemoryLimit: "lots"}, def, 2 * time.Second, "", "ignoring DESCENT_MEMORY_LIMIT"},
		{"bad flag is an error", protection{"lots", ""}, nil, 0, 0, "-memory-limit", ""},
		{"negative timeout", protection{"", "-1s"}, nil, 0, 0, "-interrupt-timeout", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(envMemoryLimit, tc.env[envMemoryLimit])
			t.Setenv(envInterruptTimeout, tc.env[envInterruptTimeout])
			var warned string
			limit, timeout, err := tc.flags.resolve(2*time.Second, func(m string) { warned += m })
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("err %v, want one naming %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || limit != tc.wantLimit || timeout != tc.wantTimeout {
				t.Errorf("= %d, %v, %v; want %d, %v", limit, timeout, err, tc.wantLimit, tc.wantTimeout)
			}
			if !strings.Contains(warned, tc.wantWarn) || (tc.wantWarn == "" && warned != "") {
				t.Errorf("warned %q, want %q", warned, tc.wantWarn)
			}
		})
	}
}
