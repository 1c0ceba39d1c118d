package notebook

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
)

// Output receives what a cell shows while it runs: the same events a Jupyter front end gets
// on iopub, minus the result, which Execute returns.
type Output interface {
	Stream(name, text string)
	Display(data, metadata map[string]any, displayID string)
	UpdateDisplay(data, metadata map[string]any, displayID string)
	ClearOutput(wait bool)
	Input(prompt string, password bool) (string, error)
}

// CellError is a failed cell as Jupyter shows it.
type CellError struct {
	Name, Value string
	Traceback   []string
}

func (e *CellError) Error() string { return e.Name + ": " + e.Value }

// Executor runs one cell's code. It returns the cell's value as a MIME bundle (nil for
// none) or the error the cell raised.
type Executor interface {
	Execute(ctx context.Context, code string, count int, out Output) (data, metadata map[string]any, err *CellError)
}

// Cell tags the runner honours, as nbclient spells them.
const (
	// RaisesException marks a cell whose error is expected: the run goes on.
	RaisesException = "raises-exception"
	// SkipExecution marks a cell the run leaves alone, outputs included.
	SkipExecution = "skip-execution"
)

// Runner executes a notebook's code cells in order, as Jupyter's "Run all" would.
type Runner struct {
	// Exec runs the cells; one Executor keeps state across the whole notebook.
	Exec Executor
	// Progress, when set, gets one line per code cell.
	Progress io.Writer
	// CellTimeout bounds each cell; zero means no limit.
	CellTimeout time.Duration
}

// Run executes every code cell of nb, replacing its outputs and execution counts. It stops
// at the first cell that fails unless the cell is tagged raises-exception, and returns an
// error naming that cell; the outputs of every cell run so far are kept in nb either way.
func (r *Runner) Run(ctx context.Context, nb *Notebook) error {
	var code []*Cell
	for _, c := range nb.Cells {
		if c.Type == "code" && !c.HasTag(SkipExecution) {
			c.Outputs, c.ExecutionCount = nil, 0
			code = append(code, c)
		}
	}
	count := 0
	shown := displays{}
	for i, c := range code {
		if strings.TrimSpace(c.Source) == "" {
			continue
		}
		count++
		cellCtx, cancel := ctx, context.CancelFunc(func() {})
		if r.CellTimeout > 0 {
			cellCtx, cancel = context.WithTimeout(ctx, r.CellTimeout)
		}
		rec := newRecorder(shown)
		start := time.Now()
		data, md, cerr := r.Exec.Execute(cellCtx, c.Source, count, rec)
		timedOut := cellCtx.Err() == context.DeadlineExceeded
		cancel()
		elapsed := time.Since(start)
		if data != nil && cerr == nil {
			rec.result(count, data, md)
		}
		if cerr != nil {
			rec.error(cerr.Name, cerr.Value, cerr.Traceback)
		}
		c.ExecutionCount = count
		c.Outputs = rec.finish()
		status := "ok"
		switch {
		case cerr != nil && c.HasTag(RaisesException):
			status = "error (expected: " + cerr.Name + ")"
		case cerr != nil:
			status = "ERROR " + cerr.Name + ": " + firstLine(cerr.Value)
		case c.HasTag(RaisesException):
			status = "ok, but tagged raises-exception"
		}
		if r.Progress != nil {
			fmt.Fprintf(r.Progress, "[%d/%d] cell %d: %s (%s)\n", i+1, len(code), count, status, elapsed.Round(time.Millisecond))
		}
		if cerr != nil && !c.HasTag(RaisesException) {
			if timedOut {
				return fmt.Errorf("cell %d (code cell %d of %d) timed out after %v", count, i+1, len(code), r.CellTimeout)
			}
			return fmt.Errorf("cell %d (code cell %d of %d) failed: %s: %s", count, i+1, len(code), cerr.Name, cerr.Value)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}
