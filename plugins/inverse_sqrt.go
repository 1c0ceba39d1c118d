//go:build ignore

// The Transformer's learning-rate schedule, as a plugin: linear warm-up, then decay as the
// inverse square root of the step (Vaswani et al., 2017).
package plugins

import (
	"fmt"
	"math"
	"sort"
	"strings"

	opt "github.com/descentlab/descent/optimizers"
	"github.com/descentlab/descent/optimizers/schedule"
)

// InverseSqrt warms the learning rate up linearly, then decays it as 1/√step. It peaks at
// each group's base lr at step warmup:
//
//	lr_t = lr · min(t/warmup, √(warmup/t)),   t = step + 1
//
// This is the schedule of "Attention Is All You Need" (§5.3), whose
// d_model^-0.5 · min(t^-0.5, t·warmup^-1.5) is the same curve scaled so that its peak is
// d_model^-0.5·warmup^-0.5; here the optimizer's lr is the peak. Arguments: warmup=4000.
// Registered as "inverse_sqrt" (and "transformer").
//
// Reference: A. Vaswani et al., "Attention Is All You Need", NeurIPS 2017,
// arXiv:1706.03762; fairseq's inverse_sqrt schedule.
type InverseSqrt struct {
	o      opt.Optimizer
	base   []float64
	warmup int
	step   int
}

// Step advances one step and sets every group's lr.
func (s *InverseSqrt) Step() {
	s.step++
	s.apply()
}

// LR returns the current lr of each parameter group.
func (s *InverseSqrt) LR() []float64 {
	hs := opt.HypersOf(s.o)
	lrs := make([]float64, len(hs))
	for i, h := range hs {
		lrs[i] = h.Float("lr")
	}
	return lrs
}

// String shows the schedule as torch-style arguments.
func (s *InverseSqrt) String() string {
	return fmt.Sprintf("InverseSqrt(warmup=%d, last_epoch=%d)", s.warmup, s.step)
}

func (s *InverseSqrt) apply() {
	t := float64(s.step + 1)
	f := math.Min(t/float64(s.warmup), math.Sqrt(float64(s.warmup)/t))
	for i, h := range opt.HypersOf(s.o) {
		h.Set("lr", s.base[i]*f)
	}
}

func newInverseSqrt(o opt.Optimizer, args map[string]any) (schedule.Scheduler, error) {
	s := &InverseSqrt{o: o, base: schedule.InitialLRs(o), warmup: 4000}
	var keys []string
	for k := range args {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if k != "warmup" {
			return nil, fmt.Errorf("inverse_sqrt: unknown argument %q; valid: warmup", k)
		}
		w, ok := toInt(args[k])
		if !ok || w <= 0 {
			return nil, fmt.Errorf("inverse_sqrt: warmup %v, want a positive whole number", args[k])
		}
		s.warmup = w
	}
	s.apply()
	return s, nil
}

// toInt reads a whole number given as any Go number (JSON gives float64).
func toInt(v any) (int, bool) {
	f, ok := opt.ToFloat(v)
	if !ok || f != math.Trunc(f) || math.Abs(f) > 1<<31 {
		return 0, false
	}
	return int(f), true
}

func init() {
	for _, name := range []string{"inverse_sqrt", "transformer"} {
		if err := schedule.Register(name, newInverseSqrt); err != nil {
			panic(strings.TrimSpace(err.Error()))
		}
	}
}
