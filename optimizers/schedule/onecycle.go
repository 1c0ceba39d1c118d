package schedule

import (
	"errors"
	"fmt"
	"math"

	"github.com/descentlab/descent/optimizers"
)

// OneCycleLROptions configures a OneCycleLR. Start from OneCycleLRDefaults, which holds
// torch's defaults, since several of them are not zero.
type OneCycleLROptions struct {
	// MaxLR is the peak lr; MaxLRs, when non-nil, gives one per parameter group.
	MaxLR  float64
	MaxLRs []float64
	// TotalSteps is the length of the cycle; when 0, it is Epochs*StepsPerEpoch.
	TotalSteps, Epochs, StepsPerEpoch int
	// PctStart is the fraction of the cycle spent increasing the lr.
	PctStart float64
	// AnnealStrategy is "cos" or "linear".
	AnnealStrategy string
	// CycleMomentum cycles momentum (or beta1 of "betas") inversely to the lr, between
	// BaseMomentum and MaxMomentum (per group with BaseMomentums/MaxMomentums).
	CycleMomentum               bool
	BaseMomentum, MaxMomentum   float64
	BaseMomentums, MaxMomentums []float64
	// The lr starts at MaxLR/DivFactor and ends at that divided by FinalDivFactor.
	DivFactor, FinalDivFactor float64
	// ThreePhase adds a phase that brings the lr back to its start before the final decay.
	ThreePhase bool
}

// OneCycleLRDefaults returns torch's defaults with the given peak lr and cycle length.
func OneCycleLRDefaults(maxLR float64, totalSteps int) OneCycleLROptions {
	return OneCycleLROptions{
		MaxLR: maxLR, TotalSteps: totalSteps, PctStart: 0.3, AnnealStrategy: "cos",
		CycleMomentum: true, BaseMomentum: 0.85, MaxMomentum: 0.95, DivFactor: 25, FinalDivFactor: 1e4,
	}
}

type phase struct {
	end              float64
	startLR, endLR   int // indexes into oneCycleGroup.lrs: initial, max, min
	startMom, endMom int // indexes into oneCycleGroup.moms: max, base
}

// OneCycleLR is the 1cycle policy (torch.optim.lr_scheduler.OneCycleLR): the lr rises from
// MaxLR/DivFactor to MaxLR and then anneals far below the start, while momentum moves the
// other way. Its constructor sets each group's initial_lr and momentum (or beta1). Stepping
// past total_steps is an error, reported by Err, and leaves the lr unchanged.
type OneCycleLR struct {
	core
	totalSteps int
	phases     []phase
	linear     bool
	maxLRs     []float64
	minLRs     []float64
	moms       [][2]float64 // per group: max momentum, base momentum
}

