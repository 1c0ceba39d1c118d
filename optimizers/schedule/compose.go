package schedule

import (
	"fmt"
	"sort"

	"github.com/descentlab/descent/optimizers"
)

// SequentialLR runs one schedule after another, switching at each milestone epoch
// (torch.optim.lr_scheduler.SequentialLR).
//
// As in torch, it undoes the initial step the sub-schedules' constructors made: it resets
// every group's lr to its initial_lr, redoes the first schedule's initial step, and starts
// each later schedule at its epoch 0 when its milestone comes. Plugin schedules cannot be
// rewound: they are only ever stepped, so a plugin should not change the lr in its
// constructor if it is to be used here.
type SequentialLR struct {
	about
	hs         []*optimizers.Hyper
	subs       []Scheduler
	milestones []int
	lastEpoch  int
	err        error
}

// NewSequentialLR returns a SequentialLR on o. The schedules must all drive o, and
// milestones must be increasing, one fewer than the schedules.
func NewSequentialLR(o optimizers.Optimizer, schedulers []Scheduler, milestones []int) (*SequentialLR, error) {
	const name = "SequentialLR"
	hs, err := groupsOf(name, o)
	if err != nil {
		return nil, err
	}
	if err := checkSubs(name, hs, schedulers); err != nil {
		return nil, err
	}
	if len(milestones) != len(schedulers)-1 {
		return nil, fmt.Errorf("schedule: %s: arg \"milestones\": expected %d milestones for %d schedulers, got %d", name, len(schedulers)-1, len(schedulers), len(milestones))
	}
	for i, m := range milestones {
		if m <= 0 || (i > 0 && m < milestones[i-1]) {
			return nil, fmt.Errorf("schedule: %s: arg \"milestones\" must be positive and increasing, got %v", name, milestones)
		}
	}
	s := &SequentialLR{hs: hs, subs: append([]Scheduler(nil), schedulers...), milestones: append([]int(nil), milestones...)}
	init := initialLRs(hs)
	for i, h := range hs {
		if err := h.Set("lr", init[i]); err != nil {
			return nil, fmt.Errorf("schedule: %s: group %d: %w", name, i, err)
		}
	}
	for _, sub := range s.subs {
		if c, ok := builtin(sub); ok {
			c.undoStep()
		}
	}
	if c, ok := builtin(s.subs[0]); ok {
		if err := c.initialStep(); err != nil {
			return nil, err
		}
	}
	subs, ms := s.subs, s.milestones
	horizon := 0 // a single schedule has no milestone
	if len(ms) > 0 {
		horizon = ms[len(ms)-1]
	}
	if a, ok := aboutOf(subs[len(subs)-1]); ok {
		horizon += a.info().horizon
	} else {
		horizon *= 2
	}
	s.describe(name, []kv{{"schedulers", calls(subs)}, {"milestones", ms}}, horizon, hs,
		func(o optimizers.Optimizer) (Scheduler, error) {
			fresh, err := remakeAll(subs, o)
			if err != nil {
				return nil, err
			}
			return built(NewSequentialLR(o, fresh, ms))
		})
	return s, nil
}

// Step advances the schedule in force; at a milestone the next schedule starts at its
// epoch 0.
func (s *SequentialLR) Step() {
	s.lastEpoch++
	idx := sort.Search(len(s.milestones), func(i int) bool { return s.milestones[i] > s.lastEpoch })
	sub := s.subs[idx]
	zero := idx > 0 && s.milestones[idx-1] == s.lastEpoch
	if c, ok := builtin(sub); ok {
		s.record(c.advance(zero))
		return
	}
	sub.Step()
}

func (s *SequentialLR) record(err error) {
	if err != nil && s.err == nil {
		s.err = err
	}
}

// LR returns the current lr of each parameter group.
func (s *SequentialLR) LR() []float64 { return currentLRs(s.hs) }

// Err returns the first error a built-in sub-schedule met in Step, or nil.
func (s *SequentialLR) Err() error { return s.err }

