// The wrappers: each type is yaegi's interface wrapper (an IValue field, then one
// W-prefixed func field per method) for one set of methods. Keep the fields in step with
// the methods when editing.

package compose

import "github.com/descentlab/descent/optimizers"

// baseShapedOptimizer shows compiled code an optimizer embedding *optimizers.Base that takes tensor shapes.
type baseShapedOptimizer struct {
	IValue      any
	WName       func() string
	WStep       func(params, grads []float64) error
	WHyper      func() *optimizers.Hyper
	WState      func() *optimizers.State
	WString     func() string
	WMIMEBundle func() map[string]any
	WRule       func() (optimizers.Rule, bool)
	WSetShapes  func(ts []optimizers.Tensor) error
}

func (W baseShapedOptimizer) Name() string                           { return W.WName() }
func (W baseShapedOptimizer) Step(params, grads []float64) error     { return W.WStep(params, grads) }
func (W baseShapedOptimizer) Hyper() *optimizers.Hyper               { return W.WHyper() }
func (W baseShapedOptimizer) State() *optimizers.State               { return W.WState() }
func (W baseShapedOptimizer) String() string                         { return W.WString() }
func (W baseShapedOptimizer) MIMEBundle() map[string]any             { return W.WMIMEBundle() }
func (W baseShapedOptimizer) Rule() (optimizers.Rule, bool)          { return W.WRule() }
func (W baseShapedOptimizer) SetShapes(ts []optimizers.Tensor) error { return W.WSetShapes(ts) }

// baseEvalOptimizer shows compiled code an optimizer embedding *optimizers.Base with an evaluation point.
type baseEvalOptimizer struct {
	IValue      any
	WName       func() string
	WStep       func(params, grads []float64) error
	WHyper      func() *optimizers.Hyper
	WState      func() *optimizers.State
	WString     func() string
	WMIMEBundle func() map[string]any
	WRule       func() (optimizers.Rule, bool)
	WEvalParams func(dst, params []float64) error
}

func (W baseEvalOptimizer) Name() string                           { return W.WName() }
func (W baseEvalOptimizer) Step(params, grads []float64) error     { return W.WStep(params, grads) }
func (W baseEvalOptimizer) Hyper() *optimizers.Hyper               { return W.WHyper() }
func (W baseEvalOptimizer) State() *optimizers.State               { return W.WState() }
func (W baseEvalOptimizer) String() string                         { return W.WString() }
func (W baseEvalOptimizer) MIMEBundle() map[string]any             { return W.WMIMEBundle() }
func (W baseEvalOptimizer) Rule() (optimizers.Rule, bool)          { return W.WRule() }
func (W baseEvalOptimizer) EvalParams(dst, params []float64) error { return W.WEvalParams(dst, params) }

// baseClosureOptimizer shows compiled code an optimizer embedding *optimizers.Base that steps with a closure.
type baseClosureOptimizer struct {
	IValue       any
	WName        func() string
	WStep        func(params, grads []float64) error
	WHyper       func() *optimizers.Hyper
	WState       func() *optimizers.State
	WString      func() string
	WMIMEBundle  func() map[string]any
	WRule        func() (optimizers.Rule, bool)
	WStepClosure func(params []float64, closure optimizers.Closure) (float64, error)
}

func (W baseClosureOptimizer) Name() string                       { return W.WName() }
func (W baseClosureOptimizer) Step(params, grads []float64) error { return W.WStep(params, grads) }
func (W baseClosureOptimizer) Hyper() *optimizers.Hyper           { return W.WHyper() }
func (W baseClosureOptimizer) State() *optimizers.State           { return W.WState() }
func (W baseClosureOptimizer) String() string                     { return W.WString() }
func (W baseClosureOptimizer) MIMEBundle() map[string]any         { return W.WMIMEBundle() }
func (W baseClosureOptimizer) Rule() (optimizers.Rule, bool)      { return W.WRule() }
func (W baseClosureOptimizer) StepClosure(params []float64, closure optimizers.Closure) (float64, error) {
	return W.WStepClosure(params, closure)
}

// baseOptimizer shows compiled code an optimizer embedding *optimizers.Base.
type baseOptimizer struct {
	IValue      any
	WName       func() string
	WStep       func(params, grads []float64) error
	WHyper      func() *optimizers.Hyper
	WState      func() *optimizers.State
	WString     func() string
	WMIMEBundle func() map[string]any
	WRule       func() (optimizers.Rule, bool)
}

