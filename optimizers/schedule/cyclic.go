package schedule

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/optimizers"

	"github.com/descentlab/descent/optimizers/host"
)

// CyclicLROptions configures a CyclicLR. Start from CyclicLRDefaults, which holds torch's
// defaults, since several of them are not zero.
type CyclicLROptions struct {
	// BaseLR and MaxLR bound the cycle; BaseLRs and MaxLRs, when non-nil, give one value per
	// parameter group instead.
	BaseLR, MaxLR   float64
	BaseLRs, MaxLRs []float64
	// StepSizeUp and StepSizeDown are the steps in the rising and falling half-cycles;
	// StepSizeDown 0 means equal to StepSizeUp.
	StepSizeUp, StepSizeDown float64
	// Mode is "triangular", "triangular2" (amplitude halves every cycle) or "exp_range"
	// (amplitude times Gamma**step). It is ignored when ScaleFn is set.
	Mode  string
	Gamma float64
	// ScaleFn, when set, scales the amplitude instead of Mode; it receives the cycle number
	// (ScaleMode "cycle") or the step count (ScaleMode "iterations").
	ScaleFn   func(x float64) float64
	ScaleMode string
	// CycleMomentum cycles momentum inversely to the lr between BaseMomentum and
	// MaxMomentum (per group with BaseMomentums/MaxMomentums). Optimizers without
	// "momentum" cycle beta1 of "betas" instead, as torch 2 does.
	CycleMomentum               bool
	BaseMomentum, MaxMomentum   float64
	BaseMomentums, MaxMomentums []float64
}

// CyclicLRDefaults returns torch's defaults with the given lr bounds.
func CyclicLRDefaults(baseLR, maxLR float64) CyclicLROptions {
	return CyclicLROptions{
		BaseLR: baseLR, MaxLR: maxLR, StepSizeUp: 2000, Mode: "triangular", Gamma: 1,
		ScaleMode: "cycle", CycleMomentum: true, BaseMomentum: 0.8, MaxMomentum: 0.9,
	}
}

// CyclicLR cycles the lr between a base and a maximum, and momentum the other way
// (torch.optim.lr_scheduler.CyclicLR). Its constructor sets the lr to the base lr and the
// momentum to the base momentum, as torch's does.
type CyclicLR struct {
	core
	opt               CyclicLROptions
	total, ratio      float64
	bases, maxes      []float64
	baseMoms, maxMoms []float64
	scale             func(float64) float64
	byCycle           bool
}

// NewCyclicLR returns a CyclicLR on o.
func NewCyclicLR(o optimizers.Optimizer, opt CyclicLROptions) (*CyclicLR, error) {
	const name = "CyclicLR"
	hs, err := groupsOf(name, o)
	if err != nil {
		return nil, err
	}
	s := &CyclicLR{opt: opt}
	if s.bases, err = groupValues(name, "base_lr", opt.BaseLR, opt.BaseLRs, len(hs)); err != nil {
		return nil, err
	}
	if s.maxes, err = groupValues(name, "max_lr", opt.MaxLR, opt.MaxLRs, len(hs)); err != nil {
		return nil, err
	}
	for _, kv := range []struct {
		key string
		vs  []float64
	}{{"base_lr", s.bases}, {"max_lr", s.maxes}} {
		for _, v := range kv.vs {
			if !(v >= 0) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("schedule: %s: arg %q must be a number >= 0, got %v", name, kv.key, v)
			}
		}
	}
	up, down := opt.StepSizeUp, opt.StepSizeDown
	if err := positive(name, "step_size_up", up); err != nil {
		return nil, err
	}
	if down == 0 {
		down = up
	}
	if err := positive(name, "step_size_down", down); err != nil {
		return nil, err
	}
	s.total = up + down
	s.ratio = up / s.total
	if opt.ScaleFn != nil {
		s.scale = opt.ScaleFn
		switch opt.ScaleMode {
		case "cycle", "":
			s.byCycle = true
		case "iterations":
		default:
			return nil, fmt.Errorf("schedule: %s: arg \"scale_mode\" must be one of \"cycle\", \"iterations\", got %q", name, opt.ScaleMode)
		}
	} else {
		switch opt.Mode {
		case "triangular", "":
			s.scale, s.byCycle = func(float64) float64 { return 1 }, true
		case "triangular2":
			s.scale, s.byCycle = func(x float64) float64 { return 1 / math.Pow(2, x-1) }, true
		case "exp_range":
			if err := positive(name, "gamma", opt.Gamma); err != nil {
				return nil, err
			}
			g := opt.Gamma
			s.scale = func(x float64) float64 { return math.Pow(g, x) }
		default:
			return nil, fmt.Errorf("schedule: %s: arg \"mode\" must be one of \"triangular\", \"triangular2\", \"exp_range\", got %q", name, opt.Mode)
		}
	}
	if opt.CycleMomentum {
		if s.momKey, err = momentumKey(name, hs, "momentum"); err != nil {
			return nil, err
		}
		if s.baseMoms, err = groupValues(name, "base_momentum", opt.BaseMomentum, opt.BaseMomentums, len(hs)); err != nil {
			return nil, err
		}
		if s.maxMoms, err = groupValues(name, "max_momentum", opt.MaxMomentum, opt.MaxMomentums, len(hs)); err != nil {
			return nil, err
		}
	}
	for i, h := range hs {
		vals := map[string]any{"lr": s.bases[i]}
		if opt.CycleMomentum {
			setMomentum(vals, h, s.momKey, s.baseMoms[i])
		}
		if err := h.SetAll(vals); err != nil {
			return nil, fmt.Errorf("schedule: %s: group %d: %w", name, i, err)
		}
	}
	// torch's initial step runs before it stores base_lrs, so it uses the groups'
	// initial_lr; s.bases takes over from the next step.
	bases := s.bases
	s.bases = nil
	err = s.start(name, hs, s.next)
	s.bases = bases
	if err != nil {
		return nil, err
	}
	args := []kv{{"base_lr", s.bases}, {"max_lr", s.maxes}, {"step_size_up", up}}
	if opt.StepSizeDown != 0 {
		args = append(args, kv{"step_size_down", down})
	}
	switch {
	case opt.ScaleFn != nil:
		args = append(args, kv{"scale_fn", raw("<function>")}, kv{"scale_mode", opt.ScaleMode})
	case opt.Mode == "exp_range":
		args = append(args, kv{"mode", opt.Mode}, kv{"gamma", opt.Gamma})
	default:
		args = append(args, kv{"mode", s.modeName()})
	}
	args = append(args, kv{"cycle_momentum", opt.CycleMomentum})
	if opt.CycleMomentum {
		args = append(args, kv{"base_momentum", s.baseMoms}, kv{"max_momentum", s.maxMoms})
	}
	s.describe(name, args, int(2*(up+down)), hs,
		func(o optimizers.Optimizer) (Scheduler, error) { return built(NewCyclicLR(o, opt)) })
	return s, nil
}

