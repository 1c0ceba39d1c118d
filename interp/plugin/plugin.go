package plugin

import (
	"fmt"
	"strings"

	"github.com/descentlab/descent/optimizers"
)

// Kind is the registry a plugin is in.
type Kind string

// The three kinds of plugin.
const (
	Optimizer Kind = "optimizer"
	Schedule  Kind = "schedule"
	Loss      Kind = "loss"
)

// Plugin is one registered name and where it came from.
type Plugin struct {
	Kind Kind
	Name string
	// Origin is "built-in", the Register call's FILE:LINE, or cell[N]:LINE for a cell.
	Origin string
	// Doc is the first line of the doc comment of what the name builds.
	Doc string
	// Note says why the plugin was registered without being tried out (its factory needs
	// arguments), or that a reload of its file dropped it; "" when all is well.
	Note string
}

// Report is what loading (or checking) one file did.
type Report struct {
	// File names the file as positions show it.
	File string
	// Plugins are the names the file registered (or, for Check, would register).
	Plugins []Plugin
	// Errors are the problems found, each starting with FILE:LINE(:COL): a file that does
	// not compile or fails to run registers nothing; a registration that fails its trial
	// is left out and the others load.
	Errors []string
	// Notes are remarks that are not failures, such as a name another file registered
	// before.
	Notes []string
	// Reloaded reports that the file had been loaded before, and was loaded again.
	Reloaded bool
}

// OK reports whether the file loaded without any error.
func (r *Report) OK() bool { return len(r.Errors) == 0 }

// Summary is the report in one line: what the file registered, or its first error.
func (r *Report) Summary() string {
	var names []string
	for _, p := range r.Plugins {
		names = append(names, string(p.Kind)+" "+p.Name)
	}
	verb := "loaded"
	if r.Reloaded {
		verb = "reloaded"
	}
	switch {
	case len(r.Errors) > 0 && len(names) > 0:
		return fmt.Sprintf("%s: %s %s; %d failed: %s", r.File, verb, strings.Join(names, ", "), len(r.Errors), r.Errors[0])
	case len(r.Errors) > 0:
		return fmt.Sprintf("%s: not loaded: %s", r.File, r.Errors[0])
	case len(names) == 0:
		return fmt.Sprintf("%s: %s, but it registers nothing", r.File, verb)
	}
	return fmt.Sprintf("%s: %s %s", r.File, verb, strings.Join(names, ", "))
}

// key identifies a name in one registry, folded as the registries fold names.
func key(k Kind, name string) string { return string(k) + "\x00" + optimizers.FoldName(name) }

// Notice is what a kernel shows of the reports of its start-up: one line per problem, or
// "" when every file loaded.
func Notice(reports []*Report) string {
	var lines []string
	for _, r := range reports {
		for _, e := range r.Errors {
			lines = append(lines, "plugin problem: "+e)
		}
	}
	return strings.Join(lines, "\n")
}
