package optimizers

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Factory builds an optimizer from hyper-parameters given under torch's names; keys it does
// not know, values of the wrong type and invalid values are errors. It is a plain function
// type returning an interface so that a factory written in a notebook (interpreted by
// yaegi) can be registered.
type Factory func(hyper map[string]any) (Optimizer, error)

var registry = struct {
	sync.RWMutex
	m       map[string]Factory
	builtin map[string]bool // names Register may not replace
}{m: map[string]Factory{}, builtin: map[string]bool{}}

// init registers the built-ins under the names New documents.
func init() {
	builtins := map[string]Factory{
		"sgd":                         sgdFactory(nil),
		"gd":                          sgdFactory(nil),
		"gradientdescent":             sgdFactory(nil),
		"momentum":                    sgdFactory(map[string]any{"momentum": 0.9}),
		"heavyball":                   sgdFactory(map[string]any{"momentum": 0.9}),
		"nesterov":                    sgdFactory(map[string]any{"momentum": 0.9, "nesterov": true}),
		"adam":                        from(func() Optimizer { return NewAdam() }),
		"adamw":                       from(func() Optimizer { return NewAdamW() }),
		"rmsprop":                     from(func() Optimizer { return NewRMSprop() }),
		"rms":                         from(func() Optimizer { return NewRMSprop() }),
		"adagrad":                     from(func() Optimizer { return NewAdagrad() }),
		"adadelta":                    from(func() Optimizer { return NewAdadelta() }),
		"adamax":                      from(func() Optimizer { return NewAdamax() }),
		"nadam":                       from(func() Optimizer { return NewNAdam() }),
		"radam":                       from(func() Optimizer { return NewRAdam() }),
		"lion":                        from(func() Optimizer { return NewLion() }),
		"rprop":                       from(func() Optimizer { return NewRprop() }),
		"asgd":                        from(func() Optimizer { return NewASGD() }),
		"lamb":                        from(func() Optimizer { return NewLamb() }),
		"lars":                        from(func() Optimizer { return NewLARS() }),
		"yogi":                        from(func() Optimizer { return NewYogi() }),
		"adabound":                    from(func() Optimizer { return NewAdaBound() }),
		"madgrad":                     from(func() Optimizer { return NewMADGRAD() }),
		"novograd":                    from(func() Optimizer { return NewNovoGrad() }),
		"qhadam":                      from(func() Optimizer { return NewQHAdam() }),
		"lookahead":                   lookaheadFactory,
		"adamwschedulefreereference":  from(func() Optimizer { return NewAdamWScheduleFree() }),
		"adamwschedulefree":           from(func() Optimizer { return NewAdamWScheduleFree() }),
		"schedulefreeadamw":           from(func() Optimizer { return NewAdamWScheduleFree() }),
		"sgdschedulefreereference":    from(func() Optimizer { return NewSGDScheduleFree() }),
		"sgdschedulefree":             from(func() Optimizer { return NewSGDScheduleFree() }),
		"schedulefreesgd":             from(func() Optimizer { return NewSGDScheduleFree() }),
		"adafactor":                   adafactorFactory(nil),
		"adafactor[unfactored]":       adafactorFactory(map[string]any{"factored": false}),
		"shampoo":                     from(func() Optimizer { return NewShampoo() }),
		"muon":                        muonFactory,
		"singledevicemuonwithauxadam": muonFactory,
		"muonwithauxadam":             muonFactory,
		"lbfgs": func(hyper map[string]any) (Optimizer, error) {
			l, err := NewLBFGS(hyper)
			if err != nil {
				return nil, err
			}
			return l, nil
		},
	}
	for k, f := range builtins {
		registry.m[k] = f
		registry.builtin[k] = true
	}
}

// from makes a Factory from a constructor of defaults.
func from(mk func() Optimizer) Factory {
	return func(hyper map[string]any) (Optimizer, error) {
		o := mk()
		if err := o.Hyper().SetAll(hyper); err != nil {
			return nil, err
		}
		return o, nil
	}
}

