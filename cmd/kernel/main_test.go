package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCommandLineErrors(t *testing.T) {
	dir := t.TempDir()
	nb := filepath.Join(dir, "nb.ipynb")
	if err := os.WriteFile(nb, []byte(`{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		code     int
		inStderr string
	}{
		{"unknown command", []string{"bogus"}, 2, `unknown command "bogus"`},
		{"serve without -f", []string{}, 2, "Usage"},
		{"serve with a missing file", []string{"-f", filepath.Join(dir, "none.json")}, 1, "none.json"},
		{"bad log level", []string{"-f", "x.json", "-log-level", "loud"}, 2, "debug, info, warn or error"},
		{"bad memory limit", []string{"-f", "x.json", "-memory-limit", "lots"}, 2, `-memory-limit: memory size "lots"`},
		{"memory limit too small", []string{"run", nb, "-memory-limit", "1MiB"}, 2, "below the 64 MiB the interpreter needs"},
		{"bad interrupt timeout", []string{"run", nb, "-interrupt-timeout", "soon"}, 2, `-interrupt-timeout: "soon"`},
		{"run without a notebook", []string{"run"}, 2, "usage: kernel run"},
		{"run with two notebooks", []string{"run", nb, nb}, 2, "usage: kernel run"},
		{"run with --out and --inplace", []string{"run", "--out", "o.ipynb", "--inplace", nb}, 2, "usage: kernel run"},
		{"run a missing notebook", []string{"run", filepath.Join(dir, "missing.ipynb")}, 1, "missing.ipynb"},
		{"install with two places", []string{"install", "--user", "--prefix", dir}, 2, "choose one of"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			if code := run(tt.args, &out, &errOut); code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, errOut.String())
			}
			if !strings.Contains(errOut.String(), tt.inStderr) {
				t.Errorf("stderr %q lacks %q", errOut.String(), tt.inStderr)
			}
			if out.Len() != 0 {
				t.Errorf("stdout %q, want nothing on an error", out.String())
			}
		})
	}
}

func TestVersion(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"version"}, &out, &errOut); code != 0 || !strings.HasPrefix(out.String(), "descent kernel ") {
		t.Errorf("version: exit %d, stdout %q", code, out.String())
	}
}

// TestRunNotebook runs a notebook end to end with the real interpreter, flags after the
// path as people type them, and checks the written outputs.
func TestRunNotebook(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "nb.ipynb")
	cells := `[
	 {"cell_type": "code", "metadata": {}, "source": "x := 6 * 7\nfmt.Println(\"printed\")\nx", "outputs": [], "execution_count": null},
	 {"cell_type": "code", "metadata": {"tags": ["raises-exception"]}, "source": "panic(\"expected\")", "outputs": [], "execution_count": null},
	 {"cell_type": "code", "metadata": {}, "source": "%doc opt.NewAdam", "outputs": [], "execution_count": null},
	 {"cell_type": "code", "metadata": {}, "source": "import \"os\"\nb, err := os.ReadFile(\"beside.txt\")\nfmt.Println(string(b), err)", "outputs": [], "execution_count": null},
	 {"cell_type": "code", "metadata": {}, "source": "import \"flag\"\nvar depth = flag.Int(\"depth\", 3, \"\")\nflag.Parse()\nfmt.Println(os.Args, flag.NArg(), *depth)", "outputs": [], "execution_count": null},
	 {"cell_type": "code", "metadata": {}, "source": "var depth = flag.Int(\"depth\", 4, \"\")\nflag.Parse()\nfmt.Println(os.Args, flag.NArg(), *depth)", "outputs": [], "execution_count": null}
	]`
	// A cell reads a file beside the notebook by a relative path, as in Jupyter.
	if err := os.WriteFile(filepath.Join(dir, "beside.txt"), []byte("found beside"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(src, []byte(`{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": `+cells+`}`), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.ipynb")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"run", src, "--out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if n := strings.Count(stderr.String(), "] cell "); n != 6 {
		t.Errorf("%d progress lines, want one per cell:\n%s", n, stderr.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var nb struct {
		Metadata struct {
			LanguageInfo map[string]any `json:"language_info"`
		} `json:"metadata"`
		Cells []struct {
			Outputs []map[string]any `json:"outputs"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatal(err)
	}
	text := string(b)
	// A cell sees the command line of a program run without arguments, not the worker's,
	// and defines a flag a cell defined before without panicking.
	for _, want := range []string{`"printed\n"`, `"42"`, `"ename": "panic"`, "NewAdam returns Adam", `"found beside <nil>\n"`,
		`"[main] 0 3\n"`, `"[main] 0 4\n"`} {
		if !strings.Contains(text, want) {
			t.Errorf("executed notebook lacks %s", want)
		}
	}
	if nb.Metadata.LanguageInfo["name"] != "go" || nb.Metadata.LanguageInfo["file_extension"] != ".go" {
		t.Errorf("language_info = %v", nb.Metadata.LanguageInfo)
	}

	// Without raises-exception the same error fails the run, and the outputs so far are kept.
	failing := strings.Replace(string(mustRead(t, src)), `"tags": ["raises-exception"]`, `"tags": []`, 1)
	if err := os.WriteFile(src, []byte(failing), 0o644); err != nil {
		t.Fatal(err)
	}
	stderr.Reset()
	if code := run([]string{"run", "--inplace", src}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "expected") {
		t.Errorf("failing run: exit %d, stderr %s", code, stderr.String())
	}
	if !strings.Contains(string(mustRead(t, src)), `"printed\n"`) {
		t.Error("--inplace after a failure lost the outputs of the cells that ran")
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
