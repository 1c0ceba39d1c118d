package schedule

import (
	"math"
	"strings"
	"testing"

	"github.com/descentlab/descent/optimizers"
)

// TestChainableTrajectories checks the multiplicative schedules against values worked out
// by hand from torch's definitions.
func TestChainableTrajectories(t *testing.T) {
	cases := []struct {
		name string
		make func(o optimizers.Optimizer) (Scheduler, error)
		want []float64
	}{
		{"StepLR", func(o optimizers.Optimizer) (Scheduler, error) { return NewStepLR(o, 3, 0.1) },
			[]float64{1, 1, 1, 0.1, 0.1, 0.1, 0.01}},
		{"MultiStepLR duplicate milestone", func(o optimizers.Optimizer) (Scheduler, error) { return NewMultiStepLR(o, []int{5, 2, 5}, 0.5) },
			[]float64{1, 1, 0.5, 0.5, 0.5, 0.125, 0.125}},
		{"ConstantLR", func(o optimizers.Optimizer) (Scheduler, error) { return NewConstantLR(o, 0.5, 3) },
			[]float64{0.5, 0.5, 0.5, 1, 1}},
		{"LinearLR", func(o optimizers.Optimizer) (Scheduler, error) { return NewLinearLR(o, 0.5, 1, 4) },
			[]float64{0.5, 0.625, 0.75, 0.875, 1, 1}},
		{"ExponentialLR", func(o optimizers.Optimizer) (Scheduler, error) { return NewExponentialLR(o, 0.5) },
			[]float64{1, 0.5, 0.25, 0.125}},
		{"PolynomialLR", func(o optimizers.Optimizer) (Scheduler, error) { return NewPolynomialLR(o, 4, 2) },
			[]float64{1, 0.5625, 0.25, 0.0625, 0, 0}},
		{"TimeDecay", func(o optimizers.Optimizer) (Scheduler, error) { return NewTimeDecay(o, 0.5, 2, false) },
			[]float64{1, 1 / 1.25, 1 / 1.5, 1 / 1.75, 1 / 2.0}},
		{"TimeDecay staircase", func(o optimizers.Optimizer) (Scheduler, error) { return NewTimeDecay(o, 0.5, 2, true) },
			[]float64{1, 1, 1 / 1.5, 1 / 1.5, 1 / 2.0}},
		{"LinearWarmup", func(o optimizers.Optimizer) (Scheduler, error) { return NewLinearWarmup(o, 4, 0) },
			[]float64{0, 0.25, 0.5, 0.75, 1, 1}},
		{"LinearWarmup start_factor", func(o optimizers.Optimizer) (Scheduler, error) { return NewLinearWarmup(o, 2, 0.5) },
			[]float64{0.5, 0.75, 1, 1}},
		{"LambdaLR", func(o optimizers.Optimizer) (Scheduler, error) {
			return NewLambdaLR(o, func(e int) float64 { return 1 / float64(e+1) })
		}, []float64{1, 1.0 / 2, 1.0 / 3, 1.0 / 4}},
		{"MultiplicativeLR", func(o optimizers.Optimizer) (Scheduler, error) {
			return NewMultiplicativeLR(o, func(e int) float64 { return 1 / float64(e+1) })
		}, []float64{1, 1.0 / 2, 1.0 / 6, 1.0 / 24}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := check(c.make(sgdLike(1)))(t)
			assertSeq(t, "lr", trajectory(s, len(c.want)-1), c.want)
		})
	}
}

// TestCosineAnnealingMatchesClosedForm checks the chainable recursion against the closed
// form, including past T_max where torch's cosine rises again.
func TestCosineAnnealingMatchesClosedForm(t *testing.T) {
	const tMax, etaMin, base = 10, 0.01, 0.5
	s := check(NewCosineAnnealingLR(sgdLike(base), tMax, etaMin))(t)
	got := trajectory(s, 45)
	want := make([]float64, len(got))
	for e := range want {
		want[e] = etaMin + (base-etaMin)*(1+math.Cos(math.Pi*float64(e)/tMax))/2
	}
	assertSeq(t, "lr", got, want)
}

