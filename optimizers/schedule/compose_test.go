package schedule

import (
	"strings"
	"testing"

	"github.com/descentlab/descent/optimizers"
)

// halver is a plugin-style schedule: only the exported Scheduler methods.
type halver struct{ h *optimizers.Hyper }

func (s *halver) Step()         { _ = s.h.Set("lr", s.h.Float("lr")/2) }
func (s *halver) LR() []float64 { return []float64{s.h.Float("lr")} }

func TestSequentialLR(t *testing.T) {
	o := sgdLike(1)
	c := check(NewConstantLR(o, 0.5, 2))(t)
	e := check(NewExponentialLR(o, 0.5))(t)
	s := check(NewSequentialLR(o, []Scheduler{c, e}, []int{3}))(t)
	// ConstantLR halves for two epochs and restores at 2; at the milestone ExponentialLR
	// restarts from its closed form at epoch 0 (the base lr), then halves.
	assertSeq(t, "lr", trajectory(s, 5), []float64{0.5, 0.5, 1, 1, 0.5, 0.25})
}

func TestSequentialWarmupThenCosine(t *testing.T) {
	o := sgdLike(0.8)
	w := check(NewLinearWarmup(o, 2, 0))(t)
	c := check(NewCosineAnnealingLR(o, 2, 0))(t)
	s := check(NewSequentialLR(o, []Scheduler{w, c}, []int{2}))(t)
	assertSeq(t, "lr", trajectory(s, 4), []float64{0, 0.4, 0.8, 0.4, 0})
}

func TestSequentialWithPlugin(t *testing.T) {
	o := sgdLike(1)
	first := check(NewConstantLR(o, 0.5, 10))(t)
	s := check(NewSequentialLR(o, []Scheduler{first, &halver{o.Hyper()}}, []int{2}))(t)
	// The plugin cannot be restarted at epoch 0; it takes over from the lr it finds.
	assertSeq(t, "lr", trajectory(s, 3), []float64{0.5, 0.5, 0.25, 0.125})
}

func TestChainedScheduler(t *testing.T) {
	o := sgdLike(1)
	e := check(NewExponentialLR(o, 0.5))(t)
	st := check(NewStepLR(o, 2, 0.1))(t)
	c := check(NewChainedScheduler([]Scheduler{e, st, &halver{o.Hyper()}}))(t)
	assertSeq(t, "lr", trajectory(c, 2), []float64{1, 0.25, 0.00625})
}

func TestComposeErrors(t *testing.T) {
	o, other := sgdLike(1), sgdLike(1)
	a := check(NewExponentialLR(o, 0.5))(t)
	b := check(NewExponentialLR(other, 0.5))(t)
	p := check(NewReduceLROnPlateau(o, PlateauDefaults()))(t)
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"sequential other optimizer", second(NewSequentialLR(o, []Scheduler{a, b}, []int{1})), "different optimizer"},
		{"sequential milestone count", second(NewSequentialLR(o, []Scheduler{a}, []int{1})), "expected 0 milestones"},
		{"sequential decreasing milestones", second(NewSequentialLR(o, []Scheduler{a, a, a}, []int{3, 2})), "increasing"},
		{"sequential empty", second(NewSequentialLR(o, nil, nil)), "at least one"},
		{"sequential nil element", second(NewSequentialLR(o, []Scheduler{a, nil}, []int{1})), "element 1 is nil"},
		{"sequential plateau", second(NewSequentialLR(o, []Scheduler{p}, nil)), "needs a metric"},
		{"chained other optimizer", second(NewChainedScheduler([]Scheduler{a, b})), "different optimizer"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
				t.Errorf("err = %v, want one containing %q", c.err, c.want)
			}
		})
	}
}

func second[T any](_ T, err error) error { return err }

// TestSequentialRestartsEachSchedule puts each schedule second in a SequentialLR, where
// torch restarts it with step(0): the closed form at epoch 0 for the schedules that have
// one, get_lr at epoch 0 for the others.
func TestSequentialRestartsEachSchedule(t *testing.T) {
	cases := []struct {
		name string
		make func(o optimizers.Optimizer) (Scheduler, error)
		want []float64 // from the milestone on
	}{
		{"StepLR", func(o optimizers.Optimizer) (Scheduler, error) { return NewStepLR(o, 1, 0.1) }, []float64{1, 0.1}},
		{"MultiStepLR", func(o optimizers.Optimizer) (Scheduler, error) { return NewMultiStepLR(o, []int{0, 1}, 0.5) }, []float64{0.5, 0.25}},
		{"ConstantLR", func(o optimizers.Optimizer) (Scheduler, error) { return NewConstantLR(o, 0.5, 2) }, []float64{0.5, 0.5, 1}},
		{"LinearLR", func(o optimizers.Optimizer) (Scheduler, error) { return NewLinearLR(o, 0.5, 1, 2) }, []float64{0.5, 0.75, 1}},
		{"PolynomialLR", func(o optimizers.Optimizer) (Scheduler, error) { return NewPolynomialLR(o, 2, 1) }, []float64{1, 0.5, 0}},
		{"ExponentialLR", func(o optimizers.Optimizer) (Scheduler, error) { return NewExponentialLR(o, 0.1) }, []float64{1, 0.1}},
		{"CosineAnnealingLR", func(o optimizers.Optimizer) (Scheduler, error) { return NewCosineAnnealingLR(o, 2, 0) }, []float64{1, 0.5, 0}},
		{"CosineAnnealingWarmRestarts", func(o optimizers.Optimizer) (Scheduler, error) { return NewCosineAnnealingWarmRestarts(o, 2, 1, 0) }, []float64{1, 0.5, 1}},
		{"LambdaLR", func(o optimizers.Optimizer) (Scheduler, error) {
			return NewLambdaLR(o, func(e int) float64 { return 1 / float64(e+1) })
		}, []float64{1, 0.5}},
		// MultiplicativeLR has no closed form and keeps the lr it finds at epoch 0.
		{"MultiplicativeLR", func(o optimizers.Optimizer) (Scheduler, error) {
			return NewMultiplicativeLR(o, func(int) float64 { return 0.5 })
		}, []float64{0.5, 0.25}},
		{"CyclicLR", func(o optimizers.Optimizer) (Scheduler, error) {
			opt := CyclicLRDefaults(0.1, 0.3)
			opt.StepSizeUp, opt.CycleMomentum = 1, false
			return NewCyclicLR(o, opt)
		}, []float64{0.1, 0.3, 0.1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := sgdLike(1)
			first := check(NewExponentialLR(o, 0.5))(t)
			sub := check(c.make(o))(t)
			s := check(NewSequentialLR(o, []Scheduler{first, sub}, []int{2}))(t)
			want := append([]float64{1, 0.5}, c.want...)
			assertSeq(t, "lr", trajectory(s, len(want)-1), want)
			if s.Err() != nil {
				t.Errorf("Err() = %v", s.Err())
			}
		})
	}
}

// TestCyclicLRInitialStepUsesInitialLR pins a torch quirk: CyclicLR's constructor steps
// before it stores its base lrs, so on a group that already has an initial_lr the first
// lr comes from that initial_lr, and base_lr only from the next step on.
func TestCyclicLRInitialStepUsesInitialLR(t *testing.T) {
	o := sgdLike(1)
	check(NewExponentialLR(o, 0.5))(t)
	opt := CyclicLRDefaults(0.1, 0.3)
	opt.StepSizeUp, opt.CycleMomentum = 1, false
	s := check(NewCyclicLR(o, opt))(t)
	assertSeq(t, "lr", trajectory(s, 2), []float64{1, 0.3, 0.1})
}
