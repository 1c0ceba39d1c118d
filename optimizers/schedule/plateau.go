package schedule

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/optimizers"
)

// PlateauOptions configures a ReduceLROnPlateau. Start from PlateauDefaults, which holds
// torch's defaults, since several of them are not zero.
type PlateauOptions struct {
	// Mode is "min" (the metric should fall, like a loss) or "max" (like an accuracy).
	Mode string
	// Factor multiplies the lr on a plateau; it must be below 1.
	Factor float64
	// Patience is how many epochs without improvement are tolerated before reducing.
	Patience int
	// Threshold is the least change that counts as an improvement, relative to the best
	// value (ThresholdMode "rel") or absolute ("abs").
	Threshold     float64
	ThresholdMode string
	// Cooldown is how many epochs to wait after a reduction before counting again.
	Cooldown int
	// MinLR is the floor of the lr; MinLRs, when non-nil, gives one per parameter group.
	MinLR  float64
	MinLRs []float64
	// Eps: a reduction smaller than this is skipped.
	Eps float64
}

// PlateauDefaults returns torch's defaults.
func PlateauDefaults() PlateauOptions {
	return PlateauOptions{Mode: "min", Factor: 0.1, Patience: 10, Threshold: 1e-4, ThresholdMode: "rel", Eps: 1e-8}
}

// ReduceLROnPlateau reduces the lr when a metric has stopped improving
// (torch.optim.lr_scheduler.ReduceLROnPlateau). Feed it with StepMetric once per epoch.
//
// Step, which has no metric, does nothing at all: a plateau can only be judged from a
// metric, and counting a missing one as "no improvement" would silently decay the lr of a
// loop that never reports one. Unlike the other schedules, constructing it changes nothing.
type ReduceLROnPlateau struct {
	about
	opt        PlateauOptions
	hs         []*optimizers.Hyper
	minLRs     []float64
	best       float64
	bad        int
	cooldownAt int
	epoch      int
	err        error
}

// NewReduceLROnPlateau returns a ReduceLROnPlateau on o.
func NewReduceLROnPlateau(o optimizers.Optimizer, opt PlateauOptions) (*ReduceLROnPlateau, error) {
	const name = "ReduceLROnPlateau"
	hs, err := groupsOf(name, o)
	if err != nil {
		return nil, err
	}
	if !(opt.Factor < 1) || !(opt.Factor >= 0) {
		return nil, fmt.Errorf("schedule: %s: arg \"factor\" must be in [0, 1), got %v", name, opt.Factor)
	}
	if opt.Patience < 0 {
		return nil, fmt.Errorf("schedule: %s: arg \"patience\" must be >= 0, got %d", name, opt.Patience)
	}
	if opt.Cooldown < 0 {
		return nil, fmt.Errorf("schedule: %s: arg \"cooldown\" must be >= 0, got %d", name, opt.Cooldown)
	}
	if err := finite(name, "threshold", opt.Threshold); err != nil {
		return nil, err
	}
	if err := finite(name, "eps", opt.Eps); err != nil {
		return nil, err
	}
	s := &ReduceLROnPlateau{opt: opt, hs: hs}
	switch opt.Mode {
	case "min":
		s.best = math.Inf(1)
	case "max":
		s.best = math.Inf(-1)
	default:
		return nil, fmt.Errorf("schedule: %s: arg \"mode\" must be one of \"min\", \"max\", got %q", name, opt.Mode)
	}
	if opt.ThresholdMode != "rel" && opt.ThresholdMode != "abs" {
		return nil, fmt.Errorf("schedule: %s: arg \"threshold_mode\" must be one of \"rel\", \"abs\", got %q", name, opt.ThresholdMode)
	}
	if s.minLRs, err = groupValues(name, "min_lr", opt.MinLR, opt.MinLRs, len(hs)); err != nil {
		return nil, err
	}
	// No rebuild: a plateau schedule moves only with the metrics it is fed, so there is
	// nothing to preview.
	s.describe(name, []kv{{"mode", opt.Mode}, {"factor", opt.Factor}, {"patience", opt.Patience},
		{"threshold", opt.Threshold}, {"threshold_mode", opt.ThresholdMode}, {"cooldown", opt.Cooldown},
		{"min_lr", s.minLRs}, {"eps", opt.Eps}}, 0, hs, nil)
	return s, nil
}

// Step does nothing; see the type's documentation.
func (s *ReduceLROnPlateau) Step() {}

// StepMetric records the metric of one epoch and reduces the lr if it has not improved
// for more than Patience epochs.
func (s *ReduceLROnPlateau) StepMetric(metric float64) {
	s.epoch++
	if s.better(metric) {
		s.best = metric
		s.bad = 0
	} else {
		s.bad++
	}
	if s.cooldownAt > 0 {
		s.cooldownAt--
		s.bad = 0
	}
	if s.bad > s.opt.Patience {
		s.reduce()
		s.cooldownAt = s.opt.Cooldown
		s.bad = 0
	}
}

func (s *ReduceLROnPlateau) better(a float64) bool {
	thr := s.opt.Threshold
	switch {
	case s.opt.Mode == "min" && s.opt.ThresholdMode == "rel":
		return a < s.best*(1.-thr)
	case s.opt.Mode == "min":
		return a < s.best-thr
	case s.opt.ThresholdMode == "rel":
		return a > s.best*(thr+1.)
	}
	return a > s.best+thr
}

func (s *ReduceLROnPlateau) reduce() {
	for i, h := range s.hs {
		old := h.Float("lr")
		nw := math.Max(old*s.opt.Factor, s.minLRs[i])
		if old-nw > s.opt.Eps {
			if err := h.Set("lr", nw); err != nil && s.err == nil {
				s.err = fmt.Errorf("schedule: ReduceLROnPlateau at epoch %d: group %d: %w", s.epoch, i, err)
			}
		}
	}
}

// LR returns the current lr of each parameter group.
func (s *ReduceLROnPlateau) LR() []float64 { return currentLRs(s.hs) }

// Err returns the first error a step met (the optimizer refused an lr), or nil.
func (s *ReduceLROnPlateau) Err() error { return s.err }

// Best returns the best metric seen so far (+Inf or -Inf before the first).
func (s *ReduceLROnPlateau) Best() float64 { return s.best }
