package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// walker is a plugin file; NAME is replaced by its registered name.
const walker = `package plugins

import opt "github.com/descentlab/descent/optimizers"

// Walker steps against the gradient by lr.
type Walker struct{ *opt.Base }

func (w *Walker) Step(p, g []float64) error {
	for i := range p {
		p[i] -= w.Hyper().Float("lr") * g[i]
	}
	return nil
}

func init() {
	opt.Register("NAME", func(h map[string]any) (opt.Optimizer, error) {
		w := &Walker{Base: opt.NewBase("Walker", map[string]any{"lr": 0.5})}
		return w, w.Hyper().SetAll(h)
	})
}
`

func writeFile(t *testing.T, path, text string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// kernel plugin check passes the shipped plugins with one line each, and fails a folder
// with a broken file, naming its FILE:LINE, while its good file still passes.
func TestPluginCheck(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"plugin", "check", "../../plugins"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d on the shipped plugins:\n%s%s", code, out.String(), errOut.String())
	}
	var names []string
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		f := strings.Fields(l)
		if len(f) != 4 || f[0] != "ok" {
			t.Errorf("line %q, want ok FILE:LINE KIND NAME", l)
			continue
		}
		names = append(names, f[3])
	}
	slices.Sort(names)
	want := []string{"adabelief", "adamod", "focal", "inverse_sqrt", "logcosh", "signsgd", "signum", "transformer"}
	if !slices.Equal(names, want) {
		t.Errorf("checked %v, want %v", names, want)
	}

	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "good.go"), strings.ReplaceAll(walker, "NAME", "chk_good"))
	writeFile(t, filepath.Join(dir, "bad.go"), strings.ReplaceAll(strings.ReplaceAll(walker, "NAME", "chk_bad"), "p[i] -= ", "p[i+1] -= "))
	out.Reset()
	if code := run([]string{"plugin", "check", dir}, &out, &errOut); code != 1 {
		t.Errorf("exit %d on a folder with a broken plugin, want 1", code)
	}
	text := out.String()
	if !strings.Contains(text, "ok   "+filepath.Join(dir, "good.go")+":16 optimizer chk_good") ||
		!strings.Contains(text, "FAIL "+filepath.Join(dir, "bad.go")+`:16: optimizer "chk_bad" not registered: panicked: reflect: slice index out of range`) {
		t.Errorf("output:\n%s", text)
	}
	for _, args := range [][]string{{"plugin"}, {"plugin", "check"}, {"plugin", "lint", dir}} {
		if code := run(args, &out, &errOut); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// Plugin folders come in order: the user's folder, $DESCENT_PLUGINS, then -plugins.
func TestPluginFolders(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/cfg")
	t.Setenv(envPlugins, "/a"+string(os.PathListSeparator)+"/b")
	got := pluginFolders([]string{"/c"})
	want := []string{"/cfg/descent/plugins", "/a", "/b", "/c"}
	if !slices.Equal(got, want) {
		t.Errorf("folders %v, want %v", got, want)
	}
}

// kernel run loads the -plugins folder at start (reporting its broken file on the first
// cell's stderr), and a file loaded with %load survives a crash of the interpreter: the
// fresh worker loads it again before the next cell.
func TestRunWithPlugins(t *testing.T) {
	dir := t.TempDir()
	plugins := filepath.Join(dir, "plugins")
	writeFile(t, filepath.Join(plugins, "walker.go"), strings.ReplaceAll(walker, "NAME", "run_walker"))
	writeFile(t, filepath.Join(plugins, "broken.go"), "package plugins\n\nfunc init() { undefined() }\n")
	extra := writeFile(t, filepath.Join(dir, "extra", "later.go"), strings.ReplaceAll(walker, "NAME", "run_later"))
	cell := func(src string, tags ...string) map[string]any {
		if tags == nil {
			tags = []string{}
		}
		return map[string]any{"cell_type": "code", "metadata": map[string]any{"tags": tags}, "source": src, "outputs": []any{}, "execution_count": nil}
	}
	nb := map[string]any{"nbformat": 4, "nbformat_minor": 5, "metadata": map[string]any{}, "cells": []any{
		cell(`o, _ := opt.New("run_walker", nil)
p := []float64{1}
o.Step(p, []float64{1})
p`),
		cell("%load " + extra),
		cell("func down(n int) int { return down(n+1) + 1 }\ndown(0)", "raises-exception"),
		cell(`q := []float64{1}
l, err := opt.New("run_later", map[string]any{"lr": 0.25})
l.Step(q, []float64{1})
fmt.Sprint(q, err)`),
	}}
	b, _ := json.Marshal(nb)
	src := writeFile(t, filepath.Join(dir, "nb.ipynb"), string(b))
	out := filepath.Join(dir, "out.ipynb")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"run", src, "--out", out, "-plugins", plugins}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var done struct {
		Cells []struct {
			Outputs []map[string]any `json:"outputs"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(mustRead(t, out), &done); err != nil {
		t.Fatal(err)
	}
	texts := make([]string, len(done.Cells))
	for i, c := range done.Cells {
		o, _ := json.Marshal(c.Outputs)
		texts[i] = string(o)
	}
	for i, want := range []string{
		`plugin problem: ./plugins/broken.go:3:15: undefined: undefined`, // cells run in the notebook's folder
		`loaded optimizer run_later`,
		`StackOverflow`,
		`[0.75] \u003cnil\u003e`,
	} {
		if !strings.Contains(texts[i], want) {
			t.Errorf("cell %d outputs %s\nwant %s", i+1, texts[i], want)
		}
	}
	if !strings.Contains(texts[0], `"[0.5]"`) {
		t.Errorf("cell 1 outputs %s, want the plugin's step [0.5]", texts[0])
	}
}