// sgdFactory makes SGD with presets, which the caller's hyper-parameters override. lr
// defaults to DefaultSGDLR.
func sgdFactory(preset map[string]any) Factory {
	return func(hyper map[string]any) (Optimizer, error) {
		o := NewSGD(DefaultSGDLR)
		all := make(map[string]any, len(preset)+len(hyper))
		for k, v := range preset {
			all[k] = v
		}
		for k, v := range hyper {
			all[k] = v
		}
		if err := o.Hyper().SetAll(all); err != nil {
			return nil, err
		}
		return o, nil
	}
}

// New returns the optimizer registered under name with its defaults overridden by hyper
// (torch's names; nil for all defaults). Unknown names, unknown keys, values of the wrong
// type and invalid values are errors naming the culprit and the valid choices.
//
// Names compare case-insensitively and ignore '-', '_' and spaces, so "RMSprop",
// "rmsprop" and "rms_prop" are the same. The built-ins are torch's class names SGD, Adam,
// AdamW, RMSprop, Adagrad, Adadelta, Adamax, NAdam, RAdam, Rprop, ASGD, LBFGS (which steps
// through Minimize or StepClosure, not Step), plus Lion, and these aliases, whose presets
// hyper overrides:
//
//	gd, gradient_descent    SGD
//	momentum, heavy_ball    SGD with momentum=0.9
//	nesterov                SGD with momentum=0.9, nesterov=true
//	rms                     RMSprop
//
// Beyond torch.optim, the optimizers for large models carry their reference
// implementation's class names and hyper-parameters: Lamb, LARS, Yogi, AdaBound, MADGRAD,
// NovoGrad, QHAdam, Lookahead, Adafactor and Shampoo (torch_optimizer), the reference
// Schedule-Free AdamWScheduleFreeReference and SGDScheduleFreeReference
// (facebookresearch/schedule_free) and SingleDeviceMuonWithAuxAdam (KellerJordan/Muon),
// with these aliases:
//
//	adamw_schedule_free, schedule_free_adamw    AdamWScheduleFreeReference
//	sgd_schedule_free, schedule_free_sgd        SGDScheduleFreeReference
//	muon, muon_with_aux_adam                    SingleDeviceMuonWithAuxAdam
//	adafactor[unfactored]                       Adafactor with factored=false
//
// Lookahead wraps another optimizer given by name (see Lookahead). The layer-wise and
// matrix optimizers work per tensor: see SetShapes.
//
// torch requires SGD's lr; New uses DefaultSGDLR (0.01) when hyper has none. Names lists
// everything registered, including factories added with Register.
func New(name string, hyper map[string]any) (Optimizer, error) {
	registry.RLock()
	f, ok := registry.m[FoldName(name)]
	registry.RUnlock()
	if !ok {
		return nil, fmt.Errorf("optimizers: unknown optimizer %q (known: %s)", name, strings.Join(Names(), ", "))
	}
	o, err := f(hyper)
	if err != nil {
		return nil, err
	}
	if o == nil {
		return nil, fmt.Errorf("optimizers: factory for %q returned no optimizer", name)
	}
	return o, nil
}

// Register adds a factory under name, so that New(name, ...) builds it; names compare
// case-insensitively and ignore '-', '_' and spaces. Registering a name again replaces the
// earlier factory, so re-running the notebook cell that defines a plugin updates it; the
// built-in names cannot be replaced. An empty name or a nil factory is an error.
func Register(name string, f Factory) error {
	key := FoldName(name)
	if key == "" {
		return fmt.Errorf("optimizers: register: empty name")
	}
	if f == nil {
		return fmt.Errorf("optimizers: register %q: nil factory", name)
	}
	registry.Lock()
	defer registry.Unlock()
	if registry.builtin[key] {
		return fmt.Errorf("optimizers: register %q: %q is a built-in optimizer; choose another name", name, key)
	}
	registry.m[key] = f
	return nil
}

// Names returns the registered names in their folded form (see FoldName), sorted.
func Names() []string {
	registry.RLock()
	defer registry.RUnlock()
	names := make([]string, 0, len(registry.m))
	for k := range registry.m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}
