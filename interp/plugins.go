package interp

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/descentlab/descent/interp/plugin"
)

// Plugins in a session: cells register through plugin.CellExports (so that their
// registrations are tried out and guarded), %plugins lists what is registered, %load
// loads plugin files, and before every cell the files loaded from disk that changed are
// loaded again.

// pluginState is the session's side of plugins.
type pluginState struct {
	cell       int    // the executing cell's number
	src        string // and its source
	interrupts atomic.Uint64
	notice     string // start-up problems, shown on the first cell's stderr
}

// Cell, Imports, Doc and Interrupts make the session a plugin.Session.
func (s *Session) Cell() (int, string)        { return s.plugins.cell, s.plugins.src }
func (s *Session) Imports() map[string]string { return s.imports }
func (s *Session) Interrupts() uint64         { return s.plugins.interrupts.Load() }

// Doc returns the doc comment of a type that cells declared.
func (s *Session) Doc(typ string) string {
	if s.front == nil {
		return ""
	}
	g, _ := s.front.Lookup(typ)
	return g.Doc
}

// beforeCell is called as a cell starts: it records the cell for registrations, shows the
// start-up notice once, and reloads the plugin files that changed on disk, one stderr
// line each.
func (s *Session) beforeCell(count int, code string) {
	s.plugins.cell, s.plugins.src = count, code
	if n := s.plugins.notice; n != "" {
		s.plugins.notice = ""
		fmt.Fprint(s.cap.errW, strings.TrimRight(n, "\n")+"\n")
	}
	for _, r := range plugin.ReloadChanged() {
		fmt.Fprintf(s.cap.errW, "plugin %s changed on disk: %s\n", r.File, strings.TrimPrefix(r.Summary(), r.File+": "))
	}
}

// loadPlugins runs %load PATH: a plugin file, or a folder of them.
func (s *Session) loadPlugins(path string) *Error {
	if path == "" {
		return newError("UsageError", "%load needs a path: a plugin file (%load plugins/yogi.go) or a folder of them")
	}
	path = expandHome(path)
	reports, err := plugin.LoadPath(path)
	if err != nil {
		return newError("PluginError", err.Error())
	}
	if len(reports) == 0 {
		fmt.Fprintf(s.cap.outW, "%s: no .go files\n", path)
	}
	var failed []string
	for _, r := range reports {
		fmt.Fprintln(s.cap.outW, r.Summary())
		for _, n := range r.Notes {
			fmt.Fprintln(s.cap.outW, "  "+n)
		}
		failed = append(failed, r.Errors...)
	}
	if s.opts.OnPluginLoad != nil {
		if abs, err := filepath.Abs(path); err == nil {
			s.opts.OnPluginLoad(abs)
		}
	}
	if len(failed) > 0 {
		return newError("PluginError", failed[0], failed[1:]...)
	}
	return nil
}

// listPlugins is the text of %plugins.
func (s *Session) listPlugins() string {
	var b strings.Builder
	all := plugin.Plugins()
	wName, wOrigin := 0, 0
	for _, p := range all {
		wName = max(wName, len(p.Name))
		wOrigin = max(wOrigin, len(p.Origin))
	}
	heads := map[plugin.Kind]string{plugin.Optimizer: "Optimizers", plugin.Schedule: "Schedules", plugin.Loss: "Losses"}
	var kind plugin.Kind
	for _, p := range all {
		if p.Kind != kind {
			kind = p.Kind
			fmt.Fprintf(&b, "%s (%s)\n", heads[kind], count(all, kind))
		}
		doc := p.Doc
		if p.Note != "" {
			doc = "[" + p.Note + "] " + doc
		}
		fmt.Fprintf(&b, "  %-*s  %-*s  %s\n", wName, p.Name, wOrigin, p.Origin, doc)
	}
	if probs := plugin.Problems(); len(probs) > 0 {
		b.WriteString("Problems\n")
		for _, r := range probs {
			for _, e := range r.Errors {
				fmt.Fprintf(&b, "  %s\n", e)
			}
		}
	}
	b.WriteString("\nPlugins load from the kernel's plugin folders at start and with %load PATH; a loaded file that changes on disk is loaded again before the next cell.\n")
	return b.String()
}

// count says how many of all are of kind k, and how many of those are plugins.
func count(all []plugin.Plugin, k plugin.Kind) string {
	n, mine := 0, 0
	for _, p := range all {
		if p.Kind == k {
			n++
			if p.Origin != "built-in" {
				mine++
			}
		}
	}
	return fmt.Sprintf("%d, %d of them plugins", n, mine)
}

// expandHome replaces a leading ~/ with the user's home folder, as a shell would.
func expandHome(path string) string {
	if rest, ok := strings.CutPrefix(path, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return path
}
