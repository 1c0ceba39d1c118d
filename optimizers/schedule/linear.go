package schedule

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/optimizers"
)

// ConstantLR multiplies the lr by factor until epoch totalIters, then restores it
// (torch.optim.lr_scheduler.ConstantLR).
type ConstantLR struct {
	core
	factor     float64
	totalIters int
}

// NewConstantLR returns a ConstantLR on o; torch's defaults are factor 1/3, total_iters 5.
func NewConstantLR(o optimizers.Optimizer, factor float64, totalIters int) (*ConstantLR, error) {
	hs, err := groupsOf("ConstantLR", o)
	if err != nil {
		return nil, err
	}
	// torch accepts factor 0 and then divides by it at total_iters.
	if !(factor > 0 && factor <= 1) {
		return nil, fmt.Errorf("schedule: ConstantLR: arg \"factor\" must be in (0, 1], got %v", factor)
	}
	if totalIters < 0 {
		return nil, fmt.Errorf("schedule: ConstantLR: arg \"total_iters\" must be >= 0, got %d", totalIters)
	}
	s := &ConstantLR{factor: factor, totalIters: totalIters}
	if err := s.start("ConstantLR", hs, s.next); err != nil {
		return nil, err
	}
	s.describe("ConstantLR", []kv{{"factor", factor}, {"total_iters", totalIters}}, 2*totalIters, hs,
		func(o optimizers.Optimizer) (Scheduler, error) { return built(NewConstantLR(o, factor, totalIters)) })
	return s, nil
}

func (s *ConstantLR) next(c *core, zero bool) ([]float64, []float64, error) {
	e := c.lastEpoch
	if zero {
		f := s.factor
		if e >= s.totalIters {
			f += 1 - s.factor
		}
		return scaled(c.baseLRs, f), nil, nil
	}
	switch {
	case e == 0:
		return scaled(currentLRs(c.hs), s.factor), nil, nil
	case e != s.totalIters:
		return currentLRs(c.hs), nil, nil
	}
	return scaled(currentLRs(c.hs), 1.0/s.factor), nil, nil
}

// LinearLR moves the lr's multiplier linearly from startFactor to endFactor over
// totalIters epochs (torch.optim.lr_scheduler.LinearLR), the usual linear warmup in torch.
type LinearLR struct {
	core
	startFactor, endFactor float64
	totalIters             int
}

// NewLinearLR returns a LinearLR on o; torch's defaults are 1/3, 1.0 and 5.
func NewLinearLR(o optimizers.Optimizer, startFactor, endFactor float64, totalIters int) (*LinearLR, error) {
	hs, err := groupsOf("LinearLR", o)
	if err != nil {
		return nil, err
	}
	if !(startFactor > 0 && startFactor <= 1) {
		return nil, fmt.Errorf("schedule: LinearLR: arg \"start_factor\" must be in (0, 1], got %v", startFactor)
	}
	if !(endFactor >= 0 && endFactor <= 1) {
		return nil, fmt.Errorf("schedule: LinearLR: arg \"end_factor\" must be in [0, 1], got %v", endFactor)
	}
	if totalIters <= 0 {
		return nil, fmt.Errorf("schedule: LinearLR: arg \"total_iters\" must be a positive whole number, got %d", totalIters)
	}
	s := &LinearLR{startFactor: startFactor, endFactor: endFactor, totalIters: totalIters}
	if err := s.start("LinearLR", hs, s.next); err != nil {
		return nil, err
	}
	s.describe("LinearLR", []kv{{"start_factor", startFactor}, {"end_factor", endFactor}, {"total_iters", totalIters}}, 2*totalIters, hs,
		func(o optimizers.Optimizer) (Scheduler, error) {
			return built(NewLinearLR(o, startFactor, endFactor, totalIters))
		})
	return s, nil
}

func (s *LinearLR) next(c *core, zero bool) ([]float64, []float64, error) {
	e, sf, ef, T := c.lastEpoch, s.startFactor, s.endFactor, s.totalIters
	if zero {
		f := sf + (ef-sf)*float64(min(T, e))/float64(T)
		return scaled(c.baseLRs, f), nil, nil
	}
	switch {
	case e == 0:
		return scaled(currentLRs(c.hs), sf), nil, nil
	case e > T:
		return currentLRs(c.hs), nil, nil
	}
	f := 1.0 + (ef-sf)/(float64(T)*sf+float64(e-1)*(ef-sf))
	return scaled(currentLRs(c.hs), f), nil, nil
}