func TestWarmRestartsTMult(t *testing.T) {
	const base = 1.0
	s := check(NewCosineAnnealingWarmRestarts(sgdLike(base), 3, 2, 0))(t)
	got := trajectory(s, 22)
	// Periods of 3, 6 and 12 epochs start at epochs 0, 3 and 9.
	var want []float64
	for _, p := range []struct{ start, length int }{{0, 3}, {3, 6}, {9, 12}, {21, 24}} {
		for cur := 0; cur < p.length && len(want) < len(got); cur++ {
			want = append(want, base*(1+math.Cos(math.Pi*float64(cur)/float64(p.length)))/2)
		}
	}
	assertSeq(t, "lr", got, want)
}

func TestCyclicLRModes(t *testing.T) {
	cases := []struct {
		name     string
		opt      func() CyclicLROptions
		lr, moms []float64
	}{
		{"triangular with momentum", func() CyclicLROptions {
			o := CyclicLRDefaults(0.1, 1.1)
			o.StepSizeUp = 2
			return o
		}, []float64{0.1, 0.6, 1.1, 0.6, 0.1, 0.6}, []float64{0.9, 0.85, 0.8, 0.85, 0.9, 0.85}},
		{"triangular2 halves each cycle", func() CyclicLROptions {
			o := CyclicLRDefaults(0.1, 1.1)
			o.StepSizeUp, o.Mode, o.CycleMomentum = 2, "triangular2", false
			return o
		}, []float64{0.1, 0.6, 1.1, 0.6, 0.1, 0.35, 0.6, 0.35, 0.1, 0.225, 0.35}, nil},
		{"exp_range scales by gamma**step", func() CyclicLROptions {
			o := CyclicLRDefaults(0.1, 1.1)
			o.StepSizeUp, o.Mode, o.Gamma, o.CycleMomentum = 2, "exp_range", 0.5, false
			return o
		}, []float64{0.1, 0.1 + 0.5*0.5, 0.1 + 0.25, 0.1 + 0.5*0.125, 0.1}, nil},
		{"asymmetric up and down", func() CyclicLROptions {
			o := CyclicLRDefaults(0, 3)
			o.StepSizeUp, o.StepSizeDown, o.CycleMomentum = 1, 3, false
			return o
		}, []float64{0, 3, 2, 1, 0, 3}, nil},
		{"custom scale_fn by iterations", func() CyclicLROptions {
			o := CyclicLRDefaults(0, 1)
			o.StepSizeUp, o.CycleMomentum = 1, false
			o.ScaleFn, o.ScaleMode = func(x float64) float64 { return 1 / (1 + x) }, "iterations"
			return o
		}, []float64{0, 0.5, 0, 0.25}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := sgdLike(5) // the constructor must replace this lr by base_lr
			s := check(NewCyclicLR(o, c.opt()))(t)
			var moms []float64
			lrs := []float64{s.LR()[0]}
			moms = append(moms, o.Hyper().Float("momentum"))
			for i := 1; i < len(c.lr); i++ {
				s.Step()
				lrs = append(lrs, s.LR()[0])
				moms = append(moms, o.Hyper().Float("momentum"))
			}
			assertSeq(t, "lr", lrs, c.lr)
			if c.moms != nil {
				assertSeq(t, "momentum", moms, c.moms)
			} else if o.Hyper().Float("momentum") != 0.9 {
				t.Errorf("momentum changed to %v with cycle_momentum off", o.Hyper().Float("momentum"))
			}
		})
	}
}

func TestCyclicLRCyclesBeta1WithoutMomentum(t *testing.T) {
	o := adamLike(1)
	opt := CyclicLRDefaults(0.1, 1.1)
	opt.StepSizeUp = 2
	s := check(NewCyclicLR(o, opt))(t)
	s.Step()
	b1, b2 := o.Hyper().Pair("betas")
	if !near(b1, 0.85) || b2 != 0.999 {
		t.Errorf("betas = (%v, %v), want (0.85, 0.999)", b1, b2)
	}
}

