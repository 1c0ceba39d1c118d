package schedule

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/optimizers"
)

// ConstantLR multiplies the lr by Factor until epoch TotalIters, then restores it
// (torch.optim.lr_scheduler.ConstantLR).
type ConstantLR struct {
	core
	Factor     float64
	TotalIters int
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
	s := &ConstantLR{Factor: factor, TotalIters: totalIters}
	if err := s.start("ConstantLR", hs, s.next); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *ConstantLR) next(c *core, zero bool) ([]float64, []float64, error) {
	e := c.lastEpoch
	if zero {
		f := s.Factor
		if e >= s.TotalIters {
			f += 1 - s.Factor
		}
		return scaled(c.baseLRs, f), nil, nil
	}
	switch {
	case e == 0:
		return scaled(currentLRs(c.hs), s.Factor), nil, nil
	case e != s.TotalIters:
		return currentLRs(c.hs), nil, nil
	}
	return scaled(currentLRs(c.hs), 1.0/s.Factor), nil, nil
}

// LinearLR moves the lr's multiplier linearly from StartFactor to EndFactor over
// TotalIters epochs (torch.optim.lr_scheduler.LinearLR), the usual linear warmup in torch.
type LinearLR struct {
	core
	StartFactor, EndFactor float64
	TotalIters             int
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
	s := &LinearLR{StartFactor: startFactor, EndFactor: endFactor, TotalIters: totalIters}
	if err := s.start("LinearLR", hs, s.next); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *LinearLR) next(c *core, zero bool) ([]float64, []float64, error) {
	e, sf, ef, T := c.lastEpoch, s.StartFactor, s.EndFactor, s.TotalIters
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

// PolynomialLR decays the lr to zero over TotalIters epochs as (1 - epoch/TotalIters)**Power
// (torch.optim.lr_scheduler.PolynomialLR).
type PolynomialLR struct {
	core
	TotalIters int
	Power      float64
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
	s := &PolynomialLR{TotalIters: totalIters, Power: power}
	if err := s.start("PolynomialLR", hs, s.next); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *PolynomialLR) next(c *core, zero bool) ([]float64, []float64, error) {
	e, T := c.lastEpoch, float64(s.TotalIters)
	if zero {
		f := math.Pow(1.0-float64(min(s.TotalIters, e))/T, s.Power)
		return scaled(c.baseLRs, f), nil, nil
	}
	if e == 0 || e > s.TotalIters {
		return currentLRs(c.hs), nil, nil
	}
	f := math.Pow((1.0-float64(e)/T)/(1.0-float64(e-1)/T), s.Power)
	return scaled(currentLRs(c.hs), f), nil, nil
}

// LinearWarmup raises the lr linearly from StartFactor*initial_lr at epoch 0 to initial_lr
// at epoch WarmupSteps and holds it there: the warmup of Hugging Face's
// get_linear_schedule_with_warmup, whose StartFactor is 0. Combine it with SequentialLR to
// decay afterwards. Unlike LinearLR it is computed from the base lr, not chained.
type LinearWarmup struct {
	core
	WarmupSteps int
	StartFactor float64
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
	s := &LinearWarmup{WarmupSteps: warmupSteps, StartFactor: startFactor}
	if err := s.start("LinearWarmup", hs, s.next); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *LinearWarmup) next(c *core, _ bool) ([]float64, []float64, error) {
	f := 1.0
	if e := c.lastEpoch; e < s.WarmupSteps {
		f = s.StartFactor + (1-s.StartFactor)*float64(e)/float64(s.WarmupSteps)
	}
	return scaled(c.baseLRs, f), nil, nil
}
