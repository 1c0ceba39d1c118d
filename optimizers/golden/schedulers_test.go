package golden

import (
	"fmt"
	"testing"

	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/schedule"
)

// TestSchedulerTrajectories replays every scheduler case of the golden file: the lr (and
// momentum, where torch cycled it) after the constructor and after every step, with
// ReduceLROnPlateau fed the recorded metrics.
func TestSchedulerTrajectories(t *testing.T) {
	for _, f := range coreFiles(t) {
		if len(f.Schedulers) == 0 {
			t.Fatalf("%s has no scheduler cases", f.Path)
		}
		for _, c := range f.Schedulers {
			c := c
			t.Run(c.ID, func(t *testing.T) {
				if err := replaySchedule(c); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}

func replaySchedule(c SchedCase) error {
	typ, _ := c.Optimizer["type"].(string)
	hyper := map[string]any{}
	for k, v := range c.Optimizer {
		if k != "type" {
			hyper[k] = v
		}
	}
	o, err := optimizers.New(typ, hyper)
	if err != nil {
		return fmt.Errorf("optimizer %v: %v", c.Optimizer, err)
	}
	s, err := schedule.New(c.Scheduler, o, c.Args)
	if err != nil {
		return err
	}
	h := optimizers.HypersOf(o)[0]
	check := func(k int) error {
		if k >= len(c.LR) {
			return nil
		}
		if got := h.Float("lr"); !closeRate(got, c.LR[k]) {
			return fmt.Errorf("lr[%d] = %v, torch %v", k, got, c.LR[k])
		}
		if got := s.LR(); len(got) != 1 || got[0] != h.Float("lr") {
			return fmt.Errorf("LR() after %d steps = %v, optimizer's lr is %v", k, got, h.Float("lr"))
		}
		if c.Momentum != nil {
			if got := momentumOf(h); !closeRate(got, c.Momentum[k]) {
				return fmt.Errorf("momentum[%d] = %v, torch %v", k, got, c.Momentum[k])
			}
		}
		if e, ok := s.(interface{ Err() error }); ok && e.Err() != nil {
			return fmt.Errorf("after %d steps: %v", k, e.Err())
		}
		return nil
	}
	if c.Momentum != nil && len(c.Momentum) != len(c.LR) {
		return fmt.Errorf("file has %d momenta for %d lrs", len(c.Momentum), len(c.LR))
	}
	if err := check(0); err != nil {
		return err
	}
	if c.Metrics != nil {
		ms, ok := s.(schedule.MetricScheduler)
		if !ok {
			return fmt.Errorf("%s has metrics but %T is not a MetricScheduler", c.Scheduler, s)
		}
		if len(c.LR) != len(c.Metrics)+1 {
			return fmt.Errorf("file has %d lrs for %d metrics, want one more", len(c.LR), len(c.Metrics))
		}
		for k, m := range c.Metrics {
			ms.StepMetric(m)
			if err := check(k + 1); err != nil {
				return err
			}
		}
		return nil
	}
	if len(c.LR) < 2 {
		return fmt.Errorf("file has %d lrs, nothing to replay", len(c.LR))
	}
	for k := 1; k < len(c.LR); k++ {
		s.Step()
		if err := check(k); err != nil {
			return err
		}
	}
	return nil
}

// momentumOf returns what torch records as the group's momentum: "momentum", or beta1 of
// "betas" for Adam-style optimizers.
func momentumOf(h *optimizers.Hyper) float64 {
	if h.Has("momentum") {
		return h.Float("momentum")
	}
	b1, _ := h.Pair("betas")
	return b1
}
