package kernelspec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInstallPrefix(t *testing.T) {
	prefix := t.TempDir()
	dir, err := Install(Options{Scope: Prefix, Prefix: prefix, Binary: "/opt/descent/kernel"})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(prefix, "share", "jupyter", "kernels", Name); dir != want {
		t.Fatalf("installed in %s, want %s", dir, want)
	}
	b, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Argv          []string `json:"argv"`
		Language      string   `json:"language"`
		DisplayName   string   `json:"display_name"`
		InterruptMode string   `json:"interrupt_mode"`
	}
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatal(err)
	}
	if len(spec.Argv) != 3 || spec.Argv[0] != "/opt/descent/kernel" || spec.Argv[1] != "-f" || spec.Argv[2] != "{connection_file}" {
		t.Errorf("argv = %q", spec.Argv)
	}
	if spec.Language != "go" || spec.InterruptMode != "message" || spec.DisplayName == "" {
		t.Errorf("spec = %+v", spec)
	}
	for _, size := range []int{32, 64} {
		name := filepath.Join(dir, fmt.Sprintf("logo-%dx%d.png", size, size))
		f, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(f))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if b := img.Bounds(); b.Dx() != size || b.Dy() != size {
			t.Errorf("%s is %v, want %dx%d", name, b, size, size)
		}
	}
}

func TestDir(t *testing.T) {
	t.Setenv("JUPYTER_DATA_DIR", "/data/jup")
	tests := []struct {
		o       Options
		want    string
		wantErr bool
	}{
		{Options{Scope: User}, "/data/jup/kernels", false},
		{Options{Scope: Prefix, Prefix: "/usr/local"}, "/usr/local/share/jupyter/kernels", false},
		{Options{Scope: Prefix}, "", true},
		{Options{Scope: Scope(9)}, "", true},
	}
	for _, tt := range tests {
		got, err := Dir(tt.o)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("Dir(%+v) = %q, %v; want %q, error %v", tt.o, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestSysPrefixFollowsJupyterOnPath(t *testing.T) {
	root := t.TempDir()
	bin := filepath.Join(root, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bin, "jupyter"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin)
	got, err := Dir(Options{Scope: SysPrefix})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(root, "share", "jupyter", "kernels"); got != want {
		t.Errorf("sys-prefix dir = %s, want %s", got, want)
	}
	t.Setenv("PATH", t.TempDir())
	if _, err := Dir(Options{Scope: SysPrefix}); err == nil {
		t.Error("no jupyter on PATH: want an error")
	}
}

func TestInstallRefusesTemporaryBuilds(t *testing.T) {
	bin := filepath.Join(os.TempDir(), "go-build123456", "b001", "exe", "kernel")
	_, err := Install(Options{Scope: Prefix, Prefix: t.TempDir(), Binary: bin})
	if err == nil || !strings.Contains(err.Error(), "go build") {
		t.Errorf("installing %s: %v, want an error that says to build the kernel first", bin, err)
	}
}

func TestUserDirWithoutHome(t *testing.T) {
	t.Setenv("JUPYTER_DATA_DIR", "")
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("HOME", "")
	if _, err := Dir(Options{Scope: User}); err == nil || !strings.Contains(err.Error(), "home directory") {
		t.Errorf("--user without HOME: %v, want an error instead of a relative path", err)
	}
}

// Plugin folders go into argv as -plugins DIR, made absolute, after the connection file.
func TestInstallPlugins(t *testing.T) {
	prefix := t.TempDir()
	t.Chdir(prefix)
	dir, err := Install(Options{Scope: Prefix, Prefix: prefix, Binary: "/opt/descent/kernel", Plugins: []string{"mine", "/srv/shared"}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Argv []string `json:"argv"`
	}
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatal(err)
	}
	want := []string{"/opt/descent/kernel", "-f", "{connection_file}", "-plugins", filepath.Join(prefix, "mine"), "-plugins", "/srv/shared"}
	if strings.Join(spec.Argv, " ") != strings.Join(want, " ") {
		t.Errorf("argv = %q, want %q", spec.Argv, want)
	}
}
