// Package kernelspec installs Descent's kernelspec where Jupyter looks for kernels.
package kernelspec

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/descentlab/descent"
)

// Name is the kernel's directory name: `jupyter console --kernel descent`.
const Name = "descent"

// Scope says which of Jupyter's kernel directories to install into.
type Scope int

// The places a kernelspec can go, as `jupyter kernelspec install` names them.
const (
	User      Scope = iota // the user's Jupyter data directory
	SysPrefix              // the prefix of the Python environment that runs jupyter
	Prefix                 // an explicit prefix (Options.Prefix)
)

// Options says where to install and which binary the kernelspec runs.
type Options struct {
	Scope  Scope
	Prefix string // with Scope Prefix
	Binary string // absolute path of the kernel binary; default os.Executable
	// Plugins are plugin folders the kernel loads at start, written into the
	// kernelspec's argv as -plugins DIR (made absolute: Jupyter starts kernels in the
	// notebook's folder).
	Plugins []string
}

// Dir returns the kernels directory for the options, the one `jupyter kernelspec list`
// searches for that scope.
func Dir(o Options) (string, error) {
	switch o.Scope {
	case User:
		d, err := userDataDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(d, "kernels"), nil
	case SysPrefix:
		p, err := jupyterPrefix()
		if err != nil {
			return "", err
		}
		return filepath.Join(p, "share", "jupyter", "kernels"), nil
	case Prefix:
		if o.Prefix == "" {
			return "", errors.New("kernelspec: --prefix needs a directory")
		}
		abs, err := filepath.Abs(o.Prefix)
		if err != nil {
			return "", err
		}
		return filepath.Join(abs, "share", "jupyter", "kernels"), nil
	}
	return "", fmt.Errorf("kernelspec: unknown scope %d", o.Scope)
}

// userDataDir follows jupyter_core: $JUPYTER_DATA_DIR, else the platform's data directory.
func userDataDir() (string, error) {
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return d, nil
	}
	if runtime.GOOS == "windows" {
		return filepath.Join(os.Getenv("APPDATA"), "jupyter"), nil
	}
	if x := os.Getenv("XDG_DATA_HOME"); x != "" && runtime.GOOS != "darwin" {
		return filepath.Join(x, "jupyter"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("kernelspec: --user needs a home directory (%v); use --prefix DIR or set JUPYTER_DATA_DIR", err)
	}
	if runtime.GOOS == "darwin" {
		return filepath.Join(home, "Library", "Jupyter"), nil
	}
	return filepath.Join(home, ".local", "share", "jupyter"), nil
}

// jupyterPrefix finds the prefix of the environment whose jupyter is on PATH
// (PREFIX/bin/jupyter), which is sys.prefix for that Python.
func jupyterPrefix() (string, error) {
	j, err := exec.LookPath("jupyter")
	if err != nil {
		return "", errors.New("kernelspec: --sys-prefix needs `jupyter` on PATH to find its prefix; use --user or --prefix DIR")
	}
	if real, err := filepath.EvalSymlinks(j); err == nil {
		j = real
	}
	return filepath.Dir(filepath.Dir(j)), nil
}

// Install writes kernel.json and the logos into DIR/descent and returns that directory.
func Install(o Options) (string, error) {
	dir, err := Dir(o)
	if err != nil {
		return "", err
	}
	bin := o.Binary
	if bin == "" {
		if bin, err = os.Executable(); err != nil {
			return "", fmt.Errorf("kernelspec: cannot find this binary: %w", err)
		}
	}
	if bin, err = filepath.Abs(bin); err != nil {
		return "", err
	}
	if temporaryBuild(bin) {
		return "", fmt.Errorf("kernelspec: %s is a temporary build that `go run` deletes on exit; build the kernel first (go build -o ~/bin/descent-kernel ./cmd/kernel) and run install from that binary", bin)
	}
	var plugins []string
	for _, p := range o.Plugins {
		abs, err := filepath.Abs(p)
		if err != nil {
			return "", fmt.Errorf("kernelspec: plugin folder %s: %w", p, err)
		}
		plugins = append(plugins, abs)
	}
	spec, err := Spec(bin, plugins...)
	if err != nil {
		return "", err
	}
	dest := filepath.Join(dir, Name)
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return "", fmt.Errorf("kernelspec: %w", err)
	}
	files := map[string][]byte{"kernel.json": spec}
	for _, size := range []int{32, 64} {
		png, err := Logo(size)
		if err != nil {
			return "", err
		}
		files[fmt.Sprintf("logo-%dx%d.png", size, size)] = png
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dest, name), b, 0o644); err != nil {
			return "", fmt.Errorf("kernelspec: %w", err)
		}
	}
	return dest, nil
}

// temporaryBuild reports whether bin lives in a go-build directory, where `go run` and
// `go test` put binaries they delete afterwards.
func temporaryBuild(bin string) bool {
	for _, part := range strings.Split(filepath.ToSlash(bin), "/") {
		if strings.HasPrefix(part, "go-build") {
			return true
		}
	}
	return false
}

// Spec returns the kernel.json text for a kernel binary at bin that loads the plugin
// folders plugins at start (-plugins DIR for each, in order).
func Spec(bin string, plugins ...string) ([]byte, error) {
	var spec map[string]any
	if err := json.Unmarshal(descent.KernelJSON, &spec); err != nil {
		return nil, fmt.Errorf("kernelspec: template kernel.json: %w", err)
	}
	argv, ok := spec["argv"].([]any)
	if !ok || len(argv) == 0 {
		return nil, errors.New("kernelspec: template kernel.json has no argv")
	}
	argv[0] = bin
	for _, p := range plugins {
		argv = append(argv, "-plugins", p)
	}
	spec["argv"] = argv
	return json.MarshalIndent(spec, "", " ")
}
