package loss

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/descentlab/descent/optimizers"
)

// Factory builds a loss from named arguments, such as {"delta": 2} for Huber. It should
// reject arguments it does not know, naming the valid ones.
type Factory func(args map[string]any) (Loss, error)

// entry is one registered loss under its readable name, as Names lists it.
type entry struct {
	name    string
	f       Factory
	builtin bool // Register may not replace it
}

var (
	mu sync.RWMutex
	// factories is keyed by optimizers.FoldName of the name, so that lookups ignore case,
	// '-', '_' and spaces exactly as the optimizer and schedule registries do.
	factories = map[string]entry{}
)

func init() {
	builtin := []struct {
		name  string
		extra string // the one float argument besides reduction, if any
		make  func(r Reduction, x float64) Loss
	}{
		{"mse", "", func(r Reduction, _ float64) Loss { return MSE{r} }},
		{"mae", "", func(r Reduction, _ float64) Loss { return MAE{r} }},
		{"huber", "delta", func(r Reduction, x float64) Loss { return Huber{x, r} }},
		{"quantile", "q", func(r Reduction, x float64) Loss { return Quantile{x, r} }},
		{"bce", "", func(r Reduction, _ float64) Loss { return BCE{r} }},
		{"hinge", "", func(r Reduction, _ float64) Loss { return Hinge{r} }},
		{"cross_entropy", "", func(r Reduction, _ float64) Loss { return CrossEntropy{r} }},
	}
	for _, b := range builtin {
		b := b
		f := func(args map[string]any) (Loss, error) {
			valid := []string{"reduction"}
			if b.extra != "" {
				valid = append(valid, b.extra)
			}
			if err := known(b.name, args, valid); err != nil {
				return nil, err
			}
			r, err := ReductionArg(b.name, args)
			if err != nil {
				return nil, err
			}
			var x float64
			if b.extra != "" {
				if x, err = FloatArg(b.name, args, b.extra, 0); err != nil {
					return nil, err
				}
			}
			l := b.make(r, x)
			// Validate the argument now rather than at the first training step.
			if err := probe(l); err != nil {
				return nil, err
			}
			return l, nil
		}
		factories[optimizers.FoldName(b.name)] = entry{name: b.name, f: f, builtin: true}
	}
	for alias, of := range map[string]string{"bce_logits": "bce", "softmax_cross_entropy": "cross_entropy", "pinball": "quantile"} {
		e := factories[optimizers.FoldName(of)]
		e.name = alias
		factories[optimizers.FoldName(alias)] = e
	}
}

// probe evaluates a built-in loss on one harmless row so that bad arguments surface when
// the loss is built.
func probe(l Loss) error {
	p, t, g := []float64{0}, []float64{0}, []float64{0}
	_, err := l.Eval(p, t, g, 1)
	return err
}

// Register makes a loss available to New under name. Names compare as optimizers.FoldName
// folds them: case-insensitively, ignoring '-', '_' and spaces. Registering a name again
// replaces the earlier loss, so re-running the notebook cell that defines it updates it;
// the built-in names, in any spelling, cannot be replaced.
func Register(name string, f Factory) error {
	key := optimizers.FoldName(name)
	if key == "" {
		return fmt.Errorf("loss: Register: empty name")
	}
	if f == nil {
		return fmt.Errorf("loss: Register %q: nil factory", name)
	}
	mu.Lock()
	defer mu.Unlock()
	if e := factories[key]; e.builtin {
		return fmt.Errorf("loss: Register %q: %q is a built-in loss; choose another name", name, e.name)
	}
	factories[key] = entry{name: strings.ToLower(strings.TrimSpace(name)), f: f}
	return nil
}

// New builds the loss registered under name from args, which may be nil. Names compare
// case-insensitively and ignore '-', '_' and spaces, so "CrossEntropy", "cross-entropy"
// and "cross_entropy" are the same. Built-ins: mse, mae, huber (delta), quantile (q), bce,
// hinge, cross_entropy, each taking "reduction": "mean" or "sum"; bce_logits,
// softmax_cross_entropy and pinball are aliases of bce, cross_entropy and quantile.
func New(name string, args map[string]any) (Loss, error) {
	mu.RLock()
	e, ok := factories[optimizers.FoldName(name)]
	mu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("loss: unknown loss %q; registered: %s", name, strings.Join(Names(), ", "))
	}
	l, err := e.f(args)
	if err != nil {
		return nil, err
	}
	if l == nil {
		return nil, fmt.Errorf("loss: factory for %q returned no loss and no error", name)
	}
	return l, nil
}

// Names returns the registered loss names in sorted order, spelt as registered in lower
// case (such as "cross_entropy"), aliases included.
func Names() []string {
	mu.RLock()
	defer mu.RUnlock()
	names := make([]string, 0, len(factories))
	for _, e := range factories {
		names = append(names, e.name)
	}
	sort.Strings(names)
	return names
}

// ReductionArg reads the "reduction" argument ("mean", the default, or "sum"), for
// factories of losses written outside this package.
func ReductionArg(loss string, args map[string]any) (Reduction, error) {
	v, ok := args["reduction"]
	if !ok {
		return Mean, nil
	}
	s, _ := v.(string)
	switch strings.ToLower(s) {
	case "mean":
		return Mean, nil
	case "sum":
		return Sum, nil
	}
	return Mean, fmt.Errorf("loss %s: reduction %v, want \"mean\" or \"sum\"", loss, v)
}

// FloatArg reads the numeric argument key, any Go integer or float (see
// optimizers.ToFloat), or def when it is absent.
func FloatArg(loss string, args map[string]any, key string, def float64) (float64, error) {
	v, ok := args[key]
	if !ok {
		return def, nil
	}
	if f, ok := optimizers.ToFloat(v); ok {
		return f, nil
	}
	return 0, fmt.Errorf("loss %s: argument %q is %T (%v), want a number", loss, key, v, v)
}

func known(loss string, args map[string]any, valid []string) error {
	for k := range args {
		found := false
		for _, v := range valid {
			if k == v {
				found = true
			}
		}
		if !found {
			return fmt.Errorf("loss %s: unknown argument %q; valid: %s", loss, k, strings.Join(valid, ", "))
		}
	}
	return nil
}
