package train

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/data"
	"github.com/descentlab/descent/optimizers/loss"
	"github.com/descentlab/descent/optimizers/model"
)

// TestFitRejectsClosureOptimizers: Fit has one mini-batch gradient per step, so LBFGS
// (which must re-evaluate the objective within a step) is refused with advice, not with
// "LBFGS: LBFGS needs a closure": before training when passed directly, at its first
// step (before it moves anything) when a wrapper hides it.
func TestFitRejectsClosureOptimizers(t *testing.T) {
	const want = "train: LBFGS needs a closure over the whole data set; use optimizers.Minimize with a Problem, or a first-order optimizer (sgd, adam, ...) with Fit"
	lbfgs := func() optimizers.Optimizer {
		o, err := optimizers.New("lbfgs", nil)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	grouped := func() optimizers.Optimizer {
		o, err := optimizers.NewGroups([]optimizers.Group{{Size: 4, Opt: lbfgs()}, {Size: 2, Opt: optimizers.NewSGD(0.1)}})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	tests := []struct {
		name string
		opt  func() optimizers.Optimizer
		want string
	}{
		{"direct", lbfgs, want},
		{"transformed", func() optimizers.Optimizer { return optimizers.Transformed(lbfgs(), optimizers.ClipGradValue(1)) }, want},
		{"in a group", grouped, "train: Groups(LBFGS, SGD) needs a closure over the whole data set; use optimizers.Minimize with a Problem, or a first-order optimizer (sgd, adam, ...) with Fit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustData(data.Moons(20, 0.1, 1))
			m := mustNet(model.NewSoftmax(2, 2))
			before := slices.Clone(m.Params())
			_, err := Fit(context.Background(), m, loss.CrossEntropy{}, d, tt.opt(), Options{})
			if err == nil || err.Error() != tt.want {
				t.Fatalf("error %v\nwant  %s", err, tt.want)
			}
			if !errors.Is(err, optimizers.ErrNeedsClosure) {
				t.Errorf("errors.Is(err, ErrNeedsClosure) is false for %v", err)
			}
			if !slices.Equal(m.Params(), before) {
				t.Errorf("parameters changed: %v, were %v", m.Params(), before)
			}
		})
	}
	d := mustData(data.Moons(20, 0.1, 1))
	if _, err := FitNamed(context.Background(), mustNet(model.NewSoftmax(2, 2)), "cross_entropy", d, "LBFGS", nil, Options{}); err == nil || err.Error() != want {
		t.Errorf("FitNamed with LBFGS: %v", err)
	}
}

// failer is a notebook optimizer whose Step fails with msg.
type failer struct {
	*optimizers.Base
	msg string
}

func (f *failer) Step(p, g []float64) error { return errors.New(f.msg) }

// TestStepErrorNamesOptimizerOnce: an optimizer's error gets its name in front unless it
// already starts with it, as every built-in's does.
func TestStepErrorNamesOptimizerOnce(t *testing.T) {
	tests := []struct{ msg, want string }{
		{"boom", "train: epoch 1, step 1: failer: boom"},
		{"failer: boom", "train: epoch 1, step 1: failer: boom"},
		{"failer cannot step", "train: epoch 1, step 1: failer cannot step"},
		{"failer2: boom", "train: epoch 1, step 1: failer: failer2: boom"},
	}
	for _, tt := range tests {
		d := mustData(data.Moons(20, 0.1, 1))
		o := &failer{Base: optimizers.NewBase("failer", map[string]any{"lr": 0.1}), msg: tt.msg}
		_, err := Fit(context.Background(), mustNet(model.NewSoftmax(2, 2)), loss.CrossEntropy{}, d, o, Options{})
		if err == nil || err.Error() != tt.want {
			t.Errorf("Step error %q: Fit error %v, want %q", tt.msg, err, tt.want)
		}
	}
	// A built-in names itself: Adam stepped on 3 parameters, then handed the model's 6.
	d := mustData(data.Moons(20, 0.1, 1))
	adam := optimizers.NewAdam()
	if err := adam.Step(make([]float64, 3), make([]float64, 3)); err != nil {
		t.Fatal(err)
	}
	_, err := Fit(context.Background(), mustNet(model.NewSoftmax(2, 2)), loss.CrossEntropy{}, d, adam, Options{})
	const prefix = "train: epoch 1, step 1: Adam: 6 params but state buffer"
	if err == nil || !strings.HasPrefix(err.Error(), prefix) || strings.Count(err.Error(), "Adam") != 1 {
		t.Errorf("Adam with state for 3 parameters: %v, want %q... naming Adam once", err, prefix)
	}
}
