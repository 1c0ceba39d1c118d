package optimizers

import (
	"context"
	"errors"
	"testing"

	"github.com/descentlab/descent/optimizers/host"
	"gonum.org/v1/gonum/optimize"
)

// cellHost stands for a notebook kernel: its context is the running cell's.
type cellHost struct{ ctx context.Context }

func (h cellHost) Context() context.Context                           { return h.ctx }
func (cellHost) Display(map[string]any, map[string]any, string, bool) {}

// unbounded is -x-y, which no method can finish minimizing.
func unbounded() Problem {
	return Problem{
		Name: "unbounded",
		Func: func(x []float64) float64 { return -x[0] - x[1] },
		Grad: func(g, x []float64) { g[0], g[1] = -1, -1 },
	}
}

// A cell that calls Minimize (no context) or MinimizeContext(context.Background()) must
// stop when the cell is interrupted, which the kernel signals through its host.
func TestMinimizeStopsWhenTheHostIsInterrupted(t *testing.T) {
	endless := Settings{MaxIter: 1 << 40, GradTol: -1, NoTrajectory: true}
	for _, tc := range []struct {
		name string
		run  func(p Problem) (*Result, error)
	}{
		{"Minimize", func(p Problem) (*Result, error) {
			return Minimize(p, []float64{0, 0}, newTfGD(0.01), endless)
		}},
		{"MinimizeContext(Background)", func(p Problem) (*Result, error) {
			return MinimizeContext(context.Background(), p, []float64{0, 0}, newTfGD(0.01), endless)
		}},
		{"MinimizeGonum", func(p Problem) (*Result, error) {
			return MinimizeGonum(p, []float64{0, 0}, &optimize.GradientDescent{}, endless)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cell, interrupt := context.WithCancel(context.Background())
			defer interrupt()
			host.Set(cellHost{cell})
			defer host.Set(nil)
			p := unbounded()
			f, evals := p.Func, 0
			p.Func = func(x []float64) float64 {
				evals++
				if evals == 50 {
					interrupt()
				}
				if evals > 1e6 {
					panic("still running after a million evaluations")
				}
				return f(x)
			}
			res, err := tc.run(p)
			if !errors.Is(err, context.Canceled) || res == nil || res.Status != Cancelled {
				t.Fatalf("err %v, result %v; want a Cancelled result", err, res)
			}
			if evals > 52 {
				t.Errorf("%d evaluations: it kept running after the interrupt at evaluation 50", evals)
			}
		})
	}
}
