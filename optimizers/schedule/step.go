package schedule

import (
	"fmt"
	"math"
	"sort"

	"github.com/descentlab/descent/optimizers"
)

// StepLR multiplies the lr by gamma every stepSize epochs (torch.optim.lr_scheduler.StepLR).
type StepLR struct {
	core
	stepSize int
	gamma    float64
}

// NewStepLR returns a StepLR on o; torch's default gamma is 0.1.
func NewStepLR(o optimizers.Optimizer, stepSize int, gamma float64) (*StepLR, error) {
	hs, err := groupsOf("StepLR", o)
	if err != nil {
		return nil, err
	}
	if stepSize <= 0 {
		return nil, fmt.Errorf("schedule: StepLR: arg \"step_size\" must be a positive whole number, got %d", stepSize)
	}
	if err := positive("StepLR", "gamma", gamma); err != nil {
		return nil, err
	}
	s := &StepLR{stepSize: stepSize, gamma: gamma}
	if err := s.start("StepLR", hs, s.next); err != nil {
		return nil, err
	}
	s.describe("StepLR", []kv{{"step_size", stepSize}, {"gamma", gamma}}, 4*stepSize, hs,
		func(o optimizers.Optimizer) (Scheduler, error) { return built(NewStepLR(o, stepSize, gamma)) })
	return s, nil
}

func (s *StepLR) next(c *core, zero bool) ([]float64, []float64, error) {
	e := c.lastEpoch
	if zero {
		return scaled(c.baseLRs, math.Pow(s.gamma, float64(e/s.stepSize))), nil, nil
	}
	if e == 0 || e%s.stepSize != 0 {
		return currentLRs(c.hs), nil, nil
	}
	return scaled(currentLRs(c.hs), s.gamma), nil, nil
}

// MultiStepLR multiplies the lr by gamma at each milestone epoch; a milestone listed c times
// multiplies by gamma**c (torch.optim.lr_scheduler.MultiStepLR).
type MultiStepLR struct {
	core
	milestones []int // sorted, duplicates kept
	gamma      float64
}

// NewMultiStepLR returns a MultiStepLR on o; torch's default gamma is 0.1.
func NewMultiStepLR(o optimizers.Optimizer, milestones []int, gamma float64) (*MultiStepLR, error) {
	hs, err := groupsOf("MultiStepLR", o)
	if err != nil {
		return nil, err
	}
	if err := positive("MultiStepLR", "gamma", gamma); err != nil {
		return nil, err
	}
	for i, m := range milestones {
		if m < 0 {
			return nil, fmt.Errorf("schedule: MultiStepLR: arg \"milestones\": element %d is %d, want an epoch >= 0", i, m)
		}
	}
	ms := append([]int(nil), milestones...)
	sort.Ints(ms)
	s := &MultiStepLR{milestones: ms, gamma: gamma}
	if err := s.start("MultiStepLR", hs, s.next); err != nil {
		return nil, err
	}
	orig := append([]int(nil), milestones...)
	last := 0
	if len(ms) > 0 {
		last = ms[len(ms)-1]
	}
	s.describe("MultiStepLR", []kv{{"milestones", orig}, {"gamma", gamma}}, last*5/4+1, hs,
		func(o optimizers.Optimizer) (Scheduler, error) { return built(NewMultiStepLR(o, orig, gamma)) })
	return s, nil
}

func (s *MultiStepLR) next(c *core, zero bool) ([]float64, []float64, error) {
	e := c.lastEpoch
	if zero {
		passed := sort.Search(len(s.milestones), func(i int) bool { return s.milestones[i] > e })
		return scaled(c.baseLRs, math.Pow(s.gamma, float64(passed))), nil, nil
	}
	count := 0
	for _, m := range s.milestones {
		if m == e {
			count++
		}
	}
	if count == 0 {
		return currentLRs(c.hs), nil, nil
	}
	return scaled(currentLRs(c.hs), math.Pow(s.gamma, float64(count))), nil, nil
}

// scaled returns xs[i]*f, computed as torch does (the lr times the factor).
func scaled(xs []float64, f float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = x * f
	}
	return out
}

func positive(sched, key string, v float64) error {
	if !(v > 0) || math.IsInf(v, 0) {
		return fmt.Errorf("schedule: %s: arg %q must be a positive number, got %v", sched, key, v)
	}
	return nil
}