// ChainedScheduler steps several schedules together on the same lr, each multiplying in its
// own change (torch.optim.lr_scheduler.ChainedScheduler).
type ChainedScheduler struct {
	about
	subs []Scheduler
	err  error
}

// NewChainedScheduler returns a ChainedScheduler; the schedules must drive the same
// optimizer. Constructing it changes nothing.
func NewChainedScheduler(schedulers []Scheduler) (*ChainedScheduler, error) {
	if err := checkSubs("ChainedScheduler", nil, schedulers); err != nil {
		return nil, err
	}
	s := &ChainedScheduler{subs: append([]Scheduler(nil), schedulers...)}
	horizon := 0
	var hs []*optimizers.Hyper
	for _, sub := range s.subs {
		if a, ok := aboutOf(sub); ok {
			horizon = max(horizon, a.info().horizon)
			hs = a.info().hs
		}
	}
	subs := s.subs
	var remake func(o optimizers.Optimizer) (Scheduler, error)
	if hs != nil {
		remake = func(o optimizers.Optimizer) (Scheduler, error) {
			fresh, err := remakeAll(subs, o)
			if err != nil {
				return nil, err
			}
			return built(NewChainedScheduler(fresh))
		}
	}
	s.describe("ChainedScheduler", []kv{{"schedulers", calls(subs)}}, horizon, hs, remake)
	return s, nil
}

// Step steps every schedule in order.
func (s *ChainedScheduler) Step() {
	for _, sub := range s.subs {
		if c, ok := builtin(sub); ok {
			if err := c.advance(false); err != nil && s.err == nil {
				s.err = err
			}
			continue
		}
		sub.Step()
	}
}

// LR returns the current lr of each parameter group, as the last schedule reports it.
func (s *ChainedScheduler) LR() []float64 { return s.subs[len(s.subs)-1].LR() }

// Err returns the first error a built-in sub-schedule met in Step, or nil.
func (s *ChainedScheduler) Err() error { return s.err }

// checkSubs refuses empty lists, nil and metric-driven schedules, and built-in schedules
// that drive other groups than hs (or than each other's when hs is nil).
func checkSubs(name string, hs []*optimizers.Hyper, subs []Scheduler) error {
	if len(subs) == 0 {
		return fmt.Errorf("schedule: %s: arg \"schedulers\" must hold at least one scheduler", name)
	}
	for i, sub := range subs {
		if sub == nil {
			return fmt.Errorf("schedule: %s: arg \"schedulers\": element %d is nil", name, i)
		}
		if _, ok := sub.(*ReduceLROnPlateau); ok {
			return fmt.Errorf("schedule: %s: arg \"schedulers\": element %d is a ReduceLROnPlateau, which needs a metric and cannot be combined", name, i)
		}
		c, ok := builtin(sub)
		if !ok {
			continue
		}
		if hs == nil {
			hs = c.hypers()
			continue
		}
		if !sameGroups(hs, c.hypers()) {
			return fmt.Errorf("schedule: %s: arg \"schedulers\": element %d drives a different optimizer", name, i)
		}
	}
	return nil
}

func sameGroups(a, b []*optimizers.Hyper) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// calls spells sub-schedules for a composite's constructor call.
func calls(subs []Scheduler) []string {
	out := make([]string, len(subs))
	for i, sub := range subs {
		out[i] = callOf(sub)
	}
	return out
}

// remakeAll rebuilds every sub-schedule on o, in order, as the composite's constructor
// expects them; a plugin sub-schedule cannot be rebuilt.
func remakeAll(subs []Scheduler, o optimizers.Optimizer) ([]Scheduler, error) {
	fresh := make([]Scheduler, len(subs))
	for i, sub := range subs {
		r, ok := sub.(remaker)
		if !ok {
			return nil, fmt.Errorf("sub-schedule %d is a plugin schedule, which cannot be rebuilt", i)
		}
		f, err := r.remakeOn(o)
		if err != nil {
			return nil, err
		}
		fresh[i] = f
	}
	return fresh, nil
}
