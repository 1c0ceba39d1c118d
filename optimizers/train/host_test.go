package train

import (
	"context"
	"errors"
	"testing"

	"github.com/descentlab/descent/optimizers/data"
	"github.com/descentlab/descent/optimizers/host"
	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/model"
)

// cellHost stands for a notebook kernel: its context is the running cell's.
type cellHost struct{ ctx context.Context }

func (h cellHost) Context() context.Context                           { return h.ctx }
func (cellHost) Display(map[string]any, map[string]any, string, bool) {}

// Fit given context.Background() in a cell must stop when the cell is interrupted, and
// leave the model as it was at that step.
func TestFitStopsWhenTheHostIsInterrupted(t *testing.T) {
	cell, interrupt := context.WithCancel(context.Background())
	defer interrupt()
	host.Set(cellHost{cell})
	defer host.Set(nil)

	d := mustData(data.Moons(200, 0.1, 1))
	m := mustNet(model.NewMLP(model.MLPConfig{Sizes: []int{2, 8, 2}, Seed: 1}))
	var snapshot []float64
	h, err := Fit(context.Background(), m, loss.CrossEntropy{}, d, adam(t, 0.01), Options{Epochs: 1000, BatchSize: 20,
		OnStep: func(s StepInfo) error {
			if s.Global == 15 {
				snapshot = append([]float64(nil), m.Params()...)
				interrupt()
			}
			return nil
		}})
	if !errors.Is(err, context.Canceled) || h == nil || h.Steps != 15 || h.Stopped != "cancelled" {
		t.Fatalf("err %v, history %+v; want a cancellation after step 15", err, h)
	}
	for i, p := range m.Params() {
		if p != snapshot[i] {
			t.Fatalf("param %d changed after the interrupt", i)
		}
	}
}
