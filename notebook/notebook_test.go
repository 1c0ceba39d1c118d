package notebook

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fake runs "cells" written in a tiny command language, one command per line:
// out TEXT, err TEXT, show ID TEXT, update ID TEXT, clear, clearwait, value TEXT, fail NAME, input.
type fake struct{ calls []string }

func (f *fake) Execute(ctx context.Context, code string, count int, out Output) (map[string]any, map[string]any, *CellError) {
	f.calls = append(f.calls, code)
	var value map[string]any
	for _, line := range strings.Split(code, "\n") {
		cmd, arg, _ := strings.Cut(line, " ")
		switch cmd {
		case "out":
			out.Stream("stdout", arg+"\n")
		case "err":
			out.Stream("stderr", arg+"\n")
		case "show":
			id, text, _ := strings.Cut(arg, " ")
			out.Display(map[string]any{"text/plain": text}, nil, id)
		case "update":
			id, text, _ := strings.Cut(arg, " ")
			out.UpdateDisplay(map[string]any{"text/plain": text}, nil, id)
		case "clear":
			out.ClearOutput(false)
		case "clearwait":
			out.ClearOutput(true)
		case "value":
			value = map[string]any{"text/plain": arg}
		case "fail":
			return nil, nil, &CellError{Name: arg, Value: "boom", Traceback: []string{"cell[1]:1:1: boom"}}
		case "input":
			if _, err := out.Input("? ", false); err != nil {
				return nil, nil, &CellError{Name: "StdinError", Value: err.Error()}
			}
		}
	}
	return value, nil, nil
}

