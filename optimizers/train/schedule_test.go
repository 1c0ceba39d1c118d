package train

import (
	"context"
	"math"
	"testing"

	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/data"
	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/model"
	"github.com/descentlab/descent/optimizers/schedule"
)

// TestLibrarySchedules drives Fit with the schedule package's own schedules: StepLR per
// epoch and ReduceLROnPlateau fed the epoch loss, which stays flat under a walker that
// does not move (dir 0), so every epoch after the first is a plateau.
func TestLibrarySchedules(t *testing.T) {
	d := mustData(data.Linear(40, []float64{1}, 0, 0.1, 1))
	tests := []struct {
		name  string
		make  func(o optimizers.Optimizer) (Scheduler, error)
		dir   float64
		every Every
		// want gives the lr in force during epoch e (from 0).
		want func(e int) float64
	}{
		{"StepLR per epoch", func(o optimizers.Optimizer) (Scheduler, error) { return schedule.NewStepLR(o, 1, 0.5) }, -1, PerEpoch,
			func(e int) float64 { return 0.1 * math.Pow(0.5, float64(e)) }},
		{"ReduceLROnPlateau on a flat loss", func(o optimizers.Optimizer) (Scheduler, error) {
			p := schedule.PlateauDefaults()
			p.Patience, p.Factor = 0, 0.5
			return schedule.NewReduceLROnPlateau(o, p)
		}, 0, PerStep, // Every is ignored for metric schedules
			func(e int) float64 { return 0.1 * math.Pow(0.5, math.Max(0, float64(e-1))) }},
	}
	for _, tt := range tests {
		opt := newWalker(0.1, tt.dir)
		s, err := tt.make(opt)
		if err != nil {
			t.Fatal(err)
		}
		h, err := Fit(context.Background(), mustNet(model.NewLinear(1, 1)), loss.MSE{}, d, opt,
			Options{Epochs: 4, BatchSize: 10, Schedule: s, Every: tt.every, ClipNorm: 100})
		if err != nil {
			t.Fatal(err)
		}
		for i, lr := range h.LR {
			if want := tt.want(i / 4); math.Abs(lr-want) > 1e-15 {
				t.Fatalf("%s: lr of step %d = %v, want %v (all: %v)", tt.name, i, lr, want, h.LR)
			}
		}
	}
}
