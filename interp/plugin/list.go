package plugin

import (
	"sort"
	"strings"
	"sync"

	"github.com/descentlab/descent/interp/symbols"
	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/schedule"
)

// Plugins returns every name the three registries know, sorted by kind (optimizers,
// schedules, losses) and name: the built-ins, with the first sentence of their
// documentation, and the plugins files and cells registered, with where they came from.
func Plugins() []Plugin {
	state.Lock()
	origins := make(map[string]Plugin, len(state.origins))
	for k, p := range state.origins {
		origins[k] = p
	}
	state.Unlock()
	var out []Plugin
	add := func(k Kind, names []string) {
		for _, n := range names {
			if p, ok := origins[key(k, n)]; ok {
				out = append(out, p)
				continue
			}
			out = append(out, Plugin{Kind: k, Name: n, Origin: "built-in", Doc: builtinDoc(k, n)})
		}
	}
	add(Optimizer, optimizers.Names())
	add(Schedule, schedule.Names())
	add(Loss, loss.Names())
	rank := map[Kind]int{Optimizer: 0, Schedule: 1, Loss: 2}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return rank[out[i].Kind] < rank[out[j].Kind]
		}
		return optimizers.FoldName(out[i].Name) < optimizers.FoldName(out[j].Name)
	})
	return out
}

// Problems returns the reports of the loaded files whose latest load failed in part or
// whole, in the order the files were first loaded.
func Problems() []*Report {
	state.Lock()
	defer state.Unlock()
	var out []*Report
	for _, id := range state.order {
		if r := state.files[id].report; r != nil && !r.OK() {
			out = append(out, r)
		}
	}
	return out
}

// packagePaths are the import paths whose documentation describes each kind's built-ins.
var packagePaths = map[Kind]string{
	Optimizer: "github.com/descentlab/descent/optimizers",
	Schedule:  "github.com/descentlab/descent/optimizers/schedule",
	Loss:      "github.com/descentlab/descent/optimizers/loss",
}

// typeDocs maps, per kind, the folded names of its package's exported types to their
// doc comments.
var typeDocs = sync.OnceValue(func() map[Kind]map[string]string {
	out := map[Kind]map[string]string{}
	for k, path := range packagePaths {
		m := map[string]string{}
		for key, d := range symbols.Docs {
			name, ok := strings.CutPrefix(key, path+".")
			if ok && !strings.Contains(name, ".") && strings.HasPrefix(d.Decl, "type ") {
				m[optimizers.FoldName(name)] = d.Text
			}
		}
		out[k] = m
	}
	return out
})

// builtinDoc returns the first sentence of the documentation of the type a built-in name
// builds: the type of that name, else the type named by what it builds (an alias such
// as "gd" builds SGD).
func builtinDoc(k Kind, name string) string {
	docs := typeDocs()[k]
	if d, ok := docs[optimizers.FoldName(name)]; ok {
		return firstLine(d)
	}
	var made string
	func() {
		defer func() { _ = recover() }()
		switch k {
		case Optimizer:
			if o, err := optimizers.New(name, nil); err == nil {
				made = o.Name()
			}
		case Loss:
			if l, err := loss.New(name, nil); err == nil {
				made = l.Name()
			}
		}
	}()
	if d, ok := docs[optimizers.FoldName(made)]; ok && made != "" {
		return firstLine(d)
	}
	return ""
}
