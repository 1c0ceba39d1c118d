package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/descentlab/descent"
	"github.com/descentlab/descent/interp/plugin"
	"github.com/descentlab/descent/remote"
)

// envPlugins lists plugin folders, separated as PATH is (":" on Unix).
const envPlugins = "DESCENT_PLUGINS"

// pluginDirs is a -plugins flag, which may be given several times.
type pluginDirs []string

func (p *pluginDirs) String() string { return strings.Join(*p, string(os.PathListSeparator)) }

func (p *pluginDirs) Set(dir string) error {
	if dir == "" {
		return fmt.Errorf("empty folder")
	}
	*p = append(*p, dir)
	return nil
}

func (p *pluginDirs) register(fs *flag.FlagSet) {
	fs.Var(p, "plugins", "load the plugins in `DIR` at start (repeatable; also $"+envPlugins+", and "+defaultPluginDirHelp()+")")
}

// absolute returns the folders made absolute, for a worker that may run elsewhere.
func (p pluginDirs) absolute() []string {
	var out []string
	for _, d := range p {
		if abs, err := filepath.Abs(d); err == nil {
			d = abs
		}
		out = append(out, d)
	}
	return out
}

// defaultPluginDir is the user's plugin folder: plugins/ in Descent's folder of the
// user's configuration directory, such as ~/.config/descent/plugins.
func defaultPluginDir() (string, bool) {
	d, err := os.UserConfigDir()
	if err != nil {
		return "", false
	}
	return filepath.Join(d, "descent", "plugins"), true
}

func defaultPluginDirHelp() string {
	if d, ok := defaultPluginDir(); ok {
		return d
	}
	return "the user's configuration folder/descent/plugins"
}

// pluginFolders lists the folders a kernel loads plugins from, in order, the later
// winning when two register the same name: the user's default folder, those of
// $DESCENT_PLUGINS, then those given with -plugins.
func pluginFolders(flags []string) []string {
	var out []string
	if d, ok := defaultPluginDir(); ok {
		out = append(out, d)
	}
	for _, d := range filepath.SplitList(os.Getenv(envPlugins)) {
		if d != "" {
			out = append(out, d)
		}
	}
	return append(out, flags...)
}

// loadStartupPlugins loads the shipped plugins and the plugin folders, writes every
// problem to diag (the kernel's log) and returns them as the notice for the first cell.
func loadStartupPlugins(folders []string, diag io.Writer) string {
	var reports []*plugin.Report
	if shipped, err := fs.Sub(descent.Plugins, "plugins"); err == nil {
		reports = plugin.LoadFS(shipped, "plugins")
	}
	reports = append(reports, plugin.LoadDirs(folders)...)
	notice := plugin.Notice(reports)
	if notice != "" {
		fmt.Fprintln(diag, notice)
	}
	return notice
}

// loadPluginKind is the setup action that loads a plugin file or folder given to %load
// again in a fresh worker.
const loadPluginKind = "load_plugin"

// rememberLoads returns the %load hook of a worker's session: every path loaded is
// replayed on the workers that replace this one. Its *remote.Worker is set once made.
func rememberLoads(w **remote.Worker) func(path string) {
	return func(path string) {
		body, _ := json.Marshal(path)
		if *w != nil {
			_ = (*w).Remember(remote.Action{Kind: loadPluginKind, Key: path, Body: body})
		}
	}
}

// replayLoad serves the load_plugin setup action: it loads the path again and fails
// with the first problem, which the supervisor shows in the next cell.
func replayLoad(_ context.Context, m *remote.Message) (any, error) {
	var path string
	if err := m.Decode(&path); err != nil {
		return nil, err
	}
	reports, err := plugin.LoadPath(path)
	if err != nil {
		return nil, err
	}
	for _, r := range reports {
		if !r.OK() {
			return nil, fmt.Errorf("%s", r.Errors[0])
		}
	}
	return nil, nil
}

// cmdPlugin runs kernel plugin SUBCOMMAND.
func cmdPlugin(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "check" {
		fmt.Fprintln(stderr, "usage: kernel plugin check FILE|DIR...")
		return 2
	}
	return cmdPluginCheck(args[1:], stdout, stderr)
}

// cmdPluginCheck checks plugin files as the kernel would load them, without a kernel:
// one line per plugin ("ok" or "FAIL"), and a non-zero exit status if anything failed.
func cmdPluginCheck(paths []string, stdout, stderr io.Writer) int {
	if len(paths) == 0 {
		fmt.Fprintln(stderr, "usage: kernel plugin check FILE|DIR...")
		return 2
	}
	var files []string
	failed := false
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			fmt.Fprintf(stdout, "FAIL %v\n", err)
			failed = true
			continue
		}
		if !fi.IsDir() {
			files = append(files, p)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			fmt.Fprintf(stdout, "FAIL %v\n", err)
			failed = true
			continue
		}
		n := 0
		for _, e := range entries {
			if name := e.Name(); !e.IsDir() && strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") {
				files = append(files, filepath.Join(p, name))
				n++
			}
		}
		if n == 0 {
			fmt.Fprintf(stdout, "FAIL %s: no .go files\n", p)
			failed = true
		}
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintf(stdout, "FAIL %v\n", err)
			failed = true
			continue
		}
		r := plugin.Check(f, string(b))
		for _, p := range r.Plugins {
			line := fmt.Sprintf("ok   %s %-9s %s", p.Origin, p.Kind, p.Name)
			if p.Note != "" {
				line += " (" + p.Note + ")"
			}
			fmt.Fprintln(stdout, line)
		}
		for _, e := range r.Errors {
			fmt.Fprintf(stdout, "FAIL %s\n", e)
			failed = true
		}
		if r.OK() && len(r.Plugins) == 0 {
			fmt.Fprintf(stdout, "FAIL %s: registers nothing (call optimizers.Register, schedule.Register or loss.Register in init)\n", f)
			failed = true
		}
	}
	if failed {
		return 1
	}
	return 0
}
