package main

import (
	"fmt"
	"io"
	"os"

	"github.com/descentlab/descent/kernelspec"
)

func cmdInstall(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("install", stderr)
	user := fs.Bool("user", false, "install for the current user (the default)")
	sys := fs.Bool("sys-prefix", false, "install into the prefix of the Python environment that runs jupyter")
	prefix := fs.String("prefix", "", "install into `DIR`/share/jupyter/kernels")
	var plugins pluginDirs
	fs.Var(&plugins, "plugins", "make the kernel load the plugins in `DIR` at start (repeatable)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	chosen := 0
	o := kernelspec.Options{Scope: kernelspec.User, Plugins: plugins}
	if *user {
		chosen++
	}
	if *sys {
		chosen++
		o.Scope = kernelspec.SysPrefix
	}
	if *prefix != "" {
		chosen++
		o.Scope, o.Prefix = kernelspec.Prefix, *prefix
	}
	if chosen > 1 || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "install: choose one of --user, --sys-prefix, --prefix DIR")
		return 2
	}
	dir, err := kernelspec.Install(o)
	if err != nil {
		fmt.Fprintln(stderr, "install:", err)
		return 1
	}
	fmt.Fprintf(stdout, "Installed kernelspec %q in %s\n", kernelspec.Name, dir)
	for _, d := range plugins.absolute() {
		if _, err := os.Stat(d); err != nil {
			fmt.Fprintf(stdout, "note: plugin folder %s does not exist yet; the kernel loads it once it does\n", d)
		}
	}
	return 0
}
