package schedule

import (
	"fmt"
	"reflect"

	"github.com/descentlab/descent/optimizers"
)

// Scheduler changes an optimizer's learning rate as training progresses.
type Scheduler interface {
	// Step advances one step (or epoch) and writes the new lr, and momentum or beta1 where
	// the schedule cycles it, into the optimizer's hyper-parameters.
	Step()
	// LR returns the current lr of each parameter group.
	LR() []float64
}

// MetricScheduler is a schedule that reacts to a measured quantity, such as
// ReduceLROnPlateau watching a validation loss.
type MetricScheduler interface {
	Scheduler
	// StepMetric advances one epoch given the metric measured in it.
	StepMetric(metric float64)
}

// composable is what SequentialLR needs from a sub-schedule to reproduce torch: undo the
// constructor's step, redo the initial step, and jump to epoch 0. Only built-in epoch
// schedules have it; plugin schedules (which cannot implement unexported methods) are
// simply stepped.
type composable interface {
	Scheduler
	hypers() []*optimizers.Hyper
	undoStep()
	initialStep() error
	advance(zero bool) error
}

// rule computes the lr of every group for the epoch in c.lastEpoch, and the momentum too
// when the schedule cycles it (nil otherwise). zero is true when SequentialLR restarts the
// schedule at epoch 0, where torch uses the closed form if the schedule has one.
type rule func(c *core, zero bool) (lrs, moms []float64, err error)

// core is torch's _LRScheduler: the epoch counter, the base lrs and the writing of values
// into the parameter groups. Every built-in epoch schedule embeds it.
type core struct {
	about
	name      string
	hs        []*optimizers.Hyper
	baseLRs   []float64
	lastEpoch int
	stepCount int
	momKey    string // "momentum", "betas" or "" when momentum is not cycled
	err       error
	next      rule
}

// start attaches c to the groups as torch's constructor does (initial_lr, base_lrs,
// last_epoch = -1) and performs the initial step.
func (c *core) start(name string, hs []*optimizers.Hyper, next rule) error {
	c.name, c.hs, c.next = name, hs, next
	c.baseLRs = initialLRs(hs)
	c.lastEpoch = -1
	return c.initialStep()
}

func (c *core) initialStep() error {
	c.stepCount = 0
	return c.advance(false)
}

// advance is torch's step(): with zero it is step(0).
func (c *core) advance(zero bool) error {
	c.stepCount++
	if zero {
		c.lastEpoch = 0
	} else {
		c.lastEpoch++
	}
	lrs, moms, err := c.next(c, zero)
	if err != nil {
		return fmt.Errorf("schedule: %s at step %d: %w", c.name, c.lastEpoch, err)
	}
	return c.write(lrs, moms)
}

func (c *core) write(lrs, moms []float64) error {
	var first error
	for i, h := range c.hs {
		vals := map[string]any{"lr": lrs[i]}
		if moms != nil {
			setMomentum(vals, h, c.momKey, moms[i])
		}
		if err := h.SetAll(vals); err != nil && first == nil {
			first = fmt.Errorf("schedule: %s at step %d: group %d: %w", c.name, c.lastEpoch, i, err)
		}
	}
	return first
}

// setMomentum adds the write of momentum m to vals: the "momentum" hyper-parameter, or the
// first element of "betas" for Adam-style optimizers.
func setMomentum(vals map[string]any, h *optimizers.Hyper, key string, m float64) {
	if key == "betas" {
		_, b2 := h.Pair("betas")
		vals["betas"] = []float64{m, b2}
		return
	}
	vals[key] = m
}

func (c *core) record(err error) {
	if err != nil && c.err == nil {
		c.err = err
	}
}

// Step advances one epoch. A failure (the optimizer refused a value, or OneCycleLR ran
// past its total_steps) leaves that group's lr unchanged and is reported by Err.
func (c *core) Step() { c.record(c.advance(false)) }

// LR returns the current lr of each parameter group.
func (c *core) LR() []float64 { return currentLRs(c.hs) }

// Err returns the first error a Step met, or nil.
func (c *core) Err() error { return c.err }

// Epoch returns the number of steps taken since construction (torch's last_epoch).
func (c *core) Epoch() int { return c.lastEpoch }

func (c *core) hypers() []*optimizers.Hyper { return c.hs }
func (c *core) undoStep()                   { c.lastEpoch-- }

func currentLRs(hs []*optimizers.Hyper) []float64 {
	lrs := make([]float64, len(hs))
	for i, h := range hs {
		lrs[i] = h.Float("lr")
	}
	return lrs
}

// groupsOf returns the parameter groups of o, refusing optimizers a schedule cannot drive.
func groupsOf(name string, o optimizers.Optimizer) ([]*optimizers.Hyper, error) {
	if o == nil {
		return nil, fmt.Errorf("schedule: %s: optimizer is nil", name)
	}
	hs := optimizers.HypersOf(o)
	if len(hs) == 0 {
		return nil, fmt.Errorf("schedule: %s: optimizer %s has no parameter groups", name, o.Name())
	}
	for i, h := range hs {
		if h == nil || !h.Has("lr") {
			return nil, fmt.Errorf("schedule: %s: group %d of optimizer %s has no \"lr\" hyper-parameter", name, i, o.Name())
		}
	}
	return hs, nil
}

// Every built-in epoch schedule must be restartable by SequentialLR, else it would be
// silently treated like a plugin.
var (
	_ composable      = (*StepLR)(nil)
	_ composable      = (*MultiStepLR)(nil)
	_ composable      = (*ConstantLR)(nil)
	_ composable      = (*LinearLR)(nil)
	_ composable      = (*ExponentialLR)(nil)
	_ composable      = (*PolynomialLR)(nil)
	_ composable      = (*CosineAnnealingLR)(nil)
	_ composable      = (*CosineAnnealingWarmRestarts)(nil)
	_ composable      = (*CyclicLR)(nil)
	_ composable      = (*OneCycleLR)(nil)
	_ composable      = (*LambdaLR)(nil)
	_ composable      = (*MultiplicativeLR)(nil)
	_ composable      = (*TimeDecay)(nil)
	_ composable      = (*LinearWarmup)(nil)
	_ MetricScheduler = (*ReduceLROnPlateau)(nil)
	_ Scheduler       = (*SequentialLR)(nil)
	_ Scheduler       = (*ChainedScheduler)(nil)
)

// builtin returns s as a composable when it is one of this package's schedules. A type
// embedding one (a logging wrapper with its own Step) has the unexported methods too, but
// is stepped through its Step, which it may have replaced, as a plugin schedule is.
func builtin(s Scheduler) (composable, bool) {
	c, ok := s.(composable)
	return c, ok && ownType(s)
}

// aboutOf returns what one of this package's schedules says of itself (see builtin).
func aboutOf(s Scheduler) (interface{ info() *about }, bool) {
	a, ok := s.(interface{ info() *about })
	return a, ok && ownType(s)
}

// ownType reports whether s's type, or the type s points to, is declared in this package.
func ownType(s Scheduler) bool {
	t := reflect.TypeOf(s)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.PkgPath() == reflect.TypeOf(about{}).PkgPath()
}
