package schedule

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/descentlab/descent/optimizers"

	"github.com/descentlab/descent/optimizers/host"
)

// Factory builds a schedule on o from torch-style keyword arguments.
type Factory func(o optimizers.Optimizer, args map[string]any) (Scheduler, error)

type entry struct {
	name    string
	f       Factory
	builtin bool
}

var registry = struct {
	sync.RWMutex
	byKey map[string]*entry // normalized name or alias → entry
}{byKey: map[string]*entry{}}

// normalize folds names the way every registry of the library does (optimizers.FoldName),
// so "cosine_annealing" and "CosineAnnealing" are the same name.
func normalize(name string) string { return optimizers.FoldName(name) }

func init() {
	for _, b := range builtins {
		e := &entry{name: b.name, f: b.f, builtin: true}
		registry.byKey[normalize(b.name)] = e
		for _, a := range b.aliases {
			registry.byKey[normalize(a)] = e
		}
	}
}

// Register adds a schedule that New can build by name. Names are case-insensitive and
// ignore "_", "-" and spaces. A built-in name cannot be taken; registering a name again
// replaces the earlier registration, so that a notebook cell can be re-run.
func Register(name string, f Factory) error {
	key := normalize(name)
	if key == "" {
		return fmt.Errorf("schedule: Register: empty name")
	}
	if f == nil {
		return fmt.Errorf("schedule: Register %q: nil factory", name)
	}
	registry.Lock()
	defer registry.Unlock()
	if e, ok := registry.byKey[key]; ok && e.builtin {
		return fmt.Errorf("schedule: Register %q: name is taken by the built-in %s", name, e.name)
	}
	registry.byKey[key] = &entry{name: name, f: f}
	return nil
}

// Names returns the names New accepts, without aliases, sorted.
func Names() []string {
	registry.RLock()
	defer registry.RUnlock()
	seen := map[string]bool{}
	var names []string
	for _, e := range registry.byKey {
		if !seen[e.name] {
			seen[e.name] = true
			names = append(names, e.name)
		}
	}
	sort.Strings(names)
	return names
}

// New builds the schedule called name on o. Names are torch's class names, matched
// case-insensitively, plus aliases such as "cosine", "onecycle", "plateau", "warmup" and
// "time_decay", and any name added with Register. args holds torch's keyword arguments
// under torch's names, with torch's defaults for those left out; numbers may be any Go
// number type (JSON gives float64), lists []any, []int or []float64.
//
// SequentialLR and ChainedScheduler take "schedulers", a []Scheduler or a []any of
// Schedulers or [name, args] pairs (built here, in order, on o). LambdaLR and
// MultiplicativeLR take "lr_lambda", a func(epoch int) float64 or a slice of them, one per
// group.
func New(name string, o optimizers.Optimizer, args map[string]any) (s Scheduler, err error) {
	registry.RLock()
	e, ok := registry.byKey[normalize(name)]
	registry.RUnlock()
	if !ok {
		return nil, fmt.Errorf("schedule: unknown schedule %q (valid: %s)", name, strings.Join(Names(), ", "))
	}
	if args == nil {
		args = map[string]any{}
	}
	if !e.builtin {
		// A plugin factory is user code: keep its panic from taking the caller down.
		defer func() {
			if r := recover(); r != nil {
				s, err = nil, fmt.Errorf("schedule: %s: factory panicked: %v", e.name, host.Recovered(r))
			}
		}()
	}
	s, err = e.f(o, args)
	if err == nil && s == nil {
		return nil, fmt.Errorf("schedule: %s: factory returned no schedule", e.name)
	}
	return s, err
}
