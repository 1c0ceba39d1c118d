// Package compose shows compiled code the optional methods of interpreted optimizers and
// schedules, through composed interface wrappers for the interpreter's MapTypes.
//
// When an interpreted value becomes a compiled interface (an optimizer a plugin's
// factory returns as optimizers.Optimizer), yaegi wraps it in a struct that has exactly
// the interface's methods, so compiled code cannot find any other: an optimizer that
// embeds *optimizers.Base is not a display.Bundler, not a fmt.Stringer and has no Rule to
// compiled code, and one with SetShapes is not an optimizers.Shaped. MapTypes lists, per
// library interface, wrappers with more methods, most first; the interpreter uses the
// first whose methods the value has. So a plugin optimizer shows its hyper-parameters and
// update rule like a built-in, takes tensor shapes from train.Fit, and a plugin schedule
// with StepMetric is a MetricScheduler to train.Fit.
//
// One wrapper is chosen per value, so of SetShapes, EvalParams and StepClosure only the
// first a value has is seen (in that order).
package compose

import (
	"reflect"

	"github.com/descentlab/descent/interp/symbols"
)

// wrappers maps a library interface, by its symbol table entry, to the composed wrappers
// for values converted to it, most methods first.
var wrappers = []struct {
	pkg, iface string
	types      []any
}{
	{"github.com/descentlab/descent/optimizers/optimizers", "_Optimizer", []any{
		baseShapedOptimizer{}, baseEvalOptimizer{}, baseClosureOptimizer{}, baseOptimizer{},
		shapedOptimizer{}, evalOptimizer{}, closureOptimizer{}, stringOptimizer{},
	}},
	{"github.com/descentlab/descent/optimizers/schedule/schedule", "_Scheduler", schedulers},
	{"github.com/descentlab/descent/optimizers/train/train", "_Scheduler", schedulers},
}

var schedulers = []any{metricStringScheduler{}, metricScheduler{}, stringScheduler{}}

// MapTypes returns the value of the "MapTypes" symbol of the "." package that an
// interpreter's Use takes, with the composed wrappers. extra entries (the session's own)
// are added to it.
func MapTypes(extra ...map[reflect.Value][]reflect.Type) map[reflect.Value][]reflect.Type {
	m := map[reflect.Value][]reflect.Type{}
	for _, w := range wrappers {
		key, ok := symbols.Symbols[w.pkg][w.iface]
		if !ok {
			panic("compose: no symbol " + w.pkg + "." + w.iface)
		}
		for _, t := range w.types {
			m[key] = append(m[key], reflect.TypeOf(t))
		}
	}
	for _, e := range extra {
		for k, v := range e {
			m[k] = v
		}
	}
	return m
}