func (s *CyclicLR) next(c *core, _ bool) ([]float64, []float64, error) {
	e := float64(c.lastEpoch)
	cycle := math.Floor(1 + e/s.total)
	x := 1. + e/s.total - cycle
	var sf float64
	if x <= s.ratio {
		sf = x / s.ratio
	} else {
		sf = (x - 1) / (s.ratio - 1)
	}
	z := e
	if s.byCycle {
		z = cycle
	}
	scale, err := callScale(s.scale, z)
	if err != nil {
		return nil, nil, err
	}
	bases := s.bases
	if bases == nil {
		bases = c.baseLRs
	}
	lrs := make([]float64, len(c.hs))
	for i, b := range bases {
		lrs[i] = b + (s.maxes[i]-b)*sf*scale
	}
	if s.momKey == "" {
		return lrs, nil, nil
	}
	moms := make([]float64, len(c.hs))
	for i, bm := range s.baseMoms {
		moms[i] = s.maxMoms[i] - (s.maxMoms[i]-bm)*sf*scale
	}
	return lrs, moms, nil
}

// callScale calls a scale function that may be user code, turning its panic into an error.
func callScale(f func(float64) float64, x float64) (v float64, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("scale_fn(%v) panicked: %v", x, host.Recovered(r))
		}
	}()
	return f(x), nil
}

// groupValues returns one value per group: perGroup when non-nil (checked for length),
// else v for every group.
func groupValues(sched, key string, v float64, perGroup []float64, n int) ([]float64, error) {
	if perGroup == nil {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("schedule: %s: arg %q must be a finite number, got %v", sched, key, v)
		}
		return repeat(v, n), nil
	}
	if len(perGroup) != n {
		return nil, fmt.Errorf("schedule: %s: arg %q: expected %d values (one per parameter group), got %d", sched, key, n, len(perGroup))
	}
	for _, x := range perGroup {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("schedule: %s: arg %q must hold finite numbers, got %v", sched, key, x)
		}
	}
	return append([]float64(nil), perGroup...), nil
}

// momentumKey returns which hyper-parameter carries momentum in every group: prefer is
// taken when present ("momentum" for CyclicLR as in torch 1.13, "betas" for OneCycleLR),
// else the other one.
func momentumKey(sched string, hs []*optimizers.Hyper, prefer string) (string, error) {
	other := "betas"
	if prefer == "betas" {
		other = "momentum"
	}
	key := ""
	switch {
	case hs[0].Has(prefer):
		key = prefer
	case hs[0].Has(other):
		key = other
	default:
		return "", fmt.Errorf("schedule: %s: arg \"cycle_momentum\": the optimizer has neither \"momentum\" nor \"betas\" (valid hyper-parameters: %v); pass cycle_momentum=false", sched, hs[0].Names())
	}
	for i, h := range hs {
		if k, _ := h.Kind(key); !h.Has(key) || (key == "betas") != (k == optimizers.Pair) {
			return "", fmt.Errorf("schedule: %s: arg \"cycle_momentum\": group %d has no usable %q hyper-parameter", sched, i, key)
		}
	}
	return key, nil
}

func (s *CyclicLR) modeName() string {
	if s.opt.Mode == "" {
		return "triangular"
	}
	return s.opt.Mode
}
