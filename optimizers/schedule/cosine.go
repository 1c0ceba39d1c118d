package schedule

import (
	"fmt"
	"math"

	"github.com/descentlab/descent/optimizers"
)

// CosineAnnealingLR follows half a cosine from the base lr down to etaMin over tMax epochs
// (torch.optim.lr_scheduler.CosineAnnealingLR). Like torch it does not clamp: past tMax the
// lr rises again, with period 2*tMax.
type CosineAnnealingLR struct {
	core
	tMax   int
	etaMin float64
}

// NewCosineAnnealingLR returns a CosineAnnealingLR on o; torch's default eta_min is 0.
func NewCosineAnnealingLR(o optimizers.Optimizer, tMax int, etaMin float64) (*CosineAnnealingLR, error) {
	hs, err := groupsOf("CosineAnnealingLR", o)
	if err != nil {
		return nil, err
	}
	if tMax <= 0 {
		return nil, fmt.Errorf("schedule: CosineAnnealingLR: arg \"T_max\" must be a positive whole number, got %d", tMax)
	}
	if err := finite("CosineAnnealingLR", "eta_min", etaMin); err != nil {
		return nil, err
	}
	s := &CosineAnnealingLR{tMax: tMax, etaMin: etaMin}
	if err := s.start("CosineAnnealingLR", hs, s.next); err != nil {
		return nil, err
	}
	s.describe("CosineAnnealingLR", []kv{{"T_max", tMax}, {"eta_min", etaMin}}, 2*tMax, hs,
		func(o optimizers.Optimizer) (Scheduler, error) { return built(NewCosineAnnealingLR(o, tMax, etaMin)) })
	return s, nil
}

func (s *CosineAnnealingLR) next(c *core, zero bool) ([]float64, []float64, error) {
	e, T, m := c.lastEpoch, float64(s.tMax), s.etaMin
	out := make([]float64, len(c.hs))
	switch {
	case zero:
		for i, b := range c.baseLRs {
			out[i] = m + (b-m)*(1+math.Cos(math.Pi*float64(e)/T))/2
		}
	case e == 0:
		return currentLRs(c.hs), nil, nil
	case c.stepCount == 1 && e > 0:
		for i, b := range c.baseLRs {
			out[i] = m + (b-m)*(1+math.Cos(float64(e)*math.Pi/T))/2
		}
	case pyMod(e-1-s.tMax, 2*s.tMax) == 0:
		for i, h := range c.hs {
			out[i] = h.Float("lr") + (c.baseLRs[i]-m)*(1-math.Cos(math.Pi/T))/2
		}
	default:
		for i, h := range c.hs {
			out[i] = (1+math.Cos(math.Pi*float64(e)/T))/(1+math.Cos(math.Pi*float64(e-1)/T))*(h.Float("lr")-m) + m
		}
	}
	return out, nil, nil
}

// CosineAnnealingWarmRestarts (SGDR) anneals from the base lr to etaMin over t0 epochs, then
// restarts, each period tMult times longer than the last
// (torch.optim.lr_scheduler.CosineAnnealingWarmRestarts).
type CosineAnnealingWarmRestarts struct {
	core
	t0, tMult int
	etaMin    float64
	tCur, tI  int
}

// NewCosineAnnealingWarmRestarts returns a CosineAnnealingWarmRestarts on o; torch's
// defaults are T_mult 1 and eta_min 0.
func NewCosineAnnealingWarmRestarts(o optimizers.Optimizer, t0, tMult int, etaMin float64) (*CosineAnnealingWarmRestarts, error) {
	const name = "CosineAnnealingWarmRestarts"
	hs, err := groupsOf(name, o)
	if err != nil {
		return nil, err
	}
	if t0 <= 0 {
		return nil, fmt.Errorf("schedule: %s: arg \"T_0\" must be a positive whole number, got %d", name, t0)
	}
	if tMult < 1 {
		return nil, fmt.Errorf("schedule: %s: arg \"T_mult\" must be a whole number >= 1, got %d", name, tMult)
	}
	if err := finite(name, "eta_min", etaMin); err != nil {
		return nil, err
	}
	s := &CosineAnnealingWarmRestarts{t0: t0, tMult: tMult, etaMin: etaMin}
	if err := s.start(name, hs, s.next); err != nil {
		return nil, err
	}
	s.describe(name, []kv{{"T_0", t0}, {"T_mult", tMult}, {"eta_min", etaMin}}, t0*(1+tMult+tMult*tMult), hs,
		func(o optimizers.Optimizer) (Scheduler, error) {
			return built(NewCosineAnnealingWarmRestarts(o, t0, tMult, etaMin))
		})
	return s, nil
}

func (s *CosineAnnealingWarmRestarts) next(c *core, zero bool) ([]float64, []float64, error) {
	// torch's own step(): epoch 0 (the first step, or SequentialLR's restart) resets the
	// period; every later step advances T_cur and wraps it into the next, longer period.
	if zero || c.lastEpoch == 0 {
		s.tI, s.tCur = s.t0, 0
	} else {
		s.tCur++
		if s.tCur >= s.tI {
			s.tCur -= s.tI
			s.tI *= s.tMult
		}
	}
	m := s.etaMin
	out := make([]float64, len(c.hs))
	for i, b := range c.baseLRs {
		out[i] = m + (b-m)*(1+math.Cos(math.Pi*float64(s.tCur)/float64(s.tI)))/2
	}
	return out, nil, nil
}

// pyMod is Python's %: the result has the sign of the divisor.
func pyMod(a, b int) int {
	r := a % b
	if r != 0 && (r < 0) != (b < 0) {
		r += b
	}
	return r
}

func finite(sched, key string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("schedule: %s: arg %q must be a finite number, got %v", sched, key, v)
	}
	return nil
}