func (W baseOptimizer) Name() string                       { return W.WName() }
func (W baseOptimizer) Step(params, grads []float64) error { return W.WStep(params, grads) }
func (W baseOptimizer) Hyper() *optimizers.Hyper           { return W.WHyper() }
func (W baseOptimizer) State() *optimizers.State           { return W.WState() }
func (W baseOptimizer) String() string                     { return W.WString() }
func (W baseOptimizer) MIMEBundle() map[string]any         { return W.WMIMEBundle() }
func (W baseOptimizer) Rule() (optimizers.Rule, bool)      { return W.WRule() }

// shapedOptimizer shows compiled code an optimizer that takes tensor shapes.
type shapedOptimizer struct {
	IValue     any
	WName      func() string
	WStep      func(params, grads []float64) error
	WHyper     func() *optimizers.Hyper
	WState     func() *optimizers.State
	WSetShapes func(ts []optimizers.Tensor) error
}

func (W shapedOptimizer) Name() string                           { return W.WName() }
func (W shapedOptimizer) Step(params, grads []float64) error     { return W.WStep(params, grads) }
func (W shapedOptimizer) Hyper() *optimizers.Hyper               { return W.WHyper() }
func (W shapedOptimizer) State() *optimizers.State               { return W.WState() }
func (W shapedOptimizer) SetShapes(ts []optimizers.Tensor) error { return W.WSetShapes(ts) }

// evalOptimizer shows compiled code an optimizer with an evaluation point.
type evalOptimizer struct {
	IValue      any
	WName       func() string
	WStep       func(params, grads []float64) error
	WHyper      func() *optimizers.Hyper
	WState      func() *optimizers.State
	WEvalParams func(dst, params []float64) error
}

func (W evalOptimizer) Name() string                           { return W.WName() }
func (W evalOptimizer) Step(params, grads []float64) error     { return W.WStep(params, grads) }
func (W evalOptimizer) Hyper() *optimizers.Hyper               { return W.WHyper() }
func (W evalOptimizer) State() *optimizers.State               { return W.WState() }
func (W evalOptimizer) EvalParams(dst, params []float64) error { return W.WEvalParams(dst, params) }

// closureOptimizer shows compiled code an optimizer that steps with a closure.
type closureOptimizer struct {
	IValue       any
	WName        func() string
	WStep        func(params, grads []float64) error
	WHyper       func() *optimizers.Hyper
	WState       func() *optimizers.State
	WStepClosure func(params []float64, closure optimizers.Closure) (float64, error)
}

func (W closureOptimizer) Name() string                       { return W.WName() }
func (W closureOptimizer) Step(params, grads []float64) error { return W.WStep(params, grads) }
func (W closureOptimizer) Hyper() *optimizers.Hyper           { return W.WHyper() }
func (W closureOptimizer) State() *optimizers.State           { return W.WState() }
func (W closureOptimizer) StepClosure(params []float64, closure optimizers.Closure) (float64, error) {
	return W.WStepClosure(params, closure)
}

// stringOptimizer shows compiled code an optimizer with a String method.
type stringOptimizer struct {
	IValue  any
	WName   func() string
	WStep   func(params, grads []float64) error
	WHyper  func() *optimizers.Hyper
	WState  func() *optimizers.State
	WString func() string
}

func (W stringOptimizer) Name() string                       { return W.WName() }
func (W stringOptimizer) Step(params, grads []float64) error { return W.WStep(params, grads) }
func (W stringOptimizer) Hyper() *optimizers.Hyper           { return W.WHyper() }
func (W stringOptimizer) State() *optimizers.State           { return W.WState() }
func (W stringOptimizer) String() string                     { return W.WString() }

// metricStringScheduler shows compiled code a schedule fed a metric, with a String method.
type metricStringScheduler struct {
	IValue      any
	WStep       func()
	WLR         func() []float64
	WStepMetric func(metric float64)
	WString     func() string
}

func (W metricStringScheduler) Step()                     { W.WStep() }
func (W metricStringScheduler) LR() []float64             { return W.WLR() }
func (W metricStringScheduler) StepMetric(metric float64) { W.WStepMetric(metric) }
func (W metricStringScheduler) String() string            { return W.WString() }

// metricScheduler shows compiled code a schedule fed a metric.
type metricScheduler struct {
	IValue      any
	WStep       func()
	WLR         func() []float64
	WStepMetric func(metric float64)
}

func (W metricScheduler) Step()                     { W.WStep() }
func (W metricScheduler) LR() []float64             { return W.WLR() }
func (W metricScheduler) StepMetric(metric float64) { W.WStepMetric(metric) }

// stringScheduler shows compiled code a schedule with a String method.
type stringScheduler struct {
	IValue  any
	WStep   func()
	WLR     func() []float64
	WString func() string
}

func (W stringScheduler) Step()          { W.WStep() }
func (W stringScheduler) LR() []float64  { return W.WLR() }
func (W stringScheduler) String() string { return W.WString() }
