package schedule

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/optimizers"
)

// ExponentialLR multiplies the lr by gamma every epoch (torch.optim.lr_scheduler.ExponentialLR).
type ExponentialLR struct {
	core
	gamma float64
}

// NewExponentialLR returns an ExponentialLR on o.
func NewExponentialLR(o optimizers.Optimizer, gamma float64) (*ExponentialLR, error) {
	hs, err := groupsOf("ExponentialLR", o)
	if err != nil {
		return nil, err
	}
	if err := positive("ExponentialLR", "gamma", gamma); err != nil {
		return nil, err
	}
	s := &ExponentialLR{gamma: gamma}
	if err := s.start("ExponentialLR", hs, s.next); err != nil {
		return nil, err
	}
	horizon := 100
	if gamma > 0 && gamma < 1 {
		horizon = int(math.Log(0.01) / math.Log(gamma)) // down to 1% of the start
	}
	s.describe("ExponentialLR", []kv{{"gamma", gamma}}, horizon, hs,
		func(o optimizers.Optimizer) (Scheduler, error) { return built(NewExponentialLR(o, gamma)) })
	return s, nil
}

func (s *ExponentialLR) next(c *core, zero bool) ([]float64, []float64, error) {
	if zero {
		return scaled(c.baseLRs, math.Pow(s.gamma, float64(c.lastEpoch))), nil, nil
	}
	if c.lastEpoch == 0 {
		return currentLRs(c.hs), nil, nil
	}
	return scaled(currentLRs(c.hs), s.gamma), nil, nil
}

// TimeDecay is time-based decay, Keras' InverseTimeDecay and the "decay" argument of the
// classic Keras optimizers: lr = initial_lr / (1 + decayRate*p) with p = epoch/decaySteps,
// rounded down when staircase. It is not in torch; torch users write it as a LambdaLR.
type TimeDecay struct {
	core
	decayRate  float64
	decaySteps float64
	staircase  bool
}

// NewTimeDecay returns a TimeDecay on o. decaySteps is usually 1.
func NewTimeDecay(o optimizers.Optimizer, decayRate, decaySteps float64, staircase bool) (*TimeDecay, error) {
	hs, err := groupsOf("TimeDecay", o)
	if err != nil {
		return nil, err
	}
	if !(decayRate >= 0) || math.IsInf(decayRate, 0) {
		return nil, fmt.Errorf("schedule: TimeDecay: arg \"decay_rate\" must be a number >= 0, got %v", decayRate)
	}
	if err := positive("TimeDecay", "decay_steps", decaySteps); err != nil {
		return nil, err
	}
	s := &TimeDecay{decayRate: decayRate, decaySteps: decaySteps, staircase: staircase}
	if err := s.start("TimeDecay", hs, s.next); err != nil {
		return nil, err
	}
	s.describe("TimeDecay", []kv{{"decay_rate", decayRate}, {"decay_steps", decaySteps}, {"staircase", staircase}}, 100, hs,
		func(o optimizers.Optimizer) (Scheduler, error) {
			return built(NewTimeDecay(o, decayRate, decaySteps, staircase))
		})
	return s, nil
}

func (s *TimeDecay) next(c *core, _ bool) ([]float64, []float64, error) {
	p := float64(c.lastEpoch) / s.decaySteps
	if s.staircase {
		p = math.Floor(p)
	}
	denom := 1 + s.decayRate*p
	out := make([]float64, len(c.baseLRs))
	for i, b := range c.baseLRs {
		out[i] = b / denom
	}
	return out, nil, nil
}
