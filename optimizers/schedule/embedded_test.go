package schedule_test

import (
	"testing"

	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/schedule"
)

// counted is a user's schedule embedding a built-in one, with its own Step.
type counted struct {
	*schedule.StepLR
	steps int
}

func (c *counted) Step() { c.steps++; c.StepLR.Step() }

// TestCompositesStepEmbedders checks that SequentialLR and ChainedScheduler call the Step
// of a type embedding a built-in schedule (which has the built-in's unexported methods
// too), as they call a plugin schedule's, and that the lr follows the built-in.
func TestCompositesStepEmbedders(t *testing.T) {
	for _, name := range []string{"ChainedScheduler", "SequentialLR"} {
		o := optimizers.NewSGD(1)
		st, err := schedule.NewStepLR(o, 1, 0.5)
		if err != nil {
			t.Fatal(err)
		}
		c := &counted{StepLR: st}
		var s schedule.Scheduler
		if name == "ChainedScheduler" {
			s, err = schedule.NewChainedScheduler([]schedule.Scheduler{c})
		} else {
			s, err = schedule.NewSequentialLR(o, []schedule.Scheduler{c}, nil)
		}
		if err != nil {
			t.Fatal(err)
		}
		s.Step()
		s.Step()
		if c.steps != 2 {
			t.Errorf("%s: the embedder's Step ran %d times, want 2", name, c.steps)
		}
		if got := s.LR(); len(got) != 1 || got[0] != 0.25 {
			t.Errorf("%s: lr %v after two steps of StepLR(step 1, gamma 0.5), want [0.25]", name, got)
		}
	}
}
