package schedule

import (
	"fmt"

	"github.com/descentlab/descent/optimizers"

	"github.com/descentlab/descent/optimizers/host"
)

// LambdaLR sets the lr to initial_lr * f(epoch) (torch.optim.lr_scheduler.LambdaLR).
type LambdaLR struct {
	core
	fs []func(epoch int) float64
}

// NewLambdaLR returns a LambdaLR on o with f for every group, or with one function per
// group when fs has several.
func NewLambdaLR(o optimizers.Optimizer, fs ...func(epoch int) float64) (*LambdaLR, error) {
	hs, err := groupsOf("LambdaLR", o)
	if err != nil {
		return nil, err
	}
	if fs, err = lambdas("LambdaLR", fs, len(hs)); err != nil {
		return nil, err
	}
	s := &LambdaLR{fs: fs}
	if err := s.start("LambdaLR", hs, s.next); err != nil {
		return nil, err
	}
	s.describe("LambdaLR", []kv{{"lr_lambda", funcs(len(fs))}}, 100, hs,
		func(o optimizers.Optimizer) (Scheduler, error) { return built(NewLambdaLR(o, fs...)) })
	return s, nil
}

func (s *LambdaLR) next(c *core, _ bool) ([]float64, []float64, error) {
	out := make([]float64, len(c.hs))
	for i, b := range c.baseLRs {
		f, err := callLambda(s.fs[i], c.lastEpoch)
		if err != nil {
			return nil, nil, err
		}
		out[i] = b * f
	}
	return out, nil, nil
}

// MultiplicativeLR multiplies the lr by f(epoch) at every epoch after the first
// (torch.optim.lr_scheduler.MultiplicativeLR).
type MultiplicativeLR struct {
	core
	fs []func(epoch int) float64
}

// NewMultiplicativeLR returns a MultiplicativeLR on o with f for every group, or with one
// function per group when fs has several.
func NewMultiplicativeLR(o optimizers.Optimizer, fs ...func(epoch int) float64) (*MultiplicativeLR, error) {
	hs, err := groupsOf("MultiplicativeLR", o)
	if err != nil {
		return nil, err
	}
	if fs, err = lambdas("MultiplicativeLR", fs, len(hs)); err != nil {
		return nil, err
	}
	s := &MultiplicativeLR{fs: fs}
	if err := s.start("MultiplicativeLR", hs, s.next); err != nil {
		return nil, err
	}
	s.describe("MultiplicativeLR", []kv{{"lr_lambda", funcs(len(fs))}}, 100, hs,
		func(o optimizers.Optimizer) (Scheduler, error) { return built(NewMultiplicativeLR(o, fs...)) })
	return s, nil
}

func (s *MultiplicativeLR) next(c *core, _ bool) ([]float64, []float64, error) {
	out := currentLRs(c.hs)
	if c.lastEpoch <= 0 {
		return out, nil, nil
	}
	for i := range out {
		f, err := callLambda(s.fs[i], c.lastEpoch)
		if err != nil {
			return nil, nil, err
		}
		out[i] *= f
	}
	return out, nil, nil
}

func lambdas(sched string, fs []func(int) float64, n int) ([]func(int) float64, error) {
	if len(fs) == 1 {
		fs = []func(int) float64{fs[0]}
		for len(fs) < n {
			fs = append(fs, fs[0])
		}
	}
	if len(fs) != n {
		return nil, fmt.Errorf("schedule: %s: arg \"lr_lambda\": expected 1 function or %d (one per parameter group), got %d", sched, n, len(fs))
	}
	for i, f := range fs {
		if f == nil {
			return nil, fmt.Errorf("schedule: %s: arg \"lr_lambda\": function %d is nil", sched, i)
		}
	}
	return fs, nil
}

// callLambda calls user code, turning its panic into an error.
func callLambda(f func(int) float64, epoch int) (v float64, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("lr_lambda(%d) panicked: %v", epoch, host.Recovered(r))
		}
	}()
	return f(epoch), nil
}

// funcs stands for the functions of a lambda schedule in its call: Go functions have no
// source to print.
func funcs(n int) raw {
	if n == 1 {
		return "<function>"
	}
	return raw(fmt.Sprintf("[%d functions]", n))
}
