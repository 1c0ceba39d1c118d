package optimizers

import (
	"github.com/descentlab/descent/optimizers/host"
	"math"
	"testing"
	"time"
)

// tfGD is plain gradient descent, p -= lr*g, so that transform and Minimize tests do not
// depend on the built-in optimizers.
type tfGD struct{ *Base }

func newTfGD(lr float64) *tfGD { return &tfGD{NewBase("GD", map[string]any{"lr": lr})} }

func (o *tfGD) Step(params, grads []float64) error {
	lr := o.Hyper().Float("lr")
	for i := range params {
		params[i] -= lr * grads[i]
	}
	o.State().Steps++
	return nil
}

// tfGroupedGD is a two-group optimizer: each group is a gd over its own slice.
type tfGroupedGD struct {
	*Base
	split  int
	groups []Optimizer
}

func newTfGroupedGD(split int, lr0, lr1 float64) *tfGroupedGD {
	return &tfGroupedGD{Base: NewBase("GroupedGD", map[string]any{"lr": lr0}), split: split,
		groups: []Optimizer{newTfGD(lr0), newTfGD(lr1)}}
}

func (o *tfGroupedGD) Step(params, grads []float64) error {
	if err := o.groups[0].Step(params[:o.split], grads[:o.split]); err != nil {
		return err
	}
	return o.groups[1].Step(params[o.split:], grads[o.split:])
}

func (o *tfGroupedGD) Groups() []Optimizer { return o.groups }

func tfNear(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

func tfAssertVec(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: len %d, want %d", what, len(got), len(want))
	}
	for i := range got {
		if !tfNear(got[i], want[i], tol) {
			t.Errorf("%s[%d] = %.17g, want %.17g (all %v vs %v)", what, i, got[i], want[i], got, want)
			return
		}
	}
}

// measure returns the wall time of f in nanoseconds.
func measure(f func()) float64 {
	start := time.Now()
	f()
	return float64(time.Since(start).Nanoseconds())
}

// hostOff removes the current host.
func hostOff() { host.Set(nil) }
