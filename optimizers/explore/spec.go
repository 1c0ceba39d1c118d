package explore

import (
	"fmt"

	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/schedule"
	"github.com/descentlab/descent/optimizers/train"
)

// Spec names one optimizer to compare, built fresh for its run by name, so built-ins and
// optimizers registered from a cell work alike.
type Spec struct {
	// Label names the run in tables and legends; empty means the optimizer's
	// optimizers.Summary, such as "Adam(lr=0.02, betas=(0.9, 0.999), eps=1e-08)".
	Label string
	// Optimizer is a name optimizers.New knows, such as "adam".
	Optimizer string
	// Hyper overrides the optimizer's defaults, under torch's names.
	Hyper map[string]any
	// Schedule, when set, is a name schedule.New knows, built on the run's optimizer with
	// ScheduleArgs.
	Schedule     string
	ScheduleArgs map[string]any
	// Every says when the schedule steps in CompareFit (train.PerEpoch by default);
	// Compare steps it after every iteration.
	Every train.Every
}

// Opt returns the Spec of optimizer name with hyper-parameters hyper (nil for the
// defaults).
func Opt(name string, hyper map[string]any) Spec { return Spec{Optimizer: name, Hyper: hyper} }

// WithSchedule returns s with the schedule called name, built with args.
func (s Spec) WithSchedule(name string, args map[string]any) Spec {
	s.Schedule, s.ScheduleArgs = name, args
	return s
}

// PerStep returns s with its schedule stepped after every optimizer step in CompareFit.
func (s Spec) PerStep() Spec {
	s.Every = train.PerStep
	return s
}

// Named returns s labelled label.
func (s Spec) Named(label string) Spec {
	s.Label = label
	return s
}

// build makes the spec's optimizer and schedule (nil without one), and its label.
func (s Spec) build() (optimizers.Optimizer, train.Scheduler, string, error) {
	o, err := optimizers.New(s.Optimizer, s.Hyper)
	if err != nil {
		return nil, nil, "", fmt.Errorf("explore: %w", err)
	}
	label := s.Label
	if label == "" {
		label = optimizers.Summary(o)
	}
	if s.Schedule == "" {
		return o, nil, label, nil
	}
	sched, err := schedule.New(s.Schedule, o, s.ScheduleArgs)
	if err != nil {
		return nil, nil, "", fmt.Errorf("explore: %s: %w", label, err)
	}
	if s.Label == "" {
		label += " + " + fmt.Sprint(sched)
	}
	return o, sched, label, nil
}

// check builds every spec once, so a misspelt name fails before anything runs.
func check(specs []Spec) error {
	if len(specs) == 0 {
		return fmt.Errorf("explore: no optimizers to compare")
	}
	for i, s := range specs {
		if _, _, _, err := s.build(); err != nil {
			return fmt.Errorf("%w (spec %d)", err, i)
		}
	}
	return nil
}