// NewOneCycleLR returns a OneCycleLR on o.
func NewOneCycleLR(o optimizers.Optimizer, opt OneCycleLROptions) (*OneCycleLR, error) {
	const name = "OneCycleLR"
	hs, err := groupsOf(name, o)
	if err != nil {
		return nil, err
	}
	s := &OneCycleLR{totalSteps: opt.TotalSteps}
	switch {
	case opt.TotalSteps > 0:
	case opt.TotalSteps < 0:
		return nil, fmt.Errorf("schedule: %s: arg \"total_steps\" must be a positive whole number, got %d", name, opt.TotalSteps)
	case opt.Epochs == 0 && opt.StepsPerEpoch == 0:
		return nil, fmt.Errorf("schedule: %s: arg \"total_steps\" is required (or both \"epochs\" and \"steps_per_epoch\")", name)
	case opt.Epochs <= 0:
		return nil, fmt.Errorf("schedule: %s: arg \"epochs\" must be a positive whole number, got %d", name, opt.Epochs)
	case opt.StepsPerEpoch <= 0:
		return nil, fmt.Errorf("schedule: %s: arg \"steps_per_epoch\" must be a positive whole number, got %d", name, opt.StepsPerEpoch)
	default:
		s.totalSteps = opt.Epochs * opt.StepsPerEpoch
	}
	if !(opt.PctStart >= 0 && opt.PctStart <= 1) {
		return nil, fmt.Errorf("schedule: %s: arg \"pct_start\" must be in [0, 1], got %v", name, opt.PctStart)
	}
	switch opt.AnnealStrategy {
	case "cos", "":
	case "linear":
		s.linear = true
	default:
		return nil, fmt.Errorf("schedule: %s: arg \"anneal_strategy\" must be one of \"cos\", \"linear\", got %q", name, opt.AnnealStrategy)
	}
	if err := positive(name, "div_factor", opt.DivFactor); err != nil {
		return nil, err
	}
	if err := positive(name, "final_div_factor", opt.FinalDivFactor); err != nil {
		return nil, err
	}
	if s.maxLRs, err = groupValues(name, "max_lr", opt.MaxLR, opt.MaxLRs, len(hs)); err != nil {
		return nil, err
	}
	for _, v := range s.maxLRs {
		if !(v >= 0) {
			return nil, fmt.Errorf("schedule: %s: arg \"max_lr\" must be a number >= 0, got %v", name, v)
		}
	}
	const initial, peak, final = 0, 1, 2
	const maxM, baseM = 0, 1
	total, pct := float64(s.totalSteps), opt.PctStart
	if opt.ThreePhase {
		s.phases = []phase{
			{end: pct*total - 1, startLR: initial, endLR: peak, startMom: maxM, endMom: baseM},
			{end: 2*pct*total - 2, startLR: peak, endLR: initial, startMom: baseM, endMom: maxM},
			{end: total - 1, startLR: initial, endLR: final, startMom: maxM, endMom: maxM},
		}
	} else {
		s.phases = []phase{
			{end: pct*total - 1, startLR: initial, endLR: peak, startMom: maxM, endMom: baseM},
			{end: total - 1, startLR: peak, endLR: final, startMom: baseM, endMom: maxM},
		}
	}
	var baseMoms, maxMoms []float64
	if opt.CycleMomentum {
		if s.momKey, err = momentumKey(name, hs, "betas"); err != nil {
			return nil, err
		}
		if baseMoms, err = groupValues(name, "base_momentum", opt.BaseMomentum, opt.BaseMomentums, len(hs)); err != nil {
			return nil, err
		}
		if maxMoms, err = groupValues(name, "max_momentum", opt.MaxMomentum, opt.MaxMomentums, len(hs)); err != nil {
			return nil, err
		}
		s.moms = make([][2]float64, len(hs))
		for i, h := range hs {
			s.moms[i] = [2]float64{maxMoms[i], baseMoms[i]}
			vals := map[string]any{}
			setMomentum(vals, h, s.momKey, maxMoms[i])
			if err := h.SetAll(vals); err != nil {
				return nil, fmt.Errorf("schedule: %s: group %d: %w", name, i, err)
			}
		}
	}
	s.minLRs = make([]float64, len(hs))
	for i, h := range hs {
		init := s.maxLRs[i] / opt.DivFactor
		setInitialLR(h, init)
		s.minLRs[i] = init / opt.FinalDivFactor
	}
	if err := s.start(name, hs, s.next); err != nil {
		return nil, err
	}
	anneal := opt.AnnealStrategy
	if anneal == "" {
		anneal = "cos"
	}
	args := []kv{{"max_lr", s.maxLRs}, {"total_steps", s.totalSteps}, {"pct_start", opt.PctStart},
		{"anneal_strategy", anneal}, {"cycle_momentum", opt.CycleMomentum}}
	if opt.CycleMomentum {
		args = append(args, kv{"base_momentum", baseMoms}, kv{"max_momentum", maxMoms})
	}
	args = append(args, kv{"div_factor", opt.DivFactor}, kv{"final_div_factor", opt.FinalDivFactor}, kv{"three_phase", opt.ThreePhase})
	s.describe(name, args, s.totalSteps, hs,
		func(o optimizers.Optimizer) (Scheduler, error) { return built(NewOneCycleLR(o, opt)) })
	return s, nil
}

func (s *OneCycleLR) next(c *core, _ bool) ([]float64, []float64, error) {
	step := c.lastEpoch
	if step > s.totalSteps {
		return nil, nil, fmt.Errorf("tried to step %d times, but total_steps is %d", step+1, s.totalSteps)
	}
	lrs := make([]float64, len(c.hs))
	var moms []float64
	if s.momKey != "" {
		moms = make([]float64, len(c.hs))
	}
	for i, h := range c.hs {
		groupLRs := [3]float64{initialLR(h), s.maxLRs[i], s.minLRs[i]}
		start := 0.0
		for k, ph := range s.phases {
			if float64(step) <= ph.end || k == len(s.phases)-1 {
				if ph.end == start {
					// Python raises ZeroDivisionError here; so do we, rather than write NaN.
					return nil, nil, errors.New("a phase of the cycle is empty (pct_start too small for total_steps)")
				}
				pct := (float64(step) - start) / (ph.end - start)
				lrs[i] = s.anneal(groupLRs[ph.startLR], groupLRs[ph.endLR], pct)
				if moms != nil {
					moms[i] = s.anneal(s.moms[i][ph.startMom], s.moms[i][ph.endMom], pct)
				}
				break
			}
			start = ph.end
		}
	}
	return lrs, moms, nil
}

func (s *OneCycleLR) anneal(start, end, pct float64) float64 {
	if s.linear {
		return (end-start)*pct + start
	}
	cosOut := math.Cos(math.Pi*pct) + 1
	return end + (start-end)/2.0*cosOut
}
