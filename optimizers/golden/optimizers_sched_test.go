package golden

import (
	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/schedule"
)

// Cases with a "schedule" attach the schedule package's torch-named schedules.
func init() {
	newSchedule = func(name string, o optimizers.Optimizer, args map[string]any) (stepper, error) {
		return schedule.New(name, o, args)
	}
}