func makeNotebook(t *testing.T, cells ...map[string]any) *Notebook {
	t.Helper()
	raw := map[string]any{"nbformat": 4, "nbformat_minor": 5, "metadata": map[string]any{"custom": "kept"}, "cells": cells}
	b, _ := json.Marshal(raw)
	nb, err := Read(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return nb
}

func code(src string, tags ...string) map[string]any {
	c := map[string]any{"cell_type": "code", "source": src, "metadata": map[string]any{}, "outputs": []any{}, "execution_count": nil}
	if len(tags) > 0 {
		c["metadata"] = map[string]any{"tags": tags}
	}
	return c
}

func outputsJSON(t *testing.T, c *Cell) string {
	t.Helper()
	b, err := json.Marshal(c.Outputs)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRunOutputs(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"streams merge by name", "out a\nout b\nerr c\nout d",
			`[{"name":"stdout","output_type":"stream","text":["a\n","b\n"]},{"name":"stderr","output_type":"stream","text":["c\n"]},{"name":"stdout","output_type":"stream","text":["d\n"]}]`},
		{"value becomes execute_result", "out x\nvalue 42",
			`[{"name":"stdout","output_type":"stream","text":["x\n"]},{"data":{"text/plain":["42"]},"execution_count":1,"metadata":{},"output_type":"execute_result"}]`},
		{"update rewrites the display in place", "show p 0%\nout between\nupdate p 100%",
			`[{"data":{"text/plain":["100%"]},"metadata":{},"output_type":"display_data"},{"name":"stdout","output_type":"stream","text":["between\n"]}]`},
		{"clear drops earlier output", "out a\nclear\nout b",
			`[{"name":"stdout","output_type":"stream","text":["b\n"]}]`},
		{"clear(wait) drops it at the next output", "out a\nclearwait\nshow d frame2",
			`[{"data":{"text/plain":["frame2"]},"metadata":{},"output_type":"display_data"}]`},
		{"stdin is refused headless", "input",
			`[{"ename":"StdinError","evalue":"standard input is not available when a notebook runs headless (kernel run)","output_type":"error","traceback":[]}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nb := makeNotebook(t, code(tt.src, RaisesException))
			if err := (&Runner{Exec: &fake{}}).Run(context.Background(), nb); err != nil {
				t.Fatal(err)
			}
			if got := outputsJSON(t, nb.Cells[0]); got != tt.want {
				t.Errorf("outputs\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestRunStopsAtFirstError(t *testing.T) {
	nb := makeNotebook(t,
		code("out one"),
		map[string]any{"cell_type": "markdown", "source": "# text", "metadata": map[string]any{}},
		code("fail Expected", RaisesException),
		code("   "),
		code("fail Boom"),
		code("out never"),
	)
	f := &fake{}
	var progress bytes.Buffer
	err := (&Runner{Exec: f, Progress: &progress}).Run(context.Background(), nb)
	if err == nil || !strings.Contains(err.Error(), "cell 3") || !strings.Contains(err.Error(), "Boom") {
		t.Fatalf("error = %v, want cell 3 failing with Boom", err)
	}
	if len(f.calls) != 3 {
		t.Errorf("executed %d cells (%q), want 3: empty cells skipped, nothing after the failure", len(f.calls), f.calls)
	}
	wantCounts := []int{1, 0, 2, 0, 3, 0}
	for i, c := range nb.Cells {
		if c.ExecutionCount != wantCounts[i] {
			t.Errorf("cell %d execution count %d, want %d", i, c.ExecutionCount, wantCounts[i])
		}
	}
	if lines := strings.Count(progress.String(), "\n"); lines != 3 {
		t.Errorf("progress has %d lines, want one per executed cell:\n%s", lines, progress.String())
	}
	if !strings.Contains(progress.String(), "expected: Expected") {
		t.Errorf("progress does not say the tagged error was expected:\n%s", progress.String())
	}
}

func TestRoundTripKeepsUnknownFields(t *testing.T) {
	src := `{"nbformat": 4, "nbformat_minor": 5, "metadata": {"custom": {"a": 1}},
	 "cells": [{"cell_type": "markdown", "id": "m1", "metadata": {}, "source": ["# Title\n", "text"], "attachments": {}},
	           {"cell_type": "code", "id": "c1", "metadata": {"tags": ["x"]}, "source": "out hi", "outputs": [], "execution_count": null}]}`
	nb, err := Read(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if nb.Cells[0].Source != "# Title\ntext" {
		t.Errorf("list source joined to %q", nb.Cells[0].Source)
	}
	if err := (&Runner{Exec: &fake{}}).Run(context.Background(), nb); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := nb.Write(&buf); err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	cells := back["cells"].([]any)
	md := cells[0].(map[string]any)
	if md["id"] != "m1" || md["attachments"] == nil {
		t.Errorf("markdown cell lost fields: %v", md)
	}
	cc := cells[1].(map[string]any)
	if cc["id"] != "c1" || cc["execution_count"].(float64) != 1 || len(cc["outputs"].([]any)) != 1 {
		t.Errorf("code cell after run: %v", cc)
	}
	if back["metadata"].(map[string]any)["custom"] == nil {
		t.Error("notebook metadata lost")
	}
	again, err := Read(bytes.NewReader(buf.Bytes()))
	if err != nil || again.Cells[1].ExecutionCount != 1 || again.Cells[0].Source != "# Title\ntext" {
		t.Errorf("re-read: %v, %+v", err, again)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{`not json`, "not JSON"},
		{`{"nbformat": 3, "cells": []}`, "nbformat 3"},
		{`{"nbformat": 4}`, `no "cells"`},
		{`{"nbformat": 4, "cells": [7]}`, "cell 0 is"},
		{`{"nbformat": 4, "cells": [{"source": "x"}]}`, "no cell_type"},
		{`{"nbformat": 4, "cells": [{"cell_type": "code", "source": 5}]}`, "source is"},
	}
	for _, tt := range tests {
		_, err := Read(strings.NewReader(tt.src))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Read(%s) error = %v, want %q", tt.src, err, tt.want)
		}
	}
}

func TestRunAcrossCells(t *testing.T) {
	skipped := code("out never")
	skipped["metadata"] = map[string]any{"tags": []any{SkipExecution}}
	skipped["outputs"] = []any{map[string]any{"output_type": "stream", "name": "stdout", "text": "kept\n"}}
	nb := makeNotebook(t,
		code("show bar 0%"),
		skipped,
		code("update bar 100%\nout done"),
		code("out a\nclearwait"),
	)
	f := &fake{}
	if err := (&Runner{Exec: f}).Run(context.Background(), nb); err != nil {
		t.Fatal(err)
	}
	if len(f.calls) != 3 {
		t.Errorf("executed %q, want the skip-execution cell left out", f.calls)
	}
	tests := []struct {
		cell int
		want string
	}{
		{0, `[{"data":{"text/plain":["100%"]},"metadata":{},"output_type":"display_data"}]`},
		{1, `[{"name":"stdout","output_type":"stream","text":"kept\n"}]`},
		{2, `[{"name":"stdout","output_type":"stream","text":["done\n"]}]`},
		{3, `[{"name":"stdout","output_type":"stream","text":["a\n"]}]`},
	}
	for _, tt := range tests {
		if got := outputsJSON(t, nb.Cells[tt.cell]); got != tt.want {
			t.Errorf("cell %d outputs\n got %s\nwant %s", tt.cell, got, tt.want)
		}
	}
	if nb.Cells[1].ExecutionCount != 0 {
		t.Errorf("skipped cell got execution count %d", nb.Cells[1].ExecutionCount)
	}
}

func TestWriteFileKeepsModeAndLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "nb.ipynb")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	nb := makeNotebook(t, code("out x"))
	if err := nb.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("mode after WriteFile: %v, %v; want 0600 kept", fi.Mode(), err)
	}
	if _, err := ReadFile(path); err != nil {
		t.Errorf("written notebook does not read back: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d files, want only the notebook", len(entries))
	}
	if err := nb.WriteFile(filepath.Join(dir, "missing", "nb.ipynb")); err == nil {
		t.Error("writing into a missing directory succeeded")
	}
}