func TestOneCycleLR(t *testing.T) {
	const initial, peak, final = 0.1, 1.0, 0.001
	lin := func(a, b, pct float64) float64 { return (b-a)*pct + a }
	cases := []struct {
		name     string
		three    bool
		lr, moms []float64
	}{
		// pct_start 0.3 of 10 steps: phase ends at 2 and 9 (two-phase), or 2, 4 and 9.
		{"two-phase linear", false,
			[]float64{initial, lin(initial, peak, 0.5), peak, lin(peak, final, 1.0/7), lin(peak, final, 6.0/7), final, lin(peak, final, 8.0/7)},
			[]float64{0.95, 0.9, 0.85, lin(0.85, 0.95, 1.0/7), lin(0.85, 0.95, 6.0/7), 0.95, lin(0.85, 0.95, 8.0/7)}},
		{"three-phase linear", true,
			[]float64{initial, lin(initial, peak, 0.5), peak, lin(peak, initial, 0.5), initial, lin(initial, final, 0.2), lin(initial, final, 0.8), final, lin(initial, final, 1.2)},
			[]float64{0.95, 0.9, 0.85, 0.9, 0.95, 0.95, 0.95, 0.95, 0.95}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := sgdLike(7)
			opt := OneCycleLRDefaults(peak, 10)
			opt.AnnealStrategy, opt.DivFactor, opt.FinalDivFactor, opt.ThreePhase = "linear", 10, 100, c.three
			s := check(NewOneCycleLR(o, opt))(t)
			// Steps at which the expected values are given.
			at := []int{0, 1, 2, 3, 8, 9, 10}
			if c.three {
				at = []int{0, 1, 2, 3, 4, 5, 8, 9, 10}
			}
			var lrs, moms []float64
			for e := 0; e <= 10; e++ {
				if e > 0 {
					s.Step()
				}
				for _, a := range at {
					if a == e {
						lrs = append(lrs, s.LR()[0])
						moms = append(moms, o.Hyper().Float("momentum"))
					}
				}
			}
			assertSeq(t, "lr", lrs, c.lr)
			assertSeq(t, "momentum", moms, c.moms)
			if s.Err() != nil {
				t.Fatalf("error within total_steps: %v", s.Err())
			}
			before := s.LR()[0]
			s.Step() // step 11 of 10
			if s.Err() == nil || !strings.Contains(s.Err().Error(), "total_steps") {
				t.Errorf("stepping past total_steps: Err() = %v, want an error naming total_steps", s.Err())
			}
			if s.LR()[0] != before {
				t.Errorf("lr changed to %v on a failed step, want %v", s.LR()[0], before)
			}
		})
	}
}

func TestOneCycleLRCyclesBeta1(t *testing.T) {
	o := adamLike(1)
	s := check(NewOneCycleLR(o, OneCycleLRDefaults(1, 10)))(t)
	b1, b2 := o.Hyper().Pair("betas")
	if b1 != 0.95 || b2 != 0.999 {
		t.Errorf("betas after construction = (%v, %v), want (0.95, 0.999)", b1, b2)
	}
	if got := s.LR()[0]; !near(got, 1.0/25) {
		t.Errorf("lr after construction = %v, want max_lr/div_factor = 0.04", got)
	}
}

func TestReduceLROnPlateau(t *testing.T) {
	o := sgdLike(1)
	opt := PlateauDefaults()
	opt.Mode, opt.ThresholdMode, opt.Threshold = "max", "abs", 0.1
	opt.Patience, opt.Cooldown, opt.Factor, opt.MinLR = 1, 1, 0.5, 0.2
	s := check(NewReduceLROnPlateau(o, opt))(t)
	s.Step() // no metric: must change nothing
	steps := []struct {
		metric, lr float64
	}{
		{1.0, 1},    // best = 1
		{1.05, 1},   // not better by 0.1: bad 1
		{1.0, 0.5},  // bad 2 > patience 1: halve, cooldown 1
		{0.0, 0.5},  // cooldown swallows this bad epoch
		{0.0, 0.5},  // bad 1
		{0.0, 0.25}, // bad 2: halve
		{0.0, 0.25}, // cooldown
		{0.0, 0.25}, // bad 1
		{0.0, 0.2},  // bad 2: halve, floored at min_lr
		{0.0, 0.2},
		{0.0, 0.2},
		{0.0, 0.2}, // already at min_lr: the 0 reduction is below eps and skipped
		{5.0, 0.2}, // better: best = 5
	}
	for i, st := range steps {
		s.StepMetric(st.metric)
		if got := s.LR()[0]; !near(got, st.lr) {
			t.Fatalf("after metric %d (%v): lr %v, want %v", i, st.metric, got, st.lr)
		}
	}
	if s.Best() != 5 {
		t.Errorf("Best() = %v, want 5", s.Best())
	}
	var _ MetricScheduler = s
}

