package remote

import (
	"fmt"
	"strings"

	"github.com/descentlab/descent/jupyter"
)

// restartText says what a restart lost and kept.
const restartText = "The kernel restarted its Go interpreter: the variables, functions, types and imports of " +
	"earlier cells, and plugins loaded by cells, are gone; the execution count and history are kept."

// recovery says how to get the lost state back.
func (s *Supervisor) recovery() string {
	_, lost := s.cells.counts()
	s.mu.Lock()
	setup := len(s.setup)
	s.mu.Unlock()
	var b strings.Builder
	switch lost {
	case 0:
		b.WriteString("No earlier cell had succeeded since the last %reset, so there is nothing to re-run.")
	case 1:
		b.WriteString("Run %rerun to re-execute the cell that had succeeded before the restart.")
	default:
		fmt.Fprintf(&b, "Run %%rerun to re-execute, in order, the %d cells that had succeeded before the restart (since the last %%reset).", lost)
	}
	if setup > 0 {
		b.WriteString(" Plugins loaded from files were loaded again.")
	}
	return b.String()
}

// headline is the fault in one line: what happened and where.
func headline(f *Fault) string {
	if f.Where == "" {
		return f.Summary
	}
	return f.Summary + " (at " + f.Where + ")"
}

// faultError is the error a cell that died with the worker shows.
func (s *Supervisor) faultError(f *Fault) *jupyter.ErrorInfo {
	rec := s.recovery()
	tb := []string{f.Name + ": " + headline(f)}
	if f.Hint != "" {
		tb = append(tb, "  "+f.Hint)
	}
	tb = append(tb, "", restartText, rec)
	if len(f.Report) > 0 {
		tb = append(tb, "")
		for _, l := range f.Report {
			tb = append(tb, "Go runtime: "+l)
		}
	}
	return &jupyter.ErrorInfo{Name: f.Name, Value: headline(f) + ". " + restartText + " " + rec, Traceback: tb}
}

// noticeText tells the next cell about a worker that died between cells.
func (s *Supervisor) noticeText(f *Fault) string {
	var b strings.Builder
	fmt.Fprintf(&b, "The Go interpreter stopped after the previous cell had finished. %s: %s\n", f.Name, headline(f))
	if f.Hint != "" {
		b.WriteString("  " + f.Hint + "\n")
	}
	b.WriteString(restartText + "\n" + s.recovery() + "\n")
	return b.String()
}
