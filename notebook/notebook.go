// Package notebook reads, writes and runs Jupyter notebooks (nbformat 4) without Jupyter:
// the engine behind `kernel run`.
package notebook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Notebook is an nbformat 4 notebook. Fields the runner does not touch (metadata, attachments,
// ids, unknown keys) are kept as read, so a round trip changes only outputs and counts.
type Notebook struct {
	raw   map[string]any
	Cells []*Cell
}

// Cell is one notebook cell.
type Cell struct {
	raw map[string]any
	// Type is "code", "markdown" or "raw".
	Type string
	// Source is the cell's text.
	Source string
	// ExecutionCount is the cell's execution count, or 0 for none.
	ExecutionCount int
	// Outputs are a code cell's outputs, in nbformat's JSON shape.
	Outputs []map[string]any
}

// Tags returns the cell's metadata tags, such as "raises-exception".
func (c *Cell) Tags() []string {
	md, _ := c.raw["metadata"].(map[string]any)
	list, _ := md["tags"].([]any)
	var tags []string
	for _, t := range list {
		if s, ok := t.(string); ok {
			tags = append(tags, s)
		}
	}
	return tags
}

// HasTag reports whether the cell carries tag.
func (c *Cell) HasTag(tag string) bool {
	for _, t := range c.Tags() {
		if t == tag {
			return true
		}
	}
	return false
}

// Read decodes a notebook, refusing anything but nbformat 4 with an error that says what
// was found instead.
func Read(r io.Reader) (*Notebook, error) {
	var raw map[string]any
	dec := json.NewDecoder(r)
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("notebook: not JSON: %w", err)
	}
	if v, _ := raw["nbformat"].(json.Number); v.String() != "4" {
		return nil, fmt.Errorf("notebook: nbformat %v is not supported (want 4)", raw["nbformat"])
	}
	cells, ok := raw["cells"].([]any)
	if !ok {
		return nil, fmt.Errorf("notebook: no \"cells\" list")
	}
	nb := &Notebook{raw: raw}
	for i, c := range cells {
		m, ok := c.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("notebook: cell %d is %T, not an object", i, c)
		}
		cell := &Cell{raw: m}
		cell.Type, _ = m["cell_type"].(string)
		if cell.Type == "" {
			return nil, fmt.Errorf("notebook: cell %d has no cell_type", i)
		}
		src, err := joinSource(m["source"])
		if err != nil {
			return nil, fmt.Errorf("notebook: cell %d: %w", i, err)
		}
		cell.Source = src
		if n, ok := m["execution_count"].(json.Number); ok {
			v, _ := n.Int64()
			cell.ExecutionCount = int(v)
		}
		if outs, ok := m["outputs"].([]any); ok {
			for _, o := range outs {
				if om, ok := o.(map[string]any); ok {
					cell.Outputs = append(cell.Outputs, om)
				}
			}
		}
		nb.Cells = append(nb.Cells, cell)
	}
	return nb, nil
}

// ReadFile reads the notebook at path.
func ReadFile(path string) (*Notebook, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	nb, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return nb, nil
}

// joinSource accepts nbformat's two spellings of multi-line text: a string or a list of lines.
func joinSource(v any) (string, error) {
	switch s := v.(type) {
	case nil:
		return "", nil
	case string:
		return s, nil
	case []any:
		var b strings.Builder
		for _, line := range s {
			str, ok := line.(string)
			if !ok {
				return "", fmt.Errorf("source line is %T, not a string", line)
			}
			b.WriteString(str)
		}
		return b.String(), nil
	}
	return "", fmt.Errorf("source is %T, not a string or list of strings", v)
}

// splitLines is nbformat's multi-line string form: lines keeping their "\n".
func splitLines(s string) []any {
	lines := []any{}
	for len(s) > 0 {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			lines = append(lines, s)
			break
		}
		lines = append(lines, s[:i+1])
		s = s[i+1:]
	}
	return lines
}

// Write encodes the notebook as Jupyter does: sorted keys, one-space indent, multi-line text
// as lists of lines, and a final newline.
func (nb *Notebook) Write(w io.Writer) error {
	cells := make([]any, len(nb.Cells))
	for i, c := range nb.Cells {
		c.raw["cell_type"] = c.Type
		c.raw["source"] = splitLines(c.Source)
		if c.Type == "code" {
			if c.ExecutionCount > 0 {
				c.raw["execution_count"] = c.ExecutionCount
			} else {
				c.raw["execution_count"] = nil
			}
			outs := make([]any, len(c.Outputs))
			for j, o := range c.Outputs {
				outs[j] = o
			}
			c.raw["outputs"] = outs
		}
		if _, ok := c.raw["metadata"]; !ok {
			c.raw["metadata"] = map[string]any{}
		}
		cells[i] = c.raw
	}
	nb.raw["cells"] = cells
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", " ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(nb.raw); err != nil {
		return fmt.Errorf("notebook: encode: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// WriteFile writes the notebook to path, replacing it only once the whole text is ready so
// a failed run never leaves half a notebook behind. An existing file keeps its permissions.
func (nb *Notebook) WriteFile(path string) error {
	var buf bytes.Buffer
	if err := nb.Write(&buf); err != nil {
		return err
	}
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("notebook: %w", err)
	}
	tmp := f.Name()
	_, werr := f.Write(buf.Bytes())
	cerr := f.Close()
	if err := errors.Join(werr, cerr, os.Chmod(tmp, mode)); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("notebook: writing %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("notebook: %w", err)
	}
	return nil
}

// SetLanguage records the kernel that ran the notebook, as Jupyter does on save.
func (nb *Notebook) SetLanguage(kernelName, displayName string, languageInfo map[string]any) {
	md, _ := nb.raw["metadata"].(map[string]any)
	if md == nil {
		md = map[string]any{}
		nb.raw["metadata"] = md
	}
	md["kernelspec"] = map[string]any{"name": kernelName, "display_name": displayName, "language": "go"}
	if languageInfo != nil {
		md["language_info"] = languageInfo
	}
}