func TestPerGroupLRs(t *testing.T) {
	o := grouped(t, 0.1, 0.4)
	s := check(NewStepLR(o, 1, 0.5))(t)
	s.Step()
	assertSeq(t, "lrs", s.LR(), []float64{0.05, 0.2})
	hs := optimizers.HypersOf(o)
	if hs[0].Float("lr") != 0.05 || hs[1].Float("lr") != 0.2 {
		t.Errorf("group lrs %v, %v not written", hs[0].Float("lr"), hs[1].Float("lr"))
	}

	o = grouped(t, 1, 1)
	c := check(New("CyclicLR", o, map[string]any{"base_lr": []any{0.1, 0.2}, "max_lr": []float64{1.1, 2.2}, "step_size_up": 1}))(t)
	c.Step()
	assertSeq(t, "cyclic lrs", c.LR(), []float64{1.1, 2.2})

	o = grouped(t, 1, 1)
	oc := check(New("OneCycleLR", o, map[string]any{"max_lr": []any{1.0, 2.0}, "total_steps": 10}))(t)
	assertSeq(t, "one-cycle lrs", oc.LR(), []float64{1.0 / 25, 2.0 / 25})
	assertSeq(t, "initial lrs", InitialLRs(o), []float64{1.0 / 25, 2.0 / 25})

	o = grouped(t, 1, 2)
	l := check(NewLambdaLR(o, func(e int) float64 { return float64(e) }, func(e int) float64 { return 1 }))(t)
	l.Step()
	assertSeq(t, "lambda lrs", l.LR(), []float64{1, 2})
}

// TestInitialLRIsShared checks torch's initial_lr: a later schedule's base is the lr the
// group had when the first schedule attached, not the lr the first one left behind.
func TestInitialLRIsShared(t *testing.T) {
	o := sgdLike(1)
	e := check(NewExponentialLR(o, 0.5))(t)
	e.Step()
	e.Step()
	c := check(NewCosineAnnealingLR(o, 4, 0))(t)
	assertSeq(t, "InitialLRs", InitialLRs(o), []float64{1})
	if got := c.LR()[0]; got != 0.25 {
		t.Fatalf("constructing CosineAnnealingLR changed the lr to %v", got)
	}
	s := check(NewSequentialLR(o, []Scheduler{c}, nil))(t)
	assertSeq(t, "lr after SequentialLR reset", s.LR(), []float64{1})
}

func TestStepErrorsAreReported(t *testing.T) {
	o := sgdLike(1)
	o.Hyper().Check = func(h *optimizers.Hyper) error {
		if h.Float("lr") < 0 {
			return errString("lr must be >= 0")
		}
		return nil
	}
	s := check(NewLambdaLR(o, func(e int) float64 { return 1 - float64(e) }))(t)
	s.Step() // lr 0
	s.Step() // lr -1: refused
	if s.Err() == nil || !strings.Contains(s.Err().Error(), "lr must be >= 0") {
		t.Errorf("Err() = %v, want the optimizer's refusal", s.Err())
	}
	if got := s.LR()[0]; got != 0 {
		t.Errorf("lr = %v after a refused step, want 0", got)
	}

	p := check(NewLambdaLR(sgdLike(1), func(e int) float64 {
		if e == 2 {
			panic("boom")
		}
		return 1
	}))(t)
	p.Step()
	p.Step()
	if p.Err() == nil || !strings.Contains(p.Err().Error(), "boom") {
		t.Errorf("panicking lr_lambda: Err() = %v, want the panic as an error", p.Err())
	}
}

type errString string

func (e errString) Error() string { return string(e) }