// PolynomialLR decays the lr to zero over totalIters epochs as (1 - epoch/totalIters)**power
// (torch.optim.lr_scheduler.PolynomialLR).
type PolynomialLR struct {
	core
	totalIters int
	power      float64
}

// NewPolynomialLR returns a PolynomialLR on o; torch's defaults are total_iters 5, power 1.
func NewPolynomialLR(o optimizers.Optimizer, totalIters int, power float64) (*PolynomialLR, error) {
	hs, err := groupsOf("PolynomialLR", o)
	if err != nil {
		return nil, err
	}
	if totalIters <= 0 {
		return nil, fmt.Errorf("schedule: PolynomialLR: arg \"total_iters\" must be a positive whole number, got %d", totalIters)
	}
	// A negative power divides by zero when the lr reaches 0.
	if !(power >= 0) || math.IsInf(power, 0) {
		return nil, fmt.Errorf("schedule: PolynomialLR: arg \"power\" must be a number >= 0, got %v", power)
	}
	s := &PolynomialLR{totalIters: totalIters, power: power}
	if err := s.start("PolynomialLR", hs, s.next); err != nil {
		return nil, err
	}
	s.describe("PolynomialLR", []kv{{"total_iters", totalIters}, {"power", power}}, totalIters*5/4+1, hs,
		func(o optimizers.Optimizer) (Scheduler, error) { return built(NewPolynomialLR(o, totalIters, power)) })
	return s, nil
}

func (s *PolynomialLR) next(c *core, zero bool) ([]float64, []float64, error) {
	e, T := c.lastEpoch, float64(s.totalIters)
	if zero {
		f := math.Pow(1.0-float64(min(s.totalIters, e))/T, s.power)
		return scaled(c.baseLRs, f), nil, nil
	}
	if e == 0 || e > s.totalIters {
		return currentLRs(c.hs), nil, nil
	}
	f := math.Pow((1.0-float64(e)/T)/(1.0-float64(e-1)/T), s.power)
	return scaled(currentLRs(c.hs), f), nil, nil
}

// LinearWarmup raises the lr linearly from startFactor*initial_lr at epoch 0 to initial_lr
// at epoch warmupSteps and holds it there: the warmup of Hugging Face's
// get_linear_schedule_with_warmup, whose startFactor is 0. Combine it with SequentialLR to
// decay afterwards. Unlike LinearLR it is computed from the base lr, not chained.
type LinearWarmup struct {
	core
	warmupSteps int
	startFactor float64
}

// NewLinearWarmup returns a LinearWarmup on o.
func NewLinearWarmup(o optimizers.Optimizer, warmupSteps int, startFactor float64) (*LinearWarmup, error) {
	hs, err := groupsOf("LinearWarmup", o)
	if err != nil {
		return nil, err
	}
	if warmupSteps <= 0 {
		return nil, fmt.Errorf("schedule: LinearWarmup: arg \"warmup_steps\" must be a positive whole number, got %d", warmupSteps)
	}
	if !(startFactor >= 0 && startFactor <= 1) {
		return nil, fmt.Errorf("schedule: LinearWarmup: arg \"start_factor\" must be in [0, 1], got %v", startFactor)
	}
	s := &LinearWarmup{warmupSteps: warmupSteps, startFactor: startFactor}
	if err := s.start("LinearWarmup", hs, s.next); err != nil {
		return nil, err
	}
	s.describe("LinearWarmup", []kv{{"warmup_steps", warmupSteps}, {"start_factor", startFactor}}, 2*warmupSteps, hs,
		func(o optimizers.Optimizer) (Scheduler, error) {
			return built(NewLinearWarmup(o, warmupSteps, startFactor))
		})
	return s, nil
}

func (s *LinearWarmup) next(c *core, _ bool) ([]float64, []float64, error) {
	f := 1.0
	if e := c.lastEpoch; e < s.warmupSteps {
		f = s.startFactor + (1-s.startFactor)*float64(e)/float64(s.warmupSteps)
	}
	return scaled(c.baseLRs, f), nil, nil
}
